'use strict';

// Reply's per-user limits, scaled down: the mock allows 5 requests per
// 1-second "minute", and a client told those limits spreads its requests
// over the windows so that no 429 reaches its caller. A client without the
// quota and without retries shows the limit is real.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

const { RateLimitedError, ReplyClient } = require('..');
const { KEYS, startMock } = require('./support/mock');

const LIMITS = { perMinute: 5, perHour: 1000, minuteMs: 1000, hourMs: 200_000 };

let mock;
before(async () => {
  mock = await startMock({ limits: { enabled: true, ...LIMITS, reportingPerMinute: 5, reportingPerHour: 1000 } });
});
after(() => mock?.stop());

/** 6 requests one after the other, then 6 at once; resolves to the answers and the time taken. */
async function workload(client) {
  const started = Date.now();
  const answers = [];
  for (let i = 0; i < 6; i += 1) answers.push(await client.userAccount.whoami());
  answers.push(...(await Promise.all(Array.from({ length: 6 }, () => client.userAccount.whoami()))));
  return { answers, elapsed: Date.now() - started };
}

test('with the same limits as the server, no 429 reaches the caller', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: LIMITS });
  const { answers, elapsed } = await workload(client);
  for (const me of answers) assert.equal(me.userId, 1);
  // 12 requests at 5 per second need two full windows of waiting.
  assert.ok(elapsed >= 1900, `12 requests took only ${elapsed} ms`);
  assert.ok(client.quota().waitedMs > 0, 'the client waited for slots');
});

test('with a small margin on the window, the server refuses nothing even without retries', async () => {
  // The client counts sliding windows, the server fixed ones (stricter on the
  // client's side), but each reads its own clock: jitter can bring requests
  // closer together at the server than they left. A 5% longer window absorbs
  // that, so nothing is refused.
  const careful = { ...LIMITS, minuteMs: LIMITS.minuteMs * 1.05 };
  const client = new ReplyClient({
    apiKey: KEYS.master,
    baseUrl: mock.url,
    actingUser: { id: 2 },
    teamId: 1,
    quota: careful,
    maxRetries: 0,
  });
  const { answers, elapsed } = await workload(client);
  for (const me of answers) assert.equal(me.userId, 2);
  assert.ok(elapsed >= 1900, `12 requests took only ${elapsed} ms`);
});

test('without the client-side quota the same burst is refused', async () => {
  const careless = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: false, maxRetries: 0 });
  assert.equal(careless.quota(), null);
  const results = await Promise.allSettled(Array.from({ length: 12 }, () => careless.userAccount.whoami()));
  const refused = results.filter((r) => r.status === 'rejected');
  assert.ok(refused.length > 0, 'the mock enforces the limit');
  for (const r of refused) {
    assert.ok(r.reason instanceof RateLimitedError, String(r.reason));
    assert.ok(r.reason.retryAfter >= 1);
  }
});
