'use strict';

// The safe workflows (contacts.findByEmail, contacts.ensure/ensureMany,
// sequences.enrol, sequenceSteps.resolve) against reply-mock. Set-up and
// every check of what Reply holds use the plain endpoints.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

const sdk = require('..');
const { ReplyClient } = sdk;
const { KEYS, startMock } = require('./support/mock');

let mock;
let client;
before(async () => {
  mock = await startMock({ limits: { enabled: false } });
  client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url, quota: false });
});
after(() => mock?.stop());

const emailStep = (parentId) => ({
  type: 'email',
  parentId,
  delayInMinutes: 0,
  executionMode: 'automatic',
  variants: [{ subject: 'Hi', message: 'Hello' }],
});

async function linearSequence(name, steps) {
  const sequence = await client.sequences.create({ name, steps: [emailStep(null)] });
  const ids = [(await client.sequenceSteps.list(sequence.id))[0].id];
  while (ids.length < steps) ids.push((await client.sequenceSteps.create(sequence.id, emailStep(ids.at(-1)))).id);
  return { id: sequence.id, steps: ids };
}

const contact = async (body) => (await client.contacts.create(body)).id;

async function members(sequence) {
  const page = await client.sequenceContacts.list(sequence, { top: 1000 });
  return new Map(page.items.map((m) => [m.contactId, m]));
}

test('findByEmail takes the exact address, not a containment match', async () => {
  const joann = await contact({ email: 'joann@example.com', firstName: 'Joann' });
  const ann = await contact({ email: 'ann@example.com', firstName: 'Ann' });
  assert.equal((await client.contacts.findByEmail('ANN@Example.com')).id, ann);
  assert.equal((await client.contacts.findByEmail('joann@example.com')).id, joann);
  assert.equal(await client.contacts.findByEmail('nn@example.com'), null);
  await assert.rejects(client.contacts.findByEmail('not an address'), (e) => {
    assert.ok(e instanceof sdk.WorkflowInputError && e instanceof sdk.WorkflowError && e instanceof sdk.ReplyError);
    assert.equal(e.kind, 'invalid_input');
    return true;
  });
});

test('ensure on an existing contact keeps the members it did not send', async () => {
  const ada = await contact({
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Analytical Engines',
  });
  const filled = await client.contacts.ensure({ email: 'ADA@example.com', firstName: 'Augusta', title: 'Countess' });
  assert.deepEqual(filled, { id: ada, created: false });
  let held = await client.contacts.get(ada);
  assert.deepEqual(
    [held.firstName, held.lastName, held.company, held.title],
    ['Ada', 'Lovelace', 'Analytical Engines', 'Countess'],
    'only the empty title is filled',
  );

  const over = await client.contacts.ensure({ email: 'ada@example.com', firstName: 'Augusta' }, { onExisting: 'overwrite' });
  assert.deepEqual(over, { id: ada, created: false });
  held = await client.contacts.get(ada);
  assert.deepEqual([held.firstName, held.lastName, held.company], ['Augusta', 'Lovelace', 'Analytical Engines']);

  const answers = await client.contacts.ensureMany(
    [
      { email: 'new@example.com', firstName: 'New' },
      { email: 'ada@example.com', firstName: 'Nobody', company: 'Other' },
      { firstName: 'No address' },
    ],
    { onExisting: 'keep' },
  );
  assert.equal(answers.length, 3);
  assert.equal(answers[0].created, true);
  assert.equal((await client.contacts.get(answers[0].id)).email, 'new@example.com');
  assert.deepEqual(answers[1], { id: ada, created: false });
  assert.ok(answers[2] instanceof sdk.WorkflowInputError, String(answers[2]));
  held = await client.contacts.get(ada);
  assert.deepEqual([held.firstName, held.company], ['Augusta', 'Analytical Engines'], 'keep changes nothing');
  await assert.rejects(client.contacts.ensure({ firstName: 'No address' }), sdk.WorkflowInputError);
});

