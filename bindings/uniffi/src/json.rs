//! Values that cross the boundary as JSON text, and the macros that give the
//! generated mirror enums the core's forward-compatible wire rules.

use serde::{Deserialize, Serialize};

/// Any JSON value (a schema the spec leaves open). Kotlin and Swift see it as
/// its JSON text (`typealias JsonValue = String`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonValue(pub serde_json::Value);

uniffi::custom_type!(JsonValue, String, {
    lower: |value| value.0.to_string(),
    try_lift: |text| Ok(JsonValue(serde_json::from_str(&text)?)),
});

/// A bulk answer's per-item error code where the spec says string: Reply
/// also sends numbers (the spec's README: "Accept both"), read as their text.
pub fn item_code_text<'de, D: serde::Deserializer<'de>, T: From<String> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<reply_core::ItemCode>::deserialize(d)?.map_or_else(T::default, |code| T::from(code.to_string())))
}

/// A string enum of the spec as a uniffi enum. A value this SDK does not know
/// decodes to `Unknown { value }` and is sent back as it came.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $variant:ident = $value:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $( $variant, )*
            /// A value this version of the SDK does not know, kept as sent.
            Unknown { value: String },
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Unknown { value: String::new() }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown { value } => value,
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(match text.as_ref() {
                    $( $value => $name::$variant, )*
                    _ => $name::Unknown { value: text.into_owned() },
                })
            }
        }
    };
}

/// A `oneOf` with a discriminator as a uniffi enum with one record per member;
/// a member with an unknown tag is kept whole as `Unknown { json }`.
macro_rules! wire_union {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, tag = $tag:literal { $( $variant:ident($ty:ty) = $($value:literal)|+, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, uniffi::Enum)]
        pub enum $name {
            $( $variant { value: $ty }, )*
            /// A member with a tag this version of the SDK does not know, kept as sent.
            Unknown { json: $crate::json::JsonValue },
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Unknown { json: Default::default() }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( $name::$variant { value } => value.serialize(serializer), )*
                    $name::Unknown { json } => json.serialize(serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let json = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = json.get($tag).and_then(|t| t.as_str()).map(str::to_owned);
                match tag.as_deref() {
                    $(
                        $(Some($value))|+ => serde_json::from_value(json)
                            .map(|value| $name::$variant { value })
                            .map_err(<D::Error as serde::de::Error>::custom),
                    )*
                    _ => Ok($name::Unknown { json: $crate::json::JsonValue(json) }),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::generated::models::{BackgroundJobListItemStatus as Status, CreateContactListRequest};

    #[test]
    fn unknown_enum_values_are_kept() {
        let known: Status = serde_json::from_str(r#""Done""#).unwrap();
        assert_eq!(known, Status::Done);
        let unknown: Status = serde_json::from_str(r#""paused-by-ai""#).unwrap();
        assert_eq!(unknown, Status::Unknown { value: "paused-by-ai".into() });
        assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""paused-by-ai""#);
    }

    #[test]
    fn unknown_members_travel_in_extra_and_back() {
        let text = r#"{"name":"Leads","futureFlag":{"on":true}}"#;
        let list: CreateContactListRequest = serde_json::from_str(text).unwrap();
        assert_eq!(list.name, "Leads");
        assert_eq!(list.extra["futureFlag"].0, serde_json::json!({"on": true}));
        let back: serde_json::Value = serde_json::to_value(&list).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(text).unwrap());
    }
}
