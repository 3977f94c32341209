'use strict';

// Paginated operations return a PagePromise: awaiting it gives the first page
// (`{ items, hasMore }`), `for await` over it gives every item of every page,
// and `.pages()` gives the pages one by one. Nothing is sent until one of
// these starts; iteration fetches at most two pages ahead of the reader (one
// waiting, one on its way).

const { native } = require('./errors');

/**
 * A page from its pieces: the page with `[]` for its items, then the items
 * in arrays. Small pieces are parsed where V8 frees them soonest (see
 * bindings/node/src/text.rs).
 */
function assemble(pieces) {
  const page = JSON.parse(pieces[0]);
  if (pieces.length > 1) {
    const items = [];
    for (let i = 1; i < pieces.length; i++) {
      for (const item of JSON.parse(pieces[i])) items.push(item);
    }
    page.items = items;
  }
  return page;
}

/** An async iterator over the pages of a native pager. */
class PageIterator {
  #open;
  #pager;
  /** Stops listening to the call's signal once the walk is over. */
  #release = () => {};
  #done = false;

  /**
   * `open` makes the native pager (and its `release`), on the first
   * `next()`: bad input rejects it.
   */
  constructor(open) {
    this.#open = open;
  }

  async next() {
    if (this.#done) return { value: undefined, done: true };
    if (this.#pager === undefined) ({ pager: this.#pager, release: this.#release } = this.#open());
    let pieces;
    try {
      pieces = await native(this.#pager.next());
    } catch (error) {
      this.#finish();
      throw error;
    }
    if (pieces === null) {
      this.#finish();
      return { value: undefined, done: true };
    }
    return { value: assemble(pieces), done: false };
  }

  #finish() {
    this.#done = true;
    this.#release();
  }

  async return(value) {
    if (!this.#done) {
      this.#finish();
      await this.#pager?.close();
    }
    return { value, done: true };
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/** An async iterator over the items of every page. Items of a page already
 * fetched are handed out without a round trip to the native side. */
class ItemIterator {
  #pages;
  #items = [];
  #at = 0;

  constructor(pages) {
    this.#pages = pages;
  }

  next() {
    // Not `async`: an item already here costs one resolved promise, not an
    // async function's machinery (a third less per item, measured).
    if (this.#at < this.#items.length) {
      return Promise.resolve({ value: this.#items[this.#at++], done: false });
    }
    return this.#nextPage();
  }

  async #nextPage() {
    while (this.#at >= this.#items.length) {
      const page = await this.#pages.next();
      if (page.done) return page;
      this.#items = Array.isArray(page.value?.items) ? page.value.items : [];
      this.#at = 0;
    }
    return { value: this.#items[this.#at++], done: false };
  }

  return(value) {
    this.#items = [];
    return this.#pages.return(value);
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

class PagePromise {
  #runtime;
  #request;
  #first;

  constructor(runtime, operation, params, body, options) {
    this.#runtime = runtime;
    this.#request = [operation, params, body, options];
  }

  #firstPage() {
    this.#first ??= this.#runtime.call(...this.#request);
    return this.#first;
  }

  then(onFulfilled, onRejected) {
    return this.#firstPage().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#firstPage().catch(onRejected);
  }

  finally(onFinally) {
    return this.#firstPage().finally(onFinally);
  }

  /** The first page as `data`, beside the `response`'s status and headers. */
  withResponse() {
    return this.#firstPage().withResponse();
  }

  /** Every page, fetched as the loop asks for it (`top` in the query is the page size). */
  pages() {
    return new PageIterator(() => this.#runtime.pager(...this.#request));
  }

  /** Every item of every page. */
  [Symbol.asyncIterator]() {
    return new ItemIterator(this.pages());
  }

  get [Symbol.toStringTag]() {
    return 'PagePromise';
  }
}

module.exports = { PagePromise };
