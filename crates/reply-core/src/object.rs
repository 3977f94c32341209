//! Decoding a generated model from a JSON object in one pass.
//!
//! serde's derive cannot keep unknown members (`extra`) without
//! `#[serde(flatten)]`, and flatten first copies the whole object into an
//! intermediate tree, allocating every key and value twice. The generated
//! models expand `object_serde!` (below) instead:
//! known members are matched by name without allocating and decoded straight
//! into their fields; only unknown members are kept as JSON values.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, Visitor};

/// A member name: one of the model's own (by its position in the model's
/// list) or one this version of the SDK does not know.
pub enum Key {
    Known(usize),
    Unknown(String),
}

/// Reads a member name, recognising the model's `fields`. The search starts
/// after the last match: members usually come in the schema's order, so
/// most names match on the first comparison.
pub struct KeySeed<'c> {
    pub fields: &'static [&'static str],
    pub cursor: &'c mut usize,
}

impl KeySeed<'_> {
    fn key(&mut self, name: &str) -> Option<usize> {
        let (n, start) = (self.fields.len(), (*self.cursor).min(self.fields.len()));
        // Length and first byte settle most comparisons without a call to memcmp.
        let first = name.as_bytes().first();
        let same = |i: &usize| {
            let field = self.fields[*i];
            field.len() == name.len() && field.as_bytes().first() == first && field == name
        };
        let found = (start..n).chain(0..start).find(same)?;
        *self.cursor = found + 1;
        Some(found)
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: Error>(mut self, name: &str) -> Result<Key, E> {
        Ok(self.key(name).map_or_else(|| Key::Unknown(name.to_owned()), Key::Known))
    }

    fn visit_string<E: Error>(mut self, name: String) -> Result<Key, E> {
        Ok(self.key(&name).map_or(Key::Unknown(name), Key::Known))
    }
}

/// A member that may be left out of the JSON: `None`, or an absent [`Nullable`](crate::nullable::Nullable).
pub trait Optional {
    fn is_absent(&self) -> bool;
}

impl<T> Optional for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Optional for crate::nullable::Nullable<T> {
    fn is_absent(&self) -> bool {
        crate::nullable::Nullable::is_absent(self)
    }
}

