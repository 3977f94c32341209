/** The HTTP answer behind a call's value. */
export interface ReplyResponse {
  status: number;
  /** Header names in lower case; a repeated header's values joined with `, `. */
  headers: Record<string, string>;
}

/** What `.withResponse()` gives: the call's value and the answer it came from. */
export interface WithResponse<T> {
  data: T;
  response: ReplyResponse;
}

/** What every generated method returns: a Promise of the value, with `.withResponse()`. */
export declare class ReplyPromise<T> extends Promise<T> {
  private constructor();
  /** The value as `data`, beside the answer's `status` and `headers`. */
  withResponse(): Promise<WithResponse<T>>;
}
