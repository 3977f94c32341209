// The walks the Node paging bench times and the memory bench measures: each
// side pages through every contact of the bench server and does the same
// work with each. Modules are imported inside the walks, so a process
// running one baseline never loads the SDK (the memory bench counts it).

export const KEY = 'bench-key';

/** Reads the seven named members; the sum is the one every language's walk prints. */
export function named(c) {
  return c.id + c.email.length + c.firstName.length + c.lastName.length + c.company.length + c.title.length + c.customFields.length;
}

/** Visits the whole object (both sides' parsers built all of it). */
export function full(c) {
  return Object.keys(c).length + c.customFields.length;
}

function sdk(work) {
  return async (url, page) => {
    const { ReplyClient } = await import('reply-sdk');
    const client = new ReplyClient({ apiKey: KEY, baseUrl: url, quota: false });
    let acc = 0;
    for await (const contact of client.contacts.list({ top: page })) acc += work(contact);
    return acc;
  };
}

const headers = { Authorization: `Bearer ${KEY}`, Accept: 'application/json' };

/** The body of one page, by `fetch`. */
async function viaFetch(url, page, skip) {
  const response = await fetch(`${url}/v3/contacts?top=${page}&skip=${skip}`, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/** The body of one page, by `undici.request`. */
async function viaUndici(url, page, skip) {
  const { request } = await import('undici');
  const { statusCode, body } = await request(`${url}/v3/contacts?top=${page}&skip=${skip}`, { headers });
  if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
  return body.text();
}

/** One page after the other. */
function sequential(get, work) {
  return async (url, page) => {
    let acc = 0;
    for (let skip = 0; ; skip += page) {
      const body = JSON.parse(await get(url, page, skip));
      for (const contact of body.items) acc += work(contact);
      if (!body.hasMore || body.items.length === 0) return acc;
    }
  };
}

/** The next page requested before the current one is parsed (a page past the end is asked for once, and dropped). */
function oneAhead(get, work) {
  return async (url, page) => {
    let acc = 0;
    let next = get(url, page, 0);
    for (let skip = page; ; skip += page) {
      const text = await next;
      next = get(url, page, skip);
      const body = JSON.parse(text);
      for (const contact of body.items) acc += work(contact);
      if (!body.hasMore || body.items.length === 0) {
        await next;
        return acc;
      }
    }
  };
}

export const WALKS = Object.fromEntries(
  Object.entries({ named, full }).map(([kind, work]) => [
    kind,
    {
      'reply-sdk': sdk(work),
      fetch: sequential(viaFetch, work),
      'fetch one ahead': oneAhead(viaFetch, work),
      'undici.request': sequential(viaUndici, work),
      'undici.request one ahead': oneAhead(viaUndici, work),
    },
  ]),
);
