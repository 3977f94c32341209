import type { Resources } from '../generated/resources';
import type { Job } from './jobs';
import type { ClientOptions, Quota, RawRequest, RequestOptions } from './types';
import type { SafeContacts, SafeSequences, SafeSequenceSteps } from './workflows';

/**
 * The Reply API client: one resource per tag (`client.contacts`,
 * `client.sequences`, ...), one method per operation, each returning a Promise
 * (paginated methods a `PagePromise`, job-starting ones a `Job`).
 */
export declare class ReplyClient extends Resources {
  constructor(options: ClientOptions);
  /** The `Contacts` operations, `findByEmail`, `ensure` and `ensureMany`. */
  readonly contacts: SafeContacts;
  /** The `Sequences` operations and `enrol`. */
  readonly sequences: SafeSequences;
  /** The `Sequence Steps` operations and `resolve`. */
  readonly sequenceSteps: SafeSequenceSteps;
  /** A client from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`, with `options` on top. */
  static fromEnv(options?: Partial<ClientOptions>): ReplyClient;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** What is left of the request budget, or `null` when the client-side quota is off. */
  quota(): Quota | null;
  /**
   * Sends a request to any path under the API, known to this SDK or not, with
   * the retries (a write other than GET/HEAD is never retried once it may have
   * acted), quota, acting user and errors of every call. Resolves to the
   * answer's JSON as plain data (`null` when empty).
   */
  request<T = unknown>(request: RawRequest): Promise<T>;
  /**
   * A handle to an existing background job. Pass the acting user and team that
   * started it: Reply shows a job only to them.
   */
  job(id: string, options?: RequestOptions): Job<undefined>;
  toJSON(): { baseUrl: string };
}
