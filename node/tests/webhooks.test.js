'use strict';

// webhooks against real deliveries: the mock runs a sequence and delivers to
// a `nodeHandler` receiver; `reply webhooks trigger` reaches one too; the
// fetch-style handler answers as the Node one does.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { test } = require('node:test');
const { promisify } = require('node:util');

const { webhooks } = require('..');
const { KEYS, ROOT, startMock } = require('./support/mock');

const TOKEN = 's3cret-token-for-tests';
const REPLY_BIN = process.env.REPLY_BIN ?? path.join(ROOT, 'target', 'x86_64-unknown-linux-gnu', 'debug', 'reply');

async function serve(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/hooks/reply`;
  return { url, stop: () => new Promise((resolve) => server.close(resolve)) };
}

async function call(mock, method, path, body) {
  const response = await fetch(mock.url + path, {
    method,
    headers: { authorization: `Bearer ${KEYS.personal}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A SeenEvents of our own (the interface is pluggable) that counts repeats. */
class CountingSeen {
  constructor() {
    this.inner = new webhooks.MemorySeenEvents();
    this.repeats = [];
  }
  seen(id) {
    const repeat = this.inner.seen(id);
    if (repeat) this.repeats.push(id);
    return repeat;
  }
  forget(id) {
    this.inner.forget(id);
  }
}

test('deliveries from a running sequence parse into their types and a repeat is recognised', async () => {
  // The first email_sent is answered after the mock stopped waiting, so it is delivered again.
  const mock = await startMock(
    {
      activity: { openRate: 1, replyRate: 1, bounceRate: 0 },
      webhooks: { timeoutMs: 300, retries: 1, retryBackoffMs: 50 },
    },
    { lifetimeS: 60 },
  );
  const handled = [];
  const seen = new CountingSeen();
  const handler = async (event) => {
    const firstSent = event.type === 'email_sent' && !handled.some((e) => e.type === 'email_sent');
    handled.push(event);
    if (firstSent) await new Promise((resolve) => setTimeout(resolve, 600));
  };
  const receiver = await serve(webhooks.nodeHandler({ token: TOKEN, handler, seen }));
  let sequence;
  try {
    for (const eventType of ['email_sent', 'email_opened', 'email_replied', 'contact_finished']) {
      await call(mock, 'POST', '/v3/webhooks', { eventType, url: `${receiver.url}?token=${TOKEN}` });
    }
    const contact = await call(mock, 'POST', '/v3/contacts', { email: 'ann@acme.io', firstName: 'Ann' });
    const connection = { email: 'me@acme.io', senderName: 'Me', smtpHost: 'smtp.acme.io', smtpPort: 587,
      smtpPassword: 'x', smtpSsl: true, imapHost: 'imap.acme.io', imapPort: 993, imapPassword: 'x', imapSsl: true };
    const account = await call(mock, 'POST', '/v3/email-accounts', { connection });
    const steps = [{ type: 'email', delayInMinutes: 0, executionMode: 'automatic',
      variants: [{ subject: 'Hi', message: 'Hello', isEnabled: true }] }];
    sequence = await call(mock, 'POST', '/v3/sequences', { name: 'Node', emailAccounts: [account.id], steps });
    await call(mock, 'POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, { contactIds: [contact.id] });
    await call(mock, 'POST', `/v3/sequences/${sequence.id}/start`);
    const deadline = Date.now() + 5000;
    while ((handled.length < 4 || seen.repeats.length === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await receiver.stop();
    await mock.stop();
  }
  assert.deepEqual(handled.map((e) => e.type).sort(), ['contact_finished', 'email_opened', 'email_replied', 'email_sent']);
  const sent = handled.find((e) => e.type === 'email_sent');
  assert.deepEqual(seen.repeats, [sent.id], 'the repeated delivery was recognised, and handled once');
  assert.equal(sent.contact.email, 'ann@acme.io');
  assert.equal(sent.sequence.id, sequence.id);
  const replied = handled.find((e) => e.type === 'email_replied');
  assert.equal(replied.data.reply_reason, 'EmailDetected');
  assert.equal(replied.data.contact_fields.email, 'ann@acme.io');
  assert.equal(replied.data.sequence_fields.id, sequence.id);
  assert.ok(handled.every((e) => e instanceof webhooks.Event && e.known && e.subscriptionId > 0));
});

test('a delivery parses into its type; unknown members, values and types stay reachable', () => {
  const body = JSON.stringify({
    event: { id: 'e-7', type: 'email_bounced', date: '2026-12-05T01:00:00.000Z', user_id: 4, team_id: 9, subscription_id: 3 },
    contact_fields: { id: 5, email: 'ann@acme.io', lead_score: 80 },
    sequence_fields: { id: 77, name: 'Q3' },
    bounce_type: 'Transient',
    future_member: { x: 1 },
  });
  const event = webhooks.parse(body, { 'content-type': 'application/json' });
  assert.ok(event instanceof webhooks.Event);
  assert.equal(event.known, true);
  assert.equal(event.type, 'email_bounced');
  assert.deepEqual([event.id, event.date, event.userId, event.teamId, event.subscriptionId], ['e-7', '2026-12-05T01:00:00.000Z', 4, 9, 3]);
  assert.equal(event.data.bounce_type, 'Transient', 'an enum value this SDK does not know is kept as sent');
  assert.equal(event.contact.email, 'ann@acme.io');
  assert.equal(event.data.contact_fields.lead_score, 80, 'an unknown member of a known block stays');
  assert.deepEqual(event.data.future_member, { x: 1 }, 'an unknown member of a known event stays');
  assert.equal(event.sequence.name, 'Q3');
  // A member of the wrong type is not a delivery of that event.
  const wrong = JSON.stringify({ event: { id: 'e-8', type: 'email_bounced' }, bounce_type: 5 });
  assert.throws(() => webhooks.parse(wrong), (e) => e instanceof webhooks.WebhookError && /email_bounced/.test(e.message));
  const unknown = webhooks.parse(JSON.stringify({ event: { id: 'e-9', type: 'meeting_booked', team_id: 1 }, meeting: { at: 'noon' } }));
  assert.equal(unknown.known, false);
  assert.equal(unknown.type, 'meeting_booked');
  assert.equal(unknown.teamId, 1);
  assert.deepEqual(unknown.data.meeting, { at: 'noon' });
});

test('reply webhooks trigger reaches a receiver built with nodeHandler', async () => {
  const got = [];
  const receiver = await serve(webhooks.nodeHandler({ token: TOKEN, handler: (e) => got.push(e) }));
  try {
    for (const kind of ['email_bounced', 'email_bounced', 'autopilot_stopped']) {
      const { stdout } = await promisify(execFile)(REPLY_BIN, ['webhooks', 'trigger', kind, '--to', `${receiver.url}?token=${TOKEN}`], { timeout: 30_000 });
      assert.match(stdout, /-> 200 ok/);
    }
  } finally {
    await receiver.stop();
  }
  assert.deepEqual(got.map((e) => e.type), ['email_bounced', 'email_bounced', 'autopilot_stopped']);
  assert.notEqual(got[0].id, got[1].id, 'each trigger is a fresh event');
  assert.equal(got[0].data.bounce_type, 'Hard');
});

test('the fetch handler refuses a wrong token or a non-delivery and drops repeats', async () => {
  const got = [];
  const handle = webhooks.fetchHandler({ token: TOKEN, handler: (e) => got.push(e.type) });
  const body = JSON.stringify({ event: { id: 'e-1', type: 'meeting_booked' }, meeting: { at: 'noon' } });
  const post = (query, text = body) =>
    handle(new Request(`http://127.0.0.1/hooks/reply?${query}`, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } }));
  assert.equal((await post(`token=${TOKEN}`)).status, 200);
  assert.equal((await post(`token=${TOKEN}`)).status, 200);
  assert.equal((await post('token=wrong')).status, 401);
  assert.equal((await post(`token=${TOKEN}`, 'not json')).status, 400);
  assert.deepEqual(got, ['meeting_booked'], 'an unknown type is delivered once');
  const event = webhooks.parse(body, { 'content-type': 'application/json' });
  assert.equal(event.known, false);
  assert.equal(event.data.meeting.at, 'noon');
  assert.throws(() => webhooks.parse('{"event":{}}'), webhooks.WebhookError);
});

test('the README receiver runs as written and prints a triggered delivery', async () => {
  const fs = require('node:fs');
  const { spawn } = require('node:child_process');
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const block = /<!-- webhook receiver[\s\S]*?```js\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README.md has no webhook receiver block');
  const port = await new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const child = spawn(process.execPath, ['-e', block[1]], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, REPLY_WEBHOOK_TOKEN: TOKEN, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${port}/hooks/reply?token=${TOKEN}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const { stdout } = await promisify(execFile)(REPLY_BIN, ['webhooks', 'trigger', 'email_replied', '--to', url]);
        assert.match(stdout, /-> 200 ok/);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    while (!output.includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(output, /^email_replied \S+ jane\.doe@example\.com EmailDetected$/m);
  } finally {
    child.kill();
  }
});
