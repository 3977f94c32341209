//! Page streams for Python iterators. A task on the runtime drives the
//! client's page stream into a one-slot channel, so the next page is already
//! on its way while Python works through the current one. Dropping the
//! iterator closes the channel and the task stops.

use std::sync::Arc;

use futures_util::{Stream, StreamExt};
use pyo3::prelude::*;
use reply_client::{DynamicResponse, Error};
use serde_json::Value;
use tokio::sync::{Mutex, mpsc};

use crate::convert::{Json, to_py};
use crate::errors::to_pyerr;

type Receiver = Arc<Mutex<mpsc::Receiver<Result<Value, Error>>>>;

#[pyclass(frozen, module = "reply._native")]
pub struct PageStream {
    pages: Receiver,
}

impl PageStream {
    pub fn start(stream: impl Stream<Item = Result<DynamicResponse, Error>> + Send + 'static) -> PageStream {
        let (tx, rx) = mpsc::channel(1);
        pyo3_async_runtimes::tokio::get_runtime().spawn(async move {
            let mut stream = std::pin::pin!(stream);
            while let Some(page) = stream.next().await {
                if tx.send(page.map(|r| r.body)).await.is_err() {
                    break;
                }
            }
        });
        PageStream { pages: Arc::new(Mutex::new(rx)) }
    }
}

/// The next page's body, `None` after the last one.
struct NextPage(Option<Result<Value, Error>>);

impl<'py> IntoPyObject<'py> for NextPage {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self.0 {
            None => Ok(py.None().into_bound(py)),
            Some(Ok(body)) => Json(body).into_pyobject(py),
            Some(Err(e)) => Err(to_pyerr(py, e)),
        }
    }
}

#[pymethods]
impl PageStream {
    /// Waits for the next page with the GIL released.
    fn next_page<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pages = self.pages.clone();
        let page = py.detach(|| {
            pyo3_async_runtimes::tokio::get_runtime().block_on(async move { pages.lock().await.recv().await })
        });
        match page {
            None => Ok(py.None().into_bound(py)),
            Some(Ok(body)) => to_py(py, body),
            Some(Err(e)) => Err(to_pyerr(py, e)),
        }
    }

    /// `next_page` as an awaitable.
    fn next_page_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pages = self.pages.clone();
        crate::exit::used_async();
        pyo3_async_runtimes::tokio::future_into_py(py, async move { Ok(NextPage(pages.lock().await.recv().await)) })
    }
}
