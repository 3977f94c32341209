package io.reply.sdk

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import kotlin.reflect.KClass
import kotlin.reflect.KFunction
import kotlin.reflect.KParameter
import kotlin.reflect.KType
import kotlin.reflect.full.callSuspendBy
import kotlin.reflect.full.declaredMemberProperties
import kotlin.reflect.full.instanceParameter
import kotlin.reflect.full.memberFunctions
import kotlin.reflect.full.primaryConstructor

/*
 * Drives the generated, typed methods from JSON (the shared scenarios name
 * calls as "resource.method" with wire-named arguments): arguments are built
 * into the generated records by reflection, and answers are read back as JSON
 * so that JSON Pointers can be checked. Names are matched ignoring case and
 * separators, which is how uniffi derives them (`contact_id` → `contactId`).
 */

fun norm(name: String) = name.lowercase().filter { it.isLetterOrDigit() }

/** Marks a string that came from an enum variant's name, compared ignoring case and separators. */
const val ENUM_MARK = "\u0000enum:"

/** Calls `resource.method` (snake or camel case) on [client] with wire-named JSON arguments. */
suspend fun callByName(client: ReplyClient, call: String, args: JsonObject, extra: Map<String, Any?> = emptyMap()): Any? {
    val (resource, method) = call.split('.')
    val api = client::class.memberFunctions.single { norm(it.name) == norm(resource) && it.parameters.size == 1 }
        .call(client)!!
    val fn = api::class.memberFunctions.singleOrNull { norm(it.name) == norm(method) }
        ?: error("$call: no method ${norm(method)} on ${api::class.simpleName}")
    try {
        return fn.callSuspendBy(bind(fn, api, args, extra))
    } catch (e: java.lang.reflect.InvocationTargetException) {
        throw e.cause ?: e
    }
}

/** The method object and bound arguments, for callers that need to call more than once. */
fun bind(fn: KFunction<*>, receiver: Any, args: JsonObject, extra: Map<String, Any?>): Map<KParameter, Any?> {
    val bound = mutableMapOf<KParameter, Any?>(fn.instanceParameter!! to receiver)
    for (p in fn.parameters.filter { it.kind == KParameter.Kind.VALUE }) {
        val name = p.name!!
        if (extra.containsKey(name)) {
            bound[p] = extra[name]
            continue
        }
        val key = args.keys.firstOrNull { norm(it) == norm(name) }
        when {
            key != null -> bound[p] = fromJson(args.getValue(key), p.type)
            !p.isOptional -> error("${fn.name}: argument `$name` is missing")
        }
    }
    return bound
}

/** Builds a value of [type] (a generated record, enum, list, map or primitive) from JSON. */
fun fromJson(json: JsonElement, type: KType): Any? {
    if (json is JsonNull) return if (type.isMarkedNullable) null else error("null for $type")
    val cls = type.classifier as KClass<*>
    val p = json as? JsonPrimitive
    return when (cls) {
        // `JsonValue` is a typealias of String: non-string JSON travels as its text.
        String::class -> if (p != null && p.isString) p.content else json.toString()
        Long::class -> p!!.long
        Int::class -> p!!.long.toInt()
        UInt::class -> p!!.long.toUInt()
        ULong::class -> p!!.long.toULong()
        UShort::class -> p!!.long.toUShort()
        Double::class -> p!!.double
        Boolean::class -> p!!.boolean
        List::class -> (json as JsonArray).map { fromJson(it, type.arguments[0].type!!) }
        Map::class -> (json as JsonObject).mapValues { fromJson(it.value, type.arguments[1].type!!) }
        else -> when {
            cls.isData -> record(cls, json as JsonObject)
            cls.isSealed -> variant(cls, json)
            else -> error("cannot build $cls from JSON")
        }
    }
}

private fun record(cls: KClass<*>, json: JsonObject): Any {
    val ctor = cls.primaryConstructor!!
    val args = mutableMapOf<KParameter, Any?>()
    val used = mutableSetOf<String>()
    for (p in ctor.parameters.filter { it.name != "extra" }) {
        val key = json.keys.firstOrNull { norm(it) == norm(p.name!!) }
        if (key != null) {
            used += key
            args[p] = fromJson(json.getValue(key), p.type)
        } else if (!p.isOptional) {
            args[p] = if (p.type.isMarkedNullable) null else error("${cls.simpleName}.${p.name} is missing")
        }
    }
    // Members the record does not declare travel in `extra`, as the SDK keeps them.
    val unknown = json.filterKeys { it !in used }.mapValues { it.value.toString() }
    ctor.parameters.singleOrNull { it.name == "extra" }?.let { args[it] = unknown }
    return ctor.callBy(args)
}

