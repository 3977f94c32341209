import type { WithResponse } from './promise';

/**
 * What a paginated method returns. `await` it for the first page
 * (`{ items, hasMore }`), `for await` over it for every item of every page, or
 * call `.pages()` for the pages one by one. Nothing is sent until one of these
 * starts; iteration fetches at most two pages ahead of the loop. The query's
 * `top` sets the page size and `skip` where the walk starts.
 */
export declare class PagePromise<Page, Item> implements PromiseLike<Page>, AsyncIterable<Item> {
  private constructor();
  then<R1 = Page, R2 = never>(
    onFulfilled?: ((page: Page) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2>;
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page | R>;
  finally(onFinally?: (() => void) | null): Promise<Page>;
  /** The first page as `data`, beside the answer's `status` and `headers`. */
  withResponse(): Promise<WithResponse<Page>>;
  /** Every page, fetched as the loop asks for it. */
  pages(): AsyncIterableIterator<Page>;
  /** Every item of every page. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Item>;
}
