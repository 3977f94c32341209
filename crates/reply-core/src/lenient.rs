//! Deserialisation helpers for what Reply sends but the spec does not admit.

use std::marker::PhantomData;

use serde::de::DeserializeSeed;
use serde::{Deserialize, Deserializer};

/// Decodes `null` as `T::default()` for a field the spec calls required and
/// not nullable. Reply's own responses put `null` in such fields now and then;
/// failing the whole response for it would help nobody.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// [`null_as_default`] for decoders that read a member's value themselves
/// (the generated models, through [`crate::object_serde!`]).
pub struct NullAsDefault<T>(pub PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> DeserializeSeed<'de> for NullAsDefault<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        null_as_default(deserializer)
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "super::null_as_default")]
        name: String,
    }

    #[test]
    fn null_becomes_default() {
        let h: Holder = serde_json::from_str(r#"{"name":null}"#).unwrap();
        assert_eq!(h.name, "");
        let h: Holder = serde_json::from_str(r#"{"name":"a"}"#).unwrap();
        assert_eq!(h.name, "a");
    }
}
