'use strict';

// `client.request` to paths the SDK does not know, and the engine's log
// records through `onLog` and `DEBUG=reply`, never with the key.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { after, before, test } = require('node:test');

const sdk = require('..');
const { ReplyClient } = sdk;
const { startMock } = require('./support/mock');

// Recognisable, so a test can tell if it leaks anywhere.
const FAKE_KEY = 'sk-FAKE-7e1d5c0b3a9f-LEAKCHECK';

let mock;
before(async () => {
  mock = await startMock({
    keys: [{ key: FAKE_KEY, kind: 'personal', userId: 1 }],
    limits: { enabled: false },
    faults: {
      operations: {
        ListSchedules: { errors: { 503: 1 } },
        CreateContactList: { errorsAfter: { 500: 1 } },
      },
    },
  });
});
after(() => mock?.stop());

function client(options = {}) {
  return new ReplyClient({ apiKey: FAKE_KEY, baseUrl: mock.url, quota: false, ...options });
}

async function journal(operation) {
  const { entries } = await (await fetch(`${mock.url}/__mock/journal`)).json();
  return entries.filter((e) => e.operation === operation).length;
}

test('a path the SDK does not know reaches the mock and comes back as data', async () => {
  const echoed = await client().request({
    method: 'PATCH',
    path: '/v3/__mock/echo/brand-new',
    query: { top: 5, flag: true, tag: ['a', 'b c'] },
    body: { nested: [1, { x: null }] },
    headers: { 'X-Probe': 'raw' },
    teamId: 3,
  });
  assert.equal(echoed.method, 'PATCH');
  assert.equal(echoed.path, '/v3/__mock/echo/brand-new');
  assert.equal(echoed.query, 'top=5&flag=true&tag=a&tag=b%20c');
  assert.deepEqual(echoed.body, { nested: [1, { x: null }] });
  assert.equal(echoed.authorized, true);
  assert.equal(echoed.headers['x-probe'], 'raw');
  assert.equal(echoed.headers['x-team-id'], '3');
  assert.equal((await client().request({ method: 'GET', path: 'whoami' })).userId, 1);
  await assert.rejects(client().request({ method: 'GET', path: '/v3/not-in-the-spec' }), sdk.NotFoundError);
});

test('paths that leave the API are refused', async () => {
  for (const p of ['https://evil.example/v3/contacts', '//evil.example/x', '/v3/contacts/../users', 'contacts?top=1']) {
    await assert.rejects(client().request({ method: 'GET', path: p }), sdk.ConfigError, p);
  }
});

test('a raw write is not retried after a fault that may have acted', async () => {
  const before = await journal('CreateContactList');
  const write = client().request({ method: 'POST', path: '/v3/contact-lists', body: { name: 'raw' } });
  await assert.rejects(write, sdk.OutcomeUnknownError);
  assert.equal(await journal('CreateContactList'), before + 1, 'sent once');
});

test('onLog receives a retry with its reason and delay, and never the key', async () => {
  const records = [];
  const c = client({ maxRetries: 1, onLog: (r) => records.push(r) });
  await assert.rejects(c.schedules.list(), sdk.ServerError);
  // Records cross from the engine's threads: let the queued calls run.
  await new Promise((resolve) => setImmediate(resolve));
  const messages = records.map((r) => r.message);
  assert.deepEqual(messages, ['request sent', 'response received', 'retrying', 'request sent', 'response received']);
  const retry = records[2];
  assert.equal(retry.level, 'warn');
  assert.equal(retry.target, 'reply::request');
  assert.equal(retry.fields.operation, 'ListSchedules');
  assert.equal(retry.fields.status, 503);
  assert.equal(retry.fields.reason, 'HTTP 503');
  assert.equal(typeof retry.fields.wait_ms, 'number');
  const everything = JSON.stringify(records);
  assert.ok(!everything.includes(FAKE_KEY) && !everything.includes('Bearer'), everything);
  assert.throws(() => client({ onLog: 'yes' }), sdk.ConfigError);
});

function runWithDebug(debug) {
  const script = `
    const { ReplyClient } = require(${JSON.stringify(path.resolve(__dirname, '..'))});
    const c = new ReplyClient({ apiKey: ${JSON.stringify(FAKE_KEY)}, baseUrl: ${JSON.stringify(mock.url)}, quota: false, maxRetries: 1 });
    c.schedules.list().catch((e) => process.stdout.write(e.name));
  `;
  const env = { ...process.env, DEBUG: debug };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env }, (error, stdout, stderr) =>
      error ? reject(error) : resolve({ stdout, stderr }),
    );
  });
}

test('DEBUG=reply prints the records on stderr without the key', async () => {
  const { stdout, stderr } = await runWithDebug('other,reply');
  assert.equal(stdout, 'ServerError');
  assert.match(stderr, /^reply:request warn retrying .*operation=ListSchedules.*reason=HTTP 503/m);
  assert.match(stderr, /^reply:request debug request sent /m);
  assert.ok(!stderr.includes(FAKE_KEY) && !stderr.includes('Bearer'), stderr);
  const quiet = await runWithDebug('other');
  assert.equal(quiet.stderr, '');
});
