'use strict';

// The error hierarchy: the engine's classes are generated from the table every
// binding shares (generated/errors.js); the workflow refusals are below. The
// native module throws plain Errors whose message is a JSON description of the
// engine's ErrorInfo (napi cannot throw custom classes); `fromNative` rebuilds
// the class here. `AbortError` is Node's own: only Node cancels through a signal.

const generated = require('../generated/errors');

const { ReplyError, ConfigError } = generated;

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

/**
 * The call's `signal` aborted: the call stopped wherever it was (on the wire,
 * between retries, waiting for a quota slot or a job) and sends nothing more.
 * Named `AbortError`, as `fetch` names its own. A write aborted while on the
 * wire may still have been applied.
 */
class AbortError extends ReplyError {}

const BY_KIND = {
  ...generated.CLASS_FOR_KIND,
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
  ...generated,
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
