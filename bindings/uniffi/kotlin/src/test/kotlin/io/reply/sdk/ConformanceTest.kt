package io.reply.sdk

import com.sun.net.httpserver.HttpServer
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.yaml.snakeyaml.LoaderOptions
import org.yaml.snakeyaml.Yaml
import java.io.File
import java.net.InetSocketAddress
import kotlin.reflect.KClass
import kotlin.reflect.KFunction
import kotlin.reflect.KParameter
import kotlin.reflect.KType
import kotlin.reflect.full.callSuspendBy
import kotlin.reflect.full.instanceParameter
import kotlin.reflect.full.memberFunctions
import kotlin.reflect.full.primaryConstructor

/**
 * The spec-examples conformance check through the Kotlin surface: a local
 * server answers each documented response example, and the operation's
 * generated method is called. A success example must come back as a record
 * holding every member of the example; an error example as the
 * [ReplyException] for its status, with the example's `code`, `detail` and
 * field-error pointers (a write's 5xx is `OutcomeUnknown` by design: the
 * server may have acted, and that is all the caller learns).
 */
class ConformanceTest {
    private class Example(val operation: String, val status: Int, val contentType: String, val body: JsonElement)

    private fun specFile(): File =
        System.getenv("REPLY_OPENAPI_SPEC")?.let(::File) ?: File(repoRoot, "../shared/reply-api/openapi.yaml")

    @Suppress("UNCHECKED_CAST")
    private fun examples(): List<Example> {
        val options = LoaderOptions().apply {
            maxAliasesForCollections = Int.MAX_VALUE
            codePointLimit = 64 * 1024 * 1024
        }
        val spec = Yaml(options).load<Map<String, Any?>>(specFile().readText())
        val out = mutableListOf<Example>()
        for ((_, item) in spec["paths"] as Map<String, Map<String, Any?>>) {
            for (method in listOf("get", "post", "put", "patch", "delete")) {
                val op = item[method] as? Map<String, Any?> ?: continue
                val id = op["operationId"] as String
                for ((status, response) in op["responses"] as Map<Any, Map<String, Any?>>) {
                    val code = status.toString().toIntOrNull() ?: continue
                    val content = response["content"] as? Map<String, Map<String, Any?>> ?: continue
                    for ((mediaType, media) in content) {
                        if (!mediaType.contains("json") || media["schema"] == null) continue
                        media["example"]?.let { out += Example(id, code, mediaType, toElement(it)) }
                        (media["examples"] as? Map<String, Map<String, Any?>>)?.values?.forEach { entry ->
                            if (entry.containsKey("value")) out += Example(id, code, mediaType, toElement(entry["value"]))
                        }
                    }
                }
            }
        }
        return out
    }

    private fun toElement(value: Any?): JsonElement = when (value) {
        null -> JsonNull
        is Map<*, *> -> JsonObject(value.entries.associate { it.key.toString() to toElement(it.value) })
        is List<*> -> JsonArray(value.map(::toElement))
        is Boolean -> JsonPrimitive(value)
        is Number -> JsonPrimitive(value)
        else -> JsonPrimitive(value.toString())
    }

    /** `operationId` → (resource, method), from the operation table. */
    private fun methods(): Map<String, Pair<String, String>> {
        val row = Regex("""^\| \[(\w+)]\(.*?\) \| `client\.(\w+)\(\)\.(\w+)\(\)`""")
        return File(repoRoot, "crates/reply-client/OPERATIONS.md").readLines()
            .mapNotNull { row.find(it)?.destructured?.let { (id, r, m) -> id to (r to m) } }.toMap()
    }

    @Volatile private var answer: Example? = null

    @Test
    fun everyDocumentedResponseExampleDecodes() {
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { exchange ->
            val example = answer!!
            val body = if (example.status == 204) ByteArray(0) else example.body.toString().toByteArray()
            exchange.responseHeaders.add("Content-Type", example.contentType)
            if (example.status == 202) exchange.responseHeaders.add("Location", "/v3/background-jobs/job-1")
            exchange.sendResponseHeaders(example.status, if (body.isEmpty()) -1 else body.size.toLong())
            exchange.responseBody.use { it.write(body) }
        }
        server.start()
        val client = ReplyClient(
            MOCK_KEY,
            ClientOptions(baseUrl = "http://127.0.0.1:${server.address.port}", maxRetries = 0u, disableQuota = true),
        )
        val methods = methods()
        val all = examples()
        val failures = mutableListOf<String>()
        try {
            for (example in all) {
                answer = example
                val (resource, method) = methods.getValue(example.operation)
                try {
                    if (example.status >= 400) {
                        val e = runCatching { runBlocking { callWithPlaceholders(client, resource, method) } }.exceptionOrNull()
                        val wrong = wrongError(example, e)
                        if (wrong != null) failures += "${example.operation} ${example.status}: $wrong"
                        continue
                    }
                    val result = runBlocking { callWithPlaceholders(client, resource, method) }
                    val output = toJson(if (result != null && result::class.simpleName!!.endsWith("Started")) {
                        result::class.memberFunctions.first { it.name == "component1" }.call(result)
                    } else {
                        result
                    })
                    val lost = missing(example.body, output, "")
                    if (lost != null) failures += "${example.operation} ${example.status}: $lost"
                } catch (e: Throwable) {
                    failures += "${example.operation} ${example.status}: ${e.cause ?: e}"
                }
            }
        } finally {
            server.stop(0)
        }
        val passed = all.size - failures.size
        println("uniffi conformance: ${all.size} examples checked, $passed passed")
        failures.take(20).forEach { println("  FAIL $it") }
        assertTrue(all.size > 100, "only ${all.size} examples found")
        assertEquals(emptyList<String>(), failures)
    }

