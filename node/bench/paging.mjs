// Pages through 100,000 contacts in reply-mock with the SDK and with plain
// `fetch` + `JSON.parse`, in the same run, and prints both times and the ratio.
// Run by `just bench` (release builds), not by the tests:
//
//   REPLY_MOCK_BIN=../target/x86_64-unknown-linux-gnu/release/reply-mock node bench/paging.mjs
//
// The mock is seeded through its state file: one contact is created through
// the API, the mock saves its state on shutdown, and that contact is cloned
// (new ids and emails) into a file the measured mock starts from. Seeding
// through the API would take minutes: the mock checks emails for uniqueness.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

import { ReplyClient } from 'reply-sdk';

const require = createRequire(import.meta.url);
const { KEYS, startMock } = require('../tests/support/mock.js');

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const PAGE = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const WARM_UP_PAGES = 3;
// Neither side may be slowed by the mock's rate limits or periodic saving.
const QUIET_MOCK = { limits: { enabled: false }, persistIntervalMs: 3_600_000 };
// Walks of 100,000 contacts can outlast a test mock's lifetime.
const LONG = { lifetimeS: 3 * 3600 };

async function seed(dir) {
  const stateFile = path.join(dir, 'state.json');
  const mock = await startMock({ ...QUIET_MOCK, stateFile }, LONG);
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: false });
  await client.contacts.create({ email: 'template@bench.example', firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', title: 'Countess' });
  await mock.stop();
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  const contacts = state.collections.contacts;
  const [template] = Object.values(contacts.docs);
  contacts.docs = {};
  for (let id = 1; id <= CONTACTS; id += 1) {
    contacts.docs[id] = { ...template, id, email: `contact${id}@bench.example`, firstName: `Contact${id}` };
  }
  contacts.next_id = CONTACTS;
  fs.writeFileSync(stateFile, JSON.stringify(state));
  return stateFile;
}

/** What both sides do with each contact, so neither can skip the work. */
function touch(contact, acc) {
  return acc + contact.email.length + contact.id;
}

async function withSdk(url, limit = Infinity) {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: url, quota: false });
  let count = 0;
  let acc = 0;
  for await (const contact of client.contacts.list({ top: PAGE })) {
    count += 1;
    acc = touch(contact, acc);
    if (count >= limit) break;
  }
  return { count, acc };
}

async function withFetch(url, limit = Infinity) {
  const headers = { Authorization: `Bearer ${KEYS.personal}`, Accept: 'application/json' };
  let count = 0;
  let acc = 0;
  for (let skip = 0; ; ) {
    const response = await fetch(`${url}/v3/contacts?top=${PAGE}&skip=${skip}`, { headers });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const page = JSON.parse(await response.text());
    for (const contact of page.items) {
      count += 1;
      acc = touch(contact, acc);
    }
    if (!page.hasMore || page.items.length === 0 || count >= limit) break;
    skip += page.items.length;
  }
  return { count, acc };
}

async function time(run, url) {
  const started = process.hrtime.bigint();
  const result = await run(url);
  return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reply-node-bench-'));
try {
  const stateFile = await seed(dir);
  const mock = await startMock({ ...QUIET_MOCK, stateFile }, LONG);
  try {
    // A few untimed pages each warm up the JIT and the connection pools.
    await withSdk(mock.url, WARM_UP_PAGES * PAGE);
    await withFetch(mock.url, WARM_UP_PAGES * PAGE);
    const sdk = [];
    const plain = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const a = await time(withSdk, mock.url);
      const b = await time(withFetch, mock.url);
      if (a.count !== CONTACTS || b.count !== CONTACTS || a.acc !== b.acc) {
        throw new Error(`the two walks disagree: sdk ${a.count}/${a.acc}, fetch ${b.count}/${b.acc}`);
      }
      sdk.push(a.ms);
      plain.push(b.ms);
      console.log(`round ${round + 1}: sdk ${a.ms.toFixed(0)} ms, fetch+JSON.parse ${b.ms.toFixed(0)} ms`);
    }
    const s = median(sdk);
    const f = median(plain);
    console.log(`paging ${CONTACTS} contacts (${PAGE} per page), median of ${ROUNDS}:`);
    console.log(`  reply-sdk          ${s.toFixed(0)} ms  (${((CONTACTS / s) * 1000).toFixed(0)} contacts/s)`);
    console.log(`  fetch + JSON.parse ${f.toFixed(0)} ms  (${((CONTACTS / f) * 1000).toFixed(0)} contacts/s)`);
    console.log(`  ratio: the SDK is ${(f / s).toFixed(2)}x the speed of plain fetch`);
  } finally {
    await mock.stop();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
