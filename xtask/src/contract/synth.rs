//! Arguments for every operation, built from the spec (the 3.0-shaped JSON the
//! generator read): a scalar's `example`, `enum`, `default` or a value that fits
//! its `format` and bounds; every property of an object (`readOnly` ones left
//! out of requests); two items for an array, so that an `explode` or delimiter
//! fault changes what the server reads.

use serde_json::{Map, Value, json};

/// Objects nested deeper than this get their required properties only, and
/// deeper than [`MAX_DEPTH`] nothing, so recursive schemas end.
const FULL_DEPTH: usize = 4;
const MAX_DEPTH: usize = 8;

pub struct Synth<'a> {
    raw: &'a Value,
}

impl<'a> Synth<'a> {
    pub fn new(raw: &'a Value) -> Self {
        Self { raw }
    }

    /// The value at a JSON pointer (`#/paths/~1pets/get`), following `$ref`s.
    pub fn at(&self, pointer: &str) -> Option<&'a Value> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        self.resolve(self.raw.pointer(pointer)?)
    }

    /// Follows local `$ref`s (a few hops; a cycle of refs yields `None`).
    pub fn resolve(&self, mut value: &'a Value) -> Option<&'a Value> {
        for _ in 0..16 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(target) if target.starts_with('#') => {
                    value = self.raw.pointer(&decode_pointer(&target[1..]))?;
                }
                Some(_) => return None,
                None => return Some(value),
            }
        }
        None
    }

    /// A value for `schema`; `variant` varies scalars (the second item of an
    /// array differs from the first).
    pub fn value(&self, schema: &Value, variant: usize) -> Value {
        self.value_at(schema, variant, 0)
    }

    fn value_at(&self, schema: &Value, variant: usize, depth: usize) -> Value {
        let Some(schema) = self.resolve(schema) else {
            return json!("abc");
        };
        if let Some(all_of) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(schema, all_of, variant, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema
                .get(key)
                .and_then(Value::as_array)
                .and_then(|variants| variants.iter().find(|v| !self.is_null_schema(v)))
            {
                if schema.get("properties").is_none() {
                    return self.value_at(first, variant, depth);
                }
                // An object whose `oneOf`/`anyOf` only adds conditions (GitHub:
                // `anyOf: [{required: [reviewers]}, {required: [team_reviewers]}]`):
                // its own properties, with what the first variant sets over them.
                let mut own = schema.clone();
                if let Some(own) = own.as_object_mut() {
                    own.remove(key);
                }
                return match (
                    self.value_at(&own, variant, depth),
                    self.value_at(first, variant, depth),
                ) {
                    (Value::Object(mut fields), Value::Object(chosen)) => {
                        fields.extend(chosen);
                        Value::Object(fields)
                    }
                    (own, _) => own,
                };
            }
        }
        if let Some(value) = self.scalar_hint(schema, variant) {
            return value;
        }
        match schema_type(schema) {
            Some("object") => self.object(schema, variant, depth),
            Some("array") => self.array(schema, depth),
            Some("integer") => integer(schema, variant),
            Some("number") => number(schema, variant),
            Some("boolean") => json!(variant.is_multiple_of(2)),
            Some("string") => string(schema, variant),
            _ => json!(format!("abc{}", suffix(variant))),
        }
    }

    fn is_null_schema(&self, schema: &Value) -> bool {
        self.resolve(schema)
            .is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("null"))
    }

    /// `example`, then `enum`, then `default`, for scalars (objects are built
    /// property by property so that every optional one is set).
    fn scalar_hint(&self, schema: &Value, variant: usize) -> Option<Value> {
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !values.is_empty() {
                return Some(values[variant % values.len()].clone());
            }
        }
        if matches!(schema_type(schema), Some("object" | "array")) {
            return None;
        }
        let fits = |value: &Value| match schema_type(schema) {
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some("boolean") => value.is_boolean(),
            Some("string") => value
                .as_str()
                .is_some_and(|text| fits_format(schema, text) && fits_pattern(schema, text)),
            _ => false,
        };
        let example = schema.get("example").filter(|v| fits(v));
        if variant == 0
            && let Some(example) = example
        {
            return Some(example.clone());
        }
        schema
            .get("default")
            .filter(|v| fits(v) && variant == 0)
            .cloned()
    }

    fn all_of(&self, schema: &Value, parts: &[Value], variant: usize, depth: usize) -> Value {
        let mut merged = Map::new();
        let mut scalar = None;
        let mut own = schema.clone();
        if let Some(own) = own.as_object_mut() {
            own.remove("allOf");
        }
        for part in parts.iter().chain(std::iter::once(&own)) {
            match self.value_at(part, variant, depth) {
                Value::Object(fields) => merged.extend(fields),
                other
                    if part.as_object().is_some_and(|p| {
                        p.len() > 1 || p.contains_key("$ref") || p.contains_key("type")
                    }) =>
                {
                    scalar.get_or_insert(other);
                }
                _ => {}
            }
        }
        match scalar {
            Some(value) if merged.is_empty() => value,
            _ => Value::Object(merged),
        }
    }

    fn object(&self, schema: &Value, variant: usize, depth: usize) -> Value {
        let mut fields = Map::new();
        if depth > MAX_DEPTH {
            return Value::Object(fields);
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            let resolved = self.resolve(property).unwrap_or(property);
            if resolved.get("readOnly") == Some(&Value::Bool(true)) {
                continue;
            }
            if depth >= FULL_DEPTH && !required.contains(&name.as_str()) {
                continue;
            }
            fields.insert(name.clone(), self.value_at(property, variant, depth + 1));
        }
        if fields.is_empty()
            && depth < FULL_DEPTH
            && let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object())
        {
            fields.insert("key".to_owned(), self.value_at(extra, variant, depth + 1));
        }
        Value::Object(fields)
    }

    fn array(&self, schema: &Value, depth: usize) -> Value {
        let items = schema.get("items").cloned().unwrap_or(json!({}));
        let max = schema.get("maxItems").and_then(Value::as_u64).unwrap_or(2);
        let count = if depth >= FULL_DEPTH {
            1
        } else {
            max.clamp(1, 2)
        };
        Value::Array(
            (0..count as usize)
                .map(|i| self.value_at(&items, i, depth + 1))
                .collect(),
        )
    }
}

