'use strict';

// Operations answering 202 give a Job: wait() polls it to the end, cancel() stops it.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

const { Job, ReplyClient, TimeoutError } = require('..');
const { KEYS, startMock } = require('./support/mock');

let mock;
let client;
let contactId;

before(async () => {
  // Jobs sit 300 ms in Scheduled and 300 ms in Processing: long enough to cancel, short to wait for.
  mock = await startMock({ limits: { enabled: false }, jobs: { scheduledMs: 300, processingMs: 300 } });
  client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
  contactId = (await client.contacts.create({ email: 'job@example.com', firstName: 'Job' })).id;
});
after(() => mock?.stop());

test('a job-starting call gives a Job that wait() follows to Done', async () => {
  const job = await client.emailValidations.schedule({ contactIds: [contactId] });
  assert.ok(job instanceof Job);
  assert.equal(typeof job.id, 'string');
  assert.equal(job.output.jobId, job.id);
  assert.equal(job.output.scheduledCount, 1);
  const done = await job.wait({ timeoutMs: 10_000 });
  assert.equal(done.status, 'Done');
  assert.equal(done.jobId, job.id);
  const seen = await client.backgroundJobs.get(job.id);
  assert.equal(seen.status, 'Done');
});

test('cancel() stops a job; a handle can be made from an id', async () => {
  const job = await client.emailValidations.schedule({ contactIds: [contactId] });
  await job.cancel('changed my mind');
  const handle = client.job(job.id);
  assert.equal(handle.output, undefined);
  const status = await handle.status();
  assert.equal(status.status, 'Cancelled');
  assert.equal((await handle.wait()).status, 'Cancelled');
});

test('wait() gives up with a TimeoutError; the job goes on', async () => {
  const job = await client.emailValidations.schedule({ contactIds: [contactId] });
  await assert.rejects(job.wait({ timeoutMs: 50 }), TimeoutError);
  assert.equal((await job.wait({ timeoutMs: 10_000 })).status, 'Done');
});
