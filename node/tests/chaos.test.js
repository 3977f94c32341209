'use strict';

// Chaos: the Node mirror of crates/reply-harness/src/bin/chaos.rs, at a small
// size. A dedicated reply-mock (rate limits off, fixed seed) injects 5xx, 429,
// connection resets, truncated bodies and latency. Contacts are imported and
// enrolled into a sequence through the public client; writes whose outcome is
// unknown are reconciled by reading the state back. At the end nothing may be
// lost or duplicated.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { after, before, test } = require('node:test');

const { OutcomeUnknownError, ReplyClient, ReplyError } = require('..');
const { KEYS, startMock } = require('./support/mock');

const SEED = Number(process.env.REPLY_CHAOS_SEED ?? 7); // fixed unless overridden
const CONTACTS = 300;
const ENROL = 60;
const IMPORT_BATCH = 50;
const ENROL_BATCH = 20;
const ROUNDS = 6;

// 10 % 5xx (half before the handler runs, half after it acted), 5 % 429,
// 2 % resets (half after acting), 1 % truncated bodies, 0–5 ms latency.
const FAULTS = {
  global: {
    errors: { 429: 0.05, 500: 0.03, 503: 0.02 },
    errorsAfter: { 500: 0.05 },
    reset: 0.01,
    resetAfter: 0.01,
    truncate: 0.01,
    latency: { minMs: 0, maxMs: 5 },
  },
};

let mock;
before(async () => {
  mock = await startMock({ seed: SEED, limits: { enabled: false }, faults: FAULTS });
});
after(() => mock?.stop());

class Tally {
  writes = 0;
  unknown = 0;
  otherErrors = 0;

  async write(call) {
    this.writes += 1;
    try {
      return await call();
    } catch (error) {
      if (error instanceof OutcomeUnknownError) this.unknown += 1;
      else if (error instanceof ReplyError) this.otherErrors += 1;
      else throw error;
      return undefined;
    }
  }
}

const chunks = (list, size) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Every contact's email (lower-cased) → the ids of the contacts that have it. */
async function contactsByEmail(client) {
  const found = new Map();
  for await (const contact of client.contacts.list({ top: 1000 })) {
    if (!contact.email) continue;
    const email = contact.email.toLowerCase();
    if (!found.has(email)) found.set(email, []);
    found.get(email).push(contact.id);
  }
  return found;
}

async function enrolledCounts(client, sequence) {
  const counts = new Map();
  for await (const member of client.sequenceContacts.list(sequence, {})) {
    if (member.contactId !== undefined && member.contactId !== null) {
      counts.set(member.contactId, (counts.get(member.contactId) ?? 0) + 1);
    }
  }
  return counts;
}

async function importAll(client, emails, tally) {
  let missing = [...emails];
  for (let round = 0; round < ROUNDS && missing.length > 0; round += 1) {
    for (const batch of chunks(missing, IMPORT_BATCH)) {
      const items = batch.map((email) => ({ email, firstName: 'Chaos' }));
      await tally.write(() => client.contacts.import({ items }));
    }
    const present = await contactsByEmail(client);
    missing = missing.filter((email) => !present.has(email));
  }
}

// Reply (and so the mock) refuses a sequence without steps: one manual email step, never started.
const CHAOS_STEP = {
  type: 'email',
  delayInMinutes: 0,
  executionMode: 'manual',
  variants: [{ subject: 'Chaos', message: 'Never sent: the sequence is not started.' }],
};

async function sequenceNamed(client, name, tally) {
  for (let round = 0; round < ROUNDS; round += 1) {
    const found = await client.sequences.list({ name });
    const existing = (found.items ?? []).find((s) => s.name === name && s.id !== undefined);
    if (existing) return existing.id;
    const created = await tally.write(() => client.sequences.create({ name, steps: [CHAOS_STEP] }));
    if (created?.id !== undefined) return created.id;
  }
  throw new Error(`could not create the sequence ${JSON.stringify(name)}`);
}

async function enrolAll(client, sequence, ids, tally) {
  let missing = [...ids];
  for (let round = 0; round < ROUNDS && missing.length > 0; round += 1) {
    for (const batch of chunks(missing, ENROL_BATCH)) {
      await tally.write(() => client.sequenceContacts.bulkAdd(sequence, { contactIds: batch }));
    }
    const present = await enrolledCounts(client, sequence);
    missing = missing.filter((id) => !present.has(id));
  }
}

test('no write is lost or duplicated under injected faults', async () => {
  const run = crypto.randomBytes(5).toString('hex');
  const started = Date.now();
  const tally = new Tally();
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, maxRetries: 8, quota: false });

  const emails = Array.from({ length: CONTACTS }, (_, i) => `chaos.${run}.${i}@example.com`);
  await importAll(client, emails, tally);
  const byEmail = await contactsByEmail(client);
  const lost = emails.filter((email) => !byEmail.has(email)).length;
  const wanted = new Set(emails);
  let duplicated = 0;
  for (const [email, ids] of byEmail) if (wanted.has(email)) duplicated += ids.length - 1;

  const sequence = await sequenceNamed(client, `Chaos ${run}`, tally);
  const ids = emails.slice(0, ENROL).filter((email) => byEmail.has(email)).map((email) => byEmail.get(email)[0]);
  await enrolAll(client, sequence, ids, tally);
  const enrolled = await enrolledCounts(client, sequence);
  const intended = new Set(ids);
  const enrolLost = [...intended].filter((id) => !enrolled.has(id)).length;
  let enrolDup = 0;
  for (const n of enrolled.values()) enrolDup += n - 1;
  const stray = [...enrolled.keys()].filter((id) => !intended.has(id)).length;

  const elapsed = (Date.now() - started) / 1000;
  console.log(
    `node chaos: ${CONTACTS} contacts, ${lost} lost, ${duplicated} duplicated; ` +
      `${intended.size} enrolled, ${enrolLost} lost, ${enrolDup} duplicated; ` +
      `${tally.unknown} writes reported outcome-unknown ` +
      `(${tally.writes} writes, ${tally.otherErrors} other errors, ${elapsed.toFixed(1)}s, seed ${SEED})`,
  );
  assert.equal(lost, 0, 'contacts lost');
  assert.equal(duplicated, 0, 'contacts duplicated');
  assert.equal(intended.size, ENROL, 'contacts meant for enrolment');
  assert.equal(enrolLost, 0, 'enrolments lost');
  assert.equal(enrolDup, 0, 'enrolments duplicated');
  assert.equal(stray, 0, 'stray enrolments');
});