/// Whether an example string has its schema's `format` (specs' examples
/// sometimes do not; the generated types rightly refuse those).
fn fits_format(schema: &Value, text: &str) -> bool {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    match schema.get("format").and_then(Value::as_str) {
        Some("binary" | "byte") => false,
        Some("uuid") => {
            let groups: Vec<usize> = text.split('-').map(str::len).collect();
            groups == [8, 4, 4, 4, 12] && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        }
        Some("date") => {
            let parts: Vec<&str> = text.split('-').collect();
            parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2)
        }
        Some("time") => is_time(text),
        Some("date-time") => {
            text.len() >= 20
                && text.is_char_boundary(10)
                && fits_format(&serde_json::json!({"format": "date"}), &text[..10])
                && text[10..].starts_with(['T', 't'])
                && (text.ends_with(['Z', 'z']) || text[19..].contains(['+', '-']))
        }
        _ => true,
    }
}

fn schema_type(schema: &Value) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(ty)) => Some(ty),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
            Some("object")
        }
        _ if schema.get("items").is_some() => Some("array"),
        _ => None,
    }
}

fn suffix(variant: usize) -> String {
    if variant == 0 {
        String::new()
    } else {
        variant.to_string()
    }
}

fn bound(schema: &Value, key: &str) -> Option<f64> {
    schema.get(key).and_then(Value::as_f64)
}

/// The smallest value in bounds at least `1 + variant`, honouring exclusive
/// bounds of both the 3.0 (boolean) and 3.1 (number) kind.
fn in_bounds(schema: &Value, preferred: f64, step: f64) -> f64 {
    let exclusive = |key: &str| schema.get(key) == Some(&Value::Bool(true));
    let mut low = bound(schema, "minimum");
    if let Some(min) = low.filter(|_| exclusive("exclusiveMinimum")) {
        low = Some(min + step);
    }
    if let Some(min) = bound(schema, "exclusiveMinimum") {
        low = Some(min + step);
    }
    let mut high = bound(schema, "maximum");
    if let Some(max) = high.filter(|_| exclusive("exclusiveMaximum")) {
        high = Some(max - step);
    }
    if let Some(max) = bound(schema, "exclusiveMaximum") {
        high = Some(max - step);
    }
    let mut value = preferred;
    if let Some(low) = low {
        value = value.max(low);
    }
    if let Some(high) = high {
        value = value.min(high);
    }
    value
}

fn integer(schema: &Value, variant: usize) -> Value {
    let mut value = in_bounds(schema, 1.0 + variant as f64, 1.0).ceil() as i64;
    if let Some(multiple) = schema
        .get("multipleOf")
        .and_then(Value::as_i64)
        .filter(|m| *m > 0)
    {
        value = (value + multiple - 1) / multiple * multiple;
    }
    json!(value)
}

