//! Page streams for Python iterators. A task on the runtime drives the
//! client's page stream into a one-slot channel, so the next page is already
//! on its way while Python works through the current one. Dropping the
//! iterator closes the channel and the task stops.

use std::sync::Arc;

use futures_util::{Stream, StreamExt};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use reply_client::{DynamicResponse, Error};
use serde_json::Value;
use tokio::sync::{Mutex, mpsc};

use crate::convert::to_py;
use crate::errors::to_pyerr;
use crate::object::JsonObject;

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
struct NextPage {
    page: Option<Result<Value, Error>>,
    lazy: bool,
}

impl<'py> IntoPyObject<'py> for NextPage {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self.page {
            None => Ok(py.None().into_bound(py)),
            Some(Ok(body)) => page_to_py(py, body, self.lazy),
            Some(Err(e)) => Err(to_pyerr(py, e)),
        }
    }
}

/// A page body for Python. With `lazy` (items that a model will wrap), each
/// object in `items` stays a [`JsonObject`], converted member by member as read.
fn page_to_py(py: Python<'_>, body: Value, lazy: bool) -> PyResult<Bound<'_, PyAny>> {
    let Value::Object(members) = body else { return to_py(py, &body) };
    let page = PyDict::new(py);
    for (key, member) in members {
        let member = match member {
            Value::Array(items) if lazy && key == "items" => {
                let items = items.into_iter().map(|i| JsonObject::wrap(py, i)).collect::<PyResult<Vec<_>>>()?;
                PyList::new(py, items)?.into_any()
            }
            other => to_py(py, &other)?,
        };
        page.set_item(key, member)?;
    }
    Ok(page.into_any())
}

#[pymethods]
impl PageStream {
    /// Waits for the next page with the GIL released. `lazy` keeps the items
    /// as [`JsonObject`]s (for model wrappers), else they are plain dicts.
    #[pyo3(signature = (lazy = false))]
    fn next_page<'py>(&self, py: Python<'py>, lazy: bool) -> PyResult<Bound<'py, PyAny>> {
        let pages = self.pages.clone();
        let page = py.detach(|| {
            pyo3_async_runtimes::tokio::get_runtime().block_on(async move { pages.lock().await.recv().await })
        });
        NextPage { page, lazy }.into_pyobject(py)
    }

    /// `next_page` as an awaitable.
    #[pyo3(signature = (lazy = false))]
    fn next_page_async<'py>(&self, py: Python<'py>, lazy: bool) -> PyResult<Bound<'py, PyAny>> {
        let pages = self.pages.clone();
        crate::exit::used_async();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            Ok(NextPage { page: pages.lock().await.recv().await, lazy })
        })
    }
}
