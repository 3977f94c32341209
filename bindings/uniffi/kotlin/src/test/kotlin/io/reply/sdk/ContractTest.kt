package io.reply.sdk

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import java.io.File
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * The option rules every binding shares (tests/contract/options.json), spelled
 * the Kotlin way: the `ClientOptions` and `RequestOptions` records, times as
 * `kotlin.time.Duration` (a negative one reaches the engine, which refuses it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest {
    private val mock = Mock()
    private val cases = Json.parseToJsonElement(File(repoRoot, "tests/contract/options.json").readText())
        .jsonObject["cases"]!!.jsonArray.map { it.jsonObject }

    @AfterAll
    fun stop() = mock.close()

    private fun JsonObject.num(name: String) = this[name]?.jsonPrimitive?.double
    private fun JsonObject.ms(name: String): Duration? = num(name)?.milliseconds

    private fun clientOptions(o: JsonObject) = ClientOptions(
        baseUrl = o["base_url"]?.jsonPrimitive?.content ?: mock.baseUrl,
        timeout = o.ms("timeout_ms"),
        deadline = o.ms("deadline_ms"),
        maxRetries = o["max_retries"]?.jsonPrimitive?.long?.toUInt(),
        quota = o["quota"]?.jsonObject?.let { q ->
            QuotaOptions(
                perMinute = q["per_minute"]?.jsonPrimitive?.long?.toUInt(),
                perHour = q["per_hour"]?.jsonPrimitive?.long?.toUInt(),
                minuteLength = q.ms("minute_ms"),
                hourLength = q.ms("hour_ms"),
                redis = q["redis"]?.jsonPrimitive?.content,
            )
        },
        disableQuota = o["disable_quota"]?.jsonPrimitive?.boolean ?: false,
        actingUserId = o["acting_user_id"]?.jsonPrimitive?.long,
        actingUserEmail = o["acting_user_email"]?.jsonPrimitive?.content,
        teamId = o["team_id"]?.jsonPrimitive?.long,
    )

    private fun requestOptions(o: JsonObject) = RequestOptions(
        timeout = o.ms("timeout_ms"),
        deadline = o.ms("deadline_ms"),
        maxRetries = o["max_retries"]?.jsonPrimitive?.long?.toUInt(),
        actingUserId = o["acting_user_id"]?.jsonPrimitive?.long,
        actingUserEmail = o["acting_user_email"]?.jsonPrimitive?.content,
        teamId = o["team_id"]?.jsonPrimitive?.long,
        headers = o["headers"]?.jsonArray?.associate { h ->
            h.jsonArray[0].jsonPrimitive.content to h.jsonArray[1].jsonPrimitive.content
        } ?: emptyMap(),
    )

    private fun run(case: JsonObject) = runBlocking {
        val given = case["client"]?.jsonObject ?: JsonObject(emptyMap())
        val key = given["api_key"]?.jsonPrimitive?.content ?: "mock-master-key"
        val client = ReplyClient(key, clientOptions(given))
        case["call"]?.jsonObject?.let { client.userAccount().whoami(requestOptions(it)) }
        Unit
    }

    @TestFactory
    fun theSharedOptionRules(): List<DynamicTest> = cases.map { case ->
        DynamicTest.dynamicTest(case["name"]!!.jsonPrimitive.content) {
            val expected = case["error"]?.jsonObject
            val failure = runCatching { run(case) }.exceptionOrNull()
            if (expected == null) {
                assertEquals(null, failure)
                return@dynamicTest
            }
            assertNotNull(failure, "expected ${expected["class"]}")
            val kind = expected["class"]!!.jsonPrimitive.content.removeSuffix("Error")
            assertEquals(kind, failure!!::class.simpleName, failure.toString())
            assertTrue(failure.toString().contains(expected["message"]!!.jsonPrimitive.content), failure.toString())
        }
    }

    private val errorCases = Json.parseToJsonElement(File(repoRoot, "tests/contract/errors.json").readText())
        .jsonObject["cases"]!!.jsonArray.map { it.jsonObject }

    /** The engine's names for the observed fields, as the table writes them. */
    private fun observed(e: ReplyException): Map<String, Any?> = mapOf(
        "kind" to e.kind,
        "status" to e.status?.toLong(),
        "code" to e.code,
        "operation" to e.operation,
        "request" to e.request,
        "teams" to e.teams.map { mapOf("team_id" to it.teamId, "team_name" to it.teamName) },
    )

    private fun plain(value: kotlinx.serialization.json.JsonElement): Any? = when (value) {
        is kotlinx.serialization.json.JsonNull -> null
        is kotlinx.serialization.json.JsonArray -> value.map { plain(it) }
        is JsonObject -> value.mapValues { plain(it.value) }
        is kotlinx.serialization.json.JsonPrimitive ->
            if (value.isString) value.content else value.content.toLongOrNull() ?: value.content
    }

    @TestFactory
    fun theSharedErrorHierarchy(): List<DynamicTest> = errorCases.map { case ->
        DynamicTest.dynamicTest(case["name"]!!.jsonPrimitive.content) {
            val given = case["client"]?.jsonObject ?: JsonObject(emptyMap())
            val call = case["call"]!!.jsonObject
            val failure = runCatching {
                runBlocking {
                    val key = given["api_key"]?.jsonPrimitive?.content ?: "mock-master-key"
                    val client = ReplyClient(key, clientOptions(given))
                    when (call["op"]!!.jsonPrimitive.content) {
                        "whoami" -> client.userAccount().whoami()
                        "get_contact" -> client.contacts().get(call["id"]!!.jsonPrimitive.long)
                        "list_contacts" -> client.contacts().list(top = call["top"]?.jsonPrimitive?.long)
                        else -> error("unknown call $call")
                    }
                }
            }.exceptionOrNull()
            assertTrue(failure is ReplyException, "expected a ReplyException, got $failure")
            val e = failure as ReplyException
            val expect = case["expect"]!!.jsonObject
            assertEquals(plain(expect["classes"]!!), e.classes)
            val fields = expect.filterKeys { it != "classes" && it != "headers" }.mapValues { plain(it.value) }
            assertEquals(fields, observed(e))
            for ((name, value) in expect["headers"]!!.jsonObject) {
                assertTrue(e.headers[name]?.startsWith(value.jsonPrimitive.content) == true, "$name in ${e.headers}")
            }
        }
    }
}
