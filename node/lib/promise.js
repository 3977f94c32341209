'use strict';

// What a generated method returns: a Promise of the decoded answer that also
// offers `.withResponse()`, the answer with its status and headers. The
// answer is decoded only for the way the caller reads it, so a caller using
// only `.withResponse()` leaves no second, unhandled rejection behind.

class ReplyPromise extends Promise {
  #response;
  #decode;
  #settle;
  #wired = false;

  // `then` on this promise gives plain Promises.
  static get [Symbol.species]() {
    return Promise;
  }

  /** `response` resolves to the native answer; `decode` turns it into the value promised. */
  static from(response, decode) {
    let settle;
    const promise = new ReplyPromise((resolve, reject) => {
      settle = { resolve, reject };
    });
    promise.#response = response;
    promise.#decode = decode;
    promise.#settle = settle;
    return promise;
  }

  then(onFulfilled, onRejected) {
    if (!this.#wired && this.#response !== undefined) {
      this.#wired = true;
      const { resolve, reject } = this.#settle;
      this.#response.then((answer) => {
        try {
          resolve(this.#decode(answer));
        } catch (error) {
          reject(error);
        }
      }, reject);
    }
    return super.then(onFulfilled, onRejected);
  }

  /** The decoded answer as `data`, beside the `response`'s status and headers (names in lower case). */
  withResponse() {
    return this.#response.then((answer) => ({
      data: this.#decode(answer),
      response: { status: answer.status, headers: answer.headers },
    }));
  }

  get [Symbol.toStringTag]() {
    return 'ReplyPromise';
  }
}

module.exports = { ReplyPromise };
