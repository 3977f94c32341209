import type { BackgroundJob } from '../generated/models';

/** A background job started by an operation that answers `202 Accepted`. */
export declare class Job<Output = unknown> {
  private constructor();
  /** The job's id, as in `/v3/background-jobs/{id}`. */
  readonly id: string;
  /** The body of the answer that started the job (`undefined` for a handle made from an id). */
  readonly output: Output;
  /** The job as it is now; `signal` aborts the request. */
  status(options?: { signal?: AbortSignal }): Promise<BackgroundJob>;
  /**
   * Polls, backing off from 200 ms to 5 s, until the job is Done, Failed,
   * Expired or Cancelled; rejects with a `TimeoutError` after `timeoutMs`
   * (300 s by default; the job keeps running). `signal` stops the wait with
   * an `AbortError` (the job keeps running too).
   */
  wait(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<BackgroundJob>;
  /** Asks Reply to cancel the job; `signal` aborts the request. */
  cancel(reason?: string, options?: { signal?: AbortSignal }): Promise<void>;
}
