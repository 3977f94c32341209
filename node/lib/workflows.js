'use strict';

// The safe workflows, done by the Rust engine (`reply_client::workflows`):
// each method is one native call plus the JSON round trip. `ReplyClient`
// hands out these subclasses of the generated resources, so the helpers sit
// beside the endpoints (`client.contacts.ensure(...)`).

const { Contacts } = require('../generated/resources/contacts');
const { Sequences } = require('../generated/resources/sequences');
const { SequenceSteps } = require('../generated/resources/sequence_steps');
const { fromDescription } = require('./errors');

/** A typed model (anything with `toJSON`) or a plain object, as JSON-ready data. */
function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

class SafeContacts extends Contacts {
  #rt;

  constructor(runtime) {
    super(runtime);
    this.#rt = runtime;
  }

  /** The one contact whose address is `email` (ignoring case, never a containment match), or `null`. */
  async findByEmail(email) {
    return JSON.parse(await this.#rt.workflow('findByEmail', String(email)));
  }

  /** The contact with the person's email, matched (per `onExisting`) or created; unsent members are kept. */
  async ensure(person, options = {}) {
    const [answer] = await this.ensureMany([person], options);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  /** `ensure` for many people: one answer per person, an `Ensured` or the error that refused it. */
  async ensureMany(people, options = {}) {
    const text = await this.#rt.workflow('ensure', JSON.stringify(plain([...people])), options.onExisting ?? 'fillEmpty');
    return JSON.parse(text).map((a) => (a.error === undefined ? a.ok : fromDescription(a.error)));
  }
}

class SafeSequences extends Sequences {
  #rt;

  constructor(runtime) {
    super(runtime);
    this.#rt = runtime;
  }

  /** Enrols contacts (ids, addresses or people) and answers per contact; members are never moved. */
  async enrol(sequenceId, contacts, options = {}) {
    const text = await this.#rt.workflow('enrol', sequenceId, JSON.stringify(plain([...contacts])), JSON.stringify(options));
    return JSON.parse(text);
  }
}

class SafeSequenceSteps extends SequenceSteps {
  #rt;

  constructor(runtime) {
    super(runtime);
    this.#rt = runtime;
  }

  /** The id of the step at a 1-based position, by the steps' `parentId` links. */
  async resolve(sequenceId, position) {
    return this.#rt.workflow('resolveStep', sequenceId, position);
  }
}

module.exports = { SafeContacts, SafeSequences, SafeSequenceSteps };
