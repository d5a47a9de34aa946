//! The shared half of each model's `Deserialize`.
//!
//! serde's derive gives every struct a field enum with its own visitor and
//! `Deserialize`, and a `visit_seq` that reads a struct from a JSON array. In a
//! big generated crate those are a third of what rustc checks, and JSON objects
//! need neither. So a model's generated `Deserialize` is only a `visit_map`
//! over field numbers; naming the field and the rules for missing, duplicate and
//! unknown fields are the generic functions here, compiled once.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// Reads a key as its position in the struct's JSON field names; a name the
/// struct does not have reads as `usize::MAX`. The search starts at the field
/// after the one read last, and wraps around: a server usually writes an
/// object's fields in one order, the spec's, so each key is found at once.
/// Decoding 50,000 objects of 64 fields in that order took 0.94–1.01× the time
/// of serde's derived `match` (a scan from the first field: 1.03–1.17×, a binary
/// search: 1.23×).
#[derive(Clone, Copy)]
struct FieldKey {
    names: &'static [&'static str],
    start: usize,
}

impl FieldKey {
    fn number(self, key: &[u8]) -> usize {
        let start = self.start.min(self.names.len());
        let (before, after) = self.names.split_at(start);
        let is_key = |name: &&str| name.as_bytes() == key;
        match after.iter().position(is_key) {
            Some(offset) => start + offset,
            None => before.iter().position(is_key).unwrap_or(usize::MAX),
        }
    }
}

impl<'de> DeserializeSeed<'de> for FieldKey {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldKey {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self.number(key.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(self.number(key))
    }
}

/// A model decoded from a JSON object, field by field (its `Deserialize`
/// calls [`object`]).
#[allow(dead_code, reason = "only APIs with received objects use this")]
pub(crate) trait Object: Sized {
    /// The type's name, for "expected struct …" errors.
    const NAME: &'static str;
    /// The JSON names of its fields, in declaration order; a field's number is
    /// its place here.
    const FIELDS: &'static [&'static str];

    /// Reads the fields off `map` and builds the value.
    fn from_fields<'de, A: MapAccess<'de>>(map: Fields<A>) -> Result<Self, A::Error>;
}

/// `T`'s `Deserialize`.
#[allow(dead_code, reason = "only APIs with received objects use this")]
pub(crate) fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_fields(Fields {
            map,
            names: T::FIELDS,
            current: usize::MAX,
        })
    }
}

/// The fields of one JSON object, as a generated `from_fields` reads them.
#[allow(dead_code, reason = "only APIs with received objects use this")]
pub(crate) struct Fields<A> {
    map: A,
    names: &'static [&'static str],
    /// The number of the key just read.
    current: usize,
}

#[allow(dead_code, reason = "only APIs with received objects use this")]
impl<'de, A: MapAccess<'de>> Fields<A> {
    /// The next key's field number (`usize::MAX` for a field the type does not
    /// have), or `None` after the last.
    pub(crate) fn next(&mut self) -> Result<Option<usize>, A::Error> {
        let start = self.current.wrapping_add(1);
        let key = self.map.next_key_seed(FieldKey {
            names: self.names,
            start,
        })?;
        self.current = key.unwrap_or(usize::MAX);
        Ok(key)
    }

    /// Reads the current field's value into `slot`, refusing a field given twice.
    pub(crate) fn value<T: de::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(self.names[self.current]));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Skips the value of a field the type does not have.
    pub(crate) fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(|_| ())
    }

    /// A required field's value, or the missing-field error.
    pub(crate) fn required<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, A::Error> {
        slot.ok_or_else(|| de::Error::missing_field(name))
    }
}
