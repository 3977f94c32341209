//! A pause at interpreter exit for programs that used the asyncio client.
//!
//! pyo3-async-runtimes hands each result to asyncio from a tokio thread that
//! holds the GIL while asyncio's `call_soon_threadsafe` runs. Python may switch
//! to the main thread in the middle of that; if the main thread then finishes
//! and the interpreter starts finalizing, the tokio thread can no longer take
//! the GIL back and the process aborts ("PyGILState_Release: thread state must
//! be current", PyO3/pyo3-async-runtimes#40). `reply` registers `settle` with
//! `atexit`, which runs before finalization: it lets go of the GIL briefly so
//! such a thread can finish.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use pyo3::prelude::*;

static USED_ASYNC: AtomicBool = AtomicBool::new(false);

pub fn used_async() {
    USED_ASYNC.store(true, Ordering::Relaxed);
}

#[pyfunction]
pub fn settle(py: Python<'_>) {
    if USED_ASYNC.load(Ordering::Relaxed) {
        py.detach(|| std::thread::sleep(Duration::from_millis(20)));
    }
}
