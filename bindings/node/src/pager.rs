//! `NativePager`: a paginated operation's pages, produced by a task that runs
//! one page ahead of the reader, so fetching and decoding the next page
//! overlaps with JS working through the current one.

use futures_core::Stream;
use futures_util::StreamExt;
use napi_derive::napi;
use reply_client::TextPage;
use tokio::sync::{Mutex, mpsc};

use crate::error;

type Page = Result<String, reply_core::Error>;

#[napi]
pub struct NativePager {
    pages: Mutex<mpsc::Receiver<Page>>,
}

impl NativePager {
    pub fn start(stream: impl Stream<Item = Result<TextPage, reply_core::Error>> + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel(1);
        napi::bindgen_prelude::spawn(async move {
            let mut stream = std::pin::pin!(stream);
            // The next page is fetched and decoded while the reader has the
            // current one; one more may wait in the channel.
            while let Some(page) = stream.next().await {
                if tx.send(page.map(|p| p.text)).await.is_err() {
                    break;
                }
            }
        });
        NativePager { pages: Mutex::new(rx) }
    }
}

#[napi]
impl NativePager {
    /// The next page (`{items, hasMore}`) as JSON text, or `null` after the last one.
    #[napi]
    pub async fn next(&self) -> napi::Result<Option<String>> {
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
