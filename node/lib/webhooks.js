'use strict';

// Receiving Reply's webhook deliveries over the engine: `parse`, the record
// of handled event ids, the token check, and two ready receivers: a Node
// `(req, res)` handler and a fetch-style `Request -> Response` one.
//
// Reply signs nothing: subscribe an unguessable URL
// (`https://app.example.com/hooks/reply?token=<secret>`); the receivers check
// the token in constant time. Reply may deliver an event twice; `event.id`
// is the idempotency key.

const native = require('../native.js');

const EVENT_TYPES = Object.freeze(native.webhookEventTypes());

class WebhookError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** One delivery: the envelope's members, and `data`, the whole delivery as sent. */
class Event {
  constructor(type, id, data) {
    this.type = type;
    this.id = id;
    this.data = data;
  }
  get envelope() {
    return this.data.event ?? {};
  }
  get date() {
    return this.envelope.date;
  }
  get userId() {
    return this.envelope.user_id;
  }
  get teamId() {
    return this.envelope.team_id;
  }
  get subscriptionId() {
    return this.envelope.subscription_id;
  }
  get contact() {
    return this.data.contact_fields;
  }
  get sequence() {
    return this.data.sequence_fields;
  }
  /** Whether this SDK knows the event type. */
  get known() {
    return EVENT_TYPES.includes(this.type);
  }
}

function headerObject(headers) {
  const out = {};
  if (!headers) return out;
  const entries = typeof headers.entries === 'function' && !Array.isArray(headers) ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value !== undefined) out[String(name).toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** Parses a delivery (Buffer, Uint8Array or string); throws `WebhookError` when it is not one. */
function parse(body, headers) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer ?? body, body.byteOffset ?? 0, body.byteLength ?? body.length);
  let parsed;
  try {
    parsed = native.webhookParse(bytes, headerObject(headers));
  } catch (e) {
    throw new WebhookError(e.message);
  }
  return new Event(parsed.kind, parsed.id, JSON.parse(parsed.json));
}

function verifyToken(expected, given) {
  return native.webhookVerifyToken(String(expected ?? ''), String(given ?? ''));
}

function queryToken(target) {
  return native.webhookQueryToken(String(target)) ?? undefined;
}

/** The engine's in-memory record of handled event ids (the latest `capacity`). */
class MemorySeenEvents {
  constructor(capacity) {
    this.native = new native.NativeSeenEvents(capacity);
  }
  seen(eventId) {
    return this.native.seen(eventId);
  }
  forget(eventId) {
    this.native.forget(eventId);
  }
}

/**
 * Framework-neutral: `handle(target, headers, body)` answers `{status, text}`:
 * 401 wrong token, 400 not a delivery, 200 for a repeat (not handled again),
 * else 200 once `handler` resolved, 500 when it threw (so Reply retries).
 */
class Receiver {
  constructor({ token, handler, seen } = {}) {
    if (!token) throw new TypeError('a Receiver needs the secret token its URL carries');
    if (typeof handler !== 'function') throw new TypeError('a Receiver needs a handler function');
    this.token = token;
    this.handler = handler;
    this.seen = seen ?? new MemorySeenEvents();
  }

  async handle(target, headers, body) {
    if (!verifyToken(this.token, queryToken(target))) return { status: 401, text: 'wrong token' };
    let event;
    try {
      event = parse(body, headers);
    } catch (e) {
      if (e instanceof WebhookError) return { status: 400, text: 'not a delivery' };
      throw e;
    }
    if (await this.seen.seen(event.id)) return { status: 200, text: 'repeat' };
    try {
      await this.handler(event);
    } catch {
      await this.seen.forget(event.id);
      return { status: 500, text: 'handler failed' };
    }
    return { status: 200, text: 'ok' };
  }
}

/** A Node `http` handler: `http.createServer(webhooks.nodeHandler({ token, handler }))`. */
function nodeHandler(options) {
  const receiver = new Receiver(options);
  return (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      receiver
        .handle(req.url ?? '', req.headers, Buffer.concat(chunks))
        .then(({ status, text }) => {
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(text);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  };
}

/** A fetch-style handler (`Request -> Response`), for Deno-style servers, Bun, Next.js routes, Hono. */
function fetchHandler(options) {
  const receiver = new Receiver(options);
  return async (request) => {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    const { status, text } = await receiver.handle(url.pathname + url.search, request.headers, body);
    return new Response(text, { status, headers: { 'content-type': 'text/plain' } });
  };
}

module.exports = {
  EVENT_TYPES,
  Event,
  MemorySeenEvents,
  Receiver,
  WebhookError,
  fetchHandler,
  nodeHandler,
  parse,
  queryToken,
  verifyToken,
};
