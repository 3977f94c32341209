'use strict';

const { inspect } = require('node:util');

const { Resources } = require('../generated/resources');
const { Job } = require('./jobs');
const { rawOptions } = require('./raw');
const { Runtime } = require('./runtime');

/** Lets `fromEnv` hand a ready runtime to the constructor. */
const FROM_RUNTIME = Symbol('runtime');

/**
 * The Reply API client: one resource per tag (`client.contacts`,
 * `client.sequences`, ...), one method per operation. It holds the key only on
 * the native side, so nothing JS can print shows it.
 */
class ReplyClient extends Resources {
  #runtime;
  #safe = new Map();

  constructor(options, from) {
    const runtime = from === FROM_RUNTIME ? options : Runtime.create(options);
    super(runtime);
    this.#runtime = runtime;
  }

  /** A client from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`, with `options` on top. */
  static fromEnv(options = {}) {
    return new ReplyClient(Runtime.fromEnv(options), FROM_RUNTIME);
  }

  // The resources that also carry the safe workflows (lib/workflows.js,
  // loaded on first use like the other resources).
  #withWorkflows(name) {
    let made = this.#safe.get(name);
    if (made === undefined) {
      made = new (require('./workflows')[name])(this.#runtime);
      this.#safe.set(name, made);
    }
    return made;
  }

  get contacts() {
    return this.#withWorkflows('SafeContacts');
  }

  get sequences() {
    return this.#withWorkflows('SafeSequences');
  }

  get sequenceSteps() {
    return this.#withWorkflows('SafeSequenceSteps');
  }

  /** The base URL requests go to. */
  get baseUrl() {
    return this.#runtime.baseUrl;
  }

  /** What is left of the request budget, or `null` when the client-side quota is off. */
  quota() {
    return this.#runtime.quota();
  }

  /**
   * Sends `method` to any `path` under the API (`/v3/things`, `things`),
   * known to this SDK or not, with the retries, quota, acting user and errors
   * of every call; resolves to the answer's JSON as plain data.
   */
  async request(request) {
    const { method, path, pairs, body, options } = rawOptions(request);
    return this.#runtime.request(method, path, pairs, body, options);
  }

  /** A handle to an existing background job, followed with `options` (the acting user and team that started it). */
  job(id, options) {
    return new Job(this.#runtime, String(id), undefined, options);
  }

  toString() {
    return `ReplyClient(${this.baseUrl})`;
  }

  toJSON() {
    return { baseUrl: this.baseUrl };
  }

  [inspect.custom]() {
    return `ReplyClient { baseUrl: ${inspect(this.baseUrl)} }`;
  }
}

module.exports = { ReplyClient };
