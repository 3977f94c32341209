//! `client.request(method, path, ...)`: the engine's raw request to any path
//! under the API, with the options of the client (or `with_options` view) it
//! is called on, in a blocking and an asyncio flavour.

use pyo3::prelude::*;
use reply_client::RequestOptions;

use crate::client::{NativeClient, awaitable};
use crate::convert::{Json, from_py, to_py};
use crate::errors::to_pyerr;

/// Sends `method` to `path` with `query` pairs, a JSON `body` and extra
/// `headers`, and answers the body as plain Python data.
#[pyfunction]
#[pyo3(signature = (native, method, path, query, body, headers, asynchronous))]
#[allow(clippy::too_many_arguments)]
fn request<'py>(
    py: Python<'py>,
    native: &NativeClient,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    body: Option<&Bound<'py, PyAny>>,
    headers: Vec<(String, String)>,
    asynchronous: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let body = match body {
        Some(b) if !b.is_none() => Some(from_py(b)?),
        _ => None,
    };
    let mut options: RequestOptions = native.options().clone();
    options.headers.extend(headers);
    let client = native.client().map_err(|e| to_pyerr(py, e))?;
    let fut = async move { client.request(&method, &path, &query, body.as_ref(), &options).await };
    if asynchronous {
        awaitable(py, async move { fut.await.map(|r| Json(r.body)) })
    } else {
        let answer = NativeClient::block(py, fut)?;
        to_py(py, &answer.body)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(request, m)?)
}
