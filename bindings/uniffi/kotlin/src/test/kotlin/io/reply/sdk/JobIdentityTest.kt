package io.reply.sdk

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.net.URI
import kotlin.time.Duration.Companion.seconds

/**
 * A job started with request options acting as another user and team is
 * polled and cancelled as that user and team: reply-mock shows a job only to
 * the user who started it, and its journal records who cancelled it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobIdentityTest {
    // Jobs wait 5 s in Scheduled, so a cancel always finds them running.
    private val mock = Mock("""{"jobs": {"scheduledMs": 5000, "processingMs": 100}}""")
    // The master key acts as user 1 unless told otherwise; user 2 works in teams 1 and 2.
    private val client = mock.client("mock-master-key")

    @AfterAll
    fun stop() = mock.close()

    /** (acting user, status) of each cancel the mock's handler ran, from its journal. */
    private fun cancels(): List<Pair<Int, Int>> {
        val journal = Json.parseToJsonElement(URI("${mock.baseUrl}/__mock/journal").toURL().readText())
        return journal.jsonObject["entries"]!!.jsonArray.map { it.jsonObject }
            .filter { it["operation"]!!.jsonPrimitive.content == "CancelBackgroundJob" }
            .map { it["userId"]!!.jsonPrimitive.int to it["status"]!!.jsonPrimitive.int }
    }

    @Test
    fun aJobIsPolledAndCancelledAsTheUserAndTeamThatStartedIt() = runBlocking {
        val sam = RequestOptions(actingUserId = 2, teamId = 2)
        val before = cancels().size
        val contact = client.contacts().create(ContactCreationRequest(email = "sam.job@example.com"), sam)
        val started = client.emailValidations().schedule(EmailValidationRequest(contactIds = listOf(contact.id!!)), sam)
        assertEquals(BackgroundJobListItemStatus.Scheduled, started.job.status().status)
        started.job.cancel("not needed")
        assertEquals(BackgroundJobListItemStatus.Cancelled, started.job.wait(10.seconds).status)
        assertEquals(listOf(2 to 204), cancels().drop(before))
    }

    @Test
    fun aHandleMadeFromAnIdTakesTheOptionsThatStartedTheJob() = runBlocking {
        val sam = RequestOptions(actingUserEmail = "sam@mock.reply.io", teamId = 2)
        val contact = client.contacts().create(ContactCreationRequest(email = "sam.handle@example.com"), sam)
        val started = client.emailValidations().schedule(EmailValidationRequest(contactIds = listOf(contact.id!!)), sam)
        val before = cancels().size
        client.job(started.job.id(), sam).cancel()
        assertEquals(BackgroundJobListItemStatus.Cancelled, client.job(started.job.id(), sam).status().status)
        assertEquals(listOf(2 to 204), cancels().drop(before))
    }
}
