package io.reply.sdk.example

import io.reply.sdk.ClientOptions
import io.reply.sdk.ContactsImportRequestItemsItem
import io.reply.sdk.EnrolOptions
import io.reply.sdk.EnrolOutcome
import io.reply.sdk.EnrolTarget
import io.reply.sdk.ReplyClient
import io.reply.sdk.ReplyException
import io.reply.sdk.kind

suspend fun safeWorkflows(apiKey: String, baseUrl: String = "https://api.reply.io"): List<String> {
    val client = ReplyClient(apiKey, ClientOptions(baseUrl = baseUrl))
    val lines = mutableListOf<String>()

    // Upsert by email: a second ensure fills empty members only, so the last name stays.
    val ada = client.contacts().ensure(ContactsImportRequestItemsItem(email = "ada@example.com", firstName = "Ada", lastName = "Lovelace"))
    client.contacts().ensure(ContactsImportRequestItemsItem(email = "ada@example.com", firstName = "Augusta", title = "Countess"))
    // Exact lookup: never a containment match such as "lada@example.com".
    val found = client.contacts().findByEmail("ADA@example.com")
    lines += "ada ${found?.id == ada.id} ${found?.firstName} ${found?.lastName} ${found?.title}"

    // A two-step sequence (made through the JSON escape hatch); step 2 hangs under step 1 by parentId.
    val step = """"type": "email", "delayInMinutes": 0, "executionMode": "automatic", "variants": [{"subject": "Hi", "message": "Hello"}]"""
    val created = client.call("CreateSequence", "{}", """{"name": "Welcome", "steps": [{$step, "parentId": null}]}""")
    val sequence = Regex("\"id\":(\\d+)").find(created)!!.groupValues[1].toLong()
    val first = client.sequenceSteps().resolve(sequence, 1u)
    client.call("CreateSequenceStep", """{"id": $sequence}""", """{$step, "parentId": $first}""")

    val report = client.sequences().enrol(
        sequence,
        listOf(EnrolTarget.Id(ada.id), EnrolTarget.Email("nobody@example.com")),
        EnrolOptions(startStep = 2u),
    )
    for (result in report.results) {
        val outcome = when (val o = result.outcome) {
            EnrolOutcome.Enrolled -> "enrolled"
            EnrolOutcome.AlreadyInSequence -> "already in the sequence"
            EnrolOutcome.OptedOut -> "opted out"
            EnrolOutcome.Blacklisted -> "blacklisted"
            EnrolOutcome.NotFound -> "not found"
            is EnrolOutcome.Failed -> "failed (${o.code})"
        }
        lines += "${result.target}: $outcome"
    }
    try {
        client.sequenceSteps().resolve(sequence, 3u)
    } catch (e: ReplyException.Workflow) {
        lines += "refused: ${e.kind}"
    }
    return lines
}
