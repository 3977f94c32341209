//! JSON text straight to Python objects, with no `serde_json::Value` tree
//! built and converted on the way: what page items read through (a member's
//! value, a whole item for `to_dict()`), so the cost is one parse, as with
//! `json.loads`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The Python value of the JSON text `text`.
pub fn parse<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(py).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

#[derive(Clone, Copy)]
struct Seed<'py>(Python<'py>);

/// A Python failure (allocation) inside the parser, carried out as a parse error.
fn failed<E: serde::de::Error>(e: PyErr) -> E {
    E::custom(format!("building the Python value failed: {e}"))
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for Seed<'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(self.0.None().into_bound(self.0))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.0, v).to_owned().into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        v.into_pyobject(self.0).map(Bound::into_any).map_err(|e| failed(e.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        v.into_pyobject(self.0).map(Bound::into_any).map_err(|e| failed(e.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.0, v).into_any())
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.0, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        PyList::new(self.0, items).map(Bound::into_any).map_err(failed)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.0);
        // serde_json reads member names as strings, so `key` is a `str`.
        while let Some(key) = map.next_key_seed(self)? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(failed)?;
        }
        Ok(dict.into_any())
    }
}
