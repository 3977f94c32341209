//! The engine's log records into Python's `logging`: every client hands its
//! records to `reply._logging.emit`, which logs them on the `reply.request`,
//! `reply.quota` and `reply.job` loggers (children of `reply`). The records
//! hold no header and the engine scrubs the key from them before they get here.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use reply_client::{Config, LogRecord, LogSink};

use crate::convert::to_py;

static EMIT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn emit(py: Python<'_>, record: &LogRecord) -> PyResult<()> {
    let emit = EMIT.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("reply._logging")?.getattr("emit")?.unbind())
    })?;
    let fields = PyDict::new(py);
    for (name, value) in &record.fields {
        fields.set_item(name, to_py(py, value)?)?;
    }
    emit.bind(py).call1((record.level.as_str(), record.target.as_str(), record.message.as_str(), fields))?;
    Ok(())
}

/// `config` with its records going to Python's `logging`.
pub fn to_logging(config: Config) -> Config {
    config.with_log(Some(LogSink::new(|record| {
        // Not while the interpreter shuts down: a record then is dropped, not a crash.
        Python::try_attach(|py| {
            if let Err(e) = emit(py, record) {
                e.write_unraisable(py, None);
            }
        });
    })))
}
