'use strict';

// `signal` in a call's options: an aborted call rejects with an AbortError and
// the engine sends nothing more for it, wherever it was waiting (between
// retries, for a quota slot, for a job). The mock answers every request 503,
// and its fault counter (`GET /__mock/faults`) counts each request it answered.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { setTimeout: sleep } = require('node:timers/promises');

const { AbortError, ConfigError, ReplyClient, ReplyError } = require('..');
const { KEYS, startMock } = require('./support/mock');

let mock;
before(async () => {
  mock = await startMock({ limits: { enabled: false }, faults: { global: { errors: { 503: 1.0 } } } });
});
after(() => mock?.stop());

/** The requests the mock has answered (each with the injected 503). */
async function requests() {
  const counts = await (await fetch(`${mock.url}/__mock/faults`)).json();
  return counts.errors['503'] ?? 0;
}

async function until(condition) {
  for (let i = 0; i < 500; i += 1) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error('condition not reached in 5 s');
}

function isAbort(error) {
  assert.ok(error instanceof AbortError, `${error}`);
  assert.ok(error instanceof ReplyError);
  assert.equal(error.name, 'AbortError');
  assert.equal(error.kind, 'cancelled');
  return true;
}

test('aborting a call between retries rejects it at once and nothing more is sent', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: false, maxRetries: 50 });
  const before = await requests();
  const controller = new AbortController();
  const call = client.contacts.get(7, { signal: controller.signal });
  await until(async () => (await requests()) >= before + 2);
  const abortedAt = Date.now();
  controller.abort();
  await assert.rejects(call, isAbort);
  // The next retry would be seconds away: the rejection did not wait for it.
  assert.ok(Date.now() - abortedAt < 400, `rejected ${Date.now() - abortedAt} ms after the abort`);
  const atAbort = await requests();
  // The backoff doubles from 0.5 s: a retry loop still running would send within 3 s.
  await sleep(3000);
  assert.equal(await requests(), atAbort, 'nothing sent after the abort');
});

test('a call whose signal is already aborted sends nothing', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: false });
  const before = await requests();
  await assert.rejects(client.contacts.get(7, { signal: AbortSignal.abort() }), isAbort);
  await assert.rejects(client.contacts.list({}, { signal: AbortSignal.abort() }), isAbort);
  assert.equal(await requests(), before);
});

test('aborting a call waiting for a quota slot ends it in the engine, unsent', async () => {
  // One request per 1.5 s "minute": the second call waits in the engine's quota.
  const quota = { perMinute: 1, perHour: 1000, minuteMs: 1500, hourMs: 600_000 };
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota, maxRetries: 0 });
  const before = await requests();
  await assert.rejects(client.contacts.get(7), (e) => e.status === 503);
  const controller = new AbortController();
  const call = client.contacts.get(7, { signal: controller.signal });
  await sleep(200);
  controller.abort();
  await assert.rejects(call, isAbort);
  // Past the next window: a wait still running in Rust would have sent the request by now.
  await sleep(2500);
  assert.equal(await requests(), before + 1, 'only the first call reached the server');
});

test('aborting a walk over pages stops it with an AbortError', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: false, maxRetries: 50 });
  const before = await requests();
  const controller = new AbortController();
  const walk = (async () => {
    for await (const contact of client.contacts.list({ top: 10 }, { signal: controller.signal })) void contact;
  })();
  await until(async () => (await requests()) >= before + 1);
  controller.abort();
  await assert.rejects(walk, isAbort);
  const atAbort = await requests();
  await sleep(2000);
  assert.equal(await requests(), atAbort, 'nothing sent after the abort');
});

test('a signal that is not an AbortSignal is refused', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
  await assert.rejects(client.contacts.get(7, { signal: 'stop' }), ConfigError);
});

test('a listener is not left on the signal after the call', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: false, maxRetries: 0 });
  const controller = new AbortController();
  let added = 0;
  let removed = 0;
  const { signal } = controller;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (...args) => ((added += 1), add(...args));
  signal.removeEventListener = (...args) => ((removed += 1), remove(...args));
  await assert.rejects(client.contacts.get(7, { signal }), (e) => e.status === 503);
  assert.deepEqual([added, removed], [1, 1]);
});
