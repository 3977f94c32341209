//! `NativePager`: a paginated operation's pages, produced by a task that runs
//! ahead of the reader (one page decoded and waiting, the next on its way),
//! so fetching and decoding overlap with JS working through the current page.

use futures_core::Stream;
use futures_util::StreamExt;
use napi_derive::napi;
use reply_client::TextPage;
use tokio::sync::{Mutex, mpsc};

use crate::error;
use crate::text::PageText;

type Page = Result<PageText, reply_core::Error>;

#[napi]
pub struct NativePager {
    pages: Mutex<mpsc::Receiver<Page>>,
}

impl NativePager {
    pub fn start(stream: impl Stream<Item = Result<TextPage, reply_core::Error>> + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel(1);
        napi::bindgen_prelude::spawn(async move {
            let mut stream = std::pin::pin!(stream);
            // A slot is taken before the next page is produced, so at most one
            // decoded page waits for the reader while the walk's own read-ahead
            // has the one after it on its way: two pages ahead, never more.
            while let Ok(slot) = tx.reserve().await {
                let Some(page) = stream.next().await else { break };
                // Transcoded here, while JS still works through the page before.
                slot.send(page.map(|p| PageText::new(p.text)));
            }
        });
        NativePager { pages: Mutex::new(rx) }
    }
}

#[napi]
impl NativePager {
    /// The next page (`{items, hasMore}`) as JSON text, or `null` after the last one.
    #[napi(ts_return_type = "Promise<string | null>")]
    pub async fn next(&self) -> napi::Result<Option<PageText>> {
        match self.pages.lock().await.recv().await {
            Some(page) => page.map(Some).map_err(error::to_js),
            None => Ok(None),
        }
    }

    /// Stops fetching (the reader left early).
    #[napi]
    pub async fn close(&self) {
        self.pages.lock().await.close();
    }
}
