'use strict';

// A job started with per-request options acting as another user and team is
// polled and cancelled as that user and team. reply-mock shows a job only to
// the user who started it, and its journal records who cancelled it.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

const { ReplyClient } = require('..');
const { KEYS, startMock } = require('./support/mock');

let mock;
let client;

// Jobs wait 5 s in Scheduled, so a cancel always finds them running.
before(async () => {
  mock = await startMock({ jobs: { scheduledMs: 5000, processingMs: 100 } });
  client = new ReplyClient({ apiKey: KEYS.master, baseUrl: mock.url });
});
after(() => mock?.stop());

/** [acting user, status] of each cancel the mock's handler ran, from its journal. */
async function cancels() {
  const { entries } = await (await fetch(`${mock.url}/__mock/journal`)).json();
  return entries.filter((e) => e.operation === 'CancelBackgroundJob').map((e) => [e.userId, e.status]);
}

test('a job is polled and cancelled as the acting user and team that started it', async () => {
  const sam = { actingUser: { id: 2 }, teamId: 2 };
  const before = (await cancels()).length;
  const contact = await client.contacts.create({ email: 'sam.job@example.com' }, sam);
  const job = await client.emailValidations.schedule({ contactIds: [contact.id] }, sam);
  assert.equal((await job.status()).status, 'Scheduled');
  await job.cancel('not needed');
  assert.equal((await job.wait({ timeoutMs: 10_000 })).status, 'Cancelled');
  assert.deepEqual((await cancels()).slice(before), [[2, 204]]);
});

test('a handle made from an id takes the options of the call that started the job', async () => {
  const sam = { actingUser: { email: 'sam@mock.reply.io' }, teamId: 2 };
  const contact = await client.contacts.create({ email: 'sam.handle@example.com' }, sam);
  const { id } = await client.emailValidations.schedule({ contactIds: [contact.id] }, sam);
  const before = (await cancels()).length;
  await client.job(id, sam).cancel();
  assert.equal((await client.job(id, sam).status()).status, 'Cancelled');
  assert.deepEqual((await cancels()).slice(before), [[2, 204]]);
});