    /** What is wrong with the error an error example produced, or null when it is right. */
    private fun wrongError(example: Example, error: Throwable?): String? {
        if (error !is ReplyException) return "expected a ReplyException, got $error"
        if (error is ReplyException.OutcomeUnknown && example.status >= 500) return null
        if (error.status != example.status) return "status ${error.status}, expected ${example.status} ($error)"
        val body = example.body as? JsonObject ?: return null
        (body["code"] as? JsonPrimitive)?.let { if (error.code != it.content) return "code ${error.code}, expected $it" }
        (body["detail"] as? JsonPrimitive)?.let { if (error.detail != it.content) return "detail ${error.detail}, expected $it" }
        val pointers = (body["errors"] as? JsonArray)?.mapNotNull { ((it as? JsonObject)?.get("pointer") as? JsonPrimitive)?.content }
        if (pointers != null && pointers != error.fieldErrors.map { it.pointer }) {
            return "field errors ${error.fieldErrors}, expected pointers $pointers"
        }
        return null
    }

    /** Bound calls by (resource, method): reflecting over the large generated classes is slow. */
    private val bound = mutableMapOf<Pair<String, String>, Pair<KFunction<*>, Map<KParameter, Any?>>>()

    /** Calls `resource.method` with placeholder values for every required argument. */
    private suspend fun callWithPlaceholders(client: ReplyClient, resource: String, method: String): Any? {
        val (fn, args) = bound.getOrPut(resource to method) {
            val api = client::class.memberFunctions
                .single { norm(it.name) == norm(resource) && it.parameters.size == 1 }.call(client)!!
            val fn = api::class.memberFunctions.single { norm(it.name) == norm(method) }
            val args = mutableMapOf<KParameter, Any?>(fn.instanceParameter!! to api)
            for (p in fn.parameters.filter { it.kind == KParameter.Kind.VALUE && !it.isOptional }) {
                args[p] = placeholder(p.type, p.name!!)
            }
            fn to args
        }
        return try {
            fn.callSuspendBy(args)
        } catch (e: java.lang.reflect.InvocationTargetException) {
            throw e.cause ?: e
        }
    }

    private fun placeholder(type: KType, name: String): Any? {
        if (type.isMarkedNullable) return null
        val cls = type.classifier as KClass<*>
        return when (cls) {
            // A `JsonValue` is a String too; "{}" is valid JSON and a fine string.
            String::class -> if (name == "json") "{}" else "1"
            Long::class -> 1L
            Int::class -> 1
            UInt::class -> 1u
            ULong::class -> 1uL
            Double::class -> 1.0
            Boolean::class -> false
            List::class -> emptyList<Any>()
            Map::class -> emptyMap<String, Any>()
            ByteArray::class -> ByteArray(0)
            else -> when {
                cls.isData -> {
                    val ctor = cls.primaryConstructor!!
                    ctor.callBy(ctor.parameters.filter { !it.isOptional }.associateWith { placeholder(it.type, it.name!!) })
                }
                cls.isSealed -> {
                    val unknown = cls.sealedSubclasses.single { it.simpleName == "Unknown" }.primaryConstructor!!
                    unknown.call(placeholder(unknown.parameters.single().type, unknown.parameters.single().name!!))
                }
                else -> error("no placeholder for $type")
            }
        }
    }

    /** The first member of [expected] that [actual] lost or changed, or null when it holds all. */
    private fun missing(expected: JsonElement, actual: JsonElement?, at: String): String? {
        if (actual is JsonPrimitive && actual.isString && !actual.content.startsWith(ENUM_MARK) &&
            !(expected is JsonPrimitive && expected.isString)
        ) {
            // An open schema (`JsonValue`) arrives as JSON text.
            return missing(expected, runCatching { Json.parseToJsonElement(actual.content) }.getOrNull(), at)
        }
        return when (expected) {
            is JsonNull -> null
            is JsonObject -> {
                if (actual !is JsonObject) return "$at: expected an object, got $actual"
                expected.entries.firstNotNullOfOrNull { (k, v) ->
                    missing(v, actual.entries.firstOrNull { norm(it.key) == norm(k) }?.value, "$at/$k")
                }
            }
            is JsonArray -> {
                if (actual !is JsonArray || actual.size != expected.size) return "$at: expected ${expected.size} items"
                expected.indices.firstNotNullOfOrNull { missing(expected[it], actual[it], "$at/$it") }
            }
            is JsonPrimitive -> if (sameJson(expected, actual)) null else "$at: expected $expected, got $actual"
        }
    }
}
