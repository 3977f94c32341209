//! Macros the generated models expand. They keep the generated files short and
//! put the forward-compatibility rules in one place:
//! an enum value the SDK does not know yet, or a union member with an unknown
//! tag, decodes into an `Unknown` variant that keeps what the server sent
//! (unless [`crate::strict`] mode is on, as when the mock checks a request).

/// A string enum from the spec, with an `Unknown(String)` variant.
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the SDK does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(other) => other.as_str(),
                }
            }

            /// The value `text` names: the spec's spelling, else the same
            /// letters in another case (Reply sends `"Empty"` where the spec
            /// says `"empty"`; see research/real-behaviour.md).
            fn known(text: &str) -> ::std::option::Option<$name> {
                match text {
                    $( $value => return Some($name::$variant), )*
                    _ => {}
                }
                $( if text.eq_ignore_ascii_case($value) { return Some($name::$variant); } )*
                None
            }
        }

        impl ::std::default::Default for $name {
            fn default() -> Self {
                $name::Unknown(::std::string::String::new())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $name::known(value).unwrap_or_else(|| $name::Unknown(value.to_owned()))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // A visitor, so a known value is matched in place, never copied.
                struct ValueVisitor;

                impl ::serde::de::Visitor<'_> for ValueVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> ::std::result::Result<$name, E> {
                        // Strict (checking what a client sends) takes the spec's spelling only.
                        match $crate::strict::is_strict() && !$name::VALUES.contains(&text) {
                            true => Err(E::unknown_variant(text, $name::VALUES)),
                            false => Ok($name::from(text)),
                        }
                    }
                }

                deserializer.deserialize_str(ValueVisitor)
            }
        }

        impl $crate::check::Check for $name {
            fn check<'de, D: ::serde::Deserializer<'de>>(deserializer: D, changed: &mut bool) -> ::std::result::Result<(), D::Error> {
                // Any string decodes (an unknown one as `Unknown`, kept as sent),
                // except in strict mode. A known value in another case is
                // written back in the spec's spelling: a change.
                struct CheckVisitor<'c>(&'c mut bool);

                impl ::serde::de::Visitor<'_> for CheckVisitor<'_> {
                    type Value = ();

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> ::std::result::Result<(), E> {
                        if $name::VALUES.contains(&text) {
                            return Ok(());
                        }
                        if $crate::strict::is_strict() {
                            return Err(E::unknown_variant(text, $name::VALUES));
                        }
                        *self.0 |= $name::known(text).is_some();
                        Ok(())
                    }
                }

                deserializer.deserialize_str(CheckVisitor(changed))
            }
        }
    };
}

/// A `oneOf` with a discriminator property. Each member type carries the tag
/// field itself, so serialising a member writes the tag back; decoding reads
/// the tag first and falls back to `Unknown(Value)` for tags it does not know.
#[macro_export]
macro_rules! tagged_union {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, tag = $tag:literal {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $($value:literal)|+, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
            /// A member with a tag this version of the SDK does not know, kept as sent.
            Unknown(::serde_json::Value),
        }

        impl $name {
            /// The discriminator value of this member.
            pub fn tag(&self) -> ::std::option::Option<&str> {
                match self {
                    $( $name::$variant(_) => Some([$($value),+][0]), )*
                    $name::Unknown(value) => value.get($tag).and_then(|t| t.as_str()),
                }
            }
        }

        impl ::std::default::Default for $name {
            fn default() -> Self {
                $name::Unknown(::serde_json::Value::Null)
            }
        }

        $(
            impl ::std::convert::From<$ty> for $name {
                fn from(value: $ty) -> Self {
                    $name::$variant(value)
                }
            }
        )*

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $( $name::$variant(inner) => inner.serialize(serializer), )*
                    $name::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get($tag).and_then(|t| t.as_str()).map(str::to_owned);
                match tag.as_deref() {
                    $(
                        $(Some($value))|+ => ::serde_json::from_value(value)
                            .map($name::$variant)
                            .map_err(<D::Error as ::serde::de::Error>::custom),
                    )*
                    _ => Ok($name::Unknown(value)),
                }
            }
        }

        impl $crate::check::Check for $name {
            fn check<'de, D: ::serde::Deserializer<'de>>(deserializer: D, changed: &mut bool) -> ::std::result::Result<(), D::Error> {
                // Read whole, as decoding does, to find the tag wherever it is.
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match value.get($tag).and_then(|t| t.as_str()) {
                    $(
                        $(Some($value))|+ => <$ty as $crate::check::Check>::check(&value, changed)
                            .map_err(<D::Error as ::serde::de::Error>::custom),
                    )*
                    _ => Ok(()),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {

    crate::string_enum! {
        /// Test enum.
        pub enum Color {
            Red = "red",
            DarkBlue = "darkBlue",
        }
    }

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Letter {
        r#type: String,
        a: i64,
        extra: crate::extra::Extra,
    }

    crate::object_serde!(Letter { r#type = "type" required, a = "a" required });

    crate::tagged_union! {
        pub enum Shape, tag = "type" {
            First(Letter) = "a" | "alsoA",
        }
    }

    #[test]
    fn unknown_enum_value_is_kept() {
        assert_eq!(Color::VALUES, &["red", "darkBlue"]);
        let c: Color = serde_json::from_str(r#""darkBlue""#).unwrap();
        assert_eq!(c, Color::DarkBlue);
        let c: Color = serde_json::from_str(r#""green""#).unwrap();
        assert_eq!(c, Color::Unknown("green".into()));
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""green""#);
    }

    #[test]
    fn enum_values_match_case_insensitively_before_unknown() {
        let c: Color = serde_json::from_str(r#""DARKBLUE""#).unwrap();
        assert_eq!(c, Color::DarkBlue);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""darkBlue""#, "written back in the spec's spelling");
        // The text path agrees: a value in another case is a change, one in the spec's case or unknown is not.
        let verdict = |json: &str| {
            let mut changed = false;
            let mut de = serde_json::Deserializer::from_str(json);
            <Color as crate::check::Check>::check(&mut de, &mut changed).map(|()| changed).ok()
        };
        assert_eq!(verdict(r#""Red""#), Some(true));
        assert_eq!(verdict(r#""red""#), Some(false));
        assert_eq!(verdict(r#""green""#), Some(false));
        // Strict mode (checking what a client sends) takes the spec's spelling only.
        assert!(crate::strict::strictly(|| serde_json::from_str::<Color>(r#""Red""#)).is_err());
        assert!(crate::strict::strictly(|| verdict(r#""Red""#)).is_none());
        assert_eq!(crate::strict::strictly(|| serde_json::from_str::<Color>(r#""red""#)).unwrap(), Color::Red);
    }

    #[test]
    fn union_dispatches_on_tag_and_keeps_unknown() {
        let s: Shape = serde_json::from_str(r#"{"type":"alsoA","a":1}"#).unwrap();
        assert!(matches!(s, Shape::First(Letter { a: 1, .. })));
        let text = r#"{"type":"zzz","q":[1]}"#;
        let s: Shape = serde_json::from_str(text).unwrap();
        assert_eq!(s.tag(), Some("zzz"));
        assert_eq!(serde_json::to_string(&s).unwrap(), text);
    }
}