test('enrolling a mixed list answers per contact and moves nobody', async () => {
  const sequence = await linearSequence('Mixed', 2);
  const elsewhere = await linearSequence('Elsewhere', 1);
  const fresh = await contact({ email: 'fresh@example.com', firstName: 'Fresh' });
  const member = await contact({ email: 'member@example.com', firstName: 'Member' });
  const opted = await contact({ email: 'opted@example.com', firstName: 'Opted' });
  const blocked = await contact({ email: 'blocked@example.com', firstName: 'Blocked' });
  for (const [seq, who] of [
    [sequence.id, member],
    [elsewhere.id, fresh],
  ]) {
    const added = await client.sequenceContacts.bulkAdd(seq, { contactIds: [who], removeFromExisting: false });
    assert.equal(Object.keys(added.notProcessed ?? {}).length, 0, 'set-up enrolment refused');
  }
  await client.contacts.update(opted, { isOptedOut: true });
  await client.contactBlacklistRules.createEmailRule({ pattern: 'blocked@example.com' });
  const memberBefore = (await members(sequence.id)).get(member);

  const report = await client.sequences.enrol(
    sequence.id,
    [
      fresh,
      'MEMBER@example.com',
      opted,
      'blocked@example.com',
      'nobody@example.com',
      { email: 'person@example.com', firstName: 'Person' },
    ],
    { startStep: 2 },
  );
  assert.equal(report.sequenceId, sequence.id);
  assert.equal(report.startStepId, sequence.steps[1]);
  assert.deepEqual(
    report.results.map((r) => r.outcome),
    ['enrolled', 'already_in_sequence', 'opted_out', 'blacklisted', 'not_found', 'enrolled'],
  );
  assert.deepEqual(
    report.results.slice(0, 5).map((r) => r.contactId),
    [fresh, member, opted, blocked, null],
  );
  assert.deepEqual(
    report.results.map((r) => r.asAsked),
    [true, true, false, false, false, true],
  );
  assert.equal(report.allAsAsked, false);

  // Counted from the mock, not from the report.
  const person = report.results[5].contactId;
  const now = await members(sequence.id);
  assert.deepEqual([...now.keys()].sort(), [fresh, member, person].sort());
  assert.deepEqual(now.get(member), memberBefore, 'the member was neither moved nor touched');
  assert.equal(now.get(fresh).currentStep.stepId, sequence.steps[1]);
  assert.equal(now.get(person).currentStep.stepId, sequence.steps[1]);
  assert.ok((await members(elsewhere.id)).has(fresh), 'removeFromExisting stayed false');

  const failing = await client.sequences.enrol(sequence.id, [member], { ifAlready: 'fail' });
  assert.deepEqual([failing.results[0].outcome, failing.allAsAsked], ['already_in_sequence', false]);
});

test('resolve on a branched sequence refuses with a typed error', async () => {
  const linear = await linearSequence('Linear', 3);
  for (const [i, id] of linear.steps.entries()) assert.equal(await client.sequenceSteps.resolve(linear.id, i + 1), id);
  await assert.rejects(client.sequenceSteps.resolve(linear.id, 4), (e) => {
    assert.ok(e instanceof sdk.StepNotFoundError);
    assert.deepEqual([e.kind, e.sequenceId, e.position], ['step_not_found', linear.id, 4]);
    return true;
  });

  const branched = await linearSequence('Branched', 1);
  const condition = await client.sequenceSteps.create(branched.id, {
    type: 'condition',
    parentId: branched.steps[0],
    delayInMinutes: 0,
    waitInMinutes: 60,
    conditions: [{ property: 'emailOpened', rules: [{ operator: 'equals', value: 'true' }] }],
  });
  for (const ifConditionPositive of [true, false]) {
    await client.sequenceSteps.create(branched.id, { ...emailStep(condition.id), ifConditionPositive });
  }
  assert.equal(await client.sequenceSteps.resolve(branched.id, 1), branched.steps[0]);
  await assert.rejects(client.sequenceSteps.resolve(branched.id, 3), (e) => {
    assert.ok(e instanceof sdk.StepAmbiguousError && e instanceof sdk.WorkflowError);
    assert.deepEqual([e.kind, e.position], ['step_ambiguous', 3]);
    return true;
  });

  // Enrolment at an ambiguous start step is refused the same way, before anything is written.
  const fresh = await contact({ email: 'branch@example.com', firstName: 'Branch' });
  await assert.rejects(client.sequences.enrol(branched.id, [fresh], { startStep: 3 }), sdk.StepAmbiguousError);
  assert.equal((await members(branched.id)).has(fresh), false);
});

test('an engine failure inside a workflow keeps its own class', async () => {
  // The mock answers the steps of an unknown sequence with 400 sequence.notFound.
  await assert.rejects(client.sequenceSteps.resolve(987654321, 1), (e) => {
    assert.ok(e instanceof sdk.ValidationError && !(e instanceof sdk.WorkflowError));
    assert.equal(e.code, 'sequence.notFound');
    return true;
  });
  assert.equal(client.contacts, client.contacts, 'the resource is made once');
  assert.equal(typeof client.contacts.list, 'function', 'the generated operations are still there');
});
