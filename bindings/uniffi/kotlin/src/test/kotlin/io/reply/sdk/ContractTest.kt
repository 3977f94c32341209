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
}
