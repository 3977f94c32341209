package io.reply.sdk

import io.reply.sdk.example.example
import io.reply.sdk.example.safeWorkflows
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.io.File

/** The README's example is this suite's example/ReadmeExample.kt, compiled and run against reply-mock. */
class ReadmeExampleTest {
    @Test
    fun theReadmeExampleIsTheCompiledOne() {
        val readme = File(repoRoot, "bindings/uniffi/kotlin/README.md").readText()
        val block = Regex("```kotlin\n(.*?)```", RegexOption.DOT_MATCHES_ALL).find(readme)!!.groupValues[1]
        val source = File(repoRoot, "bindings/uniffi/kotlin/src/test/kotlin/io/reply/sdk/example/ReadmeExample.kt").readText()
        assertEquals(source, block)
    }

    @Test
    fun theExampleRuns() {
        Mock().use { mock ->
            val lines = runBlocking { example(MOCK_KEY, mock.baseUrl) }
            assertEquals("I am Jane Owner", lines[0])
            assertEquals("list Conference leads and contact ada@example.com", lines[2])
            assertEquals("1 contacts on the first pages", lines[3])
            assertEquals("sequence 987654321: not found (404)", lines[4])
        }
    }

    @Test
    fun theSafeWorkflowsExampleIsTheCompiledOneAndRuns() {
        val readme = File(repoRoot, "bindings/uniffi/kotlin/README.md").readText()
        val blocks = Regex("```kotlin\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(readme).map { it.groupValues[1] }.toList()
        val source = File(repoRoot, "bindings/uniffi/kotlin/src/test/kotlin/io/reply/sdk/example/SafeWorkflowsExample.kt").readText()
        assertEquals(source, blocks[1])
        Mock().use { mock ->
            val lines = runBlocking { safeWorkflows(MOCK_KEY, mock.baseUrl) }
            assertEquals("ada true Ada Lovelace Countess", lines[0])
            assertEquals("nobody@example.com: not found", lines[2])
            assertEquals("refused: step_not_found", lines[3])
            assertEquals(true, lines[1].endsWith(": enrolled"), lines[1])
        }
    }
}
