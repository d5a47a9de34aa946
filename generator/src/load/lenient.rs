//! Faults with one sane reading, read before `openapiv3` decodes the
//! document, each recorded as a [`Warning`]: schema keywords of the wrong
//! JSON shape, bounds and enum values of the wrong type or beyond 64 bits,
//! tuple `items`, a `style` a parameter's location cannot have.
//!
//! It also keeps decoding fast: `openapiv3` reads schemas through untagged
//! enums, which retry every alternative at every level when something deep
//! inside is malformed (an invalid leaf under ten levels of `anyOf` took
//! seconds, under fifteen minutes). After this pass every schema keyword has
//! the shape `openapiv3` expects.

use serde_json::{Map, Number, Value, json};

use super::openapi31;
use super::pointer::Frame;
use super::refs::remove_all;
use super::walk::{self, Dialect, Kind};
use crate::error::escape_pointer;
use crate::{Error, Warning};

/// Repairs can expose new faults (a wrapped `allOf` is entered only once it
/// is a list): a few rounds reach every one.
const MAX_ROUNDS: usize = 8;

const SCHEMA_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];
const BOOLEAN_KEYWORDS: &[&str] = &[
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
];
const TEXT_KEYWORDS: &[&str] = &["format", "pattern", "title", "description"];
const COUNT_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Reads every fault of the document's schemas, parameters and headers.
pub fn repair_document(document: &mut Value, warnings: &mut Vec<Warning>) -> Result<(), Error> {
    for _ in 0..MAX_ROUNDS {
        let mut flagged: Vec<(Kind, String)> = Vec::new();
        walk::walk_document(
            document,
            Dialect::OpenApi3,
            &mut |kind, frame: &Frame<'_>, value: &Value| {
                if is_faulty(kind, value) {
                    flagged.push((kind, frame.pointer()));
                }
            },
        );
        if flagged.is_empty() {
            return Ok(());
        }
        let mut removals = Vec::new();
        for (kind, at) in flagged {
            let Some(node) = document.pointer_mut(at.trim_start_matches('#')) else {
                continue;
            };
            let mut report = Report {
                at: &at,
                warnings: &mut *warnings,
            };
            let keep = match kind {
                Kind::Schema => {
                    repair_schema(node, &mut report);
                    true
                }
                Kind::Parameter => repair_parameter(node, &mut report),
                Kind::Header => {
                    repair_header(node, &mut report);
                    true
                }
                _ => true,
            };
            if !keep {
                removals.push(at);
            }
        }
        remove_all(document, &removals);
    }
    Ok(())
}

fn is_faulty(kind: Kind, value: &Value) -> bool {
    match kind {
        Kind::Schema => schema_is_faulty(value),
        Kind::Parameter => parameter_is_faulty(value),
        Kind::Header => header_is_faulty(value),
        _ => false,
    }
}

/// Where the repair is, and where its warnings go.
struct Report<'a> {
    at: &'a str,
    warnings: &'a mut Vec<Warning>,
}

impl Report<'_> {
    fn warn(&mut self, key: &str, message: impl Into<String>) {
        let location = if key.is_empty() {
            self.at.to_owned()
        } else {
            format!("{}/{}", self.at, escape_pointer(key))
        };
        self.warnings.push(Warning::new(location, message));
    }
}

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

fn schema_is_faulty(schema: &Value) -> bool {
    let Value::Object(object) = schema else {
        return true;
    };
    let ty = object.get("type").and_then(Value::as_str);
    object.iter().any(|(key, value)| match key.as_str() {
        "$ref" => !value.is_string(),
        "type" => !value.as_str().is_some_and(|ty| SCHEMA_TYPES.contains(&ty)),
        key if TEXT_KEYWORDS.contains(&key) => !value.is_string(),
        key if BOOLEAN_KEYWORDS.contains(&key) => !value.is_boolean(),
        "exclusiveMinimum" | "exclusiveMaximum" => !value.is_boolean(),
        "minimum" | "maximum" => !value.is_number() || (ty == Some("integer") && !value.is_i64()),
        "multipleOf" => !value.is_number() || (ty == Some("integer") && !value.is_i64()),
        key if COUNT_KEYWORDS.contains(&key) => !value.is_u64(),
        "required" => !value
            .as_array()
            .is_some_and(|names| names.iter().all(Value::is_string)),
        "enum" => !value
            .as_array()
            .is_some_and(|values| values.iter().all(|v| enum_value_fits(ty, v))),
        "discriminator" => !discriminator_is_sound(value),
        "properties" => !value.as_object().is_some_and(|properties| {
            properties
                .values()
                .all(|property| !property.get("required").is_some_and(Value::is_boolean))
        }),
        "allOf" | "anyOf" | "oneOf" => !value.is_array(),
        "items" | "not" => !value.is_object(),
        "additionalProperties" => !(value.is_object() || value.is_boolean()),
        _ => false,
    })
}

