//! `reply_core::Error` as the Python exception hierarchy of `reply._errors`:
//! the class is chosen by `Error::kind()` and every readable field is passed
//! along. Messages come from the core's `Display`, which never holds the key.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyType};
use reply_client::WorkflowError;
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
    let class = class_for(py, error.kind())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", error.kind())?;
    kwargs.set_item("status", error.status())?;
    kwargs.set_item("code", error.code())?;
    kwargs.set_item("detail", error.detail())?;
    let errors: Vec<(String, String)> = error.field_errors().into_iter().map(|e| (e.pointer, e.detail)).collect();
    kwargs.set_item("errors", errors)?;
    kwargs.set_item("retry_after", error.retry_after().map(|d| d.as_secs_f64()))?;
    let operation = match error {
        Error::OutcomeUnknown { operation, .. }
        | Error::Timeout { operation, .. }
        | Error::Connection { operation, .. }
        | Error::Decode { operation, .. }
        | Error::AppliedUnreadable { operation, .. } => Some(*operation),
        other => other.api().map(|a| a.operation).filter(|op| !op.is_empty()),
    };
    kwargs.set_item("operation", operation)?;
    let teams: Vec<(i64, String)> =
        error.api().map(|a| a.teams().into_iter().map(|t| (t.team_id, t.team_name)).collect()).unwrap_or_default();
    kwargs.set_item("teams", teams)?;
    if let Error::AppliedUnreadable { body, .. } = error {
        kwargs.set_item("body", PyBytes::new(py, body))?;
    }
    let instance = class.call((error.to_string(),), Some(&kwargs))?;
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
