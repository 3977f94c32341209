'use strict';

// Each error class, raised by a real answer (or failure) of reply-mock.

const assert = require('node:assert/strict');
const net = require('node:net');
const { after, before, describe, test } = require('node:test');

const sdk = require('..');
const { ReplyClient, ReplyError } = sdk;
const { KEYS, startMock } = require('./support/mock');
const { operationId } = require('./support/ops');

/** Asserts the promise rejects with `Class` (a ReplyError) and returns the error. */
async function rejectsWith(promise, Class) {
  let caught;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof Class, `expected ${Class.name}, got ${caught?.name}: ${caught?.message}`);
  assert.ok(caught instanceof ReplyError);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, Class.name);
  return caught;
}

// Fault rules for single operations; everything else answers normally.
const FAULTS = {
  [operationId('sequences', 'list')]: { errors: { 503: 1 } },
  [operationId('customFields', 'create')]: { errorsAfter: { 500: 1 } },
  [operationId('schedules', 'list')]: { latency: { minMs: 1500, maxMs: 1500 } },
  [operationId('contactLists', 'list')]: { errors: { 418: 1 } },
  [operationId('tasks', 'list')]: { errors: { 429: 1 } },
};

let mock;
let client;
before(async () => {
  mock = await startMock({ limits: { enabled: false }, faults: { operations: FAULTS } });
  client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, maxRetries: 0, quota: false });
});
after(() => mock?.stop());

describe('answers with an error status', () => {
  test('404 is a NotFoundError', async () => {
    const error = await rejectsWith(client.contacts.get(987654321), sdk.NotFoundError);
    assert.equal(error.kind, 'not_found');
    assert.equal(error.status, 404);
    assert.equal(error.operation, 'GetContactById');
    assert.equal(typeof error.detail, 'string');
  });

  test('400 is a ValidationError with field errors', async () => {
    const error = await rejectsWith(client.contacts.create({ email: 'not-an-email', firstName: 'One' }), sdk.ValidationError);
    assert.equal(error.status, 400);
    assert.equal(error.errors.length > 0, true);
    assert.equal(error.errors[0].pointer, '/email');
    assert.match(error.errors[0].detail, /format/);
  });

  test('creating a held email overwrites that contact instead of failing', async () => {
    // shared/research/real-behaviour.md, "Contacts" [cli]: the same id, members left out blanked.
    const email = `dup.${process.pid}@example.com`;
    const first = await client.contacts.create({ email, firstName: 'One' });
    const again = await client.contacts.create({ email, lastName: 'Two' });
    assert.equal(again.id, first.id);
    assert.equal(again.firstName ?? null, null);
    assert.equal(again.lastName, 'Two');
  });

  test('401 is an UnauthorizedError', async () => {
    const stranger = new ReplyClient({ apiKey: 'not-a-key', baseUrl: mock.url, maxRetries: 0 });
    const error = await rejectsWith(stranger.userAccount.whoami(), sdk.UnauthorizedError);
    assert.equal(error.status, 401);
  });

  test('403 TEAM_REQUIRED is a ForbiddenError listing the teams', async () => {
    const master = new ReplyClient({ apiKey: KEYS.master, baseUrl: mock.url, actingUser: { id: 2 }, maxRetries: 0 });
    const error = await rejectsWith(master.userAccount.whoami(), sdk.ForbiddenError);
    assert.equal(error.status, 403);
    assert.equal(error.code, 'TEAM_REQUIRED');
    assert.ok(error.teams.length >= 2);
    assert.equal(typeof error.teams[0].teamId, 'number');
    // Choosing a team, per request, resolves it.
    const me = await master.userAccount.whoami({ teamId: error.teams[0].teamId });
    assert.equal(me.userId, 2);
  });

  test('409 is a ConflictError', async () => {
    // StartSequence documents 409 `sequenceAction.archived` for an archived sequence.
    const step = { type: 'email', delayInMinutes: 0, executionMode: 'manual', variants: [{ subject: 'Hi', message: 'Hello' }] };
    const sequence = await client.sequences.create({ name: `archived ${process.pid}`, steps: [step] });
    await client.sequences.archive(sequence.id);
    const error = await rejectsWith(client.sequences.start(sequence.id), sdk.ConflictError);
    assert.equal(error.status, 409);
    assert.equal(error.code, 'sequenceAction.archived');
  });

  test('an undocumented status is an ApiError', async () => {
    const error = await rejectsWith(client.contactLists.list(), sdk.ApiError);
    assert.equal(error.status, 418);
    assert.equal(error.kind, 'api');
  });

  test('5xx on a read is a ServerError once retries are spent', async () => {
    const error = await rejectsWith(client.sequences.list(), sdk.ServerError);
    assert.equal(error.status, 503);
  });

  test('429 past the retries is a RateLimitedError with retryAfter', async () => {
    const error = await rejectsWith(client.tasks.list(), sdk.RateLimitedError);
    assert.equal(error.status, 429);
    assert.equal(typeof error.retryAfter, 'number');
    assert.ok(error.retryAfter >= 0);
  });
});

describe('failures without a usable answer', () => {
  test('a 5xx after a write is an OutcomeUnknownError, not retried', async () => {
    const title = `maybe ${process.pid}`;
    const retrying = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, maxRetries: 3, quota: false });
    const error = await rejectsWith(retrying.customFields.create({ title, fieldType: 'text' }), sdk.OutcomeUnknownError);
    // The request line, as every binding names it (was `method` and `path` on this class alone).
    assert.equal(error.request, 'POST /v3/custom-fields');
    assert.equal(error.operation, 'CreateCustomField');
    // Reply may have acted, so the SDK must not have sent it again: the field exists once.
    const fields = await client.customFields.list();
    assert.equal(fields.filter((f) => f.title === title).length, 1);
  });

  test('no answer within timeoutMs is a TimeoutError', async () => {
    const error = await rejectsWith(client.schedules.list({ timeoutMs: 200 }), sdk.TimeoutError);
    assert.equal(error.kind, 'timeout');
  });

  test('a refused connection is a ConnectionError', async () => {
    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    const nowhere = new ReplyClient({ apiKey: 'k', baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await rejectsWith(nowhere.userAccount.whoami(), sdk.ConnectionError);
    assert.equal(error.operation, 'Whoami');
  });

  test('a body that does not fit its type is a DecodeError', () => {
    assert.throws(
      () => sdk.decodeResponse('GetContactById', 200, { id: 'not a number' }),
      (error) => error instanceof sdk.DecodeError && error.path === 'id',
    );
  });

  test('bad configuration and input are ConfigErrors, raised before sending', async () => {
    assert.throws(() => new ReplyClient({ apiKey: 'k', baseUrl: 'http://example.com' }), sdk.ConfigError);
    assert.throws(() => new ReplyClient({ apiKey: '' }), sdk.ConfigError);
    assert.throws(() => new ReplyClient({ apiKey: 'k', timeout: 5 }), /unknown client option `timeout`/);
    await rejectsWith(client.contacts.get(undefined), sdk.ConfigError);
    await rejectsWith(client.contacts.create({ email: 42 }), sdk.ConfigError);
    await rejectsWith(client.contacts.get(1, { tiemoutMs: 5 }), sdk.ConfigError);
  });
});
