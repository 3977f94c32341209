// A typed tour of the SDK, type-checked by `npm run typecheck` (tsc --strict):
// ten resources, pagination, a background job, an upload and typed errors.
import {
  NotFoundError,
  RateLimitedError,
  ReplyClient,
  ValidationError,
  type Contact,
  type SequenceStep,
} from 'reply-sdk';

/** The spec marks most ids optional; a real answer always has one. */
function present<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`the answer has no ${what}`);
  return value;
}

async function main(): Promise<void> {
  const client = ReplyClient.fromEnv({ maxRetries: 2 });

  // 1. userAccount
  const me = await client.userAccount.whoami();
  console.log(`acting as user ${me.userId} in team ${me.teamId}`);

  // 2. contacts: create, then walk every page lazily
  const ada: Contact = await client.contacts.create({ email: 'ada@example.com', firstName: 'Ada' });
  const adaId = present(ada.id, 'contact id');
  for await (const contact of client.contacts.list({ top: 100 })) {
    console.log(contact.id, contact.email ?? '(no email)');
  }
  const firstPage = await client.contacts.list({ top: 10 });
  console.log(`first page: ${firstPage.items?.length ?? 0} contacts, more: ${firstPage.hasMore}`);

  // 3. contactLists
  const list = await client.contactLists.create({ name: 'Leads' });

  // 4. customFields
  const field = await client.customFields.create({ title: 'Tier', fieldType: 'text' });

  // 5. sequences
  const steps: SequenceStep[] = [
    {
      type: 'email',
      delayInMinutes: 0,
      executionMode: 'automatic',
      variants: [{ subject: 'Hello {{FirstName}}', message: 'A short note.' }],
    },
  ];
  // Reply starts a sequence only with an email account to send from.
  const account = await client.emailAccounts.create({
    connection: {
      email: 'sender@example.com',
      senderName: 'Q3',
      smtpHost: 'smtp.example.com',
      smtpPort: 587,
      smtpPassword: 'x',
      imapHost: 'imap.example.com',
      imapPort: 993,
      imapPassword: 'x',
    },
  });
  const sequence = await client.sequences.create({
    name: 'Q3 outreach',
    steps,
    emailAccounts: [present(account.id, 'email account id')],
  });
  const sequenceId = present(sequence.id, 'sequence id');

  // 6. sequenceContacts
  await client.sequenceContacts.bulkAdd(sequenceId, { contactIds: [adaId] });
  const started = await client.sequences.start(sequenceId);
  console.log(`sequence ${started.name} is ${started.status}`);

  // 7. emailValidations: a background job, 8. backgroundJobs to inspect it
  const job = await client.emailValidations.schedule({ contactIds: [adaId] });
  const finished = await job.wait({ timeoutMs: 60_000 });
  const again = await client.backgroundJobs.get(job.id);
  console.log(`job ${job.id}: ${finished.status} (${again.progress ?? 0})`);

  // 9. attachments: uploads from a path or from bytes
  const fromPath = await client.attachments.upload({ file: './report.pdf' });
  const fromBytes = await client.attachments.upload({
    file: { data: Buffer.from('hello'), filename: 'hello.txt', contentType: 'text/plain' },
  });
  console.log(fromPath.fileName, fromBytes.size);

  // 10. webhooks
  const hook = await client.webhooks.create({ eventType: 'contact_replied', url: 'https://example.com/hooks' });
  await client.webhooks.delete(present(hook.id, 'webhook id'));

  // Errors are classes; fields are typed.
  try {
    await client.contacts.get(987654321);
  } catch (error) {
    if (error instanceof NotFoundError) console.log(error.status, error.code, error.detail);
    else if (error instanceof ValidationError) console.log(error.errors.map((e) => e.pointer));
    else if (error instanceof RateLimitedError) console.log(`retry in ${error.retryAfter}s`);
    else throw error;
  }

  console.log(list.id, field.id, client.quota()?.default.minute);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
