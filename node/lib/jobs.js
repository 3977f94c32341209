'use strict';

// A background job started by an operation that answers `202 Accepted`. It
// is polled and cancelled with the request options of the call that started it.

class Job {
  #runtime;
  /** The request options of the call that started the job (acting user, team, ...). */
  #options;

  constructor(runtime, id, output, options) {
    this.#runtime = runtime;
    this.#options = options;
    /** The job's id, as in `/v3/background-jobs/{id}`. */
    this.id = id;
    /** The body of the answer that started the job (`undefined` for a handle made from an id). */
    this.output = output;
  }

  /** The job as it is now. */
  status() {
    return this.#runtime.jobStatus(this.id, this.#options);
  }

  /**
   * Polls, backing off from 200 ms to 5 s, until the job is Done, Failed,
   * Expired or Cancelled; rejects with a TimeoutError after `timeoutMs`
   * (the job keeps running).
   */
  wait({ timeoutMs = 300_000 } = {}) {
    return this.#runtime.jobWait(this.id, timeoutMs, this.#options);
  }

  /** Asks Reply to cancel the job. */
  cancel(reason) {
    return this.#runtime.jobCancel(this.id, reason, this.#options);
  }
}

module.exports = { Job };
