// `import` and `require` give the same package: named and default exports, same classes.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import sdk, { ApiError, NotFoundError, OPERATIONS, ReplyClient, ReplyError } from 'reply-sdk';

const require = createRequire(import.meta.url);

test('import and require share one set of classes', () => {
  const cjs = require('reply-sdk');
  assert.equal(ReplyClient, cjs.ReplyClient);
  assert.equal(NotFoundError, cjs.NotFoundError);
  assert.equal(sdk, cjs);
  assert.ok(Object.getPrototypeOf(NotFoundError) === ApiError && Object.getPrototypeOf(ApiError) === ReplyError);
  for (const name of Object.keys(cjs)) assert.ok(name in sdk, name);
  assert.ok(OPERATIONS.length > 0);
  assert.equal(typeof new ReplyClient({ apiKey: 'k' }).contacts.list, 'function');
});
