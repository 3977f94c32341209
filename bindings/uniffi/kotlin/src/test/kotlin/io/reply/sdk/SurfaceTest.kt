package io.reply.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * What Kotlin and Swift developers see, read from the generated sources:
 * `suspend` functions and a sealed exception hierarchy in Kotlin, `async
 * throws` methods and an `Error` enum in Swift, one method per operation.
 */
class SurfaceTest {
    private val kotlin = File(repoRoot, "bindings/uniffi/kotlin/target/generated-sources/uniffi/io/reply/sdk/reply_uniffi.kt").readText()
    private val swift = File(repoRoot, "bindings/uniffi/swift/Sources/Reply/Reply.swift").readText()
    private val operations = File(repoRoot, "crates/reply-client/OPERATIONS.md").readLines()
        .count { it.startsWith("| [") }

    @Test
    fun kotlinHasSuspendFunctionsAndASealedExceptionHierarchy() {
        assertEquals(375, operations)
        assertTrue(kotlin.contains("sealed class ReplyException: kotlin.Exception()"))
        for (variant in listOf("Unauthorized", "Forbidden", "NotFound", "Conflict", "Validation", "RateLimited",
            "Server", "Api", "OutcomeUnknown", "Timeout", "Connection", "Decode", "Config")) {
            assertTrue(Regex("""class $variant\((.|\n)*?\) : ReplyException\(\)""").containsMatchIn(kotlin), variant)
        }
        assertTrue(kotlin.contains("suspend fun `list`(`top`: kotlin.Long? = null"))
        // Implementations of async methods: every operation, plus pagers, jobs and `call`.
        val asyncMethods = Regex("""override suspend fun """).findAll(kotlin).count()
        assertTrue(asyncMethods >= operations, "$asyncMethods suspend methods for $operations operations")
    }

    @Test
    fun swiftHasAsyncThrowsAndAnErrorEnum() {
        assertTrue(Regex("""public\s+enum ReplyError: Swift.Error""").containsMatchIn(swift))
        val asyncMethods = Regex("""open func \w+\([^)]*\)\s*async throws""").findAll(swift).count()
        assertTrue(asyncMethods >= operations, "$asyncMethods async methods for $operations operations")
        assertTrue(swift.contains("public struct Contact"))
    }

    @Test
    fun theSafeWorkflowsAreSuspendInKotlinAndAsyncThrowsInSwift() {
        for (name in listOf("findByEmail", "ensure", "ensureMany", "enrol", "resolve")) {
            assertTrue(Regex("""override suspend fun `$name`\(""").containsMatchIn(kotlin), name)
            assertTrue(Regex("""open func $name\([^)]*\)\s*async throws""").containsMatchIn(swift), name)
        }
        assertTrue(Regex("""class Workflow\((.|\n)*?\) : ReplyException\(\)""").containsMatchIn(kotlin))
        assertTrue(Regex("""case Workflow\(""").containsMatchIn(swift))
    }
}