fn enum_value_fits(ty: Option<&str>, value: &Value) -> bool {
    match ty {
        _ if value.is_null() => true,
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    }
}

fn discriminator_is_sound(value: &Value) -> bool {
    value.get("propertyName").is_some_and(Value::is_string)
        && value.get("mapping").is_none_or(|mapping| {
            mapping
                .as_object()
                .is_some_and(|m| m.values().all(Value::is_string))
        })
}

fn repair_schema(node: &mut Value, report: &mut Report<'_>) {
    let object = match node {
        Value::Object(object) => object,
        Value::Bool(true) => {
            *node = json!({});
            return;
        }
        Value::Bool(false) => {
            *node = json!({"not": {}});
            return;
        }
        _ => {
            report.warn(
                "",
                format!(
                    "a schema must be an object, found {}; read as any JSON value",
                    kind_of(node)
                ),
            );
            *node = json!({});
            return;
        }
    };
    repair_type(object, report);
    let ty = object
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let keys: Vec<String> = object.keys().cloned().collect();
    for key in keys {
        let Some(value) = object.get_mut(&key) else {
            continue;
        };
        let keep = match key.as_str() {
            "$ref" => value.is_string(),
            key if TEXT_KEYWORDS.contains(&key) => as_text(value, key, report),
            key if BOOLEAN_KEYWORDS.contains(&key) => as_boolean(value, key, report),
            "minimum" | "maximum" | "multipleOf" => as_bound(value, &key, ty.as_deref(), report),
            key if COUNT_KEYWORDS.contains(&key) => as_count(value, key, report),
            "required" => as_names(value, report),
            "enum" => {
                as_enum(value, ty.as_deref(), report);
                true
            }
            "discriminator" => as_discriminator(value, report),
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(_) => true,
                Value::Object(_) => {
                    report.warn(
                        &key,
                        format!("`{key}` must be a list of schemas; read as a list of this one"),
                    );
                    *value = Value::Array(vec![value.take()]);
                    true
                }
                _ => false,
            },
            "items" => {
                match value {
                    Value::Object(_) => {}
                    Value::Array(_) => {
                        report.warn(
                            "items",
                            "`items` is a list (a tuple); read as an array of any JSON value",
                        );
                        *value = json!({});
                    }
                    _ => {
                        report.warn(
                            "items",
                            format!(
                                "`items` must be a schema, found {}; read as any JSON value",
                                kind_of(value)
                            ),
                        );
                        *value = json!({});
                    }
                }
                true
            }
            "not" => value.is_object(),
            "additionalProperties" => value.is_object() || value.is_boolean(),
            "properties" => value.is_object(),
            "exclusiveMinimum" | "exclusiveMaximum"
                if !value.is_boolean() && !value.is_number() =>
            {
                as_boolean(value, &key, report)
            }
            _ => true,
        };
        if !keep {
            if let Some(removed) = object.remove(&key) {
                report.warn(
                    &key,
                    format!("`{key}` cannot be {}; ignored", kind_of(&removed)),
                );
            }
        }
    }
    lift_property_requirements(object, report);
    // `exclusiveMinimum: 5` is 3.1 in a 3.0 document.
    for (exclusive, inclusive, stricter) in [
        (
            "exclusiveMinimum",
            "minimum",
            (|new, old| new >= old) as fn(f64, f64) -> bool,
        ),
        ("exclusiveMaximum", "maximum", |new, old| new <= old),
    ] {
        if object.get(exclusive).is_some_and(Value::is_number) {
            report.warn(
                exclusive,
                format!("a numeric `{exclusive}` is OpenAPI 3.1; read as `{inclusive}` with `{exclusive}: true`"),
            );
            openapi31::downgrade_exclusive_bound(object, exclusive, inclusive, stricter);
        }
    }
}

