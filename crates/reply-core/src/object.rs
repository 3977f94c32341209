//! Decoding a generated model from a JSON object in one pass.
//!
//! serde's derive cannot keep unknown members (`extra`) without
//! `#[serde(flatten)]`, and flatten first copies the whole object into an
//! intermediate tree, allocating every key and value twice. The generated
//! models expand [`object_deserialize!`](crate::object_deserialize) instead:
//! known members are matched by name without allocating and decoded straight
//! into their fields; only unknown members are kept as JSON values.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, Visitor};

/// A member name: one of the model's own (borrowed from its static list) or
/// one this version of the SDK does not know.
pub enum Key {
    Known(&'static str),
    Unknown(String),
}

/// Reads a member name, recognising the model's `fields`.
pub struct KeySeed(pub &'static [&'static str]);

impl KeySeed {
    fn key(&self, name: &str) -> Option<Key> {
        self.0.iter().find(|f| **f == name).map(|f| Key::Known(f))
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Key, E> {
        Ok(self.key(name).unwrap_or_else(|| Key::Unknown(name.to_owned())))
    }

    fn visit_string<E: Error>(self, name: String) -> Result<Key, E> {
        Ok(self.key(&name).unwrap_or(Key::Unknown(name)))
    }
}

/// Implements `Deserialize` for a generated model: `field = "json name"`, with
/// `required` after the name for members the spec requires (missing is an
/// error, `null` gives the default, as Reply sends it now and then). Every
/// other member may be missing or `null`. Unknown members go to `extra`.
#[macro_export]
macro_rules! object_deserialize {
    ($name:ident { $( $field:ident = $json:literal $($required:ident)? ),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$name, A::Error> {
                        const FIELDS: &[&str] = &[$($json),*];
                        let mut out = <$name as ::std::default::Default>::default();
                        $( $crate::object_deserialize!(@declare $field $($required)?); )*
                        while let Some(key) = map.next_key_seed($crate::object::KeySeed(FIELDS))? {
                            match key {
                                $(
                                    $crate::object::Key::Known($json) => {
                                        $crate::object_deserialize!(@read map out $field $($required)?);
                                    }
                                )*
                                $crate::object::Key::Known(_) => unreachable!("every name in FIELDS has an arm"),
                                $crate::object::Key::Unknown(name) => out.extra.insert_unknown(name, map.next_value()?),
                            }
                        }
                        $( $crate::object_deserialize!(@check $field $json $($required)?); )*
                        Ok(out)
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
    (@declare $field:ident) => {};
    (@declare $field:ident required) => { let mut $field = false; };
    (@read $map:ident $out:ident $field:ident) => { $out.$field = $map.next_value()?; };
    (@read $map:ident $out:ident $field:ident required) => {
        $out.$field = $map.next_value::<::std::option::Option<_>>()?.unwrap_or_default();
        $field = true;
    };
    (@check $field:ident $json:literal) => {};
    (@check $field:ident $json:literal required) => {
        if !$field {
            return Err(<A::Error as ::serde::de::Error>::missing_field($json));
        }
    };
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use crate::nullable::Nullable;

    #[derive(Debug, Default, PartialEq, Serialize)]
    struct Sample {
        #[serde(rename = "firstName", skip_serializing_if = "Option::is_none")]
        first_name: Option<String>,
        id: i64,
        #[serde(rename = "accountId", skip_serializing_if = "Nullable::is_absent")]
        account_id: Nullable<i64>,
        #[serde(flatten)]
        extra: crate::extra::Extra,
    }

    crate::object_deserialize!(Sample { first_name = "firstName", id = "id" required, account_id = "accountId" });

    #[test]
    fn known_members_fill_fields_and_unknown_ones_are_kept() {
        let s: Sample = serde_json::from_str(r#"{"id":7,"firstName":"Ada","accountId":null,"x\u0079":[1]}"#).unwrap();
        assert_eq!((s.id, s.first_name.as_deref()), (7, Some("Ada")));
        assert_eq!(s.account_id, Nullable::Null);
        assert_eq!(s.extra.get("xy"), Some(&serde_json::json!([1])));
        // From a tree too (map keys arrive as owned strings there).
        let tree = serde_json::json!({"id": 8, "zz": true});
        let s: Sample = serde_json::from_value(tree).unwrap();
        assert_eq!((s.id, s.first_name, s.extra.len()), (8, None, 1));
    }

    #[test]
    fn a_missing_required_member_is_an_error_and_null_gives_the_default() {
        let e = serde_json::from_str::<Sample>(r#"{"firstName":"Ada"}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `id`"), "{e}");
        let s: Sample = serde_json::from_str(r#"{"id":null}"#).unwrap();
        assert_eq!((s.id, s.account_id), (0, Nullable::Absent));
    }

    #[test]
    fn not_an_object_is_a_type_error_naming_the_model() {
        let e = serde_json::from_str::<Sample>("[1]").unwrap_err();
        assert!(e.to_string().contains("a Sample object"), "{e}");
    }
}
