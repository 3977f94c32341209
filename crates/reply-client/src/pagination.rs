//! Typed streams over `top`/`skip` listings, on the one walk ([`crate::walk`]).

use futures_core::Stream;
use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};
use reply_core::Error;
use reply_core::http::Response;
use reply_core::operation::{Operation, Page, PageParams, PaginatedOperation};
use reply_core::pagination::Pager;

use crate::client::Client;
use crate::options::RequestOptions;
use crate::walk::{PageSource, Shape, walk};

/// Pages as the operation's typed output.
struct TypedPages<O: Operation> {
    client: Client,
    params: O::Params,
    body: std::sync::Arc<O::Body>,
    options: RequestOptions,
}

impl<O: PaginatedOperation + 'static> PageSource for TypedPages<O> {
    type Page = O::Output;

    fn request(&mut self, (top, skip): (u32, u32)) -> Result<BoxFuture<'static, Result<Response, Error>>, Error> {
        self.params.set_window(top, skip);
        let (client, params, body, options) =
            (self.client.clone(), self.params.clone(), self.body.clone(), self.options.clone());
        Ok(Box::pin(async move { client.call_raw::<O>(&params, &body, &options).await }))
    }

    fn read(&self, response: Response, _: Option<Shape>) -> BoxFuture<'static, Result<(O::Output, Shape), Error>> {
        let page = O::decode(&response)
            .map(|page| {
                let shape = (page.item_count(), page.has_more());
                (page, shape)
            })
            .map_err(|source| Error::unreadable(O::INFO.id, O::INFO.kind, &response.body, source));
        Box::pin(std::future::ready(page))
    }
}

/// Pages of a listing, one request each, until `hasMore` is false.
pub fn pages<O>(
    client: Client,
    params: O::Params,
    body: O::Body,
    options: RequestOptions,
    page_size: Option<u32>,
) -> impl Stream<Item = Result<O::Output, Error>> + Send + 'static
where
    O: PaginatedOperation + 'static,
{
    let limits = O::INFO.paging.expect("a paginated operation has paging limits");
    let skip = params.skip().unwrap_or(0);
    let size = page_size.or_else(|| params.top());
    let start = Pager::new(size, skip, limits)
        .map(|pager| (TypedPages::<O> { client, params, body: std::sync::Arc::new(body), options }, pager));
    walk(start, false)
}

/// Items of every page, in order.
pub fn items<O>(
    client: Client,
    params: O::Params,
    body: O::Body,
    options: RequestOptions,
    page_size: Option<u32>,
) -> impl Stream<Item = Result<<O::Output as Page>::Item, Error>> + 'static
where
    O: PaginatedOperation + 'static,
{
    pages::<O>(client, params, body, options, page_size).flat_map(|page| match page {
        Ok(page) => stream::iter(page.into_items().into_iter().map(Ok).collect::<Vec<_>>()),
        Err(e) => stream::iter(vec![Err(e)]),
    })
}
