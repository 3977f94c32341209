// The safe workflows, typed: exact lookup, upsert without data loss, enrolment
// with per-contact outcomes, and step positions. Type-checked by
// `npm run typecheck` (tsc --strict); the tests run the same calls in
// tests/workflows.test.js. Against reply-mock:
//   REPLY_API_KEY=mock-personal-key REPLY_BASE_URL=http://127.0.0.1:PORT
import {
  ReplyClient,
  ReplyError,
  StepNotFoundError,
  type Contact,
  type EnrolOutcome,
  type EnrolReport,
  type Ensured,
  type SequenceStep,
} from 'reply-sdk';

const step = (parentId: number | null): SequenceStep => ({
  type: 'email',
  parentId,
  delayInMinutes: 0,
  executionMode: 'automatic',
  variants: [{ subject: 'Hi', message: 'Hello' }],
});

async function main(): Promise<void> {
  const client = ReplyClient.fromEnv();

  // Upsert by email: an existing contact keeps every member this call does not send.
  const ada: Ensured = await client.contacts.ensure({ email: 'ada@example.com', firstName: 'Ada' });
  const again = await client.contacts.ensure({ email: 'ADA@example.com', firstName: 'Augusta' }, { onExisting: 'fillEmpty' });
  console.log(`ensured ${ada.id} created=${ada.created}, again created=${again.created}`);

  // Exact lookup: "ada@example.com" is never answered with "lada@example.com".
  const found: Contact | null = await client.contacts.findByEmail('Ada@example.com');
  console.log(`found ${found?.id}`);

  // A two-step sequence; the second step hangs under the first by parentId.
  const sequence = await client.sequences.create({ name: 'Safe workflows', steps: [step(null)] });
  if (sequence.id === undefined) throw new Error('the answer has no id');
  const first: number = await client.sequenceSteps.resolve(sequence.id, 1);
  await client.sequenceSteps.create(sequence.id, step(first));

  const report: EnrolReport = await client.sequences.enrol(sequence.id, [ada.id, 'nobody@example.com'], {
    startStep: 2,
    ifAlready: 'skip',
  });
  for (const result of report.results) {
    const outcome: EnrolOutcome = result.outcome;
    console.log(`${result.target}: ${outcome}${result.code ? ` (${result.code})` : ''}`);
  }

  try {
    await client.sequenceSteps.resolve(sequence.id, 3);
  } catch (e) {
    if (!(e instanceof StepNotFoundError)) throw e;
    console.log(`refused: ${e.kind} at position ${e.position}`);
  }

  const answers = await client.contacts.ensureMany([{ email: 'grace@example.com', firstName: 'Grace' }, { firstName: 'No address' }]);
  console.log(answers.map((a) => (a instanceof ReplyError ? a.kind : `created=${a.created}`)).join(', '));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
