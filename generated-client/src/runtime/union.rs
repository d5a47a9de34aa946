// Copied by the generator from templates/runtime/union.rs: edit the template, not this file.

//! Decoding a `oneOf`/`anyOf` without a discriminator: the variant that fits the
//! JSON best, not merely the first that decodes.
//!
//! Each variant is described by a static [`Shape`]. The variants are ranked, best
//! first, by:
//! 1. the JSON type: an exact match, then an integer for a number, then a variant
//!    that takes anything;
//! 2. the fewest broken constraints: required properties missing, and property
//!    values outside a property's enum (or, for a string enum, the value itself);
//! 3. the most properties of the object that the variant declares;
//! 4. the fewest properties the variant declares that the object leaves out;
//! 5. the order of the spec.
//!
//! Then each is decoded in that order and the first that decodes wins, so the
//! types of the values always agree with the variant chosen.

use serde_json::Value;

/// JSON types, as bits of [`Shape::kinds`].
pub(crate) mod kind {
    pub(crate) const NULL: u8 = 1;
    pub(crate) const BOOLEAN: u8 = 1 << 1;
    pub(crate) const INTEGER: u8 = 1 << 2;
    /// Any number, integers included.
    pub(crate) const NUMBER: u8 = 1 << 3;
    pub(crate) const STRING: u8 = 1 << 4;
    pub(crate) const ARRAY: u8 = 1 << 5;
    pub(crate) const OBJECT: u8 = 1 << 6;
    pub(crate) const ANY: u8 = (1 << 7) - 1;
}

/// How one variant of a union looks on the wire.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "only APIs with unions without a discriminator use this")]
pub(crate) struct Shape {
    /// The variant's Rust name, for error messages.
    name: &'static str,
    kinds: u8,
    /// The properties an object variant declares, sorted.
    properties: &'static [&'static str],
    required: &'static [&'static str],
    /// Properties whose value is one of a list of strings.
    enums: &'static [(&'static str, &'static [&'static str])],
    /// The values of a string-enum variant.
    values: &'static [&'static str],
}

#[allow(dead_code, reason = "generated code builds the shapes its unions need")]
impl Shape {
    /// A variant of the given JSON types ([`kind`] bits).
    pub(crate) const fn of(kinds: u8) -> Self {
        Self { name: "", kinds, properties: &[], required: &[], enums: &[], values: &[] }
    }

    /// An object variant; `properties` sorted.
    pub(crate) const fn object(
        properties: &'static [&'static str],
        required: &'static [&'static str],
        enums: &'static [(&'static str, &'static [&'static str])],
    ) -> Self {
        Self { name: "", kinds: kind::OBJECT, properties, required, enums, values: &[] }
    }

    /// A string-enum variant.
    pub(crate) const fn strings(values: &'static [&'static str]) -> Self {
        Self { name: "", kinds: kind::STRING, properties: &[], required: &[], enums: &[], values }
    }

    /// The same variant, also taking `null`.
    pub(crate) const fn or_null(mut self) -> Self {
        self.kinds |= kind::NULL;
        self
    }

    /// The same shape under the variant's name.
    pub(crate) const fn named(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// The rank key of this variant for `value`; greater is better.
    fn fit(&self, value: &Value) -> (u8, std::cmp::Reverse<usize>, usize, std::cmp::Reverse<usize>) {
        let actual = match value {
            Value::Null => kind::NULL,
            Value::Bool(_) => kind::BOOLEAN,
            Value::Number(number) if number.is_f64() => kind::NUMBER,
            Value::Number(_) => kind::INTEGER,
            Value::String(_) => kind::STRING,
            Value::Array(_) => kind::ARRAY,
            Value::Object(_) => kind::OBJECT,
        };
        let json_type = if self.kinds == kind::ANY {
            1
        } else if self.kinds & actual != 0 {
            3
        } else if actual == kind::INTEGER && self.kinds & kind::NUMBER != 0 {
            2
        } else {
            0
        };
        let (mut broken, mut matched) = (0, 0);
        match value {
            Value::Object(members) => {
                broken += self.required.iter().filter(|name| !members.contains_key(**name)).count();
                for (name, allowed) in self.enums {
                    // `null` is for the variant's decoding to accept or refuse.
                    if let Some(member) = members.get(*name).filter(|member| !member.is_null()) {
                        broken += usize::from(!member.as_str().is_some_and(|text| allowed.contains(&text)));
                    }
                }
                matched = members.keys().filter(|key| self.properties.binary_search(&key.as_str()).is_ok()).count();
            }
            Value::String(text) if !self.values.is_empty() => broken += usize::from(!self.values.contains(&text.as_str())),
            _ => {}
        }
        let unset = self.properties.len().saturating_sub(matched);
        (json_type, std::cmp::Reverse(broken), matched, std::cmp::Reverse(unset))
    }
}

