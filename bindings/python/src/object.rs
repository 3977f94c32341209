//! `JsonObject`: a page item handed to Python without converting it.
//!
//! A page of a thousand contacts would otherwise become a thousand dicts of
//! some thirty members each, built while the caller waits, though a loop over
//! them often reads two or three. A `JsonObject` keeps the decoded member map
//! on the Rust side and converts a member when it is read. It is a read-only
//! `Mapping` (registered as one in Python), so the models wrap it exactly as
//! they wrap a dict; `to_dict()` converts it whole.

use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

use crate::convert::{from_py, to_py};

#[pyclass(frozen, mapping, module = "reply._native")]
pub struct JsonObject {
    members: Map<String, Value>,
}

impl JsonObject {
    /// `value` as Python sees a page item: an object stays lazy, anything else is converted.
    pub fn wrap(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
        match value {
            Value::Object(members) => Ok(Bound::new(py, JsonObject { members })?.into_any()),
            other => to_py(py, &other),
        }
    }

    /// The members as JSON (for sending a model built from a page item back).
    pub fn to_value(&self) -> Value {
        Value::Object(self.members.clone())
    }
}

#[pymethods]
impl JsonObject {
    /// The member `key` converted, or `default`.
    #[pyo3(signature = (key, default = None))]
    fn get<'py>(&self, py: Python<'py>, key: &str, default: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        match self.members.get(key) {
            Some(value) => to_py(py, value),
            None => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        }
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.members.get(key) {
            Some(value) => to_py(py, value),
            None => Err(pyo3::exceptions::PyKeyError::new_err(key.to_owned())),
        }
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> bool {
        let key = key.cast::<PyString>().ok().and_then(|k| k.to_cow().ok());
        key.is_some_and(|k| self.members.contains_key(k.as_ref()))
    }

    fn __len__(&self) -> usize {
        self.members.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.keys(py)?.try_iter().map(Bound::into_any)
    }

    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.members.keys())
    }

    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let values = self.members.values().map(|v| to_py(py, v)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, values)
    }

    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .members
            .iter()
            .map(|(k, v)| PyTuple::new(py, [k.into_pyobject(py)?.into_any(), to_py(py, v)?]))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// A plain dict of the whole object (a fresh copy).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (k, v) in &self.members {
            dict.set_item(k, to_py(py, v)?)?;
        }
        Ok(dict)
    }

    /// Equal to another `JsonObject` or a dict with the same JSON.
    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let equal = if let Ok(o) = other.cast::<JsonObject>() {
            o.get().members == self.members
        } else if other.is_instance_of::<PyDict>() {
            from_py(other).is_ok_and(|v| v.as_object() == Some(&self.members))
        } else {
            return Ok(py.NotImplemented());
        };
        match op {
            CompareOp::Eq => Ok(equal.into_pyobject(py)?.to_owned().into_any().unbind()),
            CompareOp::Ne => Ok((!equal).into_pyobject(py)?.to_owned().into_any().unbind()),
            _ => Ok(py.NotImplemented()),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.to_dict(py)?.repr()?.to_string())
    }

    // Immutable, so a copy may be the object itself.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    /// Pickles as the plain dict it reads as.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        Ok((py.get_type::<PyDict>().into_any(), (self.to_dict(py)?,)))
    }
}
