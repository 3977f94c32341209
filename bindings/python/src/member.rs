//! `Member`: the descriptor behind a generated model's typed attributes.
//!
//! `contact.email` used to be a Python `property` whose body called
//! `self._data.get("email")`: a Python frame and a method call per read, which
//! over a walk reading a few members of every item cost more than parsing the
//! page. A `Member` does the same read in one native call: it finds the value
//! in the model's data (a page item's index, or a dict) and converts it as the
//! generated code says, wrapping models and lists of models here and mapping
//! enum values to their members. Conversions that are rare or need Python
//! (dates, unions, maps) stay generated properties.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};

use crate::object::JsonObject;

/// How a member's wire value becomes the attribute's value.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    /// As it is.
    Plain,
    /// Wrapped in the named model class (as `Model._from` does).
    Model,
    /// A list whose items are wrapped in the named model class.
    Each,
    /// The named enum's member for the value, or the value when it is not one (as `StrEnum._from`).
    Enum,
}

#[pyclass(frozen, module = "reply._native")]
pub struct Member {
    wire: String,
    wire_py: Py<PyString>,
    read: Read,
    /// The generated module's globals, where `name` is found on first use
    /// (a class may be defined below the one that names it).
    scope: Option<Py<PyDict>>,
    name: String,
    /// The class named (for an enum, its value-to-member map), once found.
    target: PyOnceLock<Py<PyAny>>,
}

static OBJECT_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `cls._from(data)` for a model class: the instance wraps `data` without copying it.
fn wrap<'py>(cls: &Bound<'py, PyAny>, data: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = cls.py();
    let new =
        OBJECT_NEW.get_or_try_init(py, || py.get_type::<pyo3::types::PyAny>().getattr("__new__").map(Bound::unbind))?;
    let model = new.bind(py).call1((cls,))?;
    model.setattr(pyo3::intern!(py, "_data"), data)?;
    Ok(model)
}

impl Member {
    fn target<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyAny>> {
        let found = self.target.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            let scope = self.scope.as_ref().map(|s| s.bind(py));
            let class = scope.and_then(|s| s.get_item(&self.name).ok().flatten()).ok_or_else(|| {
                pyo3::exceptions::PyNameError::new_err(format!("model attribute {}: no class {}", self.wire, self.name))
            })?;
            let class = class.cast_into::<PyType>()?;
            Ok(match self.read {
                Read::Enum => class.getattr("_value2member_map_")?.unbind(),
                _ => class.into_any().unbind(),
            })
        })?;
        Ok(found.bind(py))
    }

    /// The wire value of this member in a model's data (`None` when absent).
    fn wire_value<'py>(&self, data: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = data.py();
        if let Ok(item) = data.cast::<JsonObject>() {
            return item.get().lookup(py, &self.wire);
        }
        if let Ok(dict) = data.cast::<PyDict>() {
            return dict.get_item(self.wire_py.bind(py));
        }
        // Another mapping: as the Python property read it.
        let value = data.call_method1(pyo3::intern!(py, "get"), (self.wire_py.bind(py),))?;
        Ok(Some(value))
    }
}

#[pymethods]
impl Member {
    /// `Member(wire)` reads member `wire` as it is; with `scope` (the module's
    /// globals) and one of `model`, `each` or `enum`, converts it through the
    /// class of that name.
    #[new]
    #[pyo3(signature = (wire, scope = None, *, model = None, each = None, r#enum = None))]
    fn new(
        py: Python<'_>,
        wire: String,
        scope: Option<Bound<'_, PyDict>>,
        model: Option<String>,
        each: Option<String>,
        r#enum: Option<String>,
    ) -> PyResult<Self> {
        let (read, name) = match (model, each, r#enum) {
            (None, None, None) => (Read::Plain, String::new()),
            (Some(name), None, None) => (Read::Model, name),
            (None, Some(name), None) => (Read::Each, name),
            (None, None, Some(name)) => (Read::Enum, name),
            _ => return Err(pyo3::exceptions::PyTypeError::new_err("give one of model, each or enum")),
        };
        if read != Read::Plain && scope.is_none() {
            return Err(pyo3::exceptions::PyTypeError::new_err("a converted member needs the scope its class is in"));
        }
        let wire_py = PyString::new(py, &wire).unbind();
        Ok(Member { wire, wire_py, read, scope: scope.map(Bound::unbind), name, target: PyOnceLock::new() })
    }

    fn __get__<'py>(
        slf: Bound<'py, Self>,
        instance: Option<Bound<'py, PyAny>>,
        _owner: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        // Read on the class itself: the descriptor, as a property would be.
        let Some(instance) = instance.filter(|i| !i.is_none()) else { return Ok(slf.into_any()) };
        let this = slf.get();
        let data = instance.getattr(pyo3::intern!(py, "_data"))?;
        let Some(value) = this.wire_value(&data)? else { return Ok(py.None().into_bound(py)) };
        if value.is_none() || this.read == Read::Plain {
            return Ok(value);
        }
        let target = this.target(py)?;
        match this.read {
            Read::Plain => Ok(value),
            Read::Model => wrap(target, value),
            Read::Each => {
                // A `null` in the list stays `None`, as `Model._from` leaves it.
                let each = |item: Bound<'py, PyAny>| if item.is_none() { Ok(item) } else { wrap(target, item) };
                let items = value.try_iter()?.map(|item| each(item?)).collect::<PyResult<Vec<_>>>()?;
                Ok(PyList::new(py, items)?.into_any())
            }
            Read::Enum => Ok(target.cast::<PyDict>()?.get_item(&value)?.unwrap_or(value)),
        }
    }

    fn __repr__(&self) -> String {
        format!("<model attribute {}>", self.wire)
    }
}
