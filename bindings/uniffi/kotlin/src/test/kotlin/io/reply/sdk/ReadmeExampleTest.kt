package io.reply.sdk

import io.reply.sdk.example.example
import io.reply.sdk.example.receiveWebhooks
import io.reply.sdk.example.safeWorkflows
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.Collections

/** The README's example is this suite's example/ReadmeExample.kt, compiled and run against reply-mock. */
class ReadmeExampleTest {
    @Test
    fun theReadmeExampleIsTheCompiledOne() {
        val readme = File(repoRoot, "bindings/uniffi/kotlin/README.md").readText()
        val block = Regex("```kotlin\n(.*?)```", RegexOption.DOT_MATCHES_ALL).find(readme)!!.groupValues[1]
        val source = File(repoRoot, "bindings/uniffi/kotlin/src/test/kotlin/io/reply/sdk/example/ReadmeExample.kt").readText()
        assertEquals(source, block)
    }

    @Test
    fun theExampleRuns() {
        Mock().use { mock ->
            val lines = runBlocking { example(MOCK_KEY, mock.baseUrl) }
            assertEquals("I am Jane Owner", lines[0])
            assertEquals("list Conference leads and contact ada@example.com", lines[2])
            assertEquals("1 contacts on the first pages", lines[3])
            assertEquals("sequence 987654321: not found (404)", lines[4])
        }
    }

    @Test
    fun theSafeWorkflowsExampleIsTheCompiledOneAndRuns() {
        val readme = File(repoRoot, "bindings/uniffi/kotlin/README.md").readText()
        val blocks = Regex("```kotlin\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(readme).map { it.groupValues[1] }.toList()
        val source = File(repoRoot, "bindings/uniffi/kotlin/src/test/kotlin/io/reply/sdk/example/SafeWorkflowsExample.kt").readText()
        assertEquals(source, blocks[1])
        Mock().use { mock ->
            val lines = runBlocking { safeWorkflows(MOCK_KEY, mock.baseUrl) }
            assertEquals("ada true Ada Lovelace Countess", lines[0])
            assertEquals("nobody@example.com: not found", lines[2])
            assertEquals("refused: step_not_found", lines[3])
            assertEquals(true, lines[1].endsWith(": enrolled"), lines[1])
        }
    }

    @Test
    fun theWebhookReceiverIsTheCompiledOneAndReadsTypedDeliveries() {
        val readme = File(repoRoot, "bindings/uniffi/kotlin/README.md").readText()
        val blocks = Regex("```kotlin\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(readme).map { it.groupValues[1] }.toList()
        val source = File(repoRoot, "bindings/uniffi/kotlin/src/test/kotlin/io/reply/sdk/example/WebhookReceiverExample.kt").readText()
        assertEquals(source, blocks[2])
        val lines = Collections.synchronizedList(mutableListOf<String>())
        val server = receiveWebhooks("tok-123", 0) { lines += it }
        try {
            val http = HttpClient.newHttpClient()
            fun post(token: String, body: String): Int {
                val request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:${server.address.port}/hooks/reply?token=$token"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
            }
            val replied = """{"event": {"id": "e-1", "type": "email_replied"}, "reply_reason": "EmailDetected",
                "contact_fields": {"email": "jane.doe@example.com"}}"""
            assertEquals(200, post("tok-123", replied))
            assertEquals(200, post("tok-123", replied))
            assertEquals(200, post("tok-123", """{"event": {"id": "e-2", "type": "email_bounced"}, "bounce_type": "Hard"}"""))
            assertEquals(200, post("tok-123", """{"event": {"id": "e-3", "type": "meeting_booked"}, "meeting": {}}"""))
            assertEquals(401, post("wrong", replied))
            assertEquals(400, post("tok-123", "not json"))
        } finally {
            server.stop(0)
        }
        assertEquals(
            listOf(
                "email_replied e-1 jane.doe@example.com detected=true",
                "email_bounced e-2 hard=true",
                "meeting_booked e-3 unknown type, members [meeting]",
            ),
            lines.toList(),
        )
    }
}
