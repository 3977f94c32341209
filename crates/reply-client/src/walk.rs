//! The one walk over a paginated operation's pages. What represents a page
//! (a typed `O::Output` for Rust, a JSON tree for the CLI and uniffi, checked
//! JSON text for Python and Node) is a [`PageSource`]; the walk itself (the
//! core's [`Pager`], stopping at the first error, and reading ahead) exists
//! once.
//!
//! Reading ahead: a walk for a language binding or the CLI sends the next
//! page's request *before* the current page is decoded. How many items a page holds and
//! whether more follow is a quick scan of the raw bytes ([`scan`]), so the
//! walk does that first, sends the next request, and decodes while the server
//! works. A Rust walk does not: a Rust caller that stops after a page should
//! not pay for a request it never reads.

use futures_core::Stream;
use futures_util::future::BoxFuture;
use futures_util::stream;
use reply_core::Error;
use reply_core::http::Response;
use reply_core::pagination::Pager;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use tokio::task::JoinHandle;

/// How many items a page holds and whether more follow.
pub(crate) type Shape = (usize, bool);

/// What a walk asks of a page representation.
pub(crate) trait PageSource: Send + 'static {
    /// A page as its reader gets it.
    type Page: Send + 'static;

    /// The request for the window `(top, skip)`, not yet sent.
    fn request(&mut self, window: (u32, u32)) -> Result<BoxFuture<'static, Result<Response, Error>>, Error>;

    /// Reads a page answer into the page and its shape; `scanned` is the shape
    /// already read from the raw bytes, when the walk read ahead.
    fn read(
        &self,
        response: Response,
        scanned: Option<Shape>,
    ) -> BoxFuture<'static, Result<(Self::Page, Shape), Error>>;
}

/// A page's request, sent ahead on the runtime; dropped unread (the reader
/// stopped), it is cancelled.
struct Ahead(JoinHandle<Result<Response, Error>>);

impl Drop for Ahead {
    fn drop(&mut self) {
        self.0.abort();
    }
}

enum Pending {
    /// Sent when awaited (the first page, and every page of a walk that does not read ahead).
    Here(BoxFuture<'static, Result<Response, Error>>),
    Ahead(Ahead),
}

struct Walk<S> {
    source: S,
    pager: Pager,
    read_ahead: bool,
    ahead: Option<Ahead>,
    done: bool,
}

impl<S: PageSource> Walk<S> {
    async fn next(&mut self) -> Option<Result<S::Page, Error>> {
        if self.done {
            return None;
        }
        let pending = match self.ahead.take() {
            Some(ahead) => Pending::Ahead(ahead),
            None => match self.source.request(self.pager.next_window()?) {
                Ok(request) => Pending::Here(request),
                Err(e) => return self.stop(e),
            },
        };
        let response = match pending {
            Pending::Here(request) => request.await,
            Pending::Ahead(mut ahead) => match (&mut ahead.0).await {
                Ok(response) => response,
                Err(e) => Err(Error::Config(format!("the page request stopped: {e}"))),
            },
        };
        let response = match response {
            Ok(response) => response,
            Err(e) => return self.stop(e),
        };
        // Not a page by the scan: no read-ahead, and the page's own reading says why.
        let scanned = if self.read_ahead { scan(&response.body).ok() } else { None };
        if let Some((items, has_more)) = scanned {
            self.pager.advance(items, has_more);
            if let Some(window) = self.pager.next_window() {
                match self.source.request(window) {
                    Ok(request) => self.ahead = Some(Ahead(tokio::spawn(request))),
                    Err(e) => return self.stop(e),
                }
            }
        }
        match self.source.read(response, scanned).await {
            Ok((page, (items, has_more))) => {
                if scanned.is_none() {
                    self.pager.advance(items, has_more);
                }
                Some(Ok(page))
            }
            Err(e) => self.stop(e),
        }
    }

    fn stop(&mut self, error: Error) -> Option<Result<S::Page, Error>> {
        self.done = true;
        self.ahead = None;
        Some(Err(error))
    }
}

/// Every page of a walk, lazily; a walk that could not start yields its error once.
pub(crate) fn walk<S: PageSource>(
    start: Result<(S, Pager), Error>,
    read_ahead: bool,
) -> impl Stream<Item = Result<S::Page, Error>> + Send + 'static {
    let start = start.map(|(source, pager)| Walk { source, pager, read_ahead, ahead: None, done: false });
    stream::unfold(Some(start), |walk| async move {
        match walk? {
            Err(e) => Some((Err(e), None)),
            Ok(mut walk) => {
                let page = walk.next().await?;
                Some((page, Some(Ok(walk))))
            }
        }
    })
}

/// A page's shape read from its raw JSON without building anything.
pub(crate) fn scan(body: &[u8]) -> Result<Shape, serde_json::Error> {
    let shape: RawShape = serde_json::from_slice(body)?;
    Ok((shape.items.0, shape.has_more.unwrap_or(false)))
}

#[derive(serde::Deserialize)]
struct RawShape {
    #[serde(default)]
    items: Count,
    #[serde(rename = "hasMore", default)]
    has_more: Option<bool>,
}

/// The length of a JSON array (`null` counts as empty), its elements skipped unread.
#[derive(Default)]
struct Count(usize);

impl<'de> serde::Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        struct CountVisitor;

        impl<'de> Visitor<'de> for CountVisitor {
            type Value = Count;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of items")
            }

            fn visit_unit<E>(self) -> Result<Count, E> {
                Ok(Count(0))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                let mut n = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Count(n))
            }
        }

        deserializer.deserialize_any(CountVisitor)
    }
}
