//! `reply_core::Error` as the Python exception hierarchy of `reply._errors`
//! (generated from the shared table): the engine's `ErrorInfo` projection,
//! field for field, into the class of its kind. Messages come from the core's `Display`, which never holds the key.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyType};
use reply_client::{ErrorInfo, WorkflowError};
use reply_core::Error;

static CLASS_FOR_KIND: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

fn class_for<'py>(py: Python<'py>, kind: &str) -> PyResult<Bound<'py, PyType>> {
    let table = CLASS_FOR_KIND.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let module = py.import("reply._errors")?;
        Ok(module.getattr("CLASS_FOR_KIND")?.cast_into::<PyDict>()?.unbind())
    })?;
    let table = table.bind(py);
    let class = match table.get_item(kind)? {
        Some(class) => class,
        None => table.get_item("reply")?.expect("reply._errors maps every kind"),
    };
    Ok(class.cast_into::<PyType>()?)
}

/// The Python exception for an SDK error.
pub fn to_pyerr(py: Python<'_>, error: Error) -> PyErr {
    build(py, &error).unwrap_or_else(|e| e)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let info = ErrorInfo::from(error);
    let class = class_for(py, info.kind)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", info.kind)?;
    kwargs.set_item("status", info.status)?;
    kwargs.set_item("code", info.code)?;
    kwargs.set_item("title", info.title)?;
    kwargs.set_item("detail", info.detail)?;
    let errors: Vec<(String, String)> = info.field_errors.into_iter().map(|e| (e.pointer, e.detail)).collect();
    kwargs.set_item("errors", errors)?;
    let teams: Vec<(i64, String)> = info.teams.into_iter().map(|t| (t.team_id, t.team_name)).collect();
    kwargs.set_item("teams", teams)?;
    kwargs.set_item("retry_after", info.retry_after.map(|d| d.as_secs_f64()))?;
    kwargs.set_item("operation", info.operation)?;
    kwargs.set_item("request", info.request)?;
    kwargs.set_item("headers", info.headers.into_iter().collect::<std::collections::HashMap<_, _>>())?;
    kwargs.set_item("path", info.path)?;
    kwargs.set_item("body", info.body.map(|b| PyBytes::new(py, &b)))?;
    let instance = class.call((info.message,), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// The Python exception for a refusal of a safe workflow: an engine error as
/// [`to_pyerr`] makes it, a refusal as the `reply._errors` class of its kind
/// (`ambiguous_email`, `step_ambiguous`, ...) with the refusal's own fields.
pub fn workflow_to_pyerr(py: Python<'_>, error: WorkflowError) -> PyErr {
    let refusal = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", error.kind())?;
        kwargs.set_item("code", error.code())?;
        match &error {
            WorkflowError::AmbiguousEmail { email, ids } => {
                kwargs.set_item("email", email)?;
                kwargs.set_item("ids", ids)?;
            }
            WorkflowError::LookupIncomplete { email, .. } => kwargs.set_item("email", email)?,
            WorkflowError::ContactRefused { email, detail, .. } => {
                kwargs.set_item("email", email)?;
                kwargs.set_item("detail", detail)?;
            }
            WorkflowError::StepNotFound { sequence_id, position, .. }
            | WorkflowError::StepAmbiguous { sequence_id, position, .. } => {
                kwargs.set_item("sequence_id", sequence_id)?;
                kwargs.set_item("position", position)?;
            }
            _ => {}
        }
        let instance = class_for(py, error.kind())?.call((error.to_string(),), Some(&kwargs))?;
        Ok(PyErr::from_value(instance))
    };
    match error.reply() {
        Some(e) => to_pyerr(py, e.clone()),
        None => refusal().unwrap_or_else(|e| e),
    }
}