/** A string enum's variant from its wire value, or a union's member from its tag. */
private fun variant(cls: KClass<*>, json: JsonElement): Any {
    val subclasses = cls.sealedSubclasses.filter { it.simpleName != "Unknown" }
    if (json is JsonPrimitive) {
        subclasses.firstOrNull { norm(it.simpleName!!) == norm(json.content) }?.objectInstance?.let { return it }
        return cls.sealedSubclasses.single { it.simpleName == "Unknown" }.primaryConstructor!!.call(json.content)
    }
    val tags = (json as JsonObject).values.mapNotNull { (it as? JsonPrimitive)?.takeIf { p -> p.isString }?.content }
    val member = subclasses.firstOrNull { sub -> tags.any { norm(it) == norm(sub.simpleName!!) } }
        ?: return cls.sealedSubclasses.single { it.simpleName == "Unknown" }.primaryConstructor!!.call(json.toString())
    val ctor = member.primaryConstructor!!
    return ctor.call(fromJson(json, ctor.parameters.single().type))
}

/** Reads a generated value back as JSON (record members under their Kotlin names, `extra` merged in). */
fun toJson(value: Any?): JsonElement = when (value) {
    null, Unit -> JsonNull
    is String -> JsonPrimitive(value)
    is Boolean -> JsonPrimitive(value)
    is Number -> JsonPrimitive(value)
    is UInt -> JsonPrimitive(value.toLong())
    is ULong -> JsonPrimitive(value.toLong())
    is UShort -> JsonPrimitive(value.toInt())
    is List<*> -> JsonArray(value.map(::toJson))
    is Map<*, *> -> JsonObject(value.entries.associate { it.key.toString() to toJson(it.value) })
    else -> {
        val cls = value::class
        when {
            cls.objectInstance != null -> JsonPrimitive(ENUM_MARK + cls.simpleName)
            cls.simpleName == "Unknown" && cls.supertypes.any { (it.classifier as KClass<*>).isSealed } -> {
                val text = cls.declaredMemberProperties.single().getter.call(value) as String
                if (cls.declaredMemberProperties.single().name == "json") Json.parseToJsonElement(text) else JsonPrimitive(text)
            }
            cls.isData && cls.supertypes.any { (it.classifier as KClass<*>).isSealed } ->
                toJson(cls.declaredMemberProperties.single().getter.call(value))
            cls.isData -> {
                val members = mutableMapOf<String, JsonElement>()
                for (prop in cls.declaredMemberProperties) {
                    val v = prop.getter.call(value)
                    if (prop.name == "extra") {
                        @Suppress("UNCHECKED_CAST")
                        (v as Map<String, String>).forEach { (k, text) -> members[k] = Json.parseToJsonElement(text) }
                    } else if (v != null) {
                        members[prop.name] = toJson(v)
                    }
                }
                JsonObject(members)
            }
            else -> JsonPrimitive(value.toString())
        }
    }
}

/** Follows a JSON Pointer, matching member names loosely (wire `first_name` or `firstName`). */
fun pointer(root: JsonElement, path: String): JsonElement? {
    var at: JsonElement? = root
    for (raw in path.split('/').drop(1)) {
        val token = raw.replace("~1", "/").replace("~0", "~")
        at = when (val node = at) {
            is JsonObject -> node.entries.firstOrNull { norm(it.key) == norm(token) }?.value
            is JsonArray -> token.toIntOrNull()?.let { node.getOrNull(it) }
            else -> null
        }
    }
    return at
}

/** JSON equality where a string from an enum variant matches its wire value loosely. */
fun sameJson(expected: JsonElement, actual: JsonElement?): Boolean {
    if (actual == null) return false
    if (expected is JsonPrimitive && actual is JsonPrimitive) {
        if (actual.isString && actual.content.startsWith(ENUM_MARK)) {
            return norm(actual.content.removePrefix(ENUM_MARK)) == norm(expected.content)
        }
        if (!expected.isString && !actual.isString) return expected.content.toDoubleOrNull() == actual.content.toDoubleOrNull()
        return expected == actual
    }
    return expected == actual
}

val JsonElement.text: String get() = jsonPrimitive.content
