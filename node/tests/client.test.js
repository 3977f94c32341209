'use strict';

// The client object: one method per operation, options, environment
// configuration, lenient decoding, and a key that is never shown.

const assert = require('node:assert/strict');
const { inspect } = require('node:util');
const { after, before, test } = require('node:test');

const sdk = require('..');
const { OPERATIONS, ReplyClient, ReplyError } = sdk;
const { KEYS, startMock } = require('./support/mock');

let mock;
before(async () => {
  mock = await startMock({ limits: { enabled: false } });
});
after(() => mock?.stop());

test('every operation is a method of its resource', () => {
  const client = new ReplyClient({ apiKey: 'k' });
  const ids = new Set();
  for (const op of OPERATIONS) {
    assert.equal(typeof client[op.resource]?.[op.method], 'function', `${op.resource}.${op.method}`);
    ids.add(op.id);
  }
  assert.equal(ids.size, OPERATIONS.length, 'operationIds are unique');
  assert.equal(client.contacts, client.contacts, 'resources are made once');
  assert.equal(client.baseUrl, 'https://api.reply.io');
});

test('the API key never shows: inspect, toString, JSON, errors', async () => {
  const secret = `sk_live_${process.pid}_do_not_print`;
  const client = new ReplyClient({ apiKey: secret, baseUrl: mock.url, maxRetries: 0 });
  const shown = [
    inspect(client, { showHidden: true, depth: Infinity }),
    String(client),
    JSON.stringify(client),
    JSON.stringify(Object.entries(client)),
    inspect(client.contacts, { showHidden: true, depth: Infinity }),
  ];
  // The mock does not know the key: an unauthorized answer, inspected and printed in full.
  const unauthorized = await client.userAccount.whoami().catch((e) => e);
  assert.ok(unauthorized instanceof sdk.UnauthorizedError);
  const badKey = (() => {
    try {
      return new ReplyClient({ apiKey: `${secret} with spaces` });
    } catch (error) {
      return error;
    }
  })();
  assert.ok(badKey instanceof sdk.ConfigError);
  for (const error of [unauthorized, badKey]) {
    shown.push(inspect(error, { showHidden: true, depth: Infinity }), String(error), error.stack, JSON.stringify(error));
  }
  for (const text of shown) assert.ok(!text.includes('do_not_print'), `the key leaked into: ${text}`);
});

test('fromEnv reads REPLY_API_KEY and REPLY_BASE_URL; options go on top', async () => {
  const saved = { ...process.env };
  try {
    delete process.env.REPLY_API_KEY;
    assert.throws(() => ReplyClient.fromEnv(), sdk.ConfigError);
    process.env.REPLY_API_KEY = KEYS.personal;
    process.env.REPLY_BASE_URL = mock.url;
    const client = ReplyClient.fromEnv({ maxRetries: 0 });
    assert.equal(client.baseUrl, mock.url);
    assert.equal((await client.userAccount.whoami()).userId, 1);
    process.env.REPLY_TEAM_ID = 'sales';
    assert.throws(() => ReplyClient.fromEnv(), /REPLY_TEAM_ID/);
  } finally {
    process.env = saved;
  }
});

test('quota() reports the budget, or null when the limiter is off', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: { perMinute: 7 } });
  assert.equal(client.quota().default.minute, 7);
  await client.userAccount.whoami();
  assert.equal(client.quota().default.minute, 6);
  assert.equal(new ReplyClient({ apiKey: 'k', quota: false }).quota(), null);
});

test('unknown members and enum values are kept', () => {
  const contact = sdk.decodeResponse('GetContactById', 200, { id: 5, email: 'a@b.c', addedLater: { x: 1 } });
  assert.deepEqual(contact.addedLater, { x: 1 });
  const before = sdk.unknownMembersSeen();
  sdk.decodeResponse('GetContactById', 200, { id: 5, another: true });
  assert.equal(sdk.unknownMembersSeen(), before + 1);
  const job = sdk.decodeResponse('GetBackgroundJobById', 200, { jobId: 'j', status: 'Paused' });
  assert.equal(job.status, 'Paused');
  assert.equal(sdk.decodeResponse('DeleteContact', 204, null), undefined);
});

test('request bodies that do not fit their type are refused before sending', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
  const error = await client.contacts.create({ email: ['not', 'a', 'string'] }).catch((e) => e);
  assert.ok(error instanceof sdk.ConfigError);
  assert.match(error.message, /email/);
  assert.ok(error instanceof ReplyError && error instanceof Error);
});
