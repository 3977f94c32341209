'use strict';

// `.withResponse()` on every call's promise: the value as `data`, with the
// answer's status and headers.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { setTimeout: sleep } = require('node:timers/promises');

const { AbortError, Job, NotFoundError, ReplyClient } = require('..');
const { KEYS, startMock } = require('./support/mock');

let mock;
let client;
before(async () => {
  mock = await startMock({ jobs: { scheduledMs: 60_000 } });
  client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
});
after(() => mock?.stop());

test('a call gives its value with the status and headers of the answer', async () => {
  const { data, response } = await client.userAccount.whoami().withResponse();
  assert.equal(data.userId, 1);
  assert.equal(response.status, 200);
  assert.match(response.headers['content-type'], /json/);
  assert.ok(response.headers['x-request-id'], JSON.stringify(response.headers));
  // Awaited directly, the same call gives the value alone.
  assert.deepEqual(await client.userAccount.whoami(), data);
});

test('a created resource comes with its 201', async () => {
  const created = await client.contacts.create({ email: 'with-response@example.com' }).withResponse();
  assert.equal(created.response.status, 201);
  assert.equal(created.data.email, 'with-response@example.com');
});

test('a paginated call gives its first page with the answer', async () => {
  const { data, response } = await client.contacts.list({ top: 1 }).withResponse();
  assert.equal(response.status, 200);
  assert.ok(Array.isArray(data.items));
});

test('a job-starting call gives the Job with the 202 answer', async () => {
  const contact = await client.contacts.create({ email: 'job-with-response@example.com' });
  const { data, response } = await client.emailValidations.schedule({ contactIds: [contact.id] }).withResponse();
  assert.ok(data instanceof Job);
  assert.equal(response.status, 202);
  // The job waits 60 s in Scheduled: aborting the wait ends it at once.
  const controller = new AbortController();
  const waiting = data.wait({ signal: controller.signal });
  await sleep(300);
  const abortedAt = Date.now();
  controller.abort();
  await assert.rejects(waiting, AbortError);
  assert.ok(Date.now() - abortedAt < 400);
});

test('a failing call rejects withResponse() with the SDK error, and leaves no other rejection', async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await assert.rejects(client.contacts.get(987654).withResponse(), NotFoundError);
    await sleep(50);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.deepEqual(unhandled, []);
});

test('the promise is a Promise', async () => {
  const promise = client.userAccount.whoami();
  assert.ok(promise instanceof Promise);
  assert.equal((await promise.then((me) => me.userId)), 1);
  await assert.rejects(client.contacts.get(987654).catch((e) => Promise.reject(e)), NotFoundError);
});
