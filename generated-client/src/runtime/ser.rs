// Copied by the generator from templates/runtime/ser.rs: edit the template, not this file.

//! The shared half of each model's `Serialize`.
//!
//! serde's derive writes, per struct, a field count with a branch per optional
//! field, a `?` per field, and a wrapper type with its own `Serialize` for each
//! field serialized `with` a module. A model's generated `Serialize` is instead one
//! call per field on [`Object`], which skips absent fields and keeps the first
//! error, so rustc checks no branch per field.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A struct being serialized, field by field.
#[allow(dead_code, reason = "only APIs with sent objects use this")]
pub(crate) struct Object<S: Serializer> {
    /// The serializer's state, or the first error, after which nothing more is written.
    state: Result<S::SerializeStruct, S::Error>,
}

#[allow(dead_code, reason = "only APIs with sent objects use this")]
impl<S: Serializer> Object<S> {
    /// Starts the struct `name`: `required` fields are always written, and each
    /// of `optional` says whether an optional field is, so that the serializer
    /// is told the exact number of fields (as serde's derive does).
    pub(crate) fn new(
        serializer: S,
        name: &'static str,
        required: usize,
        optional: &[bool],
    ) -> Self {
        let len = required + optional.iter().filter(|present| **present).count();
        Self {
            state: serializer.serialize_struct(name, len),
        }
    }

    /// Writes a field.
    pub(crate) fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        let written = match &mut self.state {
            Ok(state) => state.serialize_field(key, value),
            Err(_) => return,
        };
        if let Err(error) = written {
            self.state = Err(error);
        }
    }

    /// Writes an optional field unless it is `None`. For an optional nullable
    /// field (`Option<Option<T>>`), `Some(None)` is written as `null`.
    pub(crate) fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.field(key, value);
        }
    }

    /// Ends the struct, or returns the first error.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}
