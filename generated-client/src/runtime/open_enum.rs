// Copied by the generator from templates/runtime/open_enum.rs: edit the template, not this file.

//! Open enums: the documented values plus `Unknown(String)` for the rest.
//!
//! Each generated enum states its values once, in [`OpenEnum::KNOWN`], and its
//! conversion impls call the generic functions here. One implementation
//! compiled per enum type is much less for rustc to check than a string match
//! per conversion (Stripe has thousands of these enums).

use serde::{Deserialize, Deserializer};

/// An enum whose values the API may add to.
#[allow(dead_code, reason = "only APIs with enums use this")]
pub(crate) trait OpenEnum: Sized + Clone + 'static {
    /// Every known value, as the API spells it, with its variant.
    const KNOWN: &'static [(&'static str, Self)];

    /// The variant for a value this client does not know.
    fn unknown(value: String) -> Self;
}

/// The variant `value` names, or `Unknown` holding it.
#[allow(dead_code, reason = "only APIs with enums use this")]
pub(crate) fn parse<T: OpenEnum>(value: &str) -> T {
    match known(value) {
        Some(known) => known,
        None => T::unknown(value.to_owned()),
    }
}

/// As [`parse`], keeping the allocation for an unknown value.
#[allow(dead_code, reason = "only APIs with enums use this")]
pub(crate) fn parse_owned<T: OpenEnum>(value: String) -> T {
    match known(&value) {
        Some(known) => known,
        None => T::unknown(value),
    }
}

#[allow(dead_code, reason = "only APIs with enums use this")]
fn known<T: OpenEnum>(value: &str) -> Option<T> {
    T::KNOWN
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, variant)| variant.clone())
}

/// Decodes a JSON string into the enum; any string is accepted.
#[allow(dead_code, reason = "only APIs with enums use this")]
pub(crate) fn deserialize<'de, T: OpenEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    String::deserialize(deserializer).map(parse_owned)
}
