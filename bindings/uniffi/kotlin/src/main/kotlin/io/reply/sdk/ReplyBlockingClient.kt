package io.reply.sdk

import kotlinx.coroutines.runBlocking
import kotlin.time.toKotlinDuration

/**
 * The client for Java and other callers without coroutines: the same engine
 * as [ReplyClient], every call blocking the calling thread until it ends, and
 * paginated calls (`listPages`, ...) as an [Iterable] of pages fetched as the
 * loop asks. The resource methods are generated ([BlockingResources]).
 *
 * ```java
 * ReplyBlockingClient reply = ReplyBlockingClient.builder(apiKey).timeout(Duration.ofSeconds(10)).build();
 * for (GetContactsResponse page : reply.contacts().listPages()) { ... }
 * ```
 */
class ReplyBlockingClient private constructor(val client: ReplyClient) : BlockingResources(client) {
    /** The base URL requests go to. */
    fun baseUrl(): String = client.baseUrl()

    /** What is left of the request budget, or `null` when the client-side quota is off. */
    fun quota(): QuotaSnapshot? = client.quota()

    override fun toString(): String = "ReplyBlockingClient(${client.baseUrl()})"

    /** [ClientOptions] in Java's types; each setter returns the builder. */
    class Builder internal constructor(private val apiKey: String) {
        private var options = ClientOptions()

        fun baseUrl(url: String) = apply { options = options.copy(baseUrl = url) }

        /** How long one attempt may take. */
        fun timeout(timeout: java.time.Duration) = apply { options = options.copy(timeout = timeout.toKotlinDuration()) }

        /** How long one call may take in all, retries and quota waits included. */
        fun deadline(deadline: java.time.Duration) =
            apply { options = options.copy(deadline = deadline.toKotlinDuration()) }

        /** Retries after the first attempt (0 turns retrying off). */
        fun maxRetries(retries: Int) = apply {
            require(retries >= 0) { "maxRetries must be 0 or more" }
            options = options.copy(maxRetries = retries.toUInt())
        }

        /** Sent as `X-Team-Id`. */
        fun teamId(teamId: Long) = apply { options = options.copy(teamId = teamId) }

        /** Act as this user (`X-User-Id`), for master and organization keys. */
        fun actingUserId(userId: Long) = apply { options = options.copy(actingUserId = userId) }

        /** Act as this user (`X-User-Email`). */
        fun actingUserEmail(email: String) = apply { options = options.copy(actingUserEmail = email) }

        /** Turns client-side rate limiting off (the server's 429s still apply). */
        fun disableQuota() = apply { options = options.copy(disableQuota = true) }

        fun userAgent(userAgent: String) = apply { options = options.copy(userAgent = userAgent) }

        /** The client; a `ReplyException.Config` for options the engine refuses. */
        fun build(): ReplyBlockingClient = ReplyBlockingClient(ReplyClient(apiKey, options))
    }

    companion object {
        /** A builder for a client with `apiKey`. */
        @JvmStatic
        fun builder(apiKey: String): Builder = Builder(apiKey)

        /** A client from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`. */
        @JvmStatic
        fun fromEnv(): ReplyBlockingClient = ReplyBlockingClient(ReplyClient.fromEnv())

        /** The blocking view of an existing client (sharing its connections and budget). */
        @JvmStatic
        fun of(client: ReplyClient): ReplyBlockingClient = ReplyBlockingClient(client)
    }
}

/** Runs one `suspend` call to its end on the calling thread. */
internal fun <T> blocking(call: suspend () -> T): T = runBlocking { call() }

/** The pages [next] gives until it answers `null`, each fetched as the iteration asks. */
internal fun <P : Any> blockingPages(next: suspend () -> P?): Iterable<P> =
    Iterable { iterator { while (true) yield(blocking(next) ?: break) } }
