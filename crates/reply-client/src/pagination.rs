//! Streams over `top`/`skip` listings, driven by the core's [`Pager`].

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};
use reply_core::Error;
use reply_core::operation::{Operation, Page, PageParams, PaginatedOperation};
use reply_core::pagination::Pager;

use crate::client::Client;
use crate::options::RequestOptions;

struct State<O: Operation> {
    client: Client,
    params: O::Params,
    body: O::Body,
    options: RequestOptions,
    pager: Option<Pager>,
    failed: bool,
}

/// Pages of a listing, one request each, until `hasMore` is false.
pub fn pages<O>(
    client: Client,
    params: O::Params,
    body: O::Body,
    options: RequestOptions,
    page_size: Option<u32>,
) -> impl Stream<Item = Result<O::Output, Error>>
where
    O: PaginatedOperation,
    O::Body: Clone,
{
    let limits = O::INFO.paging.expect("a paginated operation has paging limits");
    let skip = params.skip().unwrap_or(0);
    let size = page_size.or_else(|| params.top());
    let first = Pager::new(size, skip, limits);
    let state = State::<O> { client, params, body, options, pager: first.as_ref().ok().cloned(), failed: false };
    let start_error = first.err();
    stream::once(async move { start_error }).filter_map(|e| async move { e.map(Err) }).chain(stream::unfold(
        state,
        |mut s| async move {
            if s.failed {
                return None;
            }
            let pager = s.pager.as_mut()?;
            let (top, skip) = pager.next_window()?;
            s.params.set_window(top, skip);
            match s.client.call::<O>(&s.params, &s.body, &s.options).await {
                Ok(page) => {
                    s.pager.as_mut().expect("checked above").advance(page.item_count(), page.has_more());
                    Some((Ok(page), s))
                }
                Err(e) => {
                    s.failed = true;
                    Some((Err(e), s))
                }
            }
        },
    ))
}

/// Items of every page, in order.
pub fn items<O>(
    client: Client,
    params: O::Params,
    body: O::Body,
    options: RequestOptions,
    page_size: Option<u32>,
) -> impl Stream<Item = Result<<O::Output as Page>::Item, Error>>
where
    O: PaginatedOperation,
    O::Body: Clone,
{
    pages::<O>(client, params, body, options, page_size).flat_map(|page| match page {
        Ok(page) => stream::iter(page.into_items().into_iter().map(Ok).collect::<Vec<_>>()),
        Err(e) => stream::iter(vec![Err(e)]),
    })
}
