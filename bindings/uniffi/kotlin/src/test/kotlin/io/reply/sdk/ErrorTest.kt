package io.reply.sdk

import com.sun.net.httpserver.HttpServer
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.net.InetSocketAddress
import java.net.ServerSocket
import kotlin.time.Duration.Companion.milliseconds

/**
 * Every subclass of the sealed [ReplyException], each provoked for real:
 * reply-mock with per-operation fault rules, a local server for answers the
 * mock never gives (a body that does not fit its type), and a closed port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorTest {
    private val mock = Mock(
        """
        {"quiet": true,
         "keys": [{"key": "$MOCK_KEY", "kind": "personal", "userId": 1},
                  {"key": "mock-read-only-key", "kind": "personal", "userId": 1, "scopes": ["contacts:read"]}],
         "faults": {"operations": {
           "GetCustomFields": {"errors": {"503": 1.0}},
           "CreateCustomField": {"errorsAfter": {"500": 1.0}},
           "GetSchedule": {"errors": {"409": 1.0}},
           "ListSchedules": {"errors": {"418": 1.0}},
           "GetTasks": {"latency": {"minMs": 1500, "maxMs": 1500}}}}}
        """.trimIndent()
    )
    private val client = mock.client(options = ClientOptions(maxRetries = 0u))

    @AfterAll
    fun stop() = mock.close()

    private inline fun <reified E : ReplyException> fails(crossinline call: suspend () -> Any?): E =
        assertThrows<E> { runBlocking { call() } }

    @Test
    fun unauthorized() {
        val e = fails<ReplyException.Unauthorized> { mock.client("sk-wrong-key-123").userAccount().whoami() }
        assertEquals(401, e.status)
        assertEquals("unauthorized", e.kind)
        assertFalse(e.toString().contains("sk-wrong-key-123"), "the key leaked into $e")
        assertFalse(e.stackTraceToString().contains("sk-wrong-key-123"))
    }

    @Test
    fun forbidden() {
        val e = fails<ReplyException.Forbidden> {
            mock.client("mock-read-only-key").contactLists().create(CreateContactListRequest(name = "x"))
        }
        assertEquals(403, e.status)
        assertNotNull(e.code)
    }

    @Test
    fun notFound() {
        val e = fails<ReplyException.NotFound> { client.contacts().get(987654321) }
        assertEquals(404, e.status)
        assertEquals("not_found", e.kind)
    }

    @Test
    fun conflict() {
        assertEquals(409, fails<ReplyException.Conflict> { client.schedules().get(1) }.status)
    }

    @Test
    fun validation() {
        val e = fails<ReplyException.Validation> { client.contacts().list(top = 100000) }
        assertEquals(400, e.status)
        assertTrue(e.fieldErrors.any { it.pointer.isNotEmpty() } || e.detail != null, "no detail in $e")
    }

    @Test
    fun server() {
        assertEquals(503, fails<ReplyException.Server> { client.customFields().list() }.status)
    }

    @Test
    fun otherStatus() {
        assertEquals(418, fails<ReplyException.Api> { client.schedules().list() }.status)
    }

    @Test
    fun outcomeUnknownOnAFailedWrite() {
        fails<ReplyException.OutcomeUnknown> {
            client.customFields().create(CustomFieldCreateRequest(title = "Tier", fieldType = FieldType.Text))
        }
    }

    @Test
    fun timeout() {
        fails<ReplyException.Timeout> { client.tasks().list(options = RequestOptions(timeout = 300.milliseconds)) }
    }

    @Test
    fun connection() {
        val closed = ServerSocket(0).use { it.localPort }
        val offline = ReplyClient(MOCK_KEY, ClientOptions(baseUrl = "http://127.0.0.1:$closed", maxRetries = 0u))
        fails<ReplyException.Connection> { offline.userAccount().whoami() }
    }

    @Test
    fun decode() {
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { exchange ->
            val body = """{"id": "not-a-number"}""".toByteArray()
            exchange.responseHeaders.add("Content-Type", "application/json")
            exchange.sendResponseHeaders(200, body.size.toLong())
            exchange.responseBody.use { it.write(body) }
        }
        server.start()
        try {
            val stub = ReplyClient(MOCK_KEY, ClientOptions(baseUrl = "http://127.0.0.1:${server.address.port}"))
            val e = fails<ReplyException.Decode> { stub.contacts().get(1) }
            assertEquals(200, e.status)
        } finally {
            server.stop(0)
        }
    }

    @Test
    fun config() {
        val e = assertThrows<ReplyException.Config> { ReplyClient("sk-secret-456", ClientOptions(baseUrl = "http://example.com")) }
        assertFalse(e.toString().contains("sk-secret-456"))
        assertThrows<ReplyException.Config> { ReplyClient("", ClientOptions()) }
    }

    @Test
    fun theKeyIsNeverPrinted() {
        val key = "sk-live-do-not-print-789"
        val c = mock.client(key)
        assertFalse(c.toString().contains(key), c.toString())
        assertTrue(c.toString().contains(mock.baseUrl))
        val e = fails<ReplyException> { c.contacts().get(1) }
        assertFalse(e.toString().contains(key) || e.stackTraceToString().contains(key))
    }
}
