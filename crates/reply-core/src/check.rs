//! Checking a body against its generated type without building it.
//!
//! The bindings hand response bodies on as JSON text, normalised by decoding
//! into the generated type and encoding back. For most bodies that round trip
//! gives back the JSON it was given, and building a thousand contacts only
//! to write them out again is most of what a page costs the client. [`Check`]
//! reads a body as the decoding would, allocating nothing, and tells whether
//! the round trip would change anything: when it would not, the body is used
//! as it came; when it would (or the body does not decode), the round trip
//! runs and its answer, or its error, is the one given.
//!
//! "Change" is anything a reader of the JSON could see: a `null` that becomes
//! a default or disappears, a member that appears, a whole number in a
//! decimal field (written back as `5.0`), a member named twice. Spelling
//! (escapes, spacing, number formatting) is not a change.

use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::nullable::Nullable;

/// A type whose decoding can be checked without building it.
pub trait Check {
    /// Reads one JSON value as decoding `Self` would: errs where that errs,
    /// and sets `changed` where decoding and encoding back would not give
    /// the same JSON.
    fn check<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error>;

    /// [`Check::check`] for a member always written back, `null` included
    /// (the generated models' `present` members): only `Option` differs.
    fn check_kept_null<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error> {
        Self::check(deserializer, changed)
    }
}

/// `body` itself when decoding it as `T` and encoding back would give the
/// same JSON; `None` when it would not, or when it does not decode.
pub fn unchanged<T: Check>(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    let mut changed = false;
    let mut de = serde_json::Deserializer::from_str(text);
    T::check(&mut de, &mut changed).ok()?;
    de.end().ok()?;
    (!changed).then_some(text)
}

/// Checks one value as `T` (a member's value, an array element).
pub struct CheckSeed<'c, T>(&'c mut bool, PhantomData<T>);

impl<'c, T: Check> CheckSeed<'c, T> {
    pub fn new(changed: &'c mut bool) -> Self {
        CheckSeed(changed, PhantomData)
    }

    /// The seed for the field `field` reads, so generated code need not name its type.
    pub fn of<M>(_field: fn(&M) -> &T, changed: &'c mut bool) -> Self {
        CheckSeed::new(changed)
    }
}

impl<'de, T: Check> DeserializeSeed<'de> for CheckSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::check(deserializer, self.0)
    }
}

impl<'c, T: Check> CheckSeed<'c, Option<T>> {
    /// The seed for a `required` member `field` reads. It is decoded through
    /// [`NullAsDefault`](crate::lenient::NullAsDefault), which reads it as an
    /// `Option` does, so `null` is a change (written back as the default).
    pub fn required<M>(_field: fn(&M) -> &T, changed: &'c mut bool) -> Self {
        CheckSeed::new(changed)
    }
}

/// A `present` member: written back even when `null`.
pub struct PresentSeed<'c, T>(&'c mut bool, PhantomData<T>);

impl<'c, T: Check> PresentSeed<'c, T> {
    pub fn of<M>(_field: fn(&M) -> &T, changed: &'c mut bool) -> Self {
        PresentSeed(changed, PhantomData)
    }
}

impl<'de, T: Check> DeserializeSeed<'de> for PresentSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::check_kept_null(deserializer, self.0)
    }
}

/// What the names of a checked object's members tell: which known ones came
/// (a second time is a change: decoding keeps the last, a lazy reader may
/// find the first) and the unknown ones, kept like [`Extra`](crate::extra::Extra) keeps them.
pub struct Members<'s> {
    /// One flag per known member, on the caller's stack: no allocation per object.
    seen: &'s mut [bool],
    unknown: Vec<String>,
}

impl<'s> Members<'s> {
    pub fn new(seen: &'s mut [bool]) -> Self {
        Members { seen, unknown: Vec::new() }
    }

    /// The known member at `index` came.
    pub fn known(&mut self, index: usize, changed: &mut bool) {
        *changed |= std::mem::replace(&mut self.seen[index], true);
    }

    /// An unknown member came: counted as decoding counts it.
    pub fn unknown(&mut self, name: String, changed: &mut bool) {
        crate::extra::count_unknown();
        *changed |= self.unknown.contains(&name);
        self.unknown.push(name);
    }

    /// After the last member: a missing `required` member is an error, a
    /// missing `present` one a change (it is written back as `null`).
    pub fn finish<E: Error>(&self, kinds: &[Kind], names: &[&'static str], changed: &mut bool) -> Result<(), E> {
        for ((kind, seen), name) in kinds.iter().zip(self.seen.iter()).zip(names) {
            match (kind, seen) {
                (Kind::Required, false) => return Err(E::missing_field(name)),
                (Kind::Present, false) => *changed = true,
                _ => {}
            }
        }
        Ok(())
    }
}

/// How a generated model treats a member (see [`object_serde!`](crate::object_serde)).
#[derive(Clone, Copy)]
pub enum Kind {
    Required,
    Present,
    Optional,
}

impl Check for String {
    /// Any string (asked for as one: anything else fails, as decoding fails).
    fn check<'de, D: Deserializer<'de>>(deserializer: D, _: &mut bool) -> Result<(), D::Error> {
        deserializer.deserialize_str(AnyValue)
    }
}

/// Scalars whose decoding builds nothing: decoding them is the check.
macro_rules! check_by_decoding {
    ($($ty:ty),*) => {$(
        impl Check for $ty {
            fn check<'de, D: Deserializer<'de>>(deserializer: D, _: &mut bool) -> Result<(), D::Error> {
                <$ty>::deserialize(deserializer).map(drop)
            }
        }
    )*};
}

check_by_decoding!(i64, i32, u64, u32, bool, ());

/// A decimal: a whole number is written back as `5.0`, so it is a change.
struct Decimal<'c>(&'c mut bool);