/// Implements `Serialize` and `Deserialize` for a generated model:
/// `field = "json name"` and how the spec treats the member:
/// - `required`: always written; when reading, missing is an error and
///   `null` gives the default (Reply sends it now and then);
/// - `present`: required but nullable, so always written (`None` as `null`);
/// - nothing: optional, left out when absent.
///
/// Unknown members are kept in `extra` and written back after the known ones.
/// The map is announced with its exact length, so a JSON tree (`to_value`)
/// allocates each object once.
#[macro_export]
macro_rules! object_serde {
    ($name:ident { $( $field:ident = $json:literal $($kind:ident)? ),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let len = self.extra.len() $( + $crate::object_serde!(@count self $field $($kind)?) )*;
                let mut map = serializer.serialize_map(Some(len))?;
                $( $crate::object_serde!(@write map self $field $json $($kind)?); )*
                for (name, value) in self.extra.iter() {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$name, A::Error> {
                        // The members by position, so a matched name dispatches by jump table.
                        #[allow(non_camel_case_types)]
                        #[derive(Clone, Copy)]
                        enum Field { $($field),* }
                        const FIELDS: &[&str] = &[$($json),*];
                        const ORDER: &[Field] = &[$(Field::$field),*];
                        let mut out = <$name as ::std::default::Default>::default();
                        let mut cursor = 0;
                        $( $crate::object_serde!(@declare $field $($kind)?); )*
                        while let Some(key) = map.next_key_seed($crate::object::KeySeed { fields: FIELDS, cursor: &mut cursor })? {
                            match key {
                                // A position from FIELDS, which ORDER matches one for one.
                                $crate::object::Key::Known(i) => match ORDER[i] {
                                    $(
                                        Field::$field => {
                                            $crate::object_serde!(@read map out $field $($kind)?);
                                        }
                                    )*
                                },
                                $crate::object::Key::Unknown(name) => out.extra.insert_unknown(name, map.next_value()?),
                            }
                        }
                        $( $crate::object_serde!(@check $field $json $($kind)?); )*
                        Ok(out)
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        impl $crate::check::Check for $name {
            fn check<'de, D: ::serde::Deserializer<'de>>(deserializer: D, changed: &mut bool) -> ::std::result::Result<(), D::Error> {
                struct CheckVisitor<'c>(&'c mut bool);

                impl<'de> ::serde::de::Visitor<'de> for CheckVisitor<'_> {
                    type Value = ();

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<(), A::Error> {
                        // As `visit_map` above, reading each member's value without keeping it.
                        #[allow(non_camel_case_types)]
                        #[derive(Clone, Copy)]
                        enum Field { $($field),* }
                        const FIELDS: &[&str] = &[$($json),*];
                        const ORDER: &[Field] = &[$(Field::$field),*];
                        const KINDS: &[$crate::check::Kind] = &[$($crate::object_serde!(@kind $($kind)?)),*];
                        let changed = self.0;
                        let mut seen = [false; FIELDS.len()];
                        let mut members = $crate::check::Members::new(&mut seen);
                        let mut cursor = 0;
                        while let Some(key) = map.next_key_seed($crate::object::KeySeed { fields: FIELDS, cursor: &mut cursor })? {
                            match key {
                                $crate::object::Key::Known(i) => {
                                    members.known(i, changed);
                                    match ORDER[i] {
                                        $(
                                            Field::$field => {
                                                $crate::object_serde!(@check_value map changed $name $field $($kind)?);
                                            }
                                        )*
                                    }
                                }
                                $crate::object::Key::Unknown(name) => {
                                    members.unknown(name, changed);
                                    map.next_value_seed($crate::check::AnyValue)?;
                                }
                            }
                        }
                        members.finish(KINDS, FIELDS, changed)
                    }
                }

                deserializer.deserialize_map(CheckVisitor(changed))
            }
        }
    };
    (@kind required) => { $crate::check::Kind::Required };
    (@kind present) => { $crate::check::Kind::Present };
    (@kind) => { $crate::check::Kind::Optional };
    (@check_value $map:ident $changed:ident $name:ident $field:ident required) => {
        $map.next_value_seed($crate::check::CheckSeed::required(|o: &$name| &o.$field, $changed))?
    };
    (@check_value $map:ident $changed:ident $name:ident $field:ident present) => {
        $map.next_value_seed($crate::check::PresentSeed::of(|o: &$name| &o.$field, $changed))?
    };
    (@check_value $map:ident $changed:ident $name:ident $field:ident) => {
        $map.next_value_seed($crate::check::CheckSeed::of(|o: &$name| &o.$field, $changed))?
    };
    (@count $this:ident $field:ident) => { usize::from(!$crate::object::Optional::is_absent(&$this.$field)) };
    (@count $this:ident $field:ident $kind:ident) => { 1 };
    (@write $map:ident $this:ident $field:ident $json:literal) => {
        if !$crate::object::Optional::is_absent(&$this.$field) {
            $map.serialize_entry($json, &$this.$field)?;
        }
    };
    (@write $map:ident $this:ident $field:ident $json:literal $kind:ident) => { $map.serialize_entry($json, &$this.$field)?; };
    (@declare $field:ident required) => { let mut $field = false; };
    (@declare $field:ident $($kind:ident)?) => {};
    (@read $map:ident $out:ident $field:ident required) => {
        $out.$field = $map.next_value_seed($crate::lenient::NullAsDefault(::std::marker::PhantomData))?;
        $field = true;
    };
    (@read $map:ident $out:ident $field:ident $($kind:ident)?) => { $out.$field = $map.next_value()?; };
    (@check $field:ident $json:literal required) => {
        if !$field {
            return Err(<A::Error as ::serde::de::Error>::missing_field($json));
        }
    };
    (@check $field:ident $json:literal $($kind:ident)?) => {};
}

#[cfg(test)]
mod tests {
    use crate::nullable::Nullable;

    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        first_name: Option<String>,
        id: i64,
        account_id: Nullable<i64>,
        owner: Option<i64>,
        extra: crate::extra::Extra,
    }

    crate::object_serde!(Sample {
        first_name = "firstName",
        id = "id" required,
        account_id = "accountId",
        owner = "owner" present,
    });

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
    fn writes_known_members_in_order_then_unknown_ones() {
        let s: Sample = serde_json::from_str(r#"{"zz":1,"accountId":null,"id":3}"#).unwrap();
        // Absent optional members are left out; `present` ones are written even when empty.
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"id":3,"accountId":null,"owner":null,"zz":1}"#);
        let tree = serde_json::to_value(&s).unwrap();
        assert_eq!(serde_json::from_value::<Sample>(tree).unwrap(), s);
    }

    #[test]
    fn not_an_object_is_a_type_error_naming_the_model() {
        let e = serde_json::from_str::<Sample>("[1]").unwrap_err();
        assert!(e.to_string().contains("a Sample object"), "{e}");
    }
}