fn repair_type(object: &mut Map<String, Value>, report: &mut Report<'_>) {
    match object.get("type") {
        None => {}
        Some(Value::String(ty)) if SCHEMA_TYPES.contains(&ty.as_str()) => {}
        Some(Value::String(ty)) if SCHEMA_TYPES.contains(&ty.to_ascii_lowercase().as_str()) => {
            let lower = ty.to_ascii_lowercase();
            report.warn(
                "type",
                format!("`type: {ty}`: type names are lowercase; read as `{lower}`"),
            );
            object.insert("type".to_owned(), Value::String(lower));
        }
        Some(Value::String(ty)) if ty == "file" => {
            report.warn(
                "type",
                "`type: file` is Swagger 2.0; read as a binary string",
            );
            object.insert("type".to_owned(), json!("string"));
            object.insert("format".to_owned(), json!("binary"));
        }
        Some(Value::Array(_)) => {
            report.warn(
                "type",
                "a list of types is OpenAPI 3.1; read as its 3.0 equivalent",
            );
            openapi31::downgrade_type(object);
            if object
                .get("type")
                .is_some_and(|ty| !ty.as_str().is_some_and(|ty| SCHEMA_TYPES.contains(&ty)))
            {
                object.remove("type");
            }
        }
        Some(other) => {
            let shown = match other {
                Value::String(ty) => format!("`{ty}`"),
                other => kind_of(other).to_owned(),
            };
            report.warn(
                "type",
                format!("unknown type {shown}; read as any JSON value"),
            );
            object.remove("type");
        }
    }
}

fn as_text(value: &mut Value, key: &str, report: &mut Report<'_>) -> bool {
    match value {
        Value::String(_) => true,
        Value::Number(_) | Value::Bool(_) => {
            let text = value.to_string();
            report.warn(key, format!("`{key}` must be text; read as \"{text}\""));
            *value = Value::String(text);
            true
        }
        _ => false,
    }
}

fn as_boolean(value: &mut Value, key: &str, report: &mut Report<'_>) -> bool {
    let flag = match value {
        Value::Bool(_) => return true,
        Value::String(text) if text == "true" || text == "false" => text == "true",
        _ => return false,
    };
    report.warn(key, format!("`{key}` must be a boolean; read as {flag}"));
    *value = Value::Bool(flag);
    true
}

/// A number given as text, if it reads as a finite one.
fn number_in_text(value: &Value) -> Option<f64> {
    value
        .as_str()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

fn as_bound(value: &mut Value, key: &str, ty: Option<&str>, report: &mut Report<'_>) -> bool {
    let number = match value {
        Value::Number(number) => number.as_f64(),
        _ => match number_in_text(value) {
            Some(number) => {
                report.warn(key, format!("`{key}` must be a number; read as {number}"));
                Some(number)
            }
            None => return false,
        },
    };
    let Some(number) = number else { return false };
    if ty != Some("integer") {
        if !value.is_number() {
            *value = Number::from_f64(number).map_or(Value::Null, Value::Number);
        }
        return value.is_number();
    }
    if value.is_i64() {
        return true;
    }
    // An integer schema's bounds are 64-bit integers: a fraction rounds
    // inwards, and a bound beyond 64 bits bounds nothing a 64-bit integer
    // can hold.
    let rounded = match key {
        "minimum" => number.ceil(),
        "maximum" => number.floor(),
        _ if number.fract() == 0.0 => number,
        _ => {
            report.warn(
                key,
                format!("`{key}: {number}` is not an integer, so it cannot apply to one; ignored"),
            );
            return false;
        }
    };
    if key == "multipleOf" && (rounded < 1.0 || rounded > i64::MAX as f64) {
        report.warn(
            key,
            format!("`{key}: {number}` cannot apply to a 64-bit integer; ignored"),
        );
        return false;
    }
    // `as` saturates at the 64-bit limits.
    let integer = rounded as i64;
    report.warn(
        key,
        format!(
            "`{key}: {}` is not a 64-bit integer; read as {integer}",
            display_number(value, number)
        ),
    );
    *value = Value::from(integer);
    true
}

fn display_number(value: &Value, number: f64) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        _ => number.to_string(),
    }
}

fn as_count(value: &mut Value, key: &str, report: &mut Report<'_>) -> bool {
    let number = match value {
        Value::Number(number) => number.as_f64(),
        _ => number_in_text(value),
    };
    match number {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u64::MAX as f64 => {
            report.warn(
                key,
                format!("`{key}` must be a non-negative integer; read as {n}"),
            );
            *value = Value::from(n as u64);
            true
        }
        _ => false,
    }
}

