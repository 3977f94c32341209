// Per-call cancellation and raw answers, type-checked by `npm run typecheck`
// (tsc --strict): `signal` on a call, a walk over pages and a job wait, and
// `.withResponse()` for the status and headers beside the value.
import {
  AbortError,
  ReplyClient,
  type BackgroundJob,
  type Contact,
  type ReplyResponse,
  type WhoamiResponse,
  type WithResponse,
} from 'reply-sdk';

async function main(): Promise<void> {
  const client = ReplyClient.fromEnv();

  // Give up on a call after 2 s, retries and quota waits included.
  try {
    const contact: Contact = await client.contacts.get(7, { signal: AbortSignal.timeout(2000) });
    console.log(contact.email);
  } catch (error) {
    if (error instanceof AbortError) console.log(`gave up: ${error.message}`);
    else throw error;
  }

  // The value and the answer it came from.
  const me: WithResponse<WhoamiResponse> = await client.userAccount.whoami().withResponse();
  const response: ReplyResponse = me.response;
  console.log(me.data.userId, response.status, response.headers['x-request-id']);

  // A walk over pages that the user can stop.
  const controller = new AbortController();
  let seen = 0;
  for await (const contact of client.contacts.list({ top: 100 }, { signal: controller.signal })) {
    seen += 1;
    if (seen === 250) controller.abort();
    console.log(contact.id);
  }
  const firstPage = await client.contacts.list({ top: 10 }).withResponse();
  console.log(firstPage.data.items?.length, firstPage.response.status);

  // A job's wait with its own signal; the job keeps running when it aborts.
  const started = await client.emailValidations.schedule({ contactIds: [7] }).withResponse();
  console.log(`job ${started.data.id} accepted with ${started.response.status}`);
  const done: BackgroundJob = await started.data.wait({ timeoutMs: 60_000, signal: AbortSignal.timeout(30_000) });
  console.log(done.status);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
