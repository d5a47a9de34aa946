// Copied by the generator from templates/runtime/double_option.rs: edit the template, not this file.

//! Serde helper for fields that are both optional and nullable.
//!
//! Use as `Option<Option<T>>` with
//! `#[serde(default, skip_serializing_if = "Option::is_none", with = "crate::runtime::double_option")]`:
//! `None` = field absent, `Some(None)` = JSON `null`, `Some(Some(v))` = a value.
//! Plain `Option<T>` cannot tell "leave unchanged" from "clear" in a PATCH body.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `null` for `Some(None)`; `None` is skipped by `skip_serializing_if`.
#[allow(dead_code, reason = "only APIs with optional nullable fields use this")]
pub(crate) fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize,
    S: Serializer,
{
    match value {
        Some(Some(inner)) => inner.serialize(serializer),
        Some(None) | None => serializer.serialize_none(),
    }
}

/// A present field (value or `null`) becomes `Some(..)`; `#[serde(default)]` covers absence.
#[allow(dead_code, reason = "only APIs with optional nullable fields use this")]
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
