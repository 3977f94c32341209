//! `reply.webhooks` over the engine: parsing a delivery, the in-memory
//! record of handled event ids, and the constant-time token check. The
//! receiver helpers (WSGI/ASGI) are Python, in `python/reply/webhooks.py`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reply_core::Headers;
use reply_core::webhooks::{self, MemorySeenEvents, SeenEvents};

use crate::convert::to_py;

/// Parses a delivery: `(type, id, the delivery as a dict)`; `ValueError` when it is not one.
#[pyfunction]
pub fn webhook_parse<'py>(
    py: Python<'py>,
    body: &[u8],
    headers: Vec<(String, String)>,
) -> PyResult<(String, String, Bound<'py, PyAny>)> {
    let event = webhooks::parse(body, &Headers(headers)).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let json = to_py(py, &event.to_json())?;
    Ok((event.kind().to_owned(), event.id().to_owned(), json))
}

#[pyfunction]
pub fn webhook_verify_token(expected: &str, given: &str) -> bool {
    webhooks::verify_token(expected, given)
}

#[pyfunction]
pub fn webhook_query_token(target: &str) -> Option<String> {
    webhooks::query_token(target)
}

/// The event types the SDK knows, in the spec's order.
#[pyfunction]
pub fn webhook_event_types() -> Vec<&'static str> {
    webhooks::EventType::VALUES.to_vec()
}

/// The engine's in-memory record of handled event ids.
#[pyclass(name = "NativeSeenEvents", frozen)]
pub struct NativeSeenEvents(MemorySeenEvents);

#[pymethods]
impl NativeSeenEvents {
    #[new]
    #[pyo3(signature = (capacity = MemorySeenEvents::DEFAULT_CAPACITY))]
    fn new(capacity: usize) -> Self {
        NativeSeenEvents(MemorySeenEvents::new(capacity))
    }

    fn seen(&self, event_id: &str) -> bool {
        self.0.seen(event_id)
    }

    fn forget(&self, event_id: &str) {
        self.0.forget(event_id);
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeSeenEvents>()?;
    m.add_function(wrap_pyfunction!(webhook_parse, m)?)?;
    m.add_function(wrap_pyfunction!(webhook_verify_token, m)?)?;
    m.add_function(wrap_pyfunction!(webhook_query_token, m)?)?;
    m.add_function(wrap_pyfunction!(webhook_event_types, m)?)?;
    Ok(())
}
