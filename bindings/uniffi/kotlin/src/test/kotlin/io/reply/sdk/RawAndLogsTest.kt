package io.reply.sdk

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.net.URI
import java.util.Collections

/** `ReplyClient.request` to paths the SDK does not know, and the `ReplyLogger` callback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawAndLogsTest {
    // Recognisable, so a test can tell if it leaks anywhere.
    private val fakeKey = "sk-FAKE-7e1d5c0b3a9f-LEAKCHECK"
    private val mock = Mock(
        """
        {"quiet": true,
         "keys": [{"key": "$fakeKey", "kind": "personal", "userId": 1}],
         "limits": {"enabled": false},
         "faults": {"operations": {
           "ListSchedules": {"errors": {"503": 1.0}},
           "CreateContactList": {"errorsAfter": {"500": 1.0}}}}}
        """.trimIndent()
    )
    private val client = mock.client(fakeKey, ClientOptions(maxRetries = 0u, disableQuota = true))

    @AfterAll
    fun stop() = mock.close()

    private fun journal(operation: String): Int {
        val text = URI("${mock.baseUrl}/__mock/journal").toURL().readText()
        val entries = Json.parseToJsonElement(text).jsonObject["entries"]!!.jsonArray
        return entries.count { it.jsonObject["operation"]!!.jsonPrimitive.content == operation }
    }

    @Test
    fun aPathTheSdkDoesNotKnowReachesTheMockAsData() = runBlocking {
        val answer = client.request(
            "PUT",
            "/v3/__mock/echo/brand-new",
            listOf(QueryParam("top", "5"), QueryParam("tag", "a b")),
            """{"nested": [1, null]}""",
            RequestOptions(teamId = 3, headers = mapOf("X-Probe" to "raw")),
        )
        val echoed = Json.parseToJsonElement(answer).jsonObject
        assertEquals("PUT", echoed["method"]!!.jsonPrimitive.content)
        assertEquals("/v3/__mock/echo/brand-new", echoed["path"]!!.jsonPrimitive.content)
        assertEquals("top=5&tag=a%20b", echoed["query"]!!.jsonPrimitive.content)
        assertEquals(JsonNull, echoed["body"]!!.jsonObject["nested"]!!.jsonArray[1])
        assertEquals("true", echoed["authorized"]!!.jsonPrimitive.content)
        assertEquals("raw", echoed["headers"]!!.jsonObject["x-probe"]!!.jsonPrimitive.content)
        assertEquals("3", echoed["headers"]!!.jsonObject["x-team-id"]!!.jsonPrimitive.content)
        val me = Json.parseToJsonElement(client.request("GET", "whoami")).jsonObject
        assertEquals(1L, me["userId"]!!.jsonPrimitive.long)
        assertThrows<ReplyException.NotFound> { runBlocking { client.request("GET", "/v3/not-in-the-spec") } }
        for (path in listOf("https://evil.example/v3/contacts", "/v3/contacts/../users")) {
            assertThrows<ReplyException.Config> { runBlocking { client.request("GET", path) } }
        }
    }

    @Test
    fun aRawWriteIsNotRetriedAfterAFaultThatMayHaveActed() = runBlocking {
        val before = journal("CreateContactList")
        val retrying = mock.client(fakeKey, ClientOptions(maxRetries = 3u, disableQuota = true))
        assertThrows<ReplyException.OutcomeUnknown> {
            runBlocking { retrying.request("POST", "/v3/contact-lists", body = """{"name": "raw"}""") }
        }
        assertEquals(before + 1, journal("CreateContactList"), "sent once")
    }

    @Test
    fun theLoggerReceivesARetryWithoutTheKey() {
        val entries = Collections.synchronizedList(mutableListOf<LogEntry>())
        val logger = object : ReplyLogger {
            override fun log(entry: LogEntry) {
                entries.add(entry)
            }
        }
        val options = ClientOptions(baseUrl = mock.baseUrl, maxRetries = 1u, disableQuota = true)
        val logged = ReplyClient.withLogger(fakeKey, options, logger)
        assertThrows<ReplyException.Server> { runBlocking { logged.schedules().list() } }
        val messages = entries.map { it.message }
        assertEquals(listOf("request sent", "response received", "retrying", "request sent", "response received"), messages)
        val retry = entries[2]
        assertEquals(LogLevel.WARN, retry.level)
        assertEquals("reply::request", retry.target)
        assertEquals("ListSchedules", retry.fields["operation"])
        assertEquals("503", retry.fields["status"])
        assertEquals("HTTP 503", retry.fields["reason"])
        assertFalse(entries.toString().contains(fakeKey) || entries.toString().contains("Bearer"), "$entries")
    }
}
