//! `NativePager`: a paginated operation's pages, read ahead by the engine's
//! [`ReadAhead`] (one page transcoded and waiting, the next on its way), so
//! fetching and transcoding overlap with JS working through the current page.

use futures_core::Stream;
use napi_derive::napi;
use reply_client::{ReadAhead, TextPage};

use crate::error;
use crate::text::PageText;

#[napi]
pub struct NativePager {
    pages: ReadAhead<PageText>,
}

impl NativePager {
    pub fn start(stream: impl Stream<Item = Result<TextPage, reply_core::Error>> + Send + 'static) -> Self {
        // Transcoded on the runtime, while JS still works through the page before.
        let (pages, fill) = ReadAhead::new(stream, |page| Ok(PageText::new(page.text)));
        napi::bindgen_prelude::spawn(fill);
        NativePager { pages }
    }
}

#[napi]
impl NativePager {
    /// The next page (`{items, hasMore}`) as JSON text, or `null` after the last one.
    #[napi(ts_return_type = "Promise<string | null>")]
    pub async fn next(&self) -> napi::Result<Option<PageText>> {
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
