//! Walking a paginated operation for the language bindings: each page comes as
//! JSON text, normalised through its generated type (as it came, when that
//! changes nothing: see `reply_core::check`), and the next page is requested
//! *before* the current one is decoded.
//!
//! Checking a page of a thousand contacts takes most of a millisecond (and
//! rewriting one, when the check finds it must, a few), about what the mock
//! needs to answer the next request. Reading how many items a page holds and
//! whether there are more is a quicker scan of the raw bytes, so the walk does
//! that first, sends the next request, and checks while the server works. Text rather than a JSON tree, because the bindings hand the
//! page on whole (JavaScript parses it; Python reads items lazily from it).

use bytes::Bytes;
use futures_core::Stream;
use futures_util::stream;
use reply_core::Error;
use reply_core::http::Response;
use reply_core::operation::OperationInfo;
use reply_core::pagination::Pager;
use reply_core::registry::round_trip_response_as;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde_json::{Map, Value};
use tokio::task::JoinHandle;

use crate::client::Client;
use crate::dynamic::{DynamicBody, build_path_and_query, encode_body, pager_for};
use crate::options::RequestOptions;

/// One page as normalised JSON text (`{"items": [...], "hasMore": ...}`).
#[derive(Debug, Clone)]
pub struct TextPage {
    pub text: String,
    /// How many items the page holds.
    pub items: usize,
    pub has_more: bool,
}

/// What the pager needs from a page, read without building anything.
#[derive(serde::Deserialize)]
struct Shape {
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

/// A request for a later page, running while the current one is decoded.
/// Dropped unread (the reader stopped), it is cancelled.
struct Ahead(JoinHandle<Result<Response, Error>>);

impl Drop for Ahead {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Walk {
    client: Client,
    info: &'static OperationInfo,
    params: Map<String, Value>,
    body: Option<(String, Bytes)>,
    options: RequestOptions,
    pager: Pager,
    ahead: Option<Ahead>,
    done: bool,
}

impl Walk {
    /// Starts the request for the window `(top, skip)` on the runtime.
    fn request(&mut self, (top, skip): (u32, u32)) -> Result<Ahead, Error> {
        self.params.insert("top".into(), top.into());
        self.params.insert("skip".into(), skip.into());
        let (path, query) = build_path_and_query(self.info, &self.params)?;
        let (client, info, body, options) = (self.client.clone(), self.info, self.body.clone(), self.options.clone());
        Ok(Ahead(tokio::spawn(async move { client.send(info, &path, &query, body, &options).await })))
    }

    async fn next(&mut self) -> Option<Result<TextPage, Error>> {
        if self.done {
            return None;
        }
        let mut ahead = match self.ahead.take() {
            Some(ahead) => ahead,
            None => match self.pager.next_window().map(|w| self.request(w)) {
                None => return None,
                Some(Ok(ahead)) => ahead,
                Some(Err(e)) => return self.stop(e),
            },
        };
        let response = match (&mut ahead.0).await {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return self.stop(e),
            Err(e) => return self.stop(Error::Config(format!("the page request stopped: {e}"))),
        };
        match serde_json::from_slice::<Shape>(&response.body) {
            Ok(shape) => {
                self.pager.advance(shape.items.0, shape.has_more.unwrap_or(false));
                if let Some(window) = self.pager.next_window() {
                    match self.request(window) {
                        Ok(ahead) => self.ahead = Some(ahead),
                        Err(e) => return self.stop(e),
                    }
                }
                // Off the async workers: a few milliseconds of decoding would
                // otherwise hold back the request just spawned (tokio runs a
                // freshly spawned task on the spawning worker, after this one).
                let (id, status, body) = (self.info.id, response.status, response.body.clone());
                let decoded =
                    tokio::task::spawn_blocking(move || match round_trip_response_as::<String>(id, status, &body) {
                        Some(result) => result,
                        None => Ok(String::from_utf8_lossy(&body).into_owned()),
                    });
                let text = match decoded.await {
                    Ok(Ok(text)) => text,
                    Ok(Err(source)) => return self.stop(Error::Decode { operation: self.info.id, source }),
                    Err(e) => return self.stop(Error::Config(format!("decoding the page stopped: {e}"))),
                };
                Some(Ok(TextPage { text, items: shape.items.0, has_more: shape.has_more.unwrap_or(false) }))
            }
            // Not a page: the typed decoding says why.
            Err(e) => {
                let source = match round_trip_response_as::<String>(self.info.id, response.status, &response.body) {
                    Some(Err(source)) => source,
                    _ => {
                        reply_core::DecodeError { status: response.status, path: String::new(), message: e.to_string() }
                    }
                };
                self.stop(Error::Decode { operation: self.info.id, source })
            }
        }
    }

    fn stop(&mut self, error: Error) -> Option<Result<TextPage, Error>> {
        self.done = true;
        self.ahead = None;
        Some(Err(error))
    }
}

impl Client {
    /// Every page of a paginated operation as [`TextPage`]s, fetched lazily,
    /// each next request sent while the current page is being decoded.
    pub fn paginate_text(
        &self,
        info: &'static OperationInfo,
        params: Map<String, Value>,
        body: DynamicBody,
        options: RequestOptions,
        page_size: Option<u32>,
    ) -> impl Stream<Item = Result<TextPage, Error>> + use<> {
        let start = (|| {
            let pager = pager_for(info, &params, page_size)?;
            let body = encode_body(info, &body)?;
            Ok(Walk { client: self.clone(), info, params, body, options, pager, ahead: None, done: false })
        })();
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
}
