'use strict';

// The error hierarchy, one class per variant of the Rust `reply_core::Error`.
// The native module throws plain Errors whose message is a JSON description
// (napi cannot throw custom classes); `fromNative` rebuilds the class here.

/** Every error the SDK raises. */
class ReplyError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    /** The Rust variant's stable name: `not_found`, `validation`, ... */
    this.kind = details.kind ?? 'api';
    /** The operation that failed (`operationId`), when known. */
    this.operation = details.operation;
    /** The HTTP status, when there was an answer. */
    this.status = details.status;
    /** The problem's `code` slug (`sequence.notFound`, `TEAM_REQUIRED`). */
    this.code = details.code;
    this.title = details.title;
    /** The problem's human-readable explanation. */
    this.detail = details.detail;
    /** Field errors: `{ pointer, detail }` with a JSON Pointer into the request. */
    this.errors = details.errors ?? [];
    /** The full problem body, extension members included. */
    this.problem = details.problem;
  }
}

/** 401: the key is missing, wrong or revoked. */
class UnauthorizedError extends ReplyError {}
/** 403: no permission, a missing scope, or an identity problem (`TEAM_REQUIRED`: see `teams`). */
class ForbiddenError extends ReplyError {
  constructor(message, details = {}) {
    super(message, details);
    /** The teams to choose from on `TEAM_REQUIRED`: `{ teamId, teamName }`. */
    this.teams = details.teams ?? [];
  }
}
/** 404. */
class NotFoundError extends ReplyError {}
/** 409. */
class ConflictError extends ReplyError {}
/** 400 or 422; `errors` lists the fields at fault. */
class ValidationError extends ReplyError {}
/** 429 that outlasted the retries or the deadline. */
class RateLimitedError extends ReplyError {
  constructor(message, details = {}) {
    super(message, details);
    /** Seconds the server (or the client-side quota) asked to wait. */
    this.retryAfter = details.retryAfterMs === undefined ? undefined : details.retryAfterMs / 1000;
  }
}
/** 5xx on a read, after retries. */
class ServerError extends ReplyError {}
/** Any other error status. */
class ApiError extends ReplyError {}
/**
 * A write whose result is not known: Reply may or may not have acted. It was
 * not retried; read the resource back before trying again.
 */
class OutcomeUnknownError extends ReplyError {
  constructor(message, details = {}) {
    super(message, details);
    this.method = details.method;
    this.path = details.path;
    this.reason = details.reason;
  }
}
/** No answer in time (on a read, after retries). */
class TimeoutError extends ReplyError {}
/** The connection failed (on a read, after retries; on a write, before anything was sent). */
class ConnectionError extends ReplyError {}
/** A success answer whose body did not match its type. */
class DecodeError extends ReplyError {
  constructor(message, details = {}) {
    super(message, details);
    /** Where in the body decoding failed (`items[3].email`), when known. */
    this.path = details.path;
  }
}
/**
 * A write Reply answered with a 2xx whose body could not be read. The write
 * took effect: it was not retried and must not be sent again blindly.
 */
class AppliedUnreadableError extends DecodeError {
  constructor(message, details = {}) {
    super(message, details);
    /** The answer as it came (as text). */
    this.body = details.body;
  }
}
/** A request the SDK refuses to send (bad configuration or input). */
class ConfigError extends ReplyError {}
/**
 * The call's `signal` aborted: the call stopped wherever it was (on the wire,
 * between retries, waiting for a quota slot or a job) and sends nothing more.
 * Named `AbortError`, as `fetch` names its own. A write aborted while on the
 * wire may still have been applied.
 */
class AbortError extends ReplyError {}

/**
 * A safe workflow (`contacts.findByEmail`, `contacts.ensure`, `sequences.enrol`,
 * `sequenceSteps.resolve`) stopped rather than guess; `kind` names the refusal.
 * Calls the workflow made that failed throw the usual classes instead.
 */
class WorkflowError extends ReplyError {
  constructor(message, details = {}) {
    super(message, details);
    /** The address concerned (lookups and `ensure`). */
    this.email = details.email;
    /** The contacts an ambiguous address names. */
    this.ids = details.ids ?? [];
    /** The sequence and 1-based position of a step refusal. */
    this.sequenceId = details.sequenceId;
    this.position = details.position;
  }
}
/** Reply holds more than one contact with the address; `ids` names them. */
class AmbiguousEmailError extends WorkflowError {}
/** The listing went on past the pages the lookup reads, so a match could hide further on. */
class LookupIncompleteError extends WorkflowError {}
/** Reply did not take the contact; `code` is Reply's reason (`contactDeleted`, `Invalid data`, ...). */
class ContactRefusedError extends WorkflowError {}
/** No step is at `position` in sequence `sequenceId`. */
class StepNotFoundError extends WorkflowError {}
/** Branches (conditions) make `position` mean more than one step. */
class StepAmbiguousError extends WorkflowError {}
/** Input a workflow cannot act on (an empty address, position 0, ...); nothing was sent. */
class WorkflowInputError extends WorkflowError {}

const BY_KIND = {
  unauthorized: UnauthorizedError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  conflict: ConflictError,
  validation: ValidationError,
  rate_limited: RateLimitedError,
  server: ServerError,
  api: ApiError,
  outcome_unknown: OutcomeUnknownError,
  timeout: TimeoutError,
  connection: ConnectionError,
  decode: DecodeError,
  applied_unreadable: AppliedUnreadableError,
  config: ConfigError,
  cancelled: AbortError,
  ambiguous_email: AmbiguousEmailError,
  lookup_incomplete: LookupIncompleteError,
  contact_refused: ContactRefusedError,
  step_not_found: StepNotFoundError,
  step_ambiguous: StepAmbiguousError,
  invalid_input: WorkflowInputError,
};

const MARKER = '{"$replyError":';

/** The SDK error a native failure stands for. */
function fromNative(error) {
  if (!(error instanceof Error)) return error;
  if (!error.message.startsWith(MARKER)) {
    // napi refused an argument before any Rust code ran: bad input from the caller.
    return new ConfigError(error.message, { kind: 'config', cause: error });
  }
  return fromDescription(JSON.parse(error.message));
}

/** The SDK error a native error description stands for. */
function fromDescription(details) {
  const Class = BY_KIND[details.kind] ?? ReplyError;
  return new Class(details.message, details);
}

/** Runs a native call and rethrows its failure as the matching SDK error. */
async function native(promise) {
  try {
    return await promise;
  } catch (error) {
    throw fromNative(error);
  }
}

/** Runs a synchronous native call likewise. */
function nativeSync(fn) {
  try {
    return fn();
  } catch (error) {
    throw fromNative(error);
  }
}

module.exports = {
  ReplyError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ValidationError,
  RateLimitedError,
  ServerError,
  ApiError,
  OutcomeUnknownError,
  TimeoutError,
  ConnectionError,
  DecodeError,
  AppliedUnreadableError,
  ConfigError,
  AbortError,
  WorkflowError,
  AmbiguousEmailError,
  LookupIncompleteError,
  ContactRefusedError,
  StepNotFoundError,
  StepAmbiguousError,
  WorkflowInputError,
  fromDescription,
  native,
  nativeSync,
};
