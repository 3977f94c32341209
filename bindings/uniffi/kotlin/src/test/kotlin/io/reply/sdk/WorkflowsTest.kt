package io.reply.sdk

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import kotlinx.serialization.json.longOrNull
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/**
 * The safe workflows (`findByEmail`, `ensure`/`ensureMany`, `enrol`, `resolve`)
 * as `suspend` functions against reply-mock. Set-up and every check of what the
 * mock holds go through the JSON escape hatch, never through the workflow under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowsTest {
    private val mock = Mock()
    private val client = mock.client()

    @AfterAll
    fun stop() = mock.close()

    private suspend fun json(op: String, params: String = "{}", body: String? = null): JsonObject =
        Json.parseToJsonElement(client.call(op, params, body)).jsonObject

    private suspend fun contact(email: String, extra: String = ""): Long =
        json("CreateContact", body = """{"email": "$email", "firstName": "X"$extra}""").getValue("id").jsonPrimitive.long

    private fun step(parent: Long?, extra: String = "") =
        """{"type": "email", "parentId": $parent, "delayInMinutes": 0, "executionMode": "automatic",
           "variants": [{"subject": "Hi", "message": "Hello"}]$extra}"""

    /** A sequence of `steps` email steps, each under the one before; its id and the step ids. */
    private suspend fun linearSequence(name: String, steps: Int): Pair<Long, List<Long>> {
        val id = json("CreateSequence", body = """{"name": "$name", "steps": [${step(null)}]}""").getValue("id").jsonPrimitive.long
        val first = Json.parseToJsonElement(client.call("GetSequenceSteps", """{"id": $id}""")).jsonArray[0]
        val ids = mutableListOf(first.jsonObject.getValue("id").jsonPrimitive.long)
        repeat(steps - 1) {
            ids += json("CreateSequenceStep", """{"id": $id}""", step(ids.last())).getValue("id").jsonPrimitive.long
        }
        return id to ids
    }

    private suspend fun members(sequence: Long): Map<Long, JsonObject> =
        json("GetSequenceContacts", """{"id": $sequence, "top": 1000}""").getValue("items").jsonArray
            .associate { it.jsonObject.getValue("contactId").jsonPrimitive.long to it.jsonObject }

    private fun person(email: String?, firstName: String, title: String? = null, company: String? = null) =
        ContactsImportRequestItemsItem(email = email, firstName = firstName, title = title, company = company)

    @Test
    fun findByEmailTakesTheExactAddressNotAContainmentMatch() = runBlocking {
        val joann = contact("joann@example.com")
        val ann = contact("ann@example.com")
        assertEquals(ann, client.contacts().findByEmail("ANN@Example.com")?.id)
        assertEquals(joann, client.contacts().findByEmail("joann@example.com")?.id)
        assertNull(client.contacts().findByEmail("nn@example.com"))
        val refused = assertThrows<ReplyException.Workflow> { runBlocking { client.contacts().findByEmail("no address") } }
        assertEquals("invalid_input", refused.kind)
    }

    @Test
    fun ensureOnAnExistingContactKeepsTheMembersItDidNotSend() = runBlocking {
        val ada = contact("ada@example.com", """, "lastName": "Lovelace", "company": "Analytical Engines"""")
        assertEquals(Ensured(ada, false), client.contacts().ensure(person("ADA@example.com", "Augusta", title = "Countess")))
        var held = client.contacts().get(ada)
        assertEquals(listOf("X", "Lovelace", "Analytical Engines", "Countess"), listOf(held.firstName, held.lastName, held.company, held.title))

        assertEquals(Ensured(ada, false), client.contacts().ensure(person("ada@example.com", "Augusta"), OnExisting.OVERWRITE))
        held = client.contacts().get(ada)
        assertEquals(listOf("Augusta", "Lovelace", "Analytical Engines"), listOf(held.firstName, held.lastName, held.company))

        val answers = client.contacts().ensureMany(
            listOf(person("new@example.com", "New"), person("ada@example.com", "Nobody", company = "Other"), person(null, "No address")),
            OnExisting.KEEP,
        )
        val created = answers[0] as EnsureResult.Ensured
        assertTrue(created.created)
        assertEquals("new@example.com", client.contacts().get(created.id).email)
        assertEquals(EnsureResult.Ensured(ada, false), answers[1])
        assertEquals("invalid_input", (answers[2] as EnsureResult.Refused).kind)
        held = client.contacts().get(ada)
        assertEquals(listOf("Augusta", "Analytical Engines"), listOf(held.firstName, held.company), "keep changes nothing")
    }

    @Test
    fun enrollingAMixedListAnswersPerContactAndMovesNobody() = runBlocking {
        val (sequence, steps) = linearSequence("Mixed", 2)
        val (elsewhere, _) = linearSequence("Elsewhere", 1)
        val fresh = contact("fresh@example.com")
        val member = contact("member@example.com")
        val opted = contact("opted@example.com")
        val blocked = contact("blocked@example.com")
        for ((seq, who) in listOf(sequence to member, elsewhere to fresh)) {
            json("BulkAddContactsToSequence", """{"id": $seq}""", """{"contactIds": [$who], "removeFromExisting": false}""")
        }
        json("UpdateContact", """{"id": $opted}""", """{"isOptedOut": true}""")
        json("CreateBlacklistEmailRule", body = """{"pattern": "blocked@example.com"}""")
        val memberBefore = members(sequence).getValue(member)

        val report = client.sequences().enrol(
            sequence,
            listOf(
                EnrolTarget.Id(fresh),
                EnrolTarget.Email("MEMBER@example.com"),
                EnrolTarget.Id(opted),
                EnrolTarget.Email("blocked@example.com"),
                EnrolTarget.Email("nobody@example.com"),
                EnrolTarget.Person(person("person@example.com", "Person")),
            ),
            EnrolOptions(startStep = 2u),
        )
        assertEquals(steps[1], report.startStepId)
        assertEquals(
            listOf(
                EnrolOutcome.Enrolled, EnrolOutcome.AlreadyInSequence, EnrolOutcome.OptedOut,
                EnrolOutcome.Blacklisted, EnrolOutcome.NotFound, EnrolOutcome.Enrolled,
            ),
            report.results.map { it.outcome },
        )
        assertEquals(listOf(fresh, member, opted, blocked, null), report.results.take(5).map { it.contactId })
        assertEquals(listOf(true, true, false, false, false, true), report.results.map { it.asAsked })
        assertFalse(report.allAsAsked)

        // Counted from the mock, not from the report.
        val person = report.results[5].contactId!!
        val now = members(sequence)
        assertEquals(setOf(fresh, member, person), now.keys)
        assertEquals(memberBefore, now.getValue(member), "the member was neither moved nor touched")
        for (id in listOf(fresh, person)) {
            val at = now.getValue(id).getValue("currentStep").jsonObject.getValue("stepId").jsonPrimitive.longOrNull
            assertEquals(steps[1], at, "new contacts start at step 2")
        }
        assertTrue(fresh in members(elsewhere), "removeFromExisting stayed false")

        val failing = client.sequences().enrol(sequence, listOf(EnrolTarget.Id(member)), EnrolOptions(ifAlready = IfAlready.FAIL))
        assertEquals(EnrolOutcome.AlreadyInSequence, failing.results[0].outcome)
        assertFalse(failing.allAsAsked)
    }

    @Test
    fun resolveOnABranchedSequenceRefusesWithATypedError() = runBlocking {
        val (linear, ids) = linearSequence("Linear", 3)
        assertEquals(ids, (1..3).map { client.sequenceSteps().resolve(linear, it.toUInt()) })
        val missing = assertThrows<ReplyException.Workflow> { runBlocking { client.sequenceSteps().resolve(linear, 4u) } }
        assertEquals("step_not_found", missing.kind)

        val (branched, first) = linearSequence("Branched", 1)
        val condition = json(
            "CreateSequenceStep", """{"id": $branched}""",
            """{"type": "condition", "parentId": ${first[0]}, "delayInMinutes": 0, "waitInMinutes": 60,
               "conditions": [{"property": "emailOpened", "rules": [{"operator": "equals", "value": "true"}]}]}""",
        ).getValue("id").jsonPrimitive.long
        for (positive in listOf(true, false)) {
            json("CreateSequenceStep", """{"id": $branched}""", step(condition, """, "ifConditionPositive": $positive"""))
        }
        assertEquals(first[0], client.sequenceSteps().resolve(branched, 1u))
        val ambiguous = assertThrows<ReplyException.Workflow> { runBlocking { client.sequenceSteps().resolve(branched, 3u) } }
        assertEquals("step_ambiguous", ambiguous.kind)
        assertTrue(ambiguous.message!!.contains("ambiguous"), ambiguous.message)

        val fresh = contact("branch@example.com")
        val refused = assertThrows<ReplyException.Workflow> {
            runBlocking { client.sequences().enrol(branched, listOf(EnrolTarget.Id(fresh)), EnrolOptions(startStep = 3u)) }
        }
        assertEquals("step_ambiguous", refused.kind)
        assertFalse(fresh in members(branched), "nothing was written")

        // An engine failure inside a workflow keeps its own class (the mock answers 400 sequence.notFound).
        val unknown = assertThrows<ReplyException.Validation> { runBlocking { client.sequenceSteps().resolve(987654321, 1u) } }
        assertEquals("sequence.notFound", unknown.code)
        Unit
    }
}