fn number(schema: &Value, variant: usize) -> Value {
    json!(in_bounds(schema, 1.5 + variant as f64, 0.5))
}

fn string(schema: &Value, variant: usize) -> Value {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let text = match format {
        "date" => format!("2024-01-0{}", 2 + variant % 7),
        "date-time" => format!("2024-01-02T03:04:0{}Z", variant % 10),
        // RFC 3339 `partial-time` (no offset). OpenAPI 3.0 does not define
        // `time`; JSON Schema 2020-12's is a `full-time` (with an offset),
        // but openapi-core 0.23.1 checks it by draft 3's rule (`%H:%M:%S`,
        // openapi-schema-validator's format checker), which refuses any
        // offset. Prism accepts both, so only this form reads back.
        "time" => format!("03:04:0{}", variant % 10),
        "uuid" => format!("3fa85f64-5717-4562-b3fc-2c963f66afa{}", variant % 10),
        "email" => format!("user{}@example.com", suffix(variant)),
        "uri" | "url" => format!("https://example.com/x{}", suffix(variant)),
        "hostname" => "example.com".to_owned(),
        "ipv4" => format!("192.0.2.{}", 1 + variant),
        "ipv6" => "2001:db8::1".to_owned(),
        // `format: binary` is a file: its bytes, as `File` and `Vec<u8>` deserialize.
        "binary" => return json!(format!("hi{}", suffix(variant)).into_bytes()),
        "byte" => return json!("aGk="),
        _ => format!("abc{}", suffix(variant)),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| m as usize);
    let mut text = text;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max.filter(|max| text.chars().count() > *max && *max > 0) {
        text = text.chars().take(max).collect();
    }
    if !fits_pattern(schema, &text)
        && let Some(matching) = from_pattern(schema, variant, min, max)
    {
        text = matching;
    }
    json!(text)
}

/// Whether `text` matches the schema's `pattern` (unanchored, as JSON Schema
/// reads it). A pattern the `regex` crate cannot compile (ECMA-262 lookaround,
/// backreferences) is taken as matched: there is nothing better to send.
fn fits_pattern(schema: &Value, text: &str) -> bool {
    match schema.get("pattern").and_then(Value::as_str) {
        Some(pattern) => regex::Regex::new(pattern).map_or(true, |re| re.is_match(text)),
        None => true,
    }
}

/// A string that matches the schema's `pattern` and length bounds, drawn from
/// the pattern with a fixed seed per `variant`, so the arguments are the same
/// on every run.
fn from_pattern(schema: &Value, variant: usize, min: usize, max: Option<usize>) -> Option<String> {
    use rand::{RngExt as _, SeedableRng as _};
    let pattern = schema.get("pattern").and_then(Value::as_str)?;
    let checker = regex::Regex::new(pattern).ok()?;
    // Repeats reach the length bounds (GitHub's commit SHA: `^[0-9a-fA-F]+$`, 40 long).
    let repeats = u32::try_from(max.unwrap_or(min).max(8)).unwrap_or(u32::MAX);
    let generator = rand_regex::Regex::compile(&unanchored(pattern), repeats).ok()?;
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(0x0A11_CE00 + variant as u64);
    // `.` and `\\w` draw from all of Unicode: printable ASCII is preferred,
    // since a control character says nothing more about the wire.
    let fitting: Vec<String> = (0..256)
        .map(|_| rng.sample::<String, _>(&generator))
        .filter(|text| {
            let length = text.chars().count();
            length >= min && max.is_none_or(|max| length <= max) && checker.is_match(text)
        })
        .collect();
    let printable = |text: &&String| text.chars().all(|c| c.is_ascii_graphic() || c == ' ');
    fitting.iter().find(printable).or(fitting.first()).cloned()
}

