package io.reply.sdk

import com.sun.net.httpserver.HttpServer
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.Collections
import java.util.concurrent.Executors

/**
 * Real deliveries from reply-mock to a receiver written with the binding's
 * parseWebhook / verifyWebhookToken / WebhookSeenEvents: a sequence runs, its
 * events arrive and parse, and a repeated delivery is recognised.
 */
class WebhookTest {
    private val token = "s3cret-token-for-tests"
    private val http = HttpClient.newHttpClient()

    private fun call(mock: Mock, method: String, path: String, body: String? = null): String {
        val request = HttpRequest.newBuilder(URI.create(mock.baseUrl + path))
            .header("authorization", "Bearer $MOCK_KEY").header("content-type", "application/json")
            .method(method, body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody())
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        assertTrue(response.statusCode() in 200..299, "$path: ${response.statusCode()} ${response.body()}")
        return response.body()
    }

    private fun id(json: String) = Json.parseToJsonElement(json).jsonObject["id"]!!.jsonPrimitive.long

    @Test
    fun deliveriesFromARunningSequenceParseAndARepeatIsRecognised() {
        // The first email_sent is answered after the mock stopped waiting, so it is delivered again.
        val config = """{"activity": {"openRate": 1, "replyRate": 1, "bounceRate": 0},
            "webhooks": {"timeoutMs": 300, "retries": 1, "retryBackoffMs": 50}}"""
        val handled = Collections.synchronizedList(mutableListOf<WebhookEvent>())
        val repeats = Collections.synchronizedList(mutableListOf<String>())
        val seen = WebhookSeenEvents(10_000u)
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.executor = Executors.newFixedThreadPool(4)
        server.createContext("/hooks/reply") { exchange ->
            val given = webhookQueryToken(exchange.requestURI.toString()) ?: ""
            val status = if (!verifyWebhookToken(token, given)) {
                401
            } else {
                val headers = exchange.requestHeaders.mapValues { it.value.joinToString(", ") }
                val event = parseWebhook(exchange.requestBody.readBytes(), headers)
                if (seen.seen(event.id)) {
                    repeats += event.id
                } else {
                    val firstSent = event.kind == "email_sent" && handled.none { it.kind == "email_sent" }
                    handled += event
                    if (firstSent) Thread.sleep(600)
                }
                200
            }
            exchange.sendResponseHeaders(status, -1)
            exchange.close()
        }
        server.start()
        val url = "http://127.0.0.1:${server.address.port}/hooks/reply?token=$token"
        Mock(config).use { mock ->
            try {
                for (kind in listOf("email_sent", "email_opened", "email_replied", "contact_finished")) {
                    call(mock, "POST", "/v3/webhooks", """{"eventType": "$kind", "url": "$url"}""")
                }
                val contact = id(call(mock, "POST", "/v3/contacts", """{"email": "ann@acme.io", "firstName": "Ann"}"""))
                val account = id(call(mock, "POST", "/v3/email-accounts", """{"connection": {"email": "me@acme.io",
                    "senderName": "Me", "smtpHost": "smtp.acme.io", "smtpPort": 587, "smtpPassword": "x", "smtpSsl": true,
                    "imapHost": "imap.acme.io", "imapPort": 993, "imapPassword": "x", "imapSsl": true}}"""))
                val sequence = id(call(mock, "POST", "/v3/sequences", """{"name": "Kotlin", "emailAccounts": [$account],
                    "steps": [{"type": "email", "delayInMinutes": 0, "executionMode": "automatic",
                    "variants": [{"subject": "Hi", "message": "Hello", "isEnabled": true}]}]}"""))
                call(mock, "POST", "/v3/sequences/$sequence/contact-links/bulk", """{"contactIds": [$contact]}""")
                call(mock, "POST", "/v3/sequences/$sequence/start")
                val deadline = System.nanoTime() + 5_000_000_000L
                while ((handled.size < 4 || repeats.isEmpty()) && System.nanoTime() < deadline) Thread.sleep(50)
            } finally {
                server.stop(0)
            }
        }
        assertEquals(listOf("contact_finished", "email_opened", "email_replied", "email_sent"), handled.map { it.kind }.sorted())
        val sent = handled.first { it.kind == "email_sent" }
        assertEquals(listOf(sent.id), repeats.toList(), "the repeated delivery was recognised")
        assertTrue(handled.all { it.known && it.subscriptionId != null })
        val data = Json.parseToJsonElement(sent.data).jsonObject
        assertEquals("ann@acme.io", data["contact_fields"]!!.jsonObject["email"]!!.jsonPrimitive.content)
        // The same deliveries through their event types' records.
        val typedSent = (sent.delivery as WebhookDelivery.EmailSent).delivery
        assertEquals("ann@acme.io", typedSent.contactFields?.email)
        assertEquals("email_sent", typedSent.event.kind)
        val replied = (handled.first { it.kind == "email_replied" }.delivery as WebhookDelivery.EmailReplied).delivery
        assertEquals(WebhookReplyReason.EmailDetected, replied.replyReason)
        assertEquals("ann@acme.io", replied.contactFields?.email)
        assertTrue(replied.sequenceFields?.id != null)
        assertTrue(handled.first { it.kind == "contact_finished" }.delivery is WebhookDelivery.ContactFinished)
    }

