//! Page streams for Python iterators, read ahead by the engine's
//! [`ReadAhead`]: what this adds is where each item lies in the page text
//! (found on the runtime, off the GIL), so Python wraps items without parsing
//! them. Dropping the iterator drops the reader and the walk stops.

use std::sync::Arc;

use futures_util::Stream;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use reply_client::{Error, ReadAhead, TextPage};
use reply_core::page_index::{Item, index_page};

use crate::errors::to_pyerr;
use crate::object::JsonObject;

/// A page ready for Python: its text, and where its items (and each object
/// item's members) are in it, found off the GIL.
struct Split {
    text: Arc<str>,
    items: Vec<Item>,
    has_more: bool,
}

impl Split {
    fn of(page: TextPage) -> Result<Split, Error> {
        // The text was just checked against, or written by, the page's
        // generated type, so this only fails if that type is not a page at all.
        let items = index_page(&page.text).map_err(|e| Error::Decode {
            operation: "paginate",
            source: reply_core::DecodeError { status: 200, path: String::new(), message: e.to_string() },
        })?;
        Ok(Split { text: Arc::from(page.text), items, has_more: page.has_more })
    }
}

#[pyclass(frozen, module = "reply._native")]
pub struct PageStream {
    pages: ReadAhead<Split>,
}

impl PageStream {
    pub fn start(stream: impl Stream<Item = Result<TextPage, Error>> + Send + 'static) -> PageStream {
        let (pages, fill) = ReadAhead::new(stream, Split::of);
        pyo3_async_runtimes::tokio::get_runtime().spawn(fill);
        PageStream { pages }
    }
}

/// The next page, `None` after the last one.
struct NextPage {
    page: Option<Result<Split, Error>>,
    lazy: bool,
}

impl<'py> IntoPyObject<'py> for NextPage {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self.page {
            None => Ok(py.None().into_bound(py)),
            Some(Ok(page)) => page_to_py(py, page, self.lazy),
            Some(Err(e)) => Err(to_pyerr(py, e)),
        }
    }
}

/// `{"items": [...], "hasMore": ...}` for Python. With `lazy` (items that a
/// model will wrap), each object item is a [`JsonObject`] over the page text,
/// read member by member; otherwise items are plain Python values.
fn page_to_py(py: Python<'_>, page: Split, lazy: bool) -> PyResult<Bound<'_, PyAny>> {
    let items = page
        .items
        .into_iter()
        .map(|Item { span, members }| match lazy {
            true => JsonObject::in_page(py, page.text.clone(), span, members),
            false => JsonObject::parse(py, &page.text[span]),
        })
        .collect::<PyResult<Vec<_>>>()?;
    let dict = PyDict::new(py);
    dict.set_item("items", PyList::new(py, items)?)?;
    dict.set_item("hasMore", page.has_more)?;
    Ok(dict.into_any())
}

#[pymethods]
impl PageStream {
    /// Waits for the next page with the GIL released. `lazy` keeps the items
    /// as [`JsonObject`]s (for model wrappers), else they are plain values.
    #[pyo3(signature = (lazy = false))]
    fn next_page<'py>(&self, py: Python<'py>, lazy: bool) -> PyResult<Bound<'py, PyAny>> {
        crate::logs::refresh(py);
        let pages = self.pages.clone();
        let page = py.detach(|| pyo3_async_runtimes::tokio::get_runtime().block_on(async move { pages.next().await }));
        NextPage { page, lazy }.into_pyobject(py)
    }

    /// `next_page` as an awaitable.
    #[pyo3(signature = (lazy = false))]
    fn next_page_async<'py>(&self, py: Python<'py>, lazy: bool) -> PyResult<Bound<'py, PyAny>> {
        let pages = self.pages.clone();
        crate::exit::used_async();
        crate::logs::refresh(py);
        pyo3_async_runtimes::tokio::future_into_py(py, async move { Ok(NextPage { page: pages.next().await, lazy }) })
    }
}
