package io.reply.sdk.example

import io.reply.sdk.ClientOptions
import io.reply.sdk.ContactCreationRequest
import io.reply.sdk.CreateContactListRequest
import io.reply.sdk.ReplyClient
import io.reply.sdk.ReplyException
import io.reply.sdk.items
import io.reply.sdk.status
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList

suspend fun example(apiKey: String, baseUrl: String = "https://api.reply.io"): List<String> = coroutineScope {
    val client = ReplyClient(apiKey, ClientOptions(baseUrl = baseUrl))

    // Independent calls run concurrently; the client paces them under Reply's rate limits.
    val me = async { client.userAccount().whoami() }
    val fields = async { client.customFields().list() }

    val list = client.contactLists().create(CreateContactListRequest(name = "Conference leads"))
    val ada = client.contacts().create(ContactCreationRequest(email = "ada@example.com", firstName = "Ada"))

    // Every contact, page by page, as a Flow.
    val firstTen = client.contacts().listPages(pageSize = 50).items().take(10).toList()

    val missing = try {
        client.sequences().get(987654321)
        "found"
    } catch (e: ReplyException.NotFound) {
        "not found (${e.status})"
    }

    listOf(
        "I am ${me.await().username}",
        "${fields.await().size} custom fields",
        "list ${list.name} and contact ${ada.email}",
        "${firstTen.size} contacts on the first pages",
        "sequence 987654321: $missing",
    )
}
