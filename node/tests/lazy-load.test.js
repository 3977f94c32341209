'use strict';

// `require('reply-sdk')` loads the client and the error classes only: the native
// module loads with the first client, and each
// resource's module, the operation table, the webhook receivers and the
// model decoders load on first use. Checked in a fresh process, whose module
// cache shows what was loaded.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');

const PACKAGE = path.resolve(__dirname, '..');

/** Runs `body` in a fresh Node process after `require(PACKAGE)` as `sdk`; answers what it prints as JSON. */
function inFreshProcess(body) {
  const script = `
    const sdk = require(${JSON.stringify(PACKAGE)});
    const loaded = () => Object.keys(require.cache).map((f) => f.slice(${JSON.stringify(PACKAGE)}.length + 1));
    ${body}
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

test('requiring the package loads no resource module, operation table, webhook code or native module', () => {
  const loaded = inFreshProcess('console.log(JSON.stringify(loaded()));');
  assert.deepEqual(loaded.filter((f) => f.startsWith('generated/resources/')), []);
  for (const lazy of ['generated/operations.js', 'lib/webhooks.js', 'lib/decode.js', 'lib/workflows.js', 'native.js']) {
    assert.ok(!loaded.includes(lazy), `${lazy} loaded up front`);
  }
  assert.ok(loaded.includes('lib/client.js'));
});

test('a resource loads its own module on first use, and only it', () => {
  const loaded = inFreshProcess(`
    const client = new sdk.ReplyClient({ apiKey: 'k' });
    if (typeof client.tasks.list !== 'function') throw new Error('no tasks.list');
    if (client.tasks !== client.tasks) throw new Error('a second resource object');
    console.log(JSON.stringify(loaded()));
  `);
  assert.deepEqual(loaded.filter((f) => f.startsWith('generated/resources/')), ['generated/resources/tasks.js']);
  assert.ok(loaded.includes('native.js'), 'the first client loads the native module');
});

test('the lazy exports are there when asked for', () => {
  const seen = inFreshProcess(`
    console.log(JSON.stringify({
      operations: sdk.OPERATIONS.length,
      webhooks: typeof sdk.webhooks.parse,
      decode: typeof sdk.decodeResponse,
      keys: Object.keys(sdk).includes('OPERATIONS'),
      contacts: typeof new sdk.ReplyClient({ apiKey: 'k' }).contacts.ensure,
    }));
  `);
  assert.deepEqual(seen, { operations: 375, webhooks: 'function', decode: 'function', keys: true, contacts: 'function' });
});
