//! Pages for the language bindings: each page as JSON text, normalised through
//! its generated type (as it came, when that changes nothing: see
//! `reply_core::check`), walked with read-ahead ([`crate::walk`]). Text rather
//! than a JSON tree, because the bindings hand the page on whole (JavaScript
//! parses it; Python reads items lazily from it).

use futures_core::Stream;
use futures_util::future::BoxFuture;
use reply_core::Error;
use reply_core::http::Response;
use reply_core::operation::OperationInfo;
use reply_core::registry::round_trip_response_as;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::dynamic::{DynamicBody, PageRequests};
use crate::options::RequestOptions;
use crate::walk::{PageSource, Shape, walk};

/// One page as normalised JSON text (`{"items": [...], "hasMore": ...}`).
#[derive(Debug, Clone)]
pub struct TextPage {
    pub text: String,
    /// How many items the page holds.
    pub items: usize,
    pub has_more: bool,
}

struct TextPages(PageRequests);

impl PageSource for TextPages {
    type Page = TextPage;

    fn request(&mut self, window: (u32, u32)) -> Result<BoxFuture<'static, Result<Response, Error>>, Error> {
        self.0.request(window)
    }

    fn read(&self, response: Response, scanned: Option<Shape>) -> BoxFuture<'static, Result<(TextPage, Shape), Error>> {
        let info = self.0.info;
        Box::pin(async move {
            // The walk reads ahead, so it scanned every page; one it could not scan is not a page.
            let Some((items, has_more)) = scanned else { return Err(not_a_page(info, &response)) };
            // Off the async workers: a few milliseconds of decoding would
            // otherwise hold back the request just sent ahead (tokio runs a
            // freshly spawned task on the spawning worker, after this one).
            let (id, status, body) = (info.id, response.status, response.body.clone());
            let decoded =
                tokio::task::spawn_blocking(move || match round_trip_response_as::<String>(id, status, &body) {
                    Some(result) => result,
                    None => Ok(String::from_utf8_lossy(&body).into_owned()),
                });
            let text = match decoded.await {
                Ok(Ok(text)) => text,
                Ok(Err(source)) => return Err(Error::Decode { operation: info.id, source }),
                Err(e) => return Err(Error::Config(format!("decoding the page stopped: {e}"))),
            };
            Ok((TextPage { text, items, has_more }, (items, has_more)))
        })
    }
}

/// Why an answer is not a page: what its typed decoding says, else what the scan did.
fn not_a_page(info: &'static OperationInfo, response: &Response) -> Error {
    let source = match round_trip_response_as::<String>(info.id, response.status, &response.body) {
        Some(Err(source)) => source,
        _ => {
            let message = crate::walk::scan(&response.body).err().map_or_else(String::new, |e| e.to_string());
            reply_core::DecodeError { status: response.status, path: String::new(), message }
        }
    };
    Error::Decode { operation: info.id, source }
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
    ) -> impl Stream<Item = Result<TextPage, Error>> + Send + use<> {
        let start = PageRequests::new(self, info, params, &body, options, page_size)
            .map(|(requests, pager)| (TextPages(requests), pager));
        walk(start, true)
    }
}
