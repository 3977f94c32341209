package io.reply.sdk

import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.TimeUnit

/** The repository root (set by Surefire), for reply-mock, the scenarios and the spec. */
val repoRoot: File = File(System.getProperty("reply.root") ?: "../../..").canonicalFile

/** The personal key of reply-mock's default configuration (crates/reply-mock/src/config.rs). */
const val MOCK_KEY = "mock-personal-key"

/**
 * A reply-mock process on a free loopback port, started from the binary that
 * build-native.sh built, with an optional JSON configuration. Stopped by [close].
 */
class Mock(config: String? = null) : AutoCloseable {
    val port: Int = ServerSocket(0).use { it.localPort }
    val baseUrl = "http://127.0.0.1:$port"
    private val process: Process

    init {
        val binary = File(repoRoot, "target/x86_64-unknown-linux-gnu/debug/reply-mock")
        check(binary.canExecute()) { "reply-mock is not built at $binary (run bindings/uniffi/build-native.sh)" }
        val command = mutableListOf(binary.path, "--port", "$port", "--quiet")
        if (config != null) {
            val file = File.createTempFile("reply-mock", ".json").apply { deleteOnExit(); writeText(config) }
            command += listOf("--config", file.path)
        }
        process = ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (!accepts()) {
            check(process.isAlive) { "reply-mock exited with ${process.exitValue()}" }
            check(System.nanoTime() < deadline) { "reply-mock did not listen on $port within 10 s" }
            Thread.sleep(20)
        }
    }

    private fun accepts() = try {
        Socket("127.0.0.1", port).close(); true
    } catch (e: java.io.IOException) {
        false
    }

    /** A client for this mock; retries off unless asked, so failures show at once. */
    fun client(key: String = MOCK_KEY, options: ClientOptions = ClientOptions()): ReplyClient =
        ReplyClient(key, options.copy(baseUrl = baseUrl))

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly()
    }
}
