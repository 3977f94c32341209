/** A field-level validation failure. */
export interface FieldError {
  /** JSON Pointer into the request, e.g. `/email`. */
  pointer: string;
  detail: string;
}

/** The kinds of error, one per variant of the Rust SDK's `Error`. */
export type ErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'rate_limited'
  | 'server'
  | 'api'
  | 'outcome_unknown'
  | 'timeout'
  | 'connection'
  | 'decode'
  | 'applied_unreadable'
  | 'config'
  | 'cancelled'
  // The refusals of the safe workflows (WorkflowError).
  | 'ambiguous_email'
  | 'lookup_incomplete'
  | 'contact_refused'
  | 'step_not_found'
  | 'step_ambiguous'
  | 'invalid_input';

/** Every error the SDK raises. */
export declare class ReplyError extends Error {
  /** The variant's stable name. */
  readonly kind: ErrorKind;
  /** The operation that failed (`operationId`), when known. */
  readonly operation?: string;
  /** The HTTP status, when there was an answer. */
  readonly status?: number;
  /** The problem's `code` slug (`sequence.notFound`, `TEAM_REQUIRED`). */
  readonly code?: string;
  readonly title?: string;
  /** The problem's human-readable explanation. */
  readonly detail?: string;
  /** Field errors of a validation problem (empty otherwise). */
  readonly errors: FieldError[];
  /** The full problem body, extension members included. */
  readonly problem?: Record<string, unknown>;
}

/** 401: the key is missing, wrong or revoked. */
export declare class UnauthorizedError extends ReplyError {}
/** 403: no permission, a missing scope, or an identity problem (`TEAM_REQUIRED`: see `teams`). */
export declare class ForbiddenError extends ReplyError {
  readonly teams: { teamId: number; teamName: string }[];
}
/** 404. */
export declare class NotFoundError extends ReplyError {}
/** 409. */
export declare class ConflictError extends ReplyError {}
/** 400 or 422; `errors` lists the fields at fault. */
export declare class ValidationError extends ReplyError {}
/** 429 that outlasted the retries or the deadline. */
export declare class RateLimitedError extends ReplyError {
  /** Seconds the server (or the client-side quota) asked to wait. */
  readonly retryAfter?: number;
}
/** 5xx on a read, after retries. */
export declare class ServerError extends ReplyError {}
/** Any other error status. */
export declare class ApiError extends ReplyError {}
/** A write whose result is not known: read the resource back before trying again. */
export declare class OutcomeUnknownError extends ReplyError {
  readonly method?: string;
  readonly path?: string;
  readonly reason?: string;
}
/** No answer in time (on a read, after retries). */
export declare class TimeoutError extends ReplyError {}
/** The connection failed. */
export declare class ConnectionError extends ReplyError {}
/** A success answer whose body did not match its type. */
export declare class DecodeError extends ReplyError {
  /** Where in the body decoding failed, when known. */
  readonly path?: string;
}
/** A write Reply answered with a 2xx whose body could not be read: it took effect; do not send it again blindly. */
export declare class AppliedUnreadableError extends DecodeError {
  /** The answer as it came (as text). */
  readonly body?: string;
}
/** A request the SDK refuses to send (bad configuration or input). */
export declare class ConfigError extends ReplyError {}

/**
 * The call's `signal` aborted (`name` is `'AbortError'`, as with `fetch`): the
 * call stopped wherever it was (on the wire, between retries, waiting for a
 * quota slot or a job) and sends nothing more. A write aborted while on the
 * wire may still have been applied.
 */
export declare class AbortError extends ReplyError {}

/**
 * A safe workflow (`contacts.findByEmail`, `contacts.ensure`, `sequences.enrol`,
 * `sequenceSteps.resolve`) stopped rather than guess; `kind` names the refusal.
 */
export declare class WorkflowError extends ReplyError {
  /** The address concerned (lookups and `ensure`). */
  readonly email?: string;
  /** The contacts an ambiguous address names. */
  readonly ids: number[];
  /** The sequence of a step refusal. */
  readonly sequenceId?: number;
  /** The 1-based position of a step refusal. */
  readonly position?: number;
}
/** Reply holds more than one contact with the address; `ids` names them. */
export declare class AmbiguousEmailError extends WorkflowError {}
/** The listing went on past the pages the lookup reads, so a match could hide further on. */
export declare class LookupIncompleteError extends WorkflowError {}
/** Reply did not take the contact; `code` is Reply's reason (`contactDeleted`, `Invalid data`, ...). */
export declare class ContactRefusedError extends WorkflowError {}
/** No step is at `position` in sequence `sequenceId`. */
export declare class StepNotFoundError extends WorkflowError {}
/** Branches (conditions) make `position` mean more than one step. */
export declare class StepAmbiguousError extends WorkflowError {}
/** Input a workflow cannot act on (an empty address, position 0, ...); nothing was sent. */
export declare class WorkflowInputError extends WorkflowError {}
