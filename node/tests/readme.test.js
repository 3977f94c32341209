'use strict';

// The README's quickstart, run as written against reply-mock.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { after, before, test } = require('node:test');

const { KEYS, startMock } = require('./support/mock');

const PACKAGE = path.resolve(__dirname, '..');

/** The first `js` code block after the marker (`quickstart`, `safe-workflows`). */
function block(name = 'quickstart') {
  const readme = fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8');
  const marker = readme.indexOf(`<!-- ${name}`);
  assert.ok(marker >= 0, `README.md has no ${name} marker`);
  const code = /```js\n([\s\S]*?)```/.exec(readme.slice(marker));
  assert.ok(code, `no js block after the ${name} marker`);
  return code[1];
}

/** Runs a block as an ES module from the package directory (so `reply-sdk` is this package). */
async function run(code) {
  const env = { ...process.env, REPLY_API_KEY: KEYS.personal, REPLY_BASE_URL: mock.url };
  delete env.REPLY_TEAM_ID;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], {
    cwd: PACKAGE,
    env,
  });
  return stdout;
}

let mock;
before(async () => {
  mock = await startMock({ limits: { enabled: false } });
});
after(() => mock?.stop());

test('the README quickstart runs', async () => {
  const stdout = await run(block());
  assert.match(stdout, /^Hello, user 1 of team 1$/m);
  assert.match(stdout, /^created contact \d+$/m);
  assert.match(stdout, /^\d+ ada@example\.com$/m);
  assert.match(stdout, /^no such sequence \(HTTP 404\)$/m);
});

test('the README safe workflows example runs', async () => {
  const stdout = await run(block('safe-workflows'));
  assert.match(stdout, /^ada true Ada Lovelace Countess$/m);
  assert.match(stdout, /^\d+: enrolled$/m);
  assert.match(stdout, /^nobody@example\.com: not_found$/m);
  assert.match(stdout, /^refused: step_not_found$/m);
});