/// The indices of `shapes`, best fit for `value` first (ties in declaration order).
#[allow(dead_code, reason = "only APIs with unions without a discriminator use this")]
pub(crate) fn ranked(value: &Value, shapes: &[Shape]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..shapes.len()).collect();
    // A stable sort keeps declaration order among equals.
    order.sort_by_cached_key(|&index| std::cmp::Reverse(shapes[index].fit(value)));
    order
}

/// Decodes `value` as the best-fitting variant that decodes: `decode(index, value)`
/// decodes variant `index`. On failure, the error of the best fit says why.
#[allow(dead_code, reason = "only APIs with unions without a discriminator use this")]
pub(crate) fn decode_union<T>(
    union: &str,
    value: &Value,
    shapes: &[Shape],
    decode: impl Fn(usize, &Value) -> Result<T, serde_json::Error>,
) -> Result<T, String> {
    let mut best_error = None;
    for index in ranked(value, shapes) {
        match decode(index, value) {
            Ok(decoded) => return Ok(decoded),
            Err(error) => {
                best_error.get_or_insert((index, error));
            }
        }
    }
    Err(match best_error {
        Some((index, error)) => format!("no variant of `{union}` fits; the closest, `{}`, does not: {error}", shapes[index].name),
        None => format!("`{union}` has no variants"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PETS: &[Shape] = &[
        Shape::object(&["indoor", "name"], &[], &[]).named("Cat"),
        Shape::object(&["bark", "name"], &["bark"], &[]).named("Dog"),
    ];

    #[test]
    fn the_variant_with_more_matching_properties_wins() {
        assert_eq!(ranked(&json!({ "bark": true, "name": "rex" }), PETS), vec![1, 0]);
        // Dog's required `bark` is missing.
        assert_eq!(ranked(&json!({ "name": "tom" }), PETS), vec![0, 1]);
    }

    #[test]
    fn ties_go_to_the_tighter_fit_then_to_spec_order() {
        let shapes = &[
            Shape::object(&["a", "b", "c"], &[], &[]),
            Shape::object(&["a"], &[], &[]),
            Shape::object(&["a"], &[], &[]),
        ];
        assert_eq!(ranked(&json!({ "a": 1 }), shapes), vec![1, 2, 0]);
    }

    #[test]
    fn enums_and_json_types_decide() {
        let shapes = &[
            Shape::object(&["last4", "type"], &["type"], &[("type", &["card"])]),
            Shape::object(&["last4", "type"], &["type"], &[("type", &["bank_account"])]),
        ];
        assert_eq!(ranked(&json!({ "type": "bank_account", "last4": "1234" }), shapes)[0], 1);
        let scalars = &[
            Shape::of(kind::NUMBER),
            Shape::of(kind::INTEGER),
            Shape::strings(&["low", "high"]),
            Shape::of(kind::STRING),
            Shape::of(kind::ANY),
        ];
        assert_eq!(ranked(&json!(3), scalars)[0], 1);
        assert_eq!(ranked(&json!(3.5), scalars)[0], 0);
        assert_eq!(ranked(&json!("high"), scalars)[0], 2);
        // Outside the enum: plain strings first, the enum (open to new values) next.
        assert_eq!(ranked(&json!("medium"), scalars)[..3], [3, 2, 4]);
        assert_eq!(ranked(&json!(null), scalars)[0], 4);
        assert_eq!(ranked(&json!(null), &[Shape::of(kind::STRING), Shape::of(kind::STRING).or_null()])[0], 1);
    }

    #[test]
    fn the_first_ranked_variant_that_decodes_wins_and_failures_name_the_closest() {
        // Dog ranks first (it declares `bark`) but cannot decode a bark that is not a boolean.
        let decode = |index: usize, value: &Value| -> Result<&str, serde_json::Error> {
            match index {
                1 => serde_json::from_value::<bool>(value["bark"].clone()).map(|_| "Dog"),
                _ => Ok("Cat"),
            }
        };
        assert_eq!(decode_union("Pet", &json!({ "bark": "loud" }), PETS, decode).unwrap(), "Cat");
        assert_eq!(decode_union("Pet", &json!({ "bark": true }), PETS, decode).unwrap(), "Dog");
        let error = decode_union("Pet", &json!(1), &PETS[1..], |_, value| serde_json::from_value::<bool>(value.clone()))
            .unwrap_err();
        assert!(error.contains("`Dog`") && error.contains("expected a boolean"), "{error}");
    }
}
