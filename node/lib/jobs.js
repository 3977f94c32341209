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

  /** The job as it is now; `signal` aborts the request. */
  status({ signal } = {}) {
    return this.#runtime.jobStatus(this.id, this.#with(signal));
  }

  /** The starting call's options, with this call's signal. */
  #with(signal) {
    return signal === undefined ? this.#options : { ...this.#options, signal };
  }

  /**
   * Polls, backing off from 200 ms to 5 s, until the job is Done, Failed,
   * Expired or Cancelled; rejects with a TimeoutError after `timeoutMs`
   * (the job keeps running). `signal` stops the wait with an AbortError
   * (the job keeps running too).
   */
  wait({ timeoutMs = 300_000, signal } = {}) {
    return this.#runtime.jobWait(this.id, timeoutMs, this.#with(signal));
  }

  /** Asks Reply to cancel the job; `signal` aborts the request. */
  cancel(reason, { signal } = {}) {
    return this.#runtime.jobCancel(this.id, reason, this.#with(signal));
  }
}

module.exports = { Job };
