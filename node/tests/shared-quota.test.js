'use strict';

// Two clients in separate `node` processes share one request budget through
// Redis. The mock enforces 10 requests per (1 s) "minute" per user with its
// own limiter; each worker makes 15 reads believing it may send 10 a second.
// Sharing the budget in Redis, the mock sends no 429; the control run without
// Redis shows the same workers overspend, so the test can fail.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { KEYS, startMock } = require('./support/mock');
const { startRedis } = require('./support/redis');

const READS = 15;
// The client's window is 5% longer than the mock's: each reads its own clock,
// and jitter can bring requests closer together at the server than they left.
const QUOTA = { perMinute: 10, perHour: 10_000, minuteMs: 1050, hourMs: 600_000 };

// Retries off, so a 429 shows as a failed read; prints how many failed.
const WORKER = `
const { ReplyClient } = require(process.argv[1]);
const [baseUrl, redis, reads, apiKey] = process.argv.slice(2);
const quota = { ...JSON.parse(process.argv[6]), ...(redis ? { redis } : {}) };
const client = new ReplyClient({ apiKey, baseUrl, quota, maxRetries: 0 });
process.stdin.once('data', async () => {
  let failed = 0;
  for (let i = 0; i < Number(reads); i += 1) {
    try { await client.customFields.list(); } catch { failed += 1; }
  }
  console.log(failed);
  process.exit(0);
});
`;

let mock;
before(async () => {
  mock = await startMock({
    limits: {
      enabled: true,
      perMinute: 10,
      perHour: 10_000,
      reportingPerMinute: 10,
      reportingPerHour: 60,
      minuteMs: 1000,
      hourMs: 600_000,
    },
  });
});
after(() => mock?.stop());

function worker(redisUrl) {
  const child = spawn(
    process.execPath,
    ['-e', WORKER, path.resolve(__dirname, '..'), mock.url, redisUrl, String(READS), KEYS.master, JSON.stringify(QUOTA)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const done = new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`worker exited ${code}: ${err}`)))),
  );
  return { child, done };
}

/** Two worker processes, started together; resolves to each one's failed reads. */
async function runWorkers(redisUrl) {
  const workers = [worker(redisUrl), worker(redisUrl)];
  await new Promise((resolve) => setTimeout(resolve, 500)); // both have built their clients
  for (const w of workers) w.child.stdin.end('go\n');
  return Promise.all(workers.map((w) => w.done));
}

/** The 429s the mock's own limiter has sent. */
async function rejected() {
  const res = await fetch(`${mock.url}/__mock/limits`);
  return (await res.json()).rejected;
}

test('two processes share one budget through Redis: the mock sends no 429', async () => {
  const redis = await startRedis();
  try {
    const before = await rejected();
    assert.deepEqual(await runWorkers(redis.url), [0, 0]);
    assert.equal((await rejected()) - before, 0);
  } finally {
    await redis.stop();
  }
});

test('without Redis the same processes overspend', async () => {
  // The shared test's windows have passed (the mock's minute is 1 s).
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const before = await rejected();
  const failed = await runWorkers('');
  assert.ok((await rejected()) - before > 0, 'each process believes it owns the whole budget');
  assert.ok(failed[0] + failed[1] > 0);
});