/// The pattern without its anchors, which `rand_regex` refuses: a `^` that
/// starts the pattern or one of its alternatives (GitHub's SSH keys:
/// `^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) `), and a `$` that
/// ends one, only say where the match lies, and a string drawn from the rest
/// matches there.
fn unanchored(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let (mut escaped, mut in_class) = (false, false);
    while let Some(c) = chars.next() {
        if escaped {
            escaped = false;
            out.push(c);
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '^' if !in_class && matches!(out.chars().last(), None | Some('|' | '(')) => continue,
            '$' if !in_class && matches!(chars.peek(), None | Some('|' | ')')) => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// What both oracles take as a `time`: `hh:mm:ss` (see [`string`]).
fn is_time(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `~1` and `~0` are JSON pointer escapes; `%xx` is URI escaping inside a `$ref`.
fn decode_pointer(pointer: &str) -> String {
    let mut bytes = Vec::with_capacity(pointer.len());
    let raw = pointer.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && i + 2 < raw.len()
            && let Ok(byte) = u8::from_str_radix(&pointer[i + 1..i + 3], 16)
        {
            bytes.push(byte);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_get_two_distinct_items_and_objects_every_writable_property() {
        let raw = json!({"components": {"schemas": {
            "Pet": {"type": "object", "required": ["name"], "properties": {
                "id": {"type": "integer", "readOnly": true},
                "name": {"type": "string", "example": "rex"},
                "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
                "born": {"type": "string", "format": "date"}
            }}
        }}});
        let synth = Synth::new(&raw);
        let value = synth.value(&json!({"$ref": "#/components/schemas/Pet"}), 0);
        assert_eq!(
            value,
            json!({"name": "rex", "tags": ["a", "b"], "born": "2024-01-02"})
        );
    }

    #[test]
    fn strings_match_their_pattern_the_same_way_on_every_run() {
        let raw = json!({});
        let synth = Synth::new(&raw);
        // Twilio's SIDs, and a pattern with bounds of its own.
        let schema = json!({"type": "string", "pattern": "^CH[0-9a-fA-F]{32}$", "minLength": 34});
        let first = synth.value(&schema, 0);
        let text = first.as_str().unwrap();
        assert!(
            regex::Regex::new("^CH[0-9a-fA-F]{32}$")
                .unwrap()
                .is_match(text),
            "{text}"
        );
        assert_eq!(synth.value(&schema, 0), first, "deterministic");
        assert_ne!(synth.value(&schema, 1), first, "array items differ");
        // An example that breaks the pattern is not used; one that fits is.
        let schema = json!({"type": "string", "pattern": "^[0-9]+$", "example": "abc"});
        let digits = synth.value(&schema, 0);
        assert!(
            digits.as_str().unwrap().bytes().all(|b| b.is_ascii_digit()),
            "{digits}"
        );
        let schema = json!({"type": "string", "pattern": "^[0-9]+$", "example": "42"});
        assert_eq!(synth.value(&schema, 0), json!("42"));
        // An object whose `anyOf` only adds `required`: the object, all set.
        let raw = json!({});
        let synth = Synth::new(&raw);
        let reviewers = json!({
            "type": "object",
            "properties": {"reviewers": {"type": "array", "items": {"type": "string"}}},
            "anyOf": [{"required": ["reviewers"]}, {"required": ["team_reviewers"]}]
        });
        assert_eq!(
            synth.value(&reviewers, 0),
            json!({"reviewers": ["abc", "abc1"]})
        );
        // Anchored alternatives and a length that needs long repeats (GitHub).
        let key = json!({"type": "string", "pattern": "^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) "});
        let key = string(&key, 0);
        let key = key.as_str().unwrap();
        assert!(
            key.starts_with("ssh-") || key.starts_with("ecdsa-sha2-nistp"),
            "{key}"
        );
        let sha = json!({"type": "string", "pattern": "^[0-9a-fA-F]+$", "minLength": 40, "maxLength": 40});
        let sha = string(&sha, 0);
        let sha = sha.as_str().unwrap();
        assert!(
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "{sha}"
        );
        assert_eq!(unanchored(r"^a\$|(^b)[$^]$"), r"a\$|(b)[$^]");
        // No pattern: unchanged.
        assert_eq!(synth.value(&json!({"type": "string"}), 0), json!("abc"));
    }

    #[test]
    fn a_time_is_one_both_oracles_read() {
        let raw = json!({});
        let synth = Synth::new(&raw);
        let time = synth.value(&json!({"type": "string", "format": "time"}), 0);
        assert_eq!(time, json!("03:04:00"));
        assert!(is_time("03:04:05"));
        assert!(!is_time("abc") && !is_time("03:04") && !is_time("03:04:05Z"));
        // An example that is not a time is not used.
        let schema = json!({"type": "string", "format": "time", "example": "10am"});
        assert_eq!(synth.value(&schema, 0), json!("03:04:00"));
        let schema = json!({"type": "string", "format": "time", "example": "17:30:00"});
        assert_eq!(synth.value(&schema, 0), json!("17:30:00"));
    }

    #[test]
    fn numbers_stay_in_bounds() {
        let raw = json!({});
        let synth = Synth::new(&raw);
        let schema = json!({"type": "integer", "minimum": 10, "maximum": 20, "multipleOf": 5});
        assert_eq!(synth.value(&schema, 0), json!(10));
        let schema = json!({"type": "number", "exclusiveMaximum": 1});
        assert_eq!(synth.value(&schema, 0), json!(0.5));
    }
}
