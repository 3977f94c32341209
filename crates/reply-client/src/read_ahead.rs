//! Pages read ahead of a language's reader: a task drives a page walk into a
//! one-slot channel, so the next page is already prepared while Python or
//! JavaScript works through the current one. The bindings only say how a page
//! is prepared for their language (Python indexes where each item lies, Node
//! transcodes the text for V8) and on which runtime the task runs.

use std::future::Future;
use std::sync::Arc;

use futures_core::Stream;
use futures_util::StreamExt;
use tokio::sync::{Mutex, mpsc};

use crate::pages_text::TextPage;
use reply_core::Error;

/// The receiving end of a read-ahead walk; cloning shares it.
pub struct ReadAhead<T> {
    pages: Arc<Mutex<mpsc::Receiver<Result<T, Error>>>>,
}

impl<T> Clone for ReadAhead<T> {
    fn clone(&self) -> Self {
        ReadAhead { pages: self.pages.clone() }
    }
}

impl<T: Send + 'static> ReadAhead<T> {
    /// The reader and the task that fills it; the caller spawns the task on
    /// its runtime. `prepare` runs on that task, off the language's thread.
    pub fn new(
        pages: impl Stream<Item = Result<TextPage, Error>> + Send + 'static,
        prepare: impl Fn(TextPage) -> Result<T, Error> + Send + 'static,
    ) -> (ReadAhead<T>, impl Future<Output = ()> + Send + 'static) {
        let (tx, rx) = mpsc::channel(1);
        let fill = async move {
            let mut pages = std::pin::pin!(pages);
            // A slot is taken before the next page is produced, so at most one
            // prepared page waits for the reader while the walk's own read-ahead
            // has the one after it on its way: two pages ahead, never more.
            while let Ok(slot) = tx.reserve().await {
                let Some(page) = pages.next().await else { break };
                slot.send(page.and_then(&prepare));
            }
        };
        (ReadAhead { pages: Arc::new(Mutex::new(rx)) }, fill)
    }

    /// The next page, `None` after the last one (or after [`close`](Self::close)).
    pub async fn next(&self) -> Option<Result<T, Error>> {
        self.pages.lock().await.recv().await
    }

    /// Stops the walk (the reader left early): the task ends at its next page.
    pub async fn close(&self) {
        self.pages.lock().await.close();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn page(n: usize) -> Result<TextPage, Error> {
        Ok(TextPage { text: format!("{{\"items\":[{n}],\"hasMore\":true}}"), items: 1, has_more: true })
    }

    #[tokio::test]
    async fn pages_arrive_in_order_and_prepared() {
        let (reader, fill) =
            ReadAhead::new(futures_util::stream::iter((0..3).map(page)), |p| Ok(p.text.replace("items", "prepared")));
        tokio::spawn(fill);
        let mut texts = Vec::new();
        while let Some(page) = reader.next().await {
            texts.push(page.expect("a page"));
        }
        let expected: Vec<String> = (0..3).map(|n| format!("{{\"prepared\":[{n}],\"hasMore\":true}}")).collect();
        assert_eq!(texts, expected);
    }

    #[tokio::test]
    async fn a_reader_that_waits_holds_back_the_walk_and_close_ends_it() {
        let produced = Arc::new(AtomicUsize::new(0));
        let counter = produced.clone();
        let endless = futures_util::stream::iter(0..).map(move |n| {
            counter.fetch_add(1, Ordering::SeqCst);
            page(n)
        });
        let (reader, fill) = ReadAhead::new(endless, Ok);
        let task = tokio::spawn(fill);
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
        // One page waits in the slot; the walk is not asked for another until it is read.
        assert_eq!(produced.load(Ordering::SeqCst), 1);
        reader.close().await;
        assert!(reader.next().await.is_some(), "the page already prepared is still read");
        tokio::time::timeout(std::time::Duration::from_secs(5), task).await.expect("the task ends").expect("no panic");
    }
}
