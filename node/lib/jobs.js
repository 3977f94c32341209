'use strict';

// A background job started by an operation that answers `202 Accepted`.

class Job {
  #runtime;

  constructor(runtime, id, response) {
    this.#runtime = runtime;
    /** The job's id, as in `/v3/background-jobs/{id}`. */
    this.id = id;
    /** The body of the answer that started the job (`undefined` for a handle made from an id). */
    this.response = response;
  }

  /** The job as it is now. */
  status() {
    return this.#runtime.jobStatus(this.id);
  }

  /**
   * Polls, backing off from 200 ms to 5 s, until the job is Done, Failed,
   * Expired or Cancelled; rejects with a TimeoutError after `timeoutMs`
   * (the job keeps running).
   */
  wait({ timeoutMs = 300_000 } = {}) {
    return this.#runtime.jobWait(this.id, timeoutMs);
  }

  /** Asks Reply to cancel the job. */
  cancel(reason) {
    return this.#runtime.jobCancel(this.id, reason);
  }
}

module.exports = { Job };
