package io.reply.sdk

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.io.File
import kotlin.reflect.full.callSuspend
import kotlin.reflect.full.memberFunctions

/** Runs every shared scenario of tests/scenarios through the typed Kotlin surface. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioTest {
    private val mock = Mock()
    private val client = mock.client()

    @AfterAll
    fun stop() = mock.close()

    @TestFactory
    fun scenarios(): List<DynamicTest> {
        val files = File(repoRoot, "tests/scenarios").listFiles { f -> f.name.endsWith(".json") }!!.sorted()
        assertTrue(files.isNotEmpty(), "no scenario files")
        return files.map { file -> DynamicTest.dynamicTest(file.nameWithoutExtension) { run(file) } }
    }

    private fun run(file: File) = runBlocking {
        val scenario = Json.parseToJsonElement(file.readText()).jsonObject
        val saved = mutableMapOf<String, JsonElement>("run" to JsonPrimitive(System.nanoTime().toString(36)))
        for ((index, raw) in scenario.getValue("steps").jsonArray.withIndex()) {
            val step = raw.jsonObject
            val call = step.getValue("call").jsonPrimitive.content
            val where = "${file.name} step ${index + 1} ($call)"
            val args = substitute(step["args"] ?: JsonObject(emptyMap()), saved).jsonObject
            val paginate = step["paginate"]?.jsonObject
            val expectError = step["expect_error"]?.jsonObject
            when {
                paginate != null -> walk(call, args, paginate, where)
                expectError != null -> {
                    val e = assertThrows<ReplyException>(where) { runBlocking { callByName(client, call, args) } }
                    expectError["kind"]?.let { assertEquals(it.jsonPrimitive.content, e.kind, where) }
                    expectError["status"]?.let { assertEquals(it.jsonPrimitive.int, e.status, where) }
                    expectError["code"]?.let { assertEquals(it.jsonPrimitive.content, e.code, where) }
                }
                else -> {
                    val answer = toJson(callByName(client, call, args))
                    step["expect"]?.jsonObject?.forEach { (ptr, want) ->
                        val expected = substitute(want, saved)
                        val actual = pointer(answer, ptr)
                        assertTrue(sameJson(expected, actual), "$where: $ptr is $actual, expected $expected")
                    }
                    step["save"]?.jsonObject?.forEach { (name, ptr) ->
                        saved[name] = pointer(answer, ptr.jsonPrimitive.content) ?: error("$where: nothing at $ptr")
                    }
                }
            }
        }
    }

    /** Walks every page through the generated pager (`<method>Pages`, then `nextPage()`). */
    private suspend fun walk(call: String, args: JsonObject, paginate: JsonObject, where: String) {
        val pageSize = paginate["page_size"]?.jsonPrimitive?.int
        val pager = callByName(client, "${call}_pages", args, mapOf("pageSize" to pageSize))!!
        val next = pager::class.memberFunctions.single { it.name == "nextPage" }
        var items = 0
        var pages = 0
        while (true) {
            val page = next.callSuspend(pager) ?: break
            val count = (pointer(toJson(page), "/items") as JsonArray).size
            if (pageSize != null) assertTrue(count <= pageSize, "$where: page of $count > $pageSize")
            items += count
            pages++
        }
        val min = paginate["min_items"]?.jsonPrimitive?.int ?: 0
        assertTrue(items >= min, "$where: $items items over $pages pages, expected at least $min")
    }

    /** Replaces `${name}`: a whole-string reference keeps the saved value's JSON type. */
    private fun substitute(json: JsonElement, saved: Map<String, JsonElement>): JsonElement = when (json) {
        is JsonObject -> JsonObject(json.mapValues { substitute(it.value, saved) })
        is JsonArray -> JsonArray(json.map { substitute(it, saved) })
        is JsonPrimitive -> {
            val whole = Regex("""^\$\{(\w+)}$""").find(json.content)
            when {
                !json.isString -> json
                whole != null -> saved.getValue(whole.groupValues[1])
                else -> JsonPrimitive(Regex("""\$\{(\w+)}""").replace(json.content) { m ->
                    saved.getValue(m.groupValues[1]).jsonPrimitive.content
                })
            }
        }
        else -> json
    }
}
