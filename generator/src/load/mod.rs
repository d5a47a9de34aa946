//! Stage 1: text → `openapiv3::OpenAPI`, refusing what the generator cannot read.

mod openapi31;
mod shape;

use serde_json::Value;

use crate::Error;

/// Parses JSON or YAML text, normalizes OpenAPI 3.1 into 3.0, and decodes it.
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, Error> {
    load_document(text).map(|(document, _)| document)
}

/// Like [`load`], also returning the (3.0-shaped) JSON the document was
/// decoded from, for `$ref`s that point inside schemas.
pub fn load_document(text: &str) -> Result<(openapiv3::OpenAPI, Value), Error> {
    let mut value = parse_text(text)?;
    let version = check_version(&value)?;
    if version == SpecVersion::V3_1 {
        value = openapi31::downgrade(value);
    }
    shape::check_document(&value)?;
    let document = decode(&value)?;
    Ok((document, value))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    V3_0,
    V3_1,
}

/// Parses JSON (if it looks like JSON) or YAML into a JSON value.
pub fn parse_text(text: &str) -> Result<Value, Error> {
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
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|err| {
            Error::new(
                "#",
                format!(
                    "invalid JSON at line {} column {}: {err}",
                    err.line(),
                    err.column()
                ),
            )
        });
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(trimmed)
        .map_err(|err| Error::new("#", format!("invalid YAML: {err}")))?;
    yaml_to_json(yaml, "#")
}

/// YAML allows non-string keys and non-finite numbers; JSON does not.
fn yaml_to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<Value, Error> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => Value::String(n.to_string()),
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut object = serde_json::Map::new();
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        return Err(Error::new(
                            pointer,
                            format!("unsupported YAML mapping key {other:?}"),
                        ));
                    }
                };
                let child = format!("{pointer}/{}", crate::error::escape_pointer(&key));
                let item = yaml_to_json(item, &child)?;
                object.insert(key, item);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

/// Accepts OpenAPI 3.0.x and 3.1.x; refuses Swagger 2.0, 3.2 and anything else.
pub fn check_version(value: &Value) -> Result<SpecVersion, Error> {
    let Some(object) = value.as_object() else {
        return Err(Error::new(
            "#",
            "an OpenAPI document must be a JSON/YAML object",
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(Error::new(
            "#/swagger",
            format!(
                "Swagger {} is not supported; convert it to OpenAPI 3.0 first (for example with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        ));
    }
    let Some(version) = object.get("openapi") else {
        return Err(Error::new(
            "#",
            "missing the `openapi` version field: this is not an OpenAPI 3.x document",
        ));
    };
    let Some(version) = version.as_str() else {
        return Err(Error::new(
            "#/openapi",
            "the version must be a string such as \"3.0.3\"",
        ));
    };
    if version.starts_with("3.0") {
        Ok(SpecVersion::V3_0)
    } else if version.starts_with("3.1") {
        Ok(SpecVersion::V3_1)
    } else {
        Err(Error::new(
            "#/openapi",
            format!("OpenAPI {version} is not supported (supported: 3.0.x and 3.1.x)"),
        ))
    }
}

// Decodes from a borrowed value: the caller keeps the document, and a 4 MB
// spec is not deep-copied on the way.
fn decode(value: &Value) -> Result<openapiv3::OpenAPI, Error> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let located = match (value.get("paths"), pointer.as_str()) {
            // `openapiv3` reads paths through its own map type, which hides
            // the path below `#/paths`: find the item that fails on its own.
            (Some(Value::Object(items)), "#/paths" | "#") => locate_path_item_error(items),
            _ => None,
        };
        match located {
            Some(error) => error,
            None => Error::new(
                pointer,
                format!("not a valid OpenAPI 3.0 document: {}", err.inner()),
            ),
        }
    })
}

fn locate_path_item_error(items: &serde_json::Map<String, Value>) -> Option<Error> {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let error_at = |pointer: String, inner: &serde_path_to_error::Path, message: String| {
        let inner = path_to_pointer(inner);
        Error::new(
            format!("{pointer}{}", inner.trim_start_matches('#')),
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
    };
    items.iter().find_map(|(path, item)| {
        let item_pointer = format!("#/paths/{}", crate::error::escape_pointer(path));
        let result: Result<openapiv3::ReferenceOr<openapiv3::PathItem>, _> =
            serde_path_to_error::deserialize(item.clone());
        let err = result.err()?;
        // The path item flattens its extensions, which hides the path again:
        // try its operations one by one.
        let operation_error = item.as_object().and_then(|methods| {
            methods
                .iter()
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
                .find_map(|(method, operation)| {
                    let result: Result<openapiv3::Operation, _> =
                        serde_path_to_error::deserialize(operation.clone());
                    result.err().map(|err| {
                        error_at(
                            format!("{item_pointer}/{method}"),
                            err.path(),
                            err.inner().to_string(),
                        )
                    })
                })
        });
        Some(
            operation_error
                .unwrap_or_else(|| error_at(item_pointer, err.path(), err.inner().to_string())),
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

/// Canonical JSON text: keys sorted recursively, two-space indent, final newline.
pub fn canonical_json(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = serde_json::Map::new();
                for key in keys {
                    out.insert(key.clone(), sorted(&map[key]));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}
