//! JSON → `openapiv3::OpenAPI`. What the earlier passes could not foresee is
//! read here: when decoding fails at a pointer, the fault is read one way
//! (a missing required text as empty, a number where text belongs as its
//! text, anything else there as absent), recorded, and decoding runs again.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::pointer;
use crate::{Error, Warning};

/// Faults read before giving up: each one costs a full decode.
const MAX_REPAIRS: usize = 256;

/// Decodes `value`, reading the faults it meets.
pub fn decode_leniently(
    value: &mut Value,
    warnings: &mut Vec<Warning>,
) -> Result<openapiv3::OpenAPI, Error> {
    let mut attempts: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..MAX_REPAIRS {
        let fault = match decode(value) {
            Ok(document) => return Ok(document),
            Err(fault) => fault,
        };
        let tries = attempts.entry(fault.pointer.clone()).or_default();
        *tries += 1;
        // The same place failing again and again: read it as absent.
        let give_up_reading = *tries > 4;
        if !repair(value, &fault, give_up_reading, warnings) {
            return Err(fault.into_error());
        }
    }
    decode(value).map_err(Fault::into_error)
}

/// Where decoding failed, and serde's message.
struct Fault {
    pointer: String,
    message: String,
}

impl Fault {
    fn into_error(self) -> Error {
        Error::new(
            self.pointer,
            format!("not a valid OpenAPI 3.0 document: {}", self.message),
        )
    }
}

// Decodes from a borrowed value: the caller keeps the document, and a 4 MB
// spec is not deep-copied on the way.
fn decode(value: &Value) -> Result<openapiv3::OpenAPI, Fault> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let located = match (value.get("paths"), pointer.as_str()) {
            // `openapiv3` reads paths through its own map type, which hides
            // the path below `#/paths`: find the item that fails on its own.
            (Some(Value::Object(items)), "#/paths" | "#") => locate_path_item_error(items),
            _ => None,
        };
        located.unwrap_or_else(|| Fault {
            pointer,
            message: err.inner().to_string(),
        })
    })
}

/// Required texts read as empty when missing.
const EMPTY_WHEN_MISSING: &[&str] = &[
    "description",
    "title",
    "version",
    "authorizationUrl",
    "tokenUrl",
];

/// Reads one fault; `false` when there is nothing left to read it as.
fn repair(value: &mut Value, fault: &Fault, remove: bool, warnings: &mut Vec<Warning>) -> bool {
    let Some(segments) = pointer::fragment_segments(&fault.pointer) else {
        return false;
    };
    let message = fault.message.as_str();
    if !remove {
        if let Some(field) = missing_field(message) {
            let default = match field {
                field if EMPTY_WHEN_MISSING.contains(&field) => Some(json!("")),
                "responses" | "paths" | "scopes" => Some(json!({})),
                "info" => Some(json!({"title": "", "version": ""})),
                _ => None,
            };
            if let Some(default) = default {
                if let Some(Value::Object(object)) = get_mut(value, &segments) {
                    let shown = default.to_string();
                    object.insert(field.to_owned(), default);
                    warnings.push(Warning::new(
                        &fault.pointer,
                        format!("the required `{field}` is missing; read as {shown}"),
                    ));
                    return true;
                }
            }
        }
        if let Some(node) = get_mut(value, &segments) {
            let wants_text = message.contains("expected a string");
            let wants_list = message.contains("expected a sequence");
            match node {
                Value::Number(_) | Value::Bool(_) if wants_text => {
                    let text = node.to_string();
                    warnings.push(Warning::new(
                        &fault.pointer,
                        format!("expected text, found {text}; read as the text \"{text}\""),
                    ));
                    *node = Value::String(text);
                    return true;
                }
                Value::String(text)
                    if message.contains("expected a boolean")
                        && (text == "true" || text == "false") =>
                {
                    let flag = text == "true";
                    warnings.push(Warning::new(
                        &fault.pointer,
                        format!("expected a boolean, found the text \"{text}\"; read as {flag}"),
                    ));
                    *node = Value::Bool(flag);
                    return true;
                }
                Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Object(_)
                    if wants_list =>
                {
                    warnings.push(Warning::new(
                        &fault.pointer,
                        "expected a list, found a single value; read as a list of it",
                    ));
                    *node = Value::Array(vec![node.take()]);
                    return true;
                }
                _ => {}
            }
        }
    }
    remove_at(value, &segments, &fault.pointer, message, warnings)
}

