// A raw request to any path under the API and the client's log records,
// type-checked by `npm run typecheck` (tsc --strict).
import { NotFoundError, ReplyClient, type LogRecord, type WhoamiResponse } from 'reply-sdk';

async function main(): Promise<void> {
  // Count the engine's records by message; none of them holds a header or the key.
  const seen = new Map<string, number>();
  const onLog = (record: LogRecord): void => {
    seen.set(record.message, (seen.get(record.message) ?? 0) + 1);
    if (record.message === 'retrying') console.log(`retry of ${String(record.fields.operation)}`);
  };
  const client = ReplyClient.fromEnv({ onLog });

  // A path the SDK knows comes back as plain JSON data, typed as the caller says.
  const me = await client.request<WhoamiResponse>({ method: 'GET', path: '/v3/whoami' });
  const page = await client.request<{ items: unknown[] }>({
    method: 'GET',
    path: 'contacts',
    query: { top: 1, skip: 0 },
    maxRetries: 0,
  });
  console.log(`user ${me.userId}, ${page.items.length} contact(s)`);

  // A path it does not know goes through the same auth, retries, quota and errors.
  try {
    await client.request({ method: 'GET', path: '/v3/not-in-this-sdk', headers: { 'X-Example': '1' } });
  } catch (error) {
    if (error instanceof NotFoundError) console.log(`unknown path: HTTP ${error.status}`);
    else throw error;
  }
  console.log(`records: ${seen.get('request sent') ?? 0} sent`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
