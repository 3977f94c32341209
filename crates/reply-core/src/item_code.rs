//! The per-item error code of a bulk answer (`error` beside `errorDetails`).
//! The spec types it as an integer in some answers (`CreateItemResult`) and
//! as a camelCase string in others (`NotProcessedItemResult`, whose own
//! tables list numbers), and its README says to accept both. Whichever came
//! is kept, so encoding back gives the JSON that was read.

use std::fmt;

use serde::de::{Error, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A per-item error code, as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemCode {
    /// A number from the endpoint's "per-item error codes" table (`3`: invalid input).
    Number(i64),
    /// A camelCase name (`notFound`, `forbidden`).
    Name(String),
}

impl ItemCode {
    pub fn as_number(&self) -> Option<i64> {
        match self {
            ItemCode::Number(n) => Some(*n),
            ItemCode::Name(_) => None,
        }
    }

    pub fn as_name(&self) -> Option<&str> {
        match self {
            ItemCode::Name(name) => Some(name),
            ItemCode::Number(_) => None,
        }
    }
}

impl fmt::Display for ItemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemCode::Number(n) => write!(f, "{n}"),
            ItemCode::Name(name) => f.write_str(name),
        }
    }
}

impl From<i64> for ItemCode {
    fn from(n: i64) -> Self {
        ItemCode::Number(n)
    }
}

impl From<&str> for ItemCode {
    fn from(name: &str) -> Self {
        ItemCode::Name(name.to_owned())
    }
}

impl Serialize for ItemCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ItemCode::Number(n) => serializer.serialize_i64(*n),
            ItemCode::Name(name) => serializer.serialize_str(name),
        }
    }
}

/// Reads a code as an integer or a string.
struct CodeVisitor;

impl Visitor<'_> for CodeVisitor {
    type Value = ItemCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string")
    }

    fn visit_i64<E: Error>(self, n: i64) -> Result<ItemCode, E> {
        Ok(ItemCode::Number(n))
    }

    fn visit_u64<E: Error>(self, n: u64) -> Result<ItemCode, E> {
        i64::try_from(n).map(ItemCode::Number).map_err(|_| E::custom(format!("the code {n} is out of range")))
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<ItemCode, E> {
        Ok(ItemCode::Name(name.to_owned()))
    }
}

impl<'de> Deserialize<'de> for ItemCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CodeVisitor)
    }
}

impl crate::check::Check for ItemCode {
    /// Either form is kept as sent: never a change. (Decoding is the check:
    /// a code is a few bytes, seldom more than a handful to a page.)
    fn check<'de, D: Deserializer<'de>>(deserializer: D, _: &mut bool) -> Result<(), D::Error> {
        ItemCode::deserialize(deserializer).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{CreateItemResult, NotProcessedItemResult};
    use crate::nullable::Nullable;

    #[test]
    fn per_item_bulk_codes_decode_as_integer_or_string_and_round_trip_exactly() {
        for text in [r#"{"error":3,"errorDetails":"bad"}"#, r#"{"error":"invalidInput","errorDetails":"bad"}"#] {
            let created: CreateItemResult = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&created).unwrap(), text);
            assert_eq!(crate::check::unchanged::<CreateItemResult>(text.as_bytes()), Some(text), "nothing changes");
            let failed: NotProcessedItemResult = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&failed).unwrap(), text);
        }
        let created: CreateItemResult = serde_json::from_str(r#"{"error":"notFound"}"#).unwrap();
        assert_eq!(created.error, Nullable::Value(ItemCode::Name("notFound".into())));
        let failed: NotProcessedItemResult = serde_json::from_str(r#"{"error":7}"#).unwrap();
        assert_eq!(failed.error.as_ref().and_then(ItemCode::as_number), Some(7));
        // Anything else still fails, both ways.
        for bad in [r#"{"error":1.5}"#, r#"{"error":true}"#, r#"{"error":18446744073709551615}"#] {
            assert!(serde_json::from_str::<CreateItemResult>(bad).is_err(), "{bad}");
            assert_eq!(crate::check::unchanged::<CreateItemResult>(bad.as_bytes()), None, "{bad}");
        }
    }
}