/// Removes what is at `segments` (or the nearest thing above it that exists).
fn remove_at(
    value: &mut Value,
    segments: &[String],
    pointer: &str,
    message: &str,
    warnings: &mut Vec<Warning>,
) -> bool {
    let mut segments = segments.to_vec();
    while let Some(last) = segments.pop() {
        let removed = match get_mut(value, &segments) {
            Some(Value::Object(object)) => object.shift_remove(&last).is_some(),
            Some(Value::Array(items)) => match last.parse::<usize>() {
                Ok(index) if index < items.len() => {
                    items.remove(index);
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if removed {
            let mut at = segments.clone();
            at.push(last);
            warnings.push(Warning::new(
                pointer::from_segments(&at),
                format!("not valid OpenAPI ({message}); ignored"),
            ));
            return true;
        }
    }
    // Only the document itself is left: there is no reading.
    let _ = pointer;
    false
}

fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

fn get_mut<'v>(value: &'v mut Value, segments: &[String]) -> Option<&'v mut Value> {
    segments.iter().try_fold(value, |node, segment| match node {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

fn locate_path_item_error(items: &Map<String, Value>) -> Option<Fault> {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let fault_at = |pointer: String, inner: &serde_path_to_error::Path, message: String| {
        let inner = path_to_pointer(inner);
        Fault {
            pointer: format!("{pointer}{}", inner.trim_start_matches('#')),
            message,
        }
    };
    items.iter().find_map(|(path, item)| {
        let item_pointer = format!("#/paths/{}", crate::error::escape_pointer(path));
        let result: Result<openapiv3::ReferenceOr<openapiv3::PathItem>, _> =
            serde_path_to_error::deserialize(item);
        let err = result.err()?;
        // The path item flattens its extensions, which hides the path again:
        // try its operations one by one.
        let operation_fault = item.as_object().and_then(|methods| {
            methods
                .iter()
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
                .find_map(|(method, operation)| {
                    let result: Result<openapiv3::Operation, _> =
                        serde_path_to_error::deserialize(operation);
                    result.err().map(|err| {
                        fault_at(
                            format!("{item_pointer}/{method}"),
                            err.path(),
                            err.inner().to_string(),
                        )
                    })
                })
        });
        Some(
            operation_fault
                .unwrap_or_else(|| fault_at(item_pointer, err.path(), err.inner().to_string())),
        )
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } => pointer.push_str(&crate::error::escape_pointer(key)),
            Segment::Enum { variant } => pointer.push_str(&crate::error::escape_pointer(variant)),
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn decode_value(mut value: Value) -> (Result<openapiv3::OpenAPI, Error>, Value, Vec<Warning>) {
        let mut warnings = Vec::new();
        let result = decode_leniently(&mut value, &mut warnings);
        (result, value, warnings)
    }

    #[test]
    fn missing_required_texts_are_read_as_empty() {
        let (result, value, warnings) = decode_value(json!({"openapi": "3.0.3", "paths": {}}));
        assert!(result.is_ok());
        assert_eq!(value["info"], json!({"title": "", "version": ""}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location, "#");
    }

    #[test]
    fn numbers_for_text_are_read_as_text_and_garbage_as_absent() {
        let (result, value, warnings) = decode_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": 1.5},
            "paths": {"/p": {"get": {"operationId": 7, "responses": "oops"}}},
        }));
        let document = result.expect("decodes");
        assert_eq!(value["info"]["version"], json!("1.5"));
        assert_eq!(document.info.version, "1.5");
        assert_eq!(value["paths"]["/p"]["get"]["operationId"], json!("7"));
        assert_eq!(value["paths"]["/p"]["get"]["responses"], json!({}));
        let locations: Vec<&str> = warnings.iter().map(|w| w.location.as_str()).collect();
        assert!(locations.contains(&"#/info/version"), "{warnings:?}");
        assert!(
            locations.contains(&"#/paths/~1p/get/responses"),
            "{warnings:?}"
        );
    }

    #[test]
    fn an_unreadable_root_is_refused() {
        let (result, _, _) = decode_value(
            json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": 5}),
        );
        // `paths` was read as absent, then as empty.
        assert!(result.is_ok());
        let (result, _, _) = decode_value(json!([1]));
        assert!(result.is_err());
    }
}
