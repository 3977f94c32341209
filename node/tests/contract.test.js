'use strict';

// The option rules every binding shares (tests/contract/options.json), spelled
// the Node way: camelCase, times in milliseconds, `actingUser: { id | email }`,
// `quota: false`, per-call options as a method's last argument.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { ReplyClient, ReplyError } = require('..');
const { KEYS, startMock } = require('./support/mock');

const TABLE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../tests/contract/options.json'), 'utf8')).cases;

let mock;
before(async () => {
  mock = await startMock();
});
after(() => mock?.stop());

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** The engine's option names as the Node options object. */
function nodeOptions(engine = {}) {
  const out = {};
  for (const [name, value] of Object.entries(engine)) {
    if (name === 'acting_user_id') out.actingUser = { ...out.actingUser, id: value };
    else if (name === 'acting_user_email') out.actingUser = { ...out.actingUser, email: value };
    else if (name === 'disable_quota') out.quota = value ? false : out.quota;
    else if (name === 'quota') out.quota = Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), v]));
    else if (name === 'headers') out.headers = Object.fromEntries(value);
    else out[camel(name)] = value;
  }
  return out;
}

async function run(testCase) {
  const client = new ReplyClient({ apiKey: KEYS.master, baseUrl: mock.url, ...nodeOptions(testCase.client) });
  if (testCase.call) await client.userAccount.whoami(nodeOptions(testCase.call));
}

for (const testCase of TABLE) {
  test(`the shared option rules: ${testCase.name}`, async () => {
    if (!testCase.error) return run(testCase);
    await assert.rejects(run(testCase), (e) => {
      assert.ok(e instanceof ReplyError, String(e));
      assert.equal(e.constructor.name, testCase.error.class);
      assert.ok(e.message.includes(testCase.error.message), e.message);
      return true;
    });
  });
}

// The error hierarchy and fields every binding shares (tests/contract/errors.json).
const sdk = require('..');
const ERRORS = JSON.parse(fs.readFileSync(path.join(__dirname, '../../tests/contract/errors.json'), 'utf8')).cases;

async function fail(testCase) {
  const options = nodeOptions(testCase.client);
  const client = new ReplyClient({ apiKey: KEYS.master, baseUrl: mock.url, ...options });
  const call = testCase.call;
  if (call.op === 'whoami') await client.userAccount.whoami();
  else if (call.op === 'get_contact') await client.contacts.get(call.id);
  else if (call.op === 'list_contacts') await client.contacts.list(call.top === undefined ? {} : { top: call.top });
  else throw new Error(`unknown call ${call.op}`);
}

for (const testCase of ERRORS) {
  test(`the shared error hierarchy: ${testCase.name}`, async () => {
    const expect = testCase.expect;
    await assert.rejects(fail(testCase), (e) => {
      for (const name of expect.classes) assert.ok(e instanceof sdk[name], `${e.constructor.name} is not a ${name}`);
      assert.equal(e.constructor, sdk[expect.classes.at(-1)]);
      const observed = {
        kind: e.kind,
        status: e.status ?? null,
        code: e.code ?? null,
        operation: e.operation ?? null,
        request: e.request ?? null,
        teams: e.teams.map((t) => ({ team_id: t.teamId, team_name: t.teamName })),
      };
      const { classes, headers, ...fields } = expect;
      assert.deepEqual(observed, fields);
      for (const [name, value] of Object.entries(headers)) assert.ok(e.headers[name]?.startsWith(value), name);
      return true;
    });
  });
}
