//! `JsonObject`: a page item handed to Python without converting it.
//!
//! A page of a thousand contacts would otherwise become a thousand dicts of
//! some thirty members each, built while the caller waits, though a loop over
//! them often reads two or three. A `JsonObject` is a window on the page's
//! text (shared by every item of the page) with an index of where each
//! member's name and value lie (`reply_core::page_index`), made off the GIL
//! by the page pump: reading
//! one member finds it in the index and parses only its value, straight into
//! Python objects; `to_dict()` parses the item's text the same way. What else
//! needs the whole object (`items()`, `len()`, equality) parses it once and
//! keeps the result. It is a read-only `Mapping` (registered as one in Python), so the
//! models wrap it exactly as they wrap a dict.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use reply_core::page_index::Member;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::convert::{from_py, to_py};
use crate::text_to_py;

#[pyclass(frozen, mapping, module = "reply._native")]
pub struct JsonObject {
    page: Arc<str>,
    span: Range<usize>,
    /// Where the members are; `None` when a member name has escapes (read by scanning).
    index: Option<Box<[Member]>>,
    members: OnceLock<Map<String, Value>>,
}

impl JsonObject {
    /// The item at `span` of a page's text, with its member `index`: an
    /// object stays lazy, anything else is converted.
    pub fn in_page(
        py: Python<'_>,
        page: Arc<str>,
        span: Range<usize>,
        index: Option<Box<[Member]>>,
    ) -> PyResult<Bound<'_, PyAny>> {
        if page[span.clone()].starts_with('{') {
            let object = JsonObject { page, span, index, members: OnceLock::new() };
            return Ok(Bound::new(py, object)?.into_any());
        }
        JsonObject::parse(py, &page[span])
    }

    /// JSON text converted to Python values right away.
    pub fn parse<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
        text_to_py::parse(py, text).map_err(invalid)
    }

    /// Member `key` as a Python value, by the index when there is one.
    pub fn lookup<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(index) = &self.index else {
            return self.member(key)?.map(|value| to_py(py, &value)).transpose();
        };
        // The last of a name given twice, as a full parse would keep.
        match index.iter().rev().find(|m| &self.page[m.name.clone()] == key) {
            Some(m) => JsonObject::parse(py, &self.page[m.value.clone()]).map(Some),
            None => Ok(None),
        }
    }

    fn text(&self) -> &str {
        &self.page[self.span.clone()]
    }

    /// Every member, parsed on first use.
    fn members(&self) -> PyResult<&Map<String, Value>> {
        if let Some(members) = self.members.get() {
            return Ok(members);
        }
        let parsed = serde_json::from_str(self.text()).map_err(invalid)?;
        Ok(self.members.get_or_init(|| parsed))
    }

    /// One member, by a scan that skips the others unparsed.
    fn member(&self, key: &str) -> PyResult<Option<Value>> {
        if let Some(members) = self.members.get() {
            return Ok(members.get(key).cloned());
        }
        let mut found = None;
        let mut de = serde_json::Deserializer::from_str(self.text());
        let scanned = de.deserialize_map(Find { key, found: &mut found });
        match found {
            // The scan stopped at the member, so the parser saw an unfinished object: expected.
            Some(value) => Ok(Some(value)),
            None => scanned.map(|()| None).map_err(invalid),
        }
    }

    /// The members as JSON (for sending a model built from a page item back).
    pub fn to_value(&self) -> PyResult<Value> {
        self.members().map(|m| Value::Object(m.clone()))
    }
}

/// The page text was checked against, or written by, the page's generated
/// type; failing to read it back is a defect, reported rather than panicking.
fn invalid(e: serde_json::Error) -> PyErr {
    pyo3::exceptions::PyValueError::new_err(format!("a page item is not valid JSON: {e}"))
}

/// Finds one member of a JSON object, stopping there.
struct Find<'k, 'f> {
    key: &'k str,
    found: &'f mut Option<Value>,
}

/// Whether a member name is the one sought.
struct IsKey<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for IsKey<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IsKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, name: &str) -> Result<bool, E> {
        Ok(name == self.0)
    }
}

impl<'de> Visitor<'de> for Find<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(wanted) = map.next_key_seed(IsKey(self.key))? {
            if wanted {
                *self.found = Some(map.next_value::<Value>()?);
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

#[pymethods]
impl JsonObject {
    /// The member `key` converted, or `default`.
    #[pyo3(signature = (key, default = None))]
    fn get<'py>(&self, py: Python<'py>, key: &str, default: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        match self.lookup(py, key)? {
            Some(value) => Ok(value),
            None => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        }
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.lookup(py, key)? {
            Some(value) => Ok(value),
            None => Err(pyo3::exceptions::PyKeyError::new_err(key.to_owned())),
        }
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Some(key) = key.cast::<PyString>().ok().and_then(|k| k.to_cow().ok()) else { return Ok(false) };
        Ok(self.members()?.contains_key(key.as_ref()))
    }

    fn __len__(&self) -> PyResult<usize> {
        Ok(self.members()?.len())
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.keys(py)?.try_iter().map(Bound::into_any)
    }

    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.members()?.keys())
    }

    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let values = self.members()?.values().map(|v| to_py(py, v)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, values)
    }

    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .members()?
            .iter()
            .map(|(k, v)| PyTuple::new(py, [k.into_pyobject(py)?.into_any(), to_py(py, v)?]))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// A plain dict of the whole object (a fresh copy), built from the index
    /// when there is one: only the members' values are parsed.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let Some(index) = &self.index else {
            // An object's text parses to a dict.
            return Ok(JsonObject::parse(py, self.text())?.cast_into::<PyDict>()?);
        };
        let dict = PyDict::new(py);
        // In order, so a name given twice keeps its last value, as a parse would.
        for m in index {
            let value = JsonObject::parse(py, &self.page[m.value.clone()])?;
            dict.set_item(text_to_py::key(py, &self.page[m.name.clone()]), value)?;
        }
        Ok(dict)
    }

    /// Equal to another `JsonObject` or a dict with the same JSON.
    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let equal = if let Ok(o) = other.cast::<JsonObject>() {
            o.get().members()? == self.members()?
        } else if other.is_instance_of::<PyDict>() {
            from_py(other).is_ok_and(|v| v.as_object() == self.members().ok())
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
