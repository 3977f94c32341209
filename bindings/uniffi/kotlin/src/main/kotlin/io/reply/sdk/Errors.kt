package io.reply.sdk

/**
 * The fields every [ReplyException] carries, readable without matching the
 * subclass first (uniffi gives each subclass its own copy of them).
 */
val ReplyException.kind: String
    get() = fields().kind

/** The HTTP status, when there was an answer. */
val ReplyException.status: Int?
    get() = fields().status

/** The problem `code` slug (`sequence.notFound`, `TEAM_REQUIRED`). */
val ReplyException.code: String?
    get() = fields().code

/** The problem `detail`. */
val ReplyException.detail: String?
    get() = fields().detail

/** Field-level validation failures (JSON Pointer and reason). */
val ReplyException.fieldErrors: List<FieldError>
    get() = fields().fieldErrors

/** How long the server asked to wait, in milliseconds. */
val ReplyException.retryAfterMs: Long?
    get() = fields().retryAfterMs

private class Fields(
    val kind: String,
    val status: Int?,
    val code: String?,
    val detail: String?,
    val fieldErrors: List<FieldError>,
    val retryAfterMs: Long?,
)

private fun ReplyException.fields(): Fields = when (this) {
    is ReplyException.Unauthorized -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Forbidden -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.NotFound -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Conflict -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Validation -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.RateLimited -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Server -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Api -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.OutcomeUnknown -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Timeout -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Connection -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Decode -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Config -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
    is ReplyException.Workflow -> Fields(kind, status, code, detail, fieldErrors, retryAfterMs)
}
