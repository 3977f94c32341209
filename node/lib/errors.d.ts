import { ReplyError, EngineErrorKind } from '../generated/errors';

export * from '../generated/errors';

/** The kinds of error: the engine's (one per class of the shared table) and the safe workflows' refusals. */
export type ErrorKind =
  | EngineErrorKind
  // A call whose `signal` aborted (AbortError).
  | 'cancelled'
  | 'ambiguous_email'
  | 'lookup_incomplete'
  | 'contact_refused'
  | 'step_not_found'
  | 'step_ambiguous'
  | 'invalid_input';

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
