//! The engine's log records into Python's `logging`: every client hands its
//! records to `reply._logging.emit`, which logs them on the `reply.request`,
//! `reply.quota` and `reply.job` loggers (children of `reply`). The records
//! hold no header and the engine scrubs the key from them before they get here.
//!
//! A record is handed over on an engine thread, which must take the GIL to
//! do it; while Python is busy that waits for the interpreter to switch
//! threads (up to `sys.getswitchinterval()`, 5 ms). Records no `reply` logger
//! would record are therefore dropped before that: the least level any of
//! them records is read on the Python thread at each call into the engine
//! ([`refresh`]), and the engine threads compare against it. Without this a
//! page walk's pump stalled twice per page behind the Python thread for
//! debug records nobody logged.

use std::sync::atomic::{AtomicU8, Ordering};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use reply_client::{Config, LogLevel, LogRecord, LogSink};

use crate::convert::to_py;

static EMIT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static THRESHOLD_NOW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// The engine's levels, least first (the order of [`LogLevel`]).
const LEVELS: [LogLevel; 5] = [LogLevel::Trace, LogLevel::Debug, LogLevel::Info, LogLevel::Warn, LogLevel::Error];
/// The rank in [`LEVELS`] of the least level a `reply` logger records, as
/// last read (5: none); 0 (all) until read.
static THRESHOLD: AtomicU8 = AtomicU8::new(0);

/// Reads again which levels Python's `logging` records for the `reply`
/// loggers (`reply._logging.threshold`, which maps the engine's levels to
/// Python's). Called with every call into the engine, so a change of level
/// applies from the next call on.
pub fn refresh(py: Python<'_>) {
    let read = THRESHOLD_NOW
        .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(py.import("reply._logging")?.getattr("threshold")?.unbind())
        })
        .and_then(|threshold| threshold.bind(py).call0()?.extract::<String>());
    let rank = match read {
        Ok(name) => LEVELS.iter().position(|l| l.as_str() == name).unwrap_or(LEVELS.len()),
        // Should reading fail, every record goes to Python, which filters it as before.
        Err(_) => 0,
    };
    THRESHOLD.store(rank as u8, Ordering::Relaxed);
}

/// A record's rank in [`LEVELS`].
fn rank(level: LogLevel) -> u8 {
    LEVELS.iter().position(|l| *l == level).unwrap_or(0) as u8
}

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
        if rank(record.level) < THRESHOLD.load(Ordering::Relaxed) {
            return;
        }
        // Not while the interpreter shuts down: a record then is dropped, not a crash.
        Python::try_attach(|py| {
            if let Err(e) = emit(py, record) {
                e.write_unraisable(py, None);
            }
        });
    })))
}
