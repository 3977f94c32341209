// A `quota-load` worker in Node: the Rust workers' operations through the
// Node SDK, sharing one user's budget in Redis; prints the same JSON line.
//
// Run by `quota-load --node NODE_PACKAGE_DIR`:
//   node quota_load_worker.js PACKAGE_DIR BASE_URL REDIS_URL FIRST COUNT TASKS EPOCH_MS API_KEY
'use strict';

const [packageDir, baseUrl, redis, first, count, tasks, epochMs, apiKey] = process.argv.slice(2);
const { ReplyClient, RateLimitedError } = require(packageDir);

async function main() {
  const [from, total, workers, epoch] = [first, count, tasks, epochMs].map(Number);
  // The harness's scaled limit: 100 a 1-second "minute", 3,000 a 30-second "hour".
  const quota = { redis, perMinute: 100, perHour: 3000, minuteMs: 1000, hourMs: 30000 };
  const client = new ReplyClient({ apiKey, baseUrl, quota, deadlineMs: 120000 });
  const tally = { finished_ms: [], limited: 0, failed: 0 };
  let next = from;
  const one = (n) => {
    switch (n % 4) {
      case 0: return client.contacts.list({ top: 5 });
      case 1: return client.contacts.create({ email: `load${n}@example.com` });
      case 2: return client.userAccount.whoami();
      default: return client.customFields.list();
    }
  };
  const work = async () => {
    for (let n = next++; n < from + total; n = next++) {
      try {
        await one(n);
      } catch (e) {
        if (e instanceof RateLimitedError) tally.limited += 1;
        else {
          process.stderr.write(`quota-load: node operation ${n}: ${e.message}\n`);
          tally.failed += 1;
        }
      }
      tally.finished_ms.push(Date.now() - epoch);
    }
  };
  await Promise.all(Array.from({ length: workers }, work));
  process.stdout.write(`${JSON.stringify(tally)}\n`);
}

main().catch((e) => {
  process.stderr.write(`quota-load: node worker: ${e.message}\n`);
  process.exit(1);
});
