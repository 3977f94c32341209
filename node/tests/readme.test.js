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

/** The first `js` code block after the quickstart marker. */
function quickstart() {
  const readme = fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- quickstart');
  assert.ok(marker >= 0, 'README.md has no quickstart marker');
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(marker));
  assert.ok(block, 'no js block after the quickstart marker');
  return block[1];
}

let mock;
before(async () => {
  mock = await startMock({ limits: { enabled: false } });
});
after(() => mock?.stop());

test('the README quickstart runs', async () => {
  const env = { ...process.env, REPLY_API_KEY: KEYS.personal, REPLY_BASE_URL: mock.url };
  delete env.REPLY_TEAM_ID;
  // Run from the package directory, so `import 'reply-sdk'` resolves to this package.
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', quickstart()], {
    cwd: PACKAGE,
    env,
  });
  assert.match(stdout, /^Hello, user 1 of team 1$/m);
  assert.match(stdout, /^created contact \d+$/m);
  assert.match(stdout, /^\d+ ada@example\.com$/m);
  assert.match(stdout, /^no such sequence \(HTTP 404\)$/m);
});
