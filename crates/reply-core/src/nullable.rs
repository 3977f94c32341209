//! `Nullable<T>`: the type of a field the spec marks both optional and nullable.
//!
//! Reply gives "absent" and "null" different meanings in writes (a PATCH with
//! `"title": null` clears the title; leaving `title` out keeps it), so such a
//! field needs three states. Using `Option<Option<T>>` would work but reads badly.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional, nullable field: left out, sent as `null`, or holding a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The field is not in the JSON object.
    #[default]
    Absent,
    /// The field is present with the value `null`.
    Null,
    /// The field holds a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the field is left out; used by `skip_serializing_if`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True when the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (absent and null both give `None`).
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Converts into an `Option`, folding absent and null into `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`: the caller named the field.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Reached only when the key is present; `#[serde(default)]` covers absence.
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        x: Nullable<i64>,
    }

    #[test]
    fn three_states_round_trip() {
        for text in [r#"{}"#, r#"{"x":null}"#, r#"{"x":5}"#] {
            let h: Holder = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&h).unwrap(), text);
        }
        let h: Holder = serde_json::from_str(r#"{"x":null}"#).unwrap();
        assert!(h.x.is_null());
        assert_eq!(h.x.as_ref(), None);
    }
}
