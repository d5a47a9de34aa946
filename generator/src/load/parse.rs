//! JSON or YAML text → `serde_json::Value`, reading the faults that have one
//! sane reading instead of refusing them: a key given twice (the last one
//! wins, as in JavaScript and most YAML loaders), numbers beyond what a
//! 64-bit float holds (kept as their text), YAML's non-string keys and tags.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::pointer::Frame;
use crate::error::ErrorKind;
use crate::{Error, Warning};

/// Parses JSON (if it looks like JSON) or YAML into a JSON value.
pub fn parse_text(text: &str, warnings: &mut Vec<Warning>) -> Result<Value, Error> {
    parse(text, warnings).map_err(|err| err.of_kind(ErrorKind::Unreadable))
}

fn parse(text: &str, warnings: &mut Vec<Warning>) -> Result<Value, Error> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Error::new("#", "the document is empty"));
    }
    if trimmed.starts_with('<') {
        return Err(Error::new(
            "#",
            "this is HTML or XML, not an OpenAPI document (an error page?)",
        ));
    }
    let collected = RefCell::new(Vec::new());
    let value = if trimmed.starts_with('{') {
        parse_json(trimmed, &collected)?
    } else {
        let deserializer = serde_yaml::Deserializer::from_str(trimmed);
        ValueSeed::root(&collected)
            .deserialize(deserializer)
            .map_err(|err| Error::new("#", format!("invalid YAML: {err}")))?
    };
    warnings.extend(collected.into_inner());
    Ok(value)
}

fn parse_json(text: &str, warnings: &RefCell<Vec<Warning>>) -> Result<Value, Error> {
    let parse = |text: &str| {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let value = ValueSeed::root(warnings).deserialize(&mut deserializer)?;
        deserializer.end().map(|()| value)
    };
    let located = |err: serde_json::Error| {
        Error::new(
            "#",
            format!(
                "invalid JSON at line {} column {}: {err}",
                err.line(),
                err.column()
            ),
        )
    };
    match parse(text) {
        Ok(value) => Ok(value),
        // serde_json refuses numbers beyond f64 outright; quoting them keeps
        // their text, which the schema reading then judges in context.
        Err(err) if err.to_string().starts_with("number out of range") => {
            warnings.borrow_mut().clear();
            parse(&quote_huge_numbers(text)).map_err(located)
        }
        Err(err) => Err(located(err)),
    }
}

/// Marks the text of a number that had to be quoted, so the value visitor can
/// tell it from a string the document wrote (and warn about it).
const HUGE_NUMBER_MARK: &str = "\u{0}huge-number:";

