package io.reply.sdk

import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Two clients in separate JVM processes share one request budget through
 * Redis. The mock enforces 10 requests per (1 s) "minute" per user with its
 * own limiter; each worker process ([SharedQuotaWorker]) makes 15 reads
 * believing it may send 10 a second. Sharing the budget in Redis, the mock
 * sends no 429; the control run without Redis shows the same workers
 * overspend, so the test can fail.
 */
class SharedQuotaTest {
    companion object {
        const val READS = 15
        const val MASTER_KEY = "mock-master-key"
        const val MOCK_CONFIG =
            """{"quiet": true, "limits": {"perMinute": 10, "perHour": 10000, "reportingPerMinute": 10, "reportingPerHour": 60, "minuteMs": 1000, "hourMs": 600000}}"""

        // The client's window is 5% longer than the mock's: each reads its own
        // clock, and jitter can bring requests closer together at the server than they left.
        val quota = QuotaOptions(perMinute = 10u, perHour = 10000u, minuteLength = 1050.milliseconds, hourLength = 600.seconds)
    }

    @Test
    fun `two processes share one budget through Redis and the mock sends no 429`() {
        RedisServer().use { redis ->
            Mock(MOCK_CONFIG).use { mock ->
                assertEquals(listOf(0, 0), runWorkers(mock, redis.url))
                assertEquals(0L, rejected(mock), "the mock's limiter sent 429s to processes sharing Redis")
            }
        }
    }

    @Test
    fun `without Redis the same processes overspend`() {
        Mock(MOCK_CONFIG).use { mock ->
            val failed = runWorkers(mock, "")
            assertTrue(rejected(mock) > 0, "each process believes it owns the whole budget")
            assertTrue(failed.sum() > 0)
        }
    }

    /** Two worker JVMs on this test's class path, started together; each one's failed reads. */
    private fun runWorkers(mock: Mock, redisUrl: String): List<Int> {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val classPath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
        val workers = List(2) {
            ProcessBuilder(
                java, "-cp", classPath, "io.reply.sdk.SharedQuotaWorkerKt",
                mock.baseUrl, redisUrl, "$READS", MASTER_KEY,
            ).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        }
        val outputs = workers.map { it.inputStream.bufferedReader() }
        try {
            for (out in outputs) assertEquals("ready", out.readLine(), "a worker did not start")
            for (w in workers) w.outputStream.bufferedWriter().apply { write("go\n"); flush() }
            val failed = outputs.map { it.readLine()?.trim()?.toInt() ?: error("a worker printed nothing") }
            for (w in workers) {
                assertTrue(w.waitFor(30, TimeUnit.SECONDS), "a worker did not exit")
                assertEquals(0, w.exitValue())
            }
            return failed
        } finally {
            for (w in workers) w.destroyForcibly()
        }
    }

    /** The 429s the mock's own limiter sent (`GET /__mock/limits`). */
    private fun rejected(mock: Mock): Long {
        val request = HttpRequest.newBuilder(URI("${mock.baseUrl}/__mock/limits")).build()
        val body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body()
        val match = Regex("\"rejected\"\\s*:\\s*(\\d+)").find(body) ?: error("no rejected count in $body")
        return match.groupValues[1].toLong()
    }
}

/**
 * A throwaway `redis-server` on a free loopback port (Debian's package, which
 * ./dev installs; without it the test fails), no persistence, stopped by [close].
 */
class RedisServer : AutoCloseable {
    private val port: Int = ServerSocket(0).use { it.localPort }
    val url = "redis://127.0.0.1:$port"
    private val process: Process = try {
        ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", "$port", "--save", "", "--appendonly", "no")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
    } catch (e: java.io.IOException) {
        throw IllegalStateException("cannot start redis-server (Debian's redis-server package, which ./dev installs)", e)
    }

    init {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (!accepts()) {
            check(process.isAlive) { "redis-server exited with ${process.exitValue()}" }
            check(System.nanoTime() < deadline) { "redis-server did not listen on $port within 10 s" }
            Thread.sleep(20)
        }
    }

    private fun accepts() = try {
        Socket("127.0.0.1", port).close(); true
    } catch (e: java.io.IOException) {
        false
    }

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly()
    }
}