    @Test
    fun aDeliveryDecodesIntoItsRecordAndWhatTheSdkDoesNotKnowStays() {
        val body = """{"event": {"id": "e-7", "type": "email_bounced", "subscription_id": 3, "region": "eu"},
            "contact_fields": {"id": 5, "email": "ann@acme.io", "lead_score": 80}, "sequence_fields": {"id": 77, "name": "Q3"},
            "bounce_type": "Transient", "future_member": {"x": 1}}"""
        val event = parseWebhook(body.toByteArray(), mapOf("content-type" to "application/json"))
        val bounced = (event.delivery as WebhookDelivery.EmailBounced).delivery
        assertEquals(WebhookBounceType.Unknown("Transient"), bounced.bounceType)
        assertEquals(3L, bounced.event.subscriptionId)
        assertEquals("\"eu\"", bounced.event.extra["region"])
        assertEquals(5L, bounced.contactFields?.id)
        assertEquals("80", bounced.contactFields?.extra?.get("lead_score"))
        assertEquals("Q3", bounced.sequenceFields?.name)
        assertEquals("{\"x\":1}", bounced.extra["future_member"])
        val hard = parseWebhook("""{"event": {"id": "e-8", "type": "email_bounced"}, "bounce_type": "Hard"}""".toByteArray(), emptyMap())
        assertEquals(WebhookBounceType.Hard, (hard.delivery as WebhookDelivery.EmailBounced).delivery.bounceType)
        assertThrows<WebhookException.NotADelivery> {
            parseWebhook("""{"event": {"id": "e-9", "type": "email_bounced"}, "bounce_type": 5}""".toByteArray(), emptyMap())
        }
    }

    @Test
    fun unknownEventsDecodeAndNonDeliveriesAreRefused() {
        val event = parseWebhook("""{"event": {"id": "e-1", "type": "meeting_booked"}, "x": 1}""".toByteArray(), emptyMap())
        assertFalse(event.known)
        assertEquals("meeting_booked", event.kind)
        val unknown = event.delivery as WebhookDelivery.Unknown
        assertEquals("e-1", unknown.event.id)
        assertEquals("meeting_booked", unknown.event.kind)
        assertEquals(mapOf("x" to "1"), unknown.members)
        assertThrows<WebhookException.NotADelivery> { parseWebhook("nope".toByteArray(), emptyMap()) }
        assertTrue(verifyWebhookToken("abc", "abc"))
        assertFalse(verifyWebhookToken("abc", "abd"))
        assertEquals(22, webhookEventTypes().size)
    }
}
