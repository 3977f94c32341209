package io.reply.sdk

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** Pagination, jobs, rate limits and the JSON escape hatch against reply-mock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTest {
    private val mock = Mock()
    private val client = mock.client()

    @AfterAll
    fun stop() = mock.close()

    @Test
    fun pagesAndItemsAsFlows() = runBlocking {
        val tag = System.nanoTime()
        val list = client.contactLists().create(CreateContactListRequest(name = "Paging $tag"))
        repeat(5) { i ->
            client.contacts().create(ContactCreationRequest(email = "p$i.$tag@example.com", firstName = "P$i"))
        }
        val pages = client.contacts().listPages(pageSize = 2).pages().toList()
        assertTrue(pages.size >= 3, "${pages.size} pages")
        assertTrue(pages.all { it.items.orEmpty().size <= 2 })
        assertTrue(pages.dropLast(1).all { it.hasMore == true })
        assertEquals(pages.sumOf { it.items.orEmpty().size }, client.contacts().listPages(pageSize = 2).items().count())
        // A pager is an object: nextPage() until null, then null again.
        val pager = client.contacts().listPages(pageSize = 100)
        assertNotNull(pager.nextPage())
        assertEquals(null, pager.nextPage())
        assertEquals("Paging $tag", client.contactLists().get(list.id!!).name)
    }

    @Test
    fun aJobRunsToDone() = runBlocking {
        val contact = client.contacts().create(ContactCreationRequest(email = "job.${System.nanoTime()}@example.com"))
        val started = client.emailValidations().schedule(EmailValidationRequest(contactIds = listOf(contact.id!!)))
        assertTrue(started.job.id().isNotEmpty())
        val job = started.job.wait(15.seconds)
        assertEquals(BackgroundJobListItemStatus.Done, job.status)
        assertEquals(started.job.id(), client.job(started.job.id()).status().jobId)
    }

    @Test
    fun theClientPacesItselfUnderAScaledLimit() {
        // The mock allows 5 requests per 1-second "minute"; the client budgets 4, so its
        // windows need not line up with the server's. Twelve calls without retries must
        // all succeed, the client waiting instead of drawing 429s.
        Mock("""{"quiet": true, "limits": {"perMinute": 5, "perHour": 1000, "minuteMs": 1000, "hourMs": 3600000}}""").use { limited ->
            val quota = QuotaOptions(perMinute = 4u, perHour = 1000u, reportingPerMinute = 4u, reportingPerHour = 1000u, minuteLength = 1.seconds)
            val paced = limited.client(options = ClientOptions(quota = quota, maxRetries = 0u))
            val started = System.nanoTime()
            runBlocking { repeat(12) { paced.userAccount().whoami() } }
            val seconds = (System.nanoTime() - started) / 1e9
            assertTrue(seconds >= 2.0, "12 calls at 4/s took only $seconds s")
            val snapshot = paced.quota()!!
            assertTrue(snapshot.waited > Duration.ZERO, "$snapshot")
            assertTrue(snapshot.default.minute <= 4u)
        }
    }

    @Test
    fun withoutTheQuotaTheServerSays429() {
        Mock("""{"quiet": true, "limits": {"perMinute": 3, "perHour": 1000, "minuteMs": 60000, "hourMs": 3600000}}""").use { limited ->
            val eager = limited.client(options = ClientOptions(disableQuota = true, maxRetries = 0u))
            assertEquals(null, eager.quota())
            val e = assertThrows<ReplyException.RateLimited> {
                runBlocking { repeat(4) { eager.userAccount().whoami() } }
            }
            assertEquals(429, e.status)
            assertNotNull(e.retryAfterMs)
        }
    }

    @Test
    fun concurrentCallsWithCoroutines() = runBlocking {
        val tag = System.nanoTime()
        val created = coroutineScope {
            (1..6).map { i ->
                async { client.contacts().create(ContactCreationRequest(email = "c$i.$tag@example.com")) }
            }.awaitAll()
        }
        assertEquals(6, created.map { it.id }.toSet().size)
    }

    @Test
    fun callByOperationIdWithJson() = runBlocking {
        val me = Json.parseToJsonElement(client.call("Whoami", "{}")).jsonObject
        assertEquals(client.userAccount().whoami().userId, me.getValue("userId").jsonPrimitive.long)
        assertThrows<ReplyException.Config> { runBlocking { client.call("NoSuchOperation", "{}") } }
        Unit
    }
}
