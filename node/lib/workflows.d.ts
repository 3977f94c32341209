import type { Contacts, Sequences, SequenceSteps } from '../generated/resources';
import type * as M from '../generated/models';
import type { ReplyError } from './errors';

/** A contact to create or match by email (`email` and `firstName` at least). */
export type Person = M.ContactsImportRequestItemsItem;

/** A contact id, the address of a contact Reply holds, or a person to ensure first. */
export type EnrolTarget = number | string | Person;

/**
 * What `ensure` does with a contact Reply already holds under the address:
 * fill its empty members (the default), overwrite the members sent, or change nothing.
 */
export type OnExisting = 'fillEmpty' | 'overwrite' | 'keep';

/** The contact `ensure` settled on. */
export interface Ensured {
  id: number;
  /** True when Reply created it; false when it matched one it held. */
  created: boolean;
}

/** What happened to one contact. */
export type EnrolOutcome = 'enrolled' | 'already_in_sequence' | 'opted_out' | 'blacklisted' | 'not_found' | 'failed';

/** One contact's answer. */
export interface EnrolResult {
  /** How the contact was named: its id, its address, or the person's address. */
  target: string;
  contactId: number | null;
  outcome: EnrolOutcome;
  /** For `failed`: Reply's code, or the kind of error that stopped it. */
  code: string | null;
  detail: string | null;
  /** Whether this is the outcome asked for. */
  asAsked: boolean;
}

/** Every contact's answer, in the order given. */
export interface EnrolReport {
  sequenceId: number;
  startStepId: number | null;
  allAsAsked: boolean;
  results: EnrolResult[];
}

export interface EnrolOptions {
  /** The 1-based position to start at (see `sequenceSteps.resolve`). */
  startStep?: number;
  /** Or a step id of the sequence. */
  startStepId?: number;
  /** Skip the delay before the first step. */
  ignoreStepDelay?: boolean;
  /** A contact already in the sequence is left where it is and counts as done (`skip`) or failed (`fail`). */
  ifAlready?: 'skip' | 'fail';
  /** Take the contacts out of their other sequences. Sent explicitly either way; `false` by default. */
  removeFromExisting?: boolean;
}

/** `client.contacts`: the generated operations and the safe workflows. */
export interface SafeContacts extends Contacts {
  /**
   * The one contact whose address is `email` (ignoring case, never a containment
   * match), or `null`. Rejects with `AmbiguousEmailError` when Reply holds two,
   * `LookupIncompleteError` when the listing does not end within the pages it reads.
   */
  findByEmail(email: string): Promise<M.Contact | null>;
  /**
   * The contact with the person's email: matched (treated per `onExisting`) or
   * created. Members not sent are never blanked. A refusal rejects with
   * `ContactRefusedError` carrying Reply's `code`.
   */
  ensure(person: Person, options?: { onExisting?: OnExisting }): Promise<Ensured>;
  /** `ensure` for many people (1,000 per request): one answer per person, in order. */
  ensureMany(people: Iterable<Person>, options?: { onExisting?: OnExisting }): Promise<(Ensured | ReplyError)[]>;
}

/** `client.sequences`: the generated operations and `enrol`. */
export interface SafeSequences extends Sequences {
  /**
   * Enrols contacts and answers per contact. Contacts already in the sequence are
   * never sent (so never moved); `removeFromExisting` is always sent. Rejects only
   * when nothing was written (the sequence or the start step cannot be read).
   */
  enrol(sequenceId: number, contacts: Iterable<EnrolTarget>, options?: EnrolOptions): Promise<EnrolReport>;
}

/** `client.sequenceSteps`: the generated operations and `resolve`. */
export interface SafeSequenceSteps extends SequenceSteps {
  /**
   * The id of the step at a 1-based position, by the steps' `parentId` links.
   * Rejects with `StepAmbiguousError` where branches make the position mean more
   * than one step, `StepNotFoundError` where there is none.
   */
  resolve(sequenceId: number, position: number): Promise<number>;
}
