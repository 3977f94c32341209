'use strict';

// Paginated methods: await for one page, `for await` for every item, `.pages()`
// for page by page; lazy, at most two pages ahead, stoppable, typed errors.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

const { ConfigError, PagePromise, ReplyClient, UnauthorizedError } = require('..');
const { KEYS, startMock } = require('./support/mock');

const TOTAL = 25;
let mock;
let created;
let names;

/** A client of its own, so `quota()` counts only this test's requests. */
function fresh() {
  return new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
}

/** Requests `client` has sent, read from what is left of its per-minute budget. */
function sent(client) {
  const quota = client.quota();
  return 100 - quota.default.minute;
}

before(async () => {
  mock = await startMock({ limits: { enabled: false } });
  const client = fresh();
  created = [];
  names = [];
  for (let i = 0; i < TOTAL; i += 1) {
    // One page holds text beyond ASCII, which reaches JS by another path.
    const firstName = i === 7 ? 'Zoë 名前' : `P${i}`;
    const contact = await client.contacts.create({ email: `page${i}@example.com`, firstName });
    created.push(contact.id);
    names.push(firstName);
  }
});
after(() => mock?.stop());

test('awaiting a paginated call gives its first page', async () => {
  const client = fresh();
  const listing = client.contacts.list({ top: 10 });
  assert.ok(listing instanceof PagePromise);
  assert.equal(sent(client), 0, 'nothing is sent before the listing is used');
  const page = await listing;
  assert.equal(page.items.length, 10);
  assert.equal(page.hasMore, true);
  assert.equal(sent(client), 1);
});

test('for await walks every item of every page, lazily', async () => {
  const client = fresh();
  const ids = [];
  const seenNames = [];
  for await (const contact of client.contacts.list({ top: 10 })) {
    if (ids.length === 0) assert.ok(sent(client) <= 3, 'at most two pages ahead of the reader');
    ids.push(contact.id);
    seenNames.push(contact.firstName);
  }
  assert.deepEqual(ids, created);
  assert.deepEqual(seenNames, names);
  assert.equal(sent(client), 3);
});

test('pages() gives each page; skip sets the start', async () => {
  const client = fresh();
  const sizes = [];
  for await (const page of client.contacts.list({ top: 10 }).pages()) sizes.push(page.items.length);
  assert.deepEqual(sizes, [10, 10, 5]);
  const tail = [];
  for await (const contact of client.contacts.list({ top: 10, skip: 20 })) tail.push(contact.id);
  assert.deepEqual(tail, created.slice(20));
});

test('leaving the loop early stops fetching', async () => {
  const client = fresh();
  let seen = 0;
  for await (const contact of client.contacts.list({ top: 5 })) {
    assert.equal(typeof contact.id, 'number');
    seen += 1;
    if (seen === 2) break;
  }
  // Give a runaway prefetcher the time to misbehave, then count: the page
  // being read, one decoded and waiting, one on its way, and no more.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(sent(client) <= 3, `sent ${sent(client)} requests for 2 items`);
});

test('a failing page rejects the loop with a typed error', async () => {
  const stranger = new ReplyClient({ apiKey: 'not-a-key', baseUrl: mock.url, maxRetries: 0 });
  await assert.rejects(async () => {
    for await (const contact of stranger.contacts.list({ top: 10 })) assert.fail(`unexpected ${contact.id}`);
  }, UnauthorizedError);
  // A page size past the endpoint's maximum is refused before anything is sent.
  const client = fresh();
  await assert.rejects(async () => {
    for await (const contact of client.contacts.list({ top: 100000 })) assert.fail(`unexpected ${contact.id}`);
  }, ConfigError);
  assert.equal(sent(client), 0);
});