impl Visitor<'_> for Decimal<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number")
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<(), E> {
        *self.0 = true;
        Ok(())
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<(), E> {
        *self.0 = true;
        Ok(())
    }
}

impl Check for f64 {
    fn check<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error> {
        deserializer.deserialize_f64(Decimal(changed))
    }
}

impl Check for serde_json::Value {
    /// Free-form JSON is kept as sent. (A name given twice inside it stays
    /// twice in the text; every reader of it keeps the last, as decoding does.)
    fn check<'de, D: Deserializer<'de>>(deserializer: D, _: &mut bool) -> Result<(), D::Error> {
        AnyValue.deserialize(deserializer)
    }
}

/// Any JSON value, read as decoding a [`serde_json::Value`] reads it, building
/// nothing. Not `IgnoredAny`: that skips numbers unread, and a number out of
/// range (`1e400`) must fail here as it fails there.
pub struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(AnyValue)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(AnyValue)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(AnyValue)?.is_some() {
            map.next_value_seed(AnyValue)?;
        }
        Ok(())
    }
}

/// `null` or a `T`; what `null` means is the caller's.
struct OptionVisitor<'c, T> {
    changed: &'c mut bool,
    /// `null` is written back otherwise (or left out where it was given).
    null_changes: bool,
    ty: PhantomData<T>,
}

impl<'de, T: Check> Visitor<'de> for OptionVisitor<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: Error>(self) -> Result<(), E> {
        *self.changed |= self.null_changes;
        Ok(())
    }

    fn visit_unit<E: Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::check(deserializer, self.changed)
    }
}

impl<T: Check> Check for Option<T> {
    /// An optional member given as `null` is left out when written back.
    fn check<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error> {
        deserializer.deserialize_option(OptionVisitor::<T> { changed, null_changes: true, ty: PhantomData })
    }

    fn check_kept_null<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error> {
        deserializer.deserialize_option(OptionVisitor::<T> { changed, null_changes: false, ty: PhantomData })
    }
}

impl<T: Check> Check for Nullable<T> {
    /// `null` is kept as `null`.
    fn check<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error> {
        deserializer.deserialize_option(OptionVisitor::<T> { changed, null_changes: false, ty: PhantomData })
    }
}

struct SeqVisitor<'c, T>(&'c mut bool, PhantomData<T>);

impl<'de, T: Check> Visitor<'de> for SeqVisitor<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(CheckSeed::<T>::new(self.0))?.is_some() {}
        Ok(())
    }
}

impl<T: Check> Check for Vec<T> {
    fn check<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error> {
        deserializer.deserialize_seq(SeqVisitor::<T>(changed, PhantomData))
    }
}

struct MapVisitor<'c, T>(&'c mut bool, PhantomData<T>);

impl<'de, T: Check> Visitor<'de> for MapVisitor<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut names = std::collections::BTreeSet::new();
        while let Some(name) = map.next_key::<String>()? {
            // A name given twice: the map keeps one of them.
            *self.0 |= !names.insert(name);
            map.next_value_seed(CheckSeed::<T>::new(self.0))?;
        }
        Ok(())
    }
}

impl<T: Check> Check for std::collections::BTreeMap<String, T> {
    /// Written back sorted by name, which no reader of an object can tell apart.
    fn check<'de, D: Deserializer<'de>>(deserializer: D, changed: &mut bool) -> Result<(), D::Error> {
        deserializer.deserialize_map(MapVisitor::<T>(changed, PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict<T: Check>(json: &str) -> Option<bool> {
        let mut changed = false;
        let mut de = serde_json::Deserializer::from_str(json);
        T::check(&mut de, &mut changed).ok().map(|()| changed)
    }

    #[test]
    fn leaves_say_whether_they_would_change() {
        assert_eq!(verdict::<String>(r#""a\"b""#), Some(false));
        assert_eq!(verdict::<String>("5"), None);
        assert_eq!(verdict::<i64>("5"), Some(false));
        assert_eq!(verdict::<i64>("5.5"), None);
        assert_eq!(verdict::<f64>("5.5"), Some(false));
        assert_eq!(verdict::<f64>("5"), Some(true));
        assert_eq!(verdict::<Option<i64>>("null"), Some(true));
        assert_eq!(verdict::<Nullable<i64>>("null"), Some(false));
        assert_eq!(verdict::<Vec<Option<i64>>>("[1,2]"), Some(false));
        assert_eq!(verdict::<Vec<Option<i64>>>("[1,null]"), Some(true));
        assert_eq!(verdict::<serde_json::Value>(r#"{"a":[1,{"b":null}]}"#), Some(false));
        assert_eq!(verdict::<serde_json::Value>(r#"{"a":1e400}"#), None);
        type Map = std::collections::BTreeMap<String, i64>;
        assert_eq!(verdict::<Map>(r#"{"b":1,"a":2}"#), Some(false));
        assert_eq!(verdict::<Map>(r#"{"a":1,"a":2}"#), Some(true));
    }

    #[test]
    fn unchanged_gives_the_body_back_only_when_nothing_would_change() {
        assert_eq!(unchanged::<Vec<i64>>(b" [1, 2] "), Some(" [1, 2] "));
        assert_eq!(unchanged::<Vec<f64>>(b"[1]"), None);
        assert_eq!(unchanged::<Vec<i64>>(b"[1] x"), None);
        assert_eq!(unchanged::<Vec<i64>>(b"[\"1\"]"), None);
        assert_eq!(unchanged::<String>(b"\"\xff\""), None);
    }
}
