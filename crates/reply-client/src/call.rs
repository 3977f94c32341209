//! `Call`: one pending request, with per-request options, that runs when awaited.
//!
//! `client.contacts().get(7).await` runs it as is;
//! `client.contacts().get(7).timeout(d).acting_user(u).await` adjusts it first.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use futures_core::Stream;
use reply_core::Error;
use reply_core::operation::{Operation, Page, PaginatedOperation};
use reply_core::retry::RetryPolicy;

use crate::client::Client;
use crate::config::ActingUser;
use crate::jobs::Job;
use crate::options::RequestOptions;
use crate::pagination;

/// A request ready to send.
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<'a, O: Operation> {
    pub(crate) client: &'a Client,
    pub(crate) params: O::Params,
    pub(crate) body: O::Body,
    pub(crate) options: RequestOptions,
}

impl<'a, O: Operation> Call<'a, O> {
    pub fn new(client: &'a Client, params: O::Params, body: O::Body) -> Self {
        Call { client, params, body, options: RequestOptions::default() }
    }

    /// Replaces all per-request options.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// How long one attempt may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How long the call may take in all, retries and quota waits included.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.options.retry = Some(retry);
        self
    }

    /// Acts as another user (`X-User-Id` / `X-User-Email`).
    pub fn acting_user(mut self, user: ActingUser) -> Self {
        self.options.acting_user = Some(user);
        self
    }

    /// Picks the team (`X-Team-Id`).
    pub fn team_id(mut self, team_id: i64) -> Self {
        self.options.team_id = Some(team_id);
        self
    }

    /// Adds a header to this request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request.
    #[expect(clippy::manual_async_fn, reason = "an async fn would hold the call twice; see below")]
    pub fn send(self) -> impl Future<Output = Result<O::Output, Error>> + 'a
    where
        O: 'a,
    {
        // Not an `async fn`: that would keep a second copy of the call beside its
        // argument (options included) in the future every call is awaited as;
        // the block borrows the one it captured.
        async move { self.client.call::<O>(&self.params, &self.body, &self.options).await }
    }

    /// Sends a request that starts a background job and returns its handle
    /// with the immediate answer.
    pub async fn start_job(self) -> Result<Job<O::Output>, Error> {
        crate::jobs::start::<O>(self.client, &self.params, &self.body, &self.options).await
    }
}

impl<O> Call<'_, O>
where
    O: PaginatedOperation + 'static,
    O::Body: Clone,
{
    /// Every page from the current `skip`, fetched lazily, `page_size` items
    /// each (the spec's default page size for the endpoint when `None`).
    pub fn pages(self, page_size: Option<u32>) -> impl Stream<Item = Result<O::Output, Error>> + 'static {
        pagination::pages::<O>(self.client.clone(), self.params, self.body, self.options, page_size)
    }

    /// Every item of every page, fetched lazily.
    pub fn items(
        self,
        page_size: Option<u32>,
    ) -> impl Stream<Item = Result<<O::Output as Page>::Item, Error>> + 'static {
        pagination::items::<O>(self.client.clone(), self.params, self.body, self.options, page_size)
    }
}

impl<'a, O> IntoFuture for Call<'a, O>
where
    O: Operation + 'a,
    O::Output: 'a,
{
    type Output = Result<O::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
