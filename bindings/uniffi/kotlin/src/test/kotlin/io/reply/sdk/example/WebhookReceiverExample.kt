package io.reply.sdk.example

import com.sun.net.httpserver.HttpServer
import io.reply.sdk.WebhookBounceType
import io.reply.sdk.WebhookDelivery
import io.reply.sdk.WebhookException
import io.reply.sdk.WebhookReplyReason
import io.reply.sdk.WebhookSeenEvents
import io.reply.sdk.parseWebhook
import io.reply.sdk.verifyWebhookToken
import io.reply.sdk.webhookQueryToken
import java.net.InetSocketAddress

/** Receives deliveries at /hooks/reply and reports each new one, read through its event type's record. */
fun receiveWebhooks(token: String, port: Int, report: (String) -> Unit = ::println): HttpServer {
    val seen = WebhookSeenEvents(10_000u)
    val server = HttpServer.create(InetSocketAddress("127.0.0.1", port), 0)
    server.createContext("/hooks/reply") { exchange ->
        val ok = verifyWebhookToken(token, webhookQueryToken(exchange.requestURI.toString()) ?: "")
        val status = if (!ok) 401 else try {
            val event = parseWebhook(exchange.requestBody.readBytes(), exchange.requestHeaders.mapValues { it.value.joinToString() })
            if (!seen.seen(event.id)) {
                when (val typed = event.delivery) {
                    is WebhookDelivery.EmailReplied -> typed.delivery.run {
                        val detected = replyReason == WebhookReplyReason.EmailDetected
                        report("${event.kind} ${event.id} ${contactFields?.email} detected=$detected")
                    }
                    is WebhookDelivery.EmailBounced -> report("${event.kind} ${event.id} hard=${typed.delivery.bounceType == WebhookBounceType.Hard}")
                    is WebhookDelivery.Unknown -> report("${event.kind} ${event.id} unknown type, members ${typed.members.keys}")
                    else -> report("${event.kind} ${event.id}")
                }
            }
            200
        } catch (e: WebhookException) {
            400
        }
        exchange.sendResponseHeaders(status, -1)
        exchange.close()
    }
    server.start()
    return server
}
