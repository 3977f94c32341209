/** Who a request acts as, for master and organization keys. */
export type ActingUser = { id: number; email?: never } | { email: string; id?: never };

/** The client-side rate limiter's view of Reply's limits; unset members keep Reply's values. */
export interface QuotaOptions {
  perMinute?: number;
  perHour?: number;
  reportingPerMinute?: number;
  reportingPerHour?: number;
  /** How long a "minute" lasts in milliseconds (60000; less against a mock with scaled windows). */
  minuteMs?: number;
  hourMs?: number;
  /**
   * A `redis://` URL: keep the budget in that Redis server, shared by every
   * process and machine acting for the same user (unset: in this client). If
   * Redis cannot be reached the client falls back to its own budget and logs a warning.
   */
  redis?: string;
}

export interface ClientOptions {
  /** The API key. Never printed: not in errors, logs, `inspect` or `toString`. */
  apiKey: string;
  /** `https://api.reply.io` by default; plain `http://` only on loopback (a mock). */
  baseUrl?: string;
  /** Sent as `X-Team-Id`. */
  teamId?: number;
  /** Sent as `X-User-Id` or `X-User-Email`. */
  actingUser?: ActingUser;
  /** How long one attempt may take (30 s). */
  timeoutMs?: number;
  /** How long one call may take in all, retries and quota waits included (300 s). */
  deadlineMs?: number;
  /** Retries after the first attempt (4); 0 turns retrying off. */
  maxRetries?: number;
  /** Client-side rate limiting (on, with Reply's limits); `false` turns it off. */
  quota?: QuotaOptions | false;
  userAgent?: string;
  /**
   * Receives the client's log records (request sent, response received,
   * retrying, write outcome unknown, quota waits, job polls). Without it,
   * `DEBUG=reply` prints them on stderr. No record holds a header or the key.
   */
  onLog?: (record: LogRecord) => void;
}

/** One log record of the engine. */
export interface LogRecord {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** `reply::request`, `reply::quota` or `reply::job`. */
  target: string;
  /** `request sent`, `response received`, `retrying`, `write outcome unknown`, ... */
  message: string;
  /** `operation`, `method`, `path`, `attempt`, `status`, `wait_ms`, `reason`, ... */
  fields: Record<string, string | number | boolean>;
}

/** A raw request to any path under the API, with per-request options. */
export interface RawRequest extends RequestOptions {
  /** `GET`, `HEAD`, `POST`, `PUT`, `PATCH` or `DELETE`. */
  method: string;
  /** `/v3/things`, `/things` or `things`; absolute URLs and `..` are refused. */
  path: string;
  /** Query parameters; an array repeats the name. */
  query?: Record<string, string | number | boolean | Array<string | number | boolean> | undefined>;
  /** A JSON body, sent as is. */
  body?: unknown;
}

/** Per-request overrides of the client's options. */
export interface RequestOptions {
  timeoutMs?: number;
  deadlineMs?: number;
  maxRetries?: number;
  actingUser?: ActingUser;
  teamId?: number;
  /** Extra headers (an `Authorization` here is ignored: the key comes from the client). */
  headers?: Record<string, string>;
  /**
   * Aborts the call: it rejects with an `AbortError` and the engine stops
   * wherever it waits (on the wire, between retries, for a quota slot), so
   * nothing more is sent. A write aborted on the wire may still have been applied.
   */
  signal?: AbortSignal;
}

/**
 * A file to upload: a path on disk, the bytes, or either with an explicit
 * file name and content type (taken from the path's extension otherwise).
 */
export type Upload =
  | string
  | Uint8Array
  | { path: string; filename?: string; contentType?: string }
  | { data: Uint8Array; filename?: string; contentType?: string };

/** A `302` answer: where Reply sends the user (OAuth connect flows). */
export interface Redirect {
  location: string;
}

/** What is left of one rate class's budget. */
export interface Remaining {
  minute: number;
  hour: number;
  /** Time until the class may send again after a 429 (0 when not blocked). */
  blockedForMs: number;
}

/** What is left of the client's request budget. */
export interface Quota {
  default: Remaining;
  reporting: Remaining;
  /** Total time this client's requests spent waiting for a slot. */
  waitedMs: number;
}
