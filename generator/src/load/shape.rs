//! A cheap check of the schema keywords' JSON shapes before `openapiv3`
//! decodes the document.
//!
//! `openapiv3` decodes schemas through untagged enums, which retry every
//! alternative at every level when something deep inside is malformed: an
//! invalid leaf under ten levels of `anyOf` takes seconds, under fifteen
//! minutes. Checking the shapes first turns those into an immediate error
//! that names the exact pointer.

use serde_json::Value;

use crate::Error;
use crate::error::escape_pointer;

/// Schemas nested deeper than this are refused rather than risk the stack.
const MAX_DEPTH: usize = 200;

/// Checks every schema reachable through `schema` keys and `components/schemas`.
pub fn check_document(document: &Value) -> Result<(), Error> {
    find_schemas(document, "#", 0)
}

/// Walks non-schema parts of the document looking for schema positions.
fn find_schemas(value: &Value, pointer: &str, depth: usize) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Err(Error::new(pointer, "the document is nested too deeply"));
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_pointer(key));
                if key == "schema" {
                    check_schema(child, &child_pointer, 0)?;
                } else if key == "schemas" && pointer == "#/components" {
                    if let Value::Object(schemas) = child {
                        for (name, schema) in schemas {
                            check_schema(
                                schema,
                                &format!("{child_pointer}/{}", escape_pointer(name)),
                                0,
                            )?;
                        }
                    }
                } else if !key.starts_with("x-")
                    && key != "example"
                    && key != "examples"
                    && key != "default"
                {
                    find_schemas(child, &child_pointer, depth + 1)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items.iter().enumerate().try_for_each(|(index, item)| {
            find_schemas(item, &format!("{pointer}/{index}"), depth + 1)
        }),
        _ => Ok(()),
    }
}

fn check_schema(schema: &Value, pointer: &str, depth: usize) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Err(Error::new(pointer, "schemas are nested too deeply"));
    }
    let Value::Object(map) = schema else {
        return Err(Error::new(
            pointer,
            format!("a schema must be an object, found {}", kind(schema)),
        ));
    };
    for (key, value) in map {
        let at = || format!("{pointer}/{}", escape_pointer(key));
        let wrong = |expected: &str| {
            Err(Error::new(
                at(),
                format!("`{key}` must be {expected}, found {}", kind(value)),
            ))
        };
        match key.as_str() {
            "$ref" | "type" | "format" | "pattern" | "title" | "description"
                if !value.is_string() =>
            {
                return wrong("a string");
            }
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
            | "exclusiveMinimum" | "exclusiveMaximum"
                if !value.is_boolean() =>
            {
                return wrong("a boolean");
            }
            "minimum" | "maximum" | "multipleOf" if !value.is_number() => return wrong("a number"),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties"
                if !value.is_u64() =>
            {
                return wrong("a non-negative integer");
            }
            "required"
                if !value
                    .as_array()
                    .is_some_and(|items| items.iter().all(Value::is_string)) =>
            {
                return wrong("an array of property names");
            }
            "enum" if !value.is_array() => return wrong("an array"),
            "discriminator" if !value.get("propertyName").is_some_and(Value::is_string) => {
                return wrong("an object with a string `propertyName`");
            }
            "properties" => match value {
                Value::Object(properties) => {
                    for (name, property) in properties {
                        check_schema(
                            property,
                            &format!("{}/{}", at(), escape_pointer(name)),
                            depth + 1,
                        )?;
                    }
                }
                _ => return wrong("an object"),
            },
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(members) => {
                    for (index, member) in members.iter().enumerate() {
                        check_schema(member, &format!("{}/{index}", at()), depth + 1)?;
                    }
                }
                _ => return wrong("an array of schemas"),
            },
            "items" | "not" => check_schema(value, &at(), depth + 1)?,
            "additionalProperties" => match value {
                Value::Bool(_) => {}
                other => check_schema(other, &at(), depth + 1)?,
            },
            _ => {}
        }
    }
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::check_document;

    #[test]
    fn a_malformed_keyword_deep_in_a_schema_is_located() {
        let mut schema = json!({"type": {"type": "string"}});
        for _ in 0..12 {
            schema = json!({"anyOf": [{"type": "string"}, {"type": "object", "properties": {"p": schema}}]});
        }
        let document = json!({"openapi": "3.0.3", "components": {"schemas": {"Deep": schema}}});
        let error = check_document(&document).expect_err("malformed");
        assert!(
            error
                .location
                .starts_with("#/components/schemas/Deep/anyOf/1/properties/p/anyOf/1"),
            "{error}"
        );
        assert!(error.location.ends_with("/type"), "{error}");
        assert!(error.message.contains("must be a string"), "{error}");
    }

    #[test]
    fn well_formed_schemas_pass() {
        let document = json!({"paths": {"/a": {"get": {"parameters": [{"schema": {"type": "integer", "minimum": 1}}]}}},
            "components": {"schemas": {"A": {"type": "object", "required": ["x"], "properties": {"x": {"$ref": "#/components/schemas/A"}},
            "additionalProperties": false, "example": {"type": 3}}}}});
        assert!(check_document(&document).is_ok());
    }
}
