//! JSON text straight to Python objects, with no `serde_json::Value` tree
//! built and converted on the way: what page items read through (a member's
//! value, a whole item for `to_dict()`), so the cost is one parse, as with
//! `json.loads`.
//!
//! Two things keep it near `orjson`'s speed on Reply's pages. Member names
//! repeat on every item (a page of contacts names `firstName` a thousand
//! times), so names are made into Python strings once and kept ([`key`]): a
//! kept string also keeps its hash, which every dict insert would otherwise
//! compute again. And a member's value is most often a plain string, number,
//! `null` or boolean, read without starting a parser ([`scalar`]).

use std::cell::RefCell;
use std::mem::ManuallyDrop;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The Python value of the JSON text `text`.
pub fn parse<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, serde_json::Error> {
    if let Some(value) = scalar(py, text) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(py).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// `text` read without a parser when it is exactly a string with nothing to
/// unescape, an integer, `null`, `true` or `false`; `None` sends anything else
/// (and anything unusual about those) to the parser, which also reports errors.
fn scalar<'py>(py: Python<'py>, text: &str) -> Option<Bound<'py, PyAny>> {
    let bytes = text.as_bytes();
    match *bytes.first()? {
        b'"' => {
            let inner = text.get(1..text.len().checked_sub(1)?)?;
            // JSON forbids control characters inside a string; the parser says so.
            let plain = bytes[bytes.len() - 1] == b'"' && inner.bytes().all(|b| b != b'"' && b != b'\\' && b >= 0x20);
            plain.then(|| PyString::new(py, inner).into_any())
        }
        b'n' if text == "null" => Some(py.None().into_bound(py)),
        b't' if text == "true" => Some(PyBool::new(py, true).to_owned().into_any()),
        b'f' if text == "false" => Some(PyBool::new(py, false).to_owned().into_any()),
        b'-' | b'0'..=b'9' => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            // JSON has no leading zeros, `+` or empty digits: leave those to the parser.
            let integer = !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits.len() == 1 || !digits.starts_with('0'));
            let value: i64 = if integer { text.parse().ok()? } else { return None };
            value.into_pyobject(py).ok().map(Bound::into_any)
        }
        _ => None,
    }
}

/// How many member names are kept (a power of two); Reply's largest models
/// have some sixty members, and a walk reads one or two kinds of item.
const KEPT_NAMES: usize = 512;
/// Longer names are rare and are not kept.
const KEPT_NAME_LEN: usize = 48;

struct Names {
    slots: Vec<Option<(Box<str>, Py<PyString>)>>,
}

thread_local! {
    // Only touched with the GIL held. Never dropped: a thread's end may come
    // after the interpreter's, when a Python reference may no longer be released.
    static NAMES: RefCell<ManuallyDrop<Names>> = RefCell::new(ManuallyDrop::new(Names {
        slots: (0..KEPT_NAMES).map(|_| None).collect(),
    }));
}

/// The Python string of a member name, made once per name and kept (the
/// last name seen in its slot wins the slot).
pub fn key<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyString> {
    if name.len() > KEPT_NAME_LEN {
        return PyString::new(py, name);
    }
    // FNV-1a: names are short, and a slot is checked by comparing the name.
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    let slot = hash as usize & (KEPT_NAMES - 1);
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some((kept, string)) = &names.slots[slot] {
            if **kept == *name {
                return string.bind(py).clone();
            }
        }
        let string = PyString::new(py, name);
        names.slots[slot] = Some((name.into(), string.clone().unbind()));
        string
    })
}

#[derive(Clone, Copy)]
struct Seed<'py>(Python<'py>);

/// A member name, through [`key`].
#[derive(Clone, Copy)]
struct Name<'py>(Python<'py>);

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

impl<'de, 'py> DeserializeSeed<'de> for Name<'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'py> Visitor<'_> for Name<'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(key(self.0, v))
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
        while let Some(key) = map.next_key_seed(Name(self.0))? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(failed)?;
        }
        Ok(dict.into_any())
    }
}
