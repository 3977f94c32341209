//! `NativePager`: a paginated operation's pages, read ahead by the engine's
//! [`ReadAhead`] (one page split and transcoded and waiting, the next on its
//! way), so fetching and splitting overlap with JS working through the current page.

use futures_core::Stream;
use napi_derive::napi;
use reply_client::{ReadAhead, TextPage};

use crate::error;
use crate::text::{self, PageText};

#[napi]
pub struct NativePager {
    pages: ReadAhead<Vec<PageText>>,
}

impl NativePager {
    pub fn start(stream: impl Stream<Item = Result<TextPage, reply_core::Error>> + Send + 'static) -> Self {
        // Split and transcoded on the runtime, while JS still works through the page before.
        let (pages, fill) = ReadAhead::new(stream, |page| text::split(&page.text));
        napi::bindgen_prelude::spawn(fill);
        NativePager { pages }
    }
}

#[napi]
impl NativePager {
    /// The next page (`{items, hasMore}`) as JSON texts, or `null` after the
    /// last one: the page with `[]` for its items, then its items in arrays.
    #[napi(ts_return_type = "Promise<string[] | null>")]
    pub async fn next(&self) -> napi::Result<Option<Vec<PageText>>> {
        match self.pages.next().await {
            Some(page) => page.map(Some).map_err(error::to_js),
            None => Ok(None),
        }
    }

    /// Stops fetching (the reader left early).
    #[napi]
    pub async fn close(&self) {
        self.pages.close().await;
    }
}
