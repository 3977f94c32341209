package io.reply.sdk

import kotlinx.coroutines.runBlocking

/**
 * One worker process of [SharedQuotaTest]: builds a client on the mock with the
 * scaled quota (in Redis when a URL is given), says `ready`, waits for a line
 * on stdin so both workers start together, makes its reads with retries off
 * (a 429 shows as a failure) and prints how many failed.
 * Arguments: baseUrl, redis URL or "", reads, API key.
 */
fun main(args: Array<String>) {
    val (baseUrl, redis, reads, apiKey) = args
    val quota = SharedQuotaTest.quota.copy(redis = redis.ifEmpty { null })
    val client = ReplyClient(apiKey, ClientOptions(baseUrl = baseUrl, quota = quota, maxRetries = 0u))
    println("ready")
    readln()
    var failed = 0
    runBlocking {
        repeat(reads.toInt()) {
            try {
                client.customFields().list()
            } catch (e: ReplyException) {
                failed += 1
            }
        }
    }
    println(failed)
}
