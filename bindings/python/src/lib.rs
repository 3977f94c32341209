//! The native module `reply._native` of the Python package `reply-sdk`.
//!
//! It exposes a deliberately small surface: a client built from options, calls
//! by `operationId` with JSON parameters and bodies, page streams, background
//! jobs and the quota. The resource tree, models and type hints users see are
//! generated Python (`python/reply/`) over this module.

mod client;
mod convert;
mod errors;
mod exit;
mod logs;
mod member;
mod object;
mod pages;
mod raw;
mod text_to_py;
mod upload;
mod webhooks;
mod workflows;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::NativeClient>()?;
    m.add_class::<pages::PageStream>()?;
    m.add_class::<object::JsonObject>()?;
    m.add_class::<member::Member>()?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(exit::settle, m)?)?;
    workflows::register(m)?;
    webhooks::register(m)?;
    raw::register(m)?;
    Ok(())
}