/// JSON text with every number literal that overflows an `f64` turned into a
/// marked string literal. Only runs after serde_json refused the text.
fn quote_huge_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut chars = text.char_indices().peekable();
    let mut in_string = false;
    let mut escaped = false;
    while let Some((start, ch)) = chars.next() {
        if in_string {
            out.push(ch);
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if ch == '"' {
            in_string = true;
            out.push(ch);
            continue;
        }
        if ch == '-' || ch.is_ascii_digit() {
            let mut end = start + ch.len_utf8();
            while let Some(&(index, next)) = chars.peek() {
                if next.is_ascii_digit() || matches!(next, '.' | 'e' | 'E' | '+' | '-') {
                    end = index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let token = &text[start..end];
            if token.parse::<f64>().is_ok_and(f64::is_infinite) {
                out.push('"');
                out.push_str("\\u0000huge-number:");
                out.push_str(token);
                out.push('"');
            } else {
                out.push_str(token);
            }
            continue;
        }
        out.push(ch);
    }
    out
}

/// Builds a `Value` while knowing where it is, so faults are located.
struct ValueSeed<'f> {
    frame: &'f Frame<'f>,
    warnings: &'f RefCell<Vec<Warning>>,
}

impl<'f> ValueSeed<'f> {
    fn root(warnings: &'f RefCell<Vec<Warning>>) -> Self {
        ValueSeed {
            frame: &Frame::ROOT,
            warnings,
        }
    }

    fn warn(&self, message: String) {
        self.warnings
            .borrow_mut()
            .push(Warning::new(self.frame.pointer(), message));
    }

    /// A number JSON cannot hold, kept as its text.
    fn huge_number(&self, text: String) -> Value {
        self.warn(format!(
            "the number {text} is beyond the range of a 64-bit float; kept as the text \"{text}\""
        ));
        Value::String(text)
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    // Beyond 64 bits an integer is read as the nearest float, as JSON
    // parsers do; only beyond the float's range is it kept as text.
    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(Number::from_f64(value as f64)
            .map_or_else(|| self.huge_number(value.to_string()), Value::Number))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(Number::from_f64(value as f64)
            .map_or_else(|| self.huge_number(value.to_string()), Value::Number))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(match Number::from_f64(value) {
            Some(number) => Value::Number(number),
            None => self.huge_number(yaml_float_text(value)),
        })
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        match value.strip_prefix(HUGE_NUMBER_MARK) {
            Some(number) => Ok(self.huge_number(number.to_owned())),
            None => Ok(Value::String(value.to_owned())),
        }
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        match value.strip_prefix(HUGE_NUMBER_MARK) {
            Some(number) => Ok(self.huge_number(number.to_owned())),
            None => Ok(Value::String(value)),
        }
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            let frame = self.frame.index(items.len());
            let seed = ValueSeed {
                frame: &frame,
                warnings: self.warnings,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let frame = self.frame.key(&key);
            let seed = ValueSeed {
                frame: &frame,
                warnings: self.warnings,
            };
            let value = map.next_value_seed(seed)?;
            if object.insert(key.clone(), value).is_some() {
                self.warnings.borrow_mut().push(Warning::new(
                    frame.pointer(),
                    format!("the key `{key}` appears more than once here; the last one is used"),
                ));
            }
        }
        Ok(Value::Object(object))
    }

    // A YAML tag (`!foo value`): the value counts, the tag does not.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant) = data.variant_seed(KeySeed)?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

fn yaml_float_text(value: f64) -> String {
    if value.is_nan() {
        ".nan".to_owned()
    } else if value > 0.0 {
        ".inf".to_owned()
    } else {
        "-.inf".to_owned()
    }
}

/// A mapping key as text: YAML allows numbers, booleans and null as keys
/// (`200:` for a status code); JSON only strings.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number, boolean or null mapping key")
    }

    fn visit_bool<E>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i128<E>(self, value: i128) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u128<E>(self, value: u128) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E>(self, value: f64) -> Result<String, E> {
        Ok(if value.is_finite() {
            serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |n| n.to_string())
        } else {
            yaml_float_text(value)
        })
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_none<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (_tag, variant) = data.variant_seed(KeySeed)?;
        de::VariantAccess::newtype_variant_seed(variant, KeySeed)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(text: &str) -> (Value, Vec<Warning>) {
        let mut warnings = Vec::new();
        let value = parse_text(text, &mut warnings).expect("parses");
        (value, warnings)
    }

    #[test]
    fn json_and_yaml_parse_alike() {
        let (json, none) = parse(r#"{"a": [1, -2, 2.5, "x", null, true], "200": {}}"#);
        assert!(none.is_empty());
        let (yaml, none) = parse("a: [1, -2, 2.5, x, null, true]\n200: {}\n");
        assert!(none.is_empty());
        assert_eq!(json, yaml);
        assert_eq!(json, json!({"a": [1, -2, 2.5, "x", null, true], "200": {}}));
    }

    #[test]
    fn duplicate_keys_keep_the_last_with_a_warning() {
        for text in [
            "paths:\n  /a: {x: 1}\n  /a: {x: 2}\n",
            r#"{"paths": {"/a": {"x": 1}, "/a": {"x": 2}}}"#,
        ] {
            let (value, warnings) = parse(text);
            assert_eq!(value, json!({"paths": {"/a": {"x": 2}}}));
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert_eq!(warnings[0].location, "#/paths/~1a");
            assert!(warnings[0].message.contains("more than once"));
        }
    }

    #[test]
    fn numbers_beyond_64_bits_are_floats_and_beyond_floats_text() {
        let (value, warnings) =
            parse("m: -9223372036854776000\nn: 123456789012345678901234567890\n");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(value["m"].as_f64(), Some(-9223372036854776000.0));
        assert!(value["n"].is_f64());

        let (value, warnings) =
            parse(r#"{"schema": {"maximum": 1e400, "minimum": -2e999, "x": "1e400"}}"#);
        assert_eq!(
            value,
            json!({"schema": {"maximum": "1e400", "minimum": "-2e999", "x": "1e400"}})
        );
        let locations: Vec<&str> = warnings.iter().map(|w| w.location.as_str()).collect();
        assert_eq!(locations, ["#/schema/maximum", "#/schema/minimum"]);

        let (value, warnings) = parse("a: .inf\nb: -.inf\n");
        assert_eq!(value, json!({"a": ".inf", "b": "-.inf"}));
        assert_eq!(warnings.len(), 2);
    }

    #[test]
    fn yaml_tags_are_dropped_and_odd_keys_become_text() {
        let (value, _) = parse("a: !custom 5\ntrue: 1\n~: 2\n1.5: 3\n");
        assert_eq!(value, json!({"a": 5, "true": 1, "null": 2, "1.5": 3}));
    }

    #[test]
    fn unreadable_text_is_refused_at_the_root() {
        for (text, expected) in [
            ("", "empty"),
            ("<html></html>", "HTML"),
            ("{\"a\": ", "invalid JSON at line 1"),
            ("a: [unclosed\n", "invalid YAML"),
            ("a: 1\n? [x]\n: 2\n", "invalid YAML"),
        ] {
            let err = parse_text(text, &mut Vec::new()).expect_err(text);
            assert_eq!(err.location, "#");
            assert!(err.message.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn quoting_leaves_strings_and_ordinary_numbers_alone() {
        assert_eq!(
            quote_huge_numbers(r#"{"a": "1e400 \" 1e400", "b": [1e400, 2.5e3, -7]}"#),
            r#"{"a": "1e400 \" 1e400", "b": ["\u0000huge-number:1e400", 2.5e3, -7]}"#
        );
    }
}