fn as_names(value: &mut Value, report: &mut Report<'_>) -> bool {
    match value {
        Value::Array(names) => {
            names.retain(|name| name.is_string() || name.is_number());
            for name in names.iter_mut() {
                if name.is_number() {
                    *name = Value::String(name.to_string());
                }
            }
            report.warn(
                "required",
                "`required` must list property names; numbers are read as names, other values ignored",
            );
            true
        }
        Value::String(name) => {
            report.warn(
                "required",
                "`required` must be a list; read as a list of this one name",
            );
            *value = json!([name]);
            true
        }
        // `required: true|false` on the schema itself is Swagger's spelling on
        // a property; the owning object reads it (`lift_property_requirements`).
        _ => false,
    }
}

/// `properties: {a: {required: true}}` → `required: [a]`.
fn lift_property_requirements(object: &mut Map<String, Value>, report: &mut Report<'_>) {
    let Some(Value::Object(properties)) = object.get_mut("properties") else {
        return;
    };
    let mut lifted = Vec::new();
    for (name, property) in properties.iter_mut() {
        if let Some(Value::Bool(required)) =
            property.as_object_mut().and_then(|p| p.remove("required"))
        {
            report.warnings.push(Warning::new(
                format!("{}/properties/{}/required", report.at, escape_pointer(name)),
                if required {
                    format!("`required: true` on a property; read as listing `{name}` in the object's `required`")
                } else {
                    "`required: false` on a property; ignored (properties are optional unless listed)".to_owned()
                },
            ));
            if required {
                lifted.push(Value::String(name.clone()));
            }
        }
    }
    if lifted.is_empty() {
        return;
    }
    let required = object.entry("required").or_insert_with(|| json!([]));
    if !required.is_array() {
        *required = json!([]);
    }
    if let Some(names) = required.as_array_mut() {
        for name in lifted {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
}

fn as_enum(value: &mut Value, ty: Option<&str>, report: &mut Report<'_>) {
    if !value.is_array() {
        report.warn(
            "enum",
            "`enum` must be a list; read as a list of this one value",
        );
        *value = Value::Array(vec![value.take()]);
    }
    let Value::Array(values) = value else { return };
    if values.iter().all(|v| enum_value_fits(ty, v)) {
        return;
    }
    let mut read = Vec::new();
    let mut converted_from = Vec::new();
    let mut dropped = Vec::new();
    for item in values.drain(..) {
        if enum_value_fits(ty, &item) {
            read.push(item);
            continue;
        }
        let converted = match (ty, &item) {
            (Some("string"), Value::Number(_) | Value::Bool(_)) => {
                Some(Value::String(item.to_string()))
            }
            (Some("integer"), _) => item
                .as_f64()
                .or_else(|| number_in_text(&item))
                .filter(|n| n.fract() == 0.0 && *n >= i64::MIN as f64 && *n <= i64::MAX as f64)
                .map(|n| Value::from(n as i64)),
            (Some("number"), _) => number_in_text(&item)
                .and_then(Number::from_f64)
                .map(Value::Number),
            (Some("boolean"), Value::String(text)) if text == "true" || text == "false" => {
                Some(Value::Bool(text == "true"))
            }
            _ => None,
        };
        match converted {
            Some(converted) => {
                converted_from.push(format!("{item} as {converted}"));
                read.push(converted);
            }
            None => dropped.push(item.to_string()),
        }
    }
    *values = read;
    let ty = ty.unwrap_or("");
    let mut readings = Vec::new();
    if !converted_from.is_empty() {
        readings.push(format!("read {}", listing(&converted_from)));
    }
    if !dropped.is_empty() {
        readings.push(format!("ignored {}", listing(&dropped)));
    }
    report.warn(
        "enum",
        format!(
            "`enum` values must be of type {ty}; {}",
            readings.join("; ")
        ),
    );
}

/// The first few items of a list, for a message.
fn listing(items: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

fn as_discriminator(value: &mut Value, report: &mut Report<'_>) -> bool {
    if let Value::String(property) = value {
        report.warn(
            "discriminator",
            "`discriminator` is the property name (Swagger 2.0); read as `{propertyName: …}`",
        );
        *value = json!({"propertyName": property});
        return true;
    }
    let Some(object) = value.as_object_mut() else {
        return false;
    };
    if !object.get("propertyName").is_some_and(Value::is_string) {
        return false;
    }
    match object.get_mut("mapping") {
        Some(Value::Object(mapping)) => {
            let before = mapping.len();
            mapping.retain(|_, target| target.is_string());
            if mapping.len() < before {
                report.warn(
                    "discriminator",
                    "`mapping` values must be schema references; the others are ignored",
                );
            }
        }
        Some(_) => {
            object.remove("mapping");
            report.warn("discriminator", "`mapping` must be an object; ignored");
        }
        None => {}
    }
    true
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------
// Parameters and headers
// ---------------------------------------------------------------------------

/// The styles a parameter in each location can have.
fn styles_for(location: &str) -> &'static [&'static str] {
    match location {
        "path" => &["matrix", "label", "simple"],
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "header" => &["simple"],
        "cookie" => &["form"],
        _ => &[],
    }
}

const PARAMETER_FLAGS: &[&str] = &[
    "required",
    "deprecated",
    "allowEmptyValue",
    "explode",
    "allowReserved",
];

fn parameter_is_faulty(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    if object.contains_key("$ref") {
        return false;
    }
    let location = object.get("in").and_then(Value::as_str).unwrap_or("");
    let style_ok = object.get("style").is_none_or(|style| {
        style
            .as_str()
            .is_some_and(|style| styles_for(location).contains(&style))
    });
    styles_for(location).is_empty()
        || !style_ok
        || !object.get("name").is_some_and(Value::is_string)
        || !(object.contains_key("schema") || object.contains_key("content"))
        || PARAMETER_FLAGS
            .iter()
            .any(|flag| object.get(*flag).is_some_and(|value| !value.is_boolean()))
}

/// `false` when the parameter cannot be read at all and is dropped.
fn repair_parameter(node: &mut Value, report: &mut Report<'_>) -> bool {
    let Some(object) = node.as_object_mut() else {
        return true;
    };
    let location = object
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if styles_for(&location).is_empty() {
        let why = match object.get("in") {
            Some(Value::String(location)) if location == "body" || location == "formData" => {
                format!(
                    "`in: {location}` is Swagger 2.0; OpenAPI 3 describes the body as `requestBody`"
                )
            }
            Some(Value::String(location)) => {
                format!("`in: {location}` is not a parameter location")
            }
            _ => "the parameter has no `in`".to_owned(),
        };
        report.warn("", format!("{why}; the parameter is ignored"));
        return false;
    }
    match object.get_mut("name") {
        Some(Value::String(_)) => {}
        Some(name @ (Value::Number(_) | Value::Bool(_))) => {
            let text = name.to_string();
            *name = Value::String(text.clone());
            report.warn("name", format!("`name` must be text; read as \"{text}\""));
        }
        _ => {
            report.warn("", "the parameter has no `name`; ignored");
            return false;
        }
    }
    repair_style(object, &location, report);
    repair_flags(object, report);
    if !object.contains_key("schema") && !object.contains_key("content") {
        report.warn(
            "",
            "the parameter has neither `schema` nor `content`; read as a string",
        );
        object.insert("schema".to_owned(), json!({"type": "string"}));
    }
    true
}

fn repair_style(object: &mut Map<String, Value>, location: &str, report: &mut Report<'_>) {
    let Some(style) = object.get("style") else {
        return;
    };
    if style
        .as_str()
        .is_some_and(|style| styles_for(location).contains(&style))
    {
        return;
    }
    let shown = match style {
        Value::String(style) => format!("`style: {style}`"),
        other => format!("a `style` that is {}", kind_of(other)),
    };
    let default = if matches!(location, "query" | "cookie") {
        "form"
    } else {
        "simple"
    };
    report.warn(
        "style",
        format!(
            "{shown} is not possible for a {location} parameter; ignored (read as `{default}`)"
        ),
    );
    object.remove("style");
}

fn repair_flags(object: &mut Map<String, Value>, report: &mut Report<'_>) {
    for flag in PARAMETER_FLAGS {
        if let Some(value) = object.get_mut(*flag) {
            if !as_boolean(value, flag, report) {
                report.warn(flag, format!("`{flag}` must be a boolean; ignored"));
                object.remove(*flag);
            }
        }
    }
}

fn header_is_faulty(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    !object.contains_key("$ref")
        && (object.get("style").is_some_and(|style| style != "simple")
            || !(object.contains_key("schema") || object.contains_key("content"))
            || PARAMETER_FLAGS
                .iter()
                .any(|flag| object.get(*flag).is_some_and(|value| !value.is_boolean())))
}

fn repair_header(node: &mut Value, report: &mut Report<'_>) {
    let Some(object) = node.as_object_mut() else {
        return;
    };
    repair_style(object, "header", report);
    repair_flags(object, report);
    if !object.contains_key("schema") && !object.contains_key("content") {
        report.warn(
            "",
            "the header has neither `schema` nor `content`; read as a string",
        );
        object.insert("schema".to_owned(), json!({"type": "string"}));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn repaired(document: Value) -> (Value, Vec<Warning>) {
        let mut document = document;
        let mut warnings = Vec::new();
        repair_document(&mut document, &mut warnings).unwrap();
        (document, warnings)
    }

    fn schema(schema: Value) -> (Value, Vec<String>) {
        let (document, warnings) = repaired(json!({"components": {"schemas": {"S": schema}}}));
        (
            document["components"]["schemas"]["S"].clone(),
            warnings
                .into_iter()
                .map(|w| format!("{}: {}", w.location, w.message))
                .collect(),
        )
    }

    #[test]
    fn a_malformed_keyword_deep_in_a_schema_is_located_and_read() {
        let mut deep = json!({"type": {"type": "string"}});
        for _ in 0..12 {
            deep = json!({"anyOf": [{"type": "string"}, {"type": "object", "properties": {"p": deep}}]});
        }
        let (_, warnings) = schema(deep);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("#/components/schemas/S/anyOf/1/properties/p/anyOf/1"),
            "{warnings:?}"
        );
        assert!(warnings[0].contains("/type: unknown type"), "{warnings:?}");
    }

    #[test]
    fn integer_bounds_beyond_64_bits_are_clamped() {
        let (read, warnings) = schema(
            json!({"type": "integer", "minimum": -9223372036854776000.0, "maximum": 1.5e300, "multipleOf": 2.0}),
        );
        assert_eq!(
            read,
            json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX, "multipleOf": 2})
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        let (read, warnings) =
            schema(json!({"type": "number", "maximum": "1e400", "minimum": "5"}));
        assert_eq!(read, json!({"type": "number", "minimum": 5.0}));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn enum_values_of_the_wrong_type() {
        let (read, _) = schema(json!({"type": "string", "enum": [1, true, "x", null]}));
        assert_eq!(read["enum"], json!(["1", "true", "x", null]));
        let (read, warnings) = schema(json!({"type": "integer", "enum": [1, 2.0, "3", 4.5, 1e30]}));
        assert_eq!(read["enum"], json!([1, 2, 3]));
        assert!(warnings[0].contains("4.5"), "{warnings:?}");
    }

    #[test]
    fn tuple_items_and_swagger_isms() {
        let (read, warnings) = schema(json!({
            "type": "object",
            "discriminator": "kind",
            "properties": {
                "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
                "file": {"type": "file"},
                "id": {"type": "string", "required": true},
            },
        }));
        assert_eq!(read["properties"]["pair"]["items"], json!({}));
        assert_eq!(
            read["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(read["required"], json!(["id"]));
        assert_eq!(read["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings.iter().any(|w| {
            w.starts_with("#/components/schemas/S/properties/pair/items: `items` is a list")
        }));
    }

    #[test]
    fn impossible_styles_are_ignored_and_unreadable_parameters_dropped() {
        let (document, warnings) = repaired(json!({"paths": {"/p": {"get": {
            "parameters": [
                {"name": "a", "in": "query", "style": "simple", "schema": {}},
                {"in": "query", "schema": {}},
                {"name": "b", "in": "body", "schema": {}},
                {"name": "c", "in": "path", "required": "true"},
            ],
            "responses": {"200": {"description": "ok", "headers": {"X": {"style": "form", "schema": {}}}}},
        }}}}));
        let get = &document["paths"]["/p"]["get"];
        assert_eq!(
            get["parameters"],
            json!([
                {"name": "a", "in": "query", "schema": {}},
                {"name": "c", "in": "path", "required": true, "schema": {"type": "string"}},
            ])
        );
        assert_eq!(
            get["responses"]["200"]["headers"]["X"],
            json!({"schema": {}})
        );
        assert_eq!(warnings.len(), 6, "{warnings:?}");
    }

    #[test]
    fn sound_documents_are_untouched() {
        let document = json!({"paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "query", "style": "form", "schema": {"type": "integer", "minimum": 1}}]}}},
            "components": {"schemas": {"A": {"type": "object", "required": ["x"], "properties": {"x": {"$ref": "#/components/schemas/A"}},
            "additionalProperties": false, "example": {"type": 3}}}}});
        let (read, warnings) = repaired(document.clone());
        assert_eq!(read, document);
        assert!(warnings.is_empty());
    }
}
