//! OpenAPI 3.2 → 3.1, keeping what matters to a client:
//!
//! - the `query` method and `additionalOperations` stay in the document (the
//!   model reads them from the JSON beside `openapiv3`'s path items), and are
//!   rewritten like any other operation by the 3.1 downgrade;
//! - a media type's `itemSchema` (the schema of each item of a stream:
//!   `text/event-stream`, `application/jsonl`, …) stays beside `schema` and is
//!   downgraded like it;
//! - an `in: querystring` parameter whose content is an object becomes one
//!   query parameter per property (what a form-encoded query string is);
//! - references to `components/mediaTypes` are copied in place;
//! - `style: cookie` (the 3.2 spelling of how cookies are sent) is dropped:
//!   `form` is how the client sends a cookie.
//!
//! Tag `parent`/`kind`, `$self`, response `summary` and other additions that
//! change nothing for a client are left for `openapiv3` to ignore.

use serde_json::{Map, Value, json};

use super::pointer::{self, Frame};
use super::walk::{self, Dialect, Kind};
use crate::Warning;

/// Rewrites a 3.2 document into the 3.1 shape.
pub fn to_3_1(mut value: Value, warnings: &mut Vec<Warning>) -> Value {
    let Some(document) = value.as_object_mut() else {
        return value;
    };
    document.insert("openapi".into(), json!("3.1.1"));
    document.remove("$self");
    inline_media_type_refs(&mut value);
    if let Some(components) = value.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("mediaTypes");
    }
    expand_query_strings(&mut value, warnings);
    value
}

/// `content: {application/json: {$ref: '#/components/mediaTypes/X'}}` → the target.
fn inline_media_type_refs(document: &mut Value) {
    let mut found: Vec<(String, String)> = Vec::new();
    walk::walk_document(
        document,
        Dialect::OpenApi3,
        &mut |kind, frame: &Frame<'_>, value: &Value| {
            if kind == Kind::MediaType {
                if let Some(reference) = walk::reference_of(value) {
                    found.push((frame.pointer(), reference.to_owned()));
                }
            }
        },
    );
    for (at, reference) in found {
        let mut target = pointer::resolve(document, &reference).cloned();
        // A short chain of media type references.
        for _ in 0..8 {
            match target.as_ref().and_then(walk::reference_of) {
                Some(next) => target = pointer::resolve(document, next).cloned(),
                None => break,
            }
        }
        if let (Some(target), Some(slot)) =
            (target, document.pointer_mut(at.trim_start_matches('#')))
        {
            *slot = target;
        }
    }
}

/// Every parameter list of the document's operations, as pointers.
fn parameter_lists(document: &Value) -> Vec<String> {
    let mut lists = Vec::new();
    walk::walk_document(
        document,
        Dialect::OpenApi3,
        &mut |kind, frame: &Frame<'_>, _: &Value| {
            if kind == Kind::Parameter {
                if let Some(parent) = frame.parent() {
                    let list = parent.pointer();
                    if lists.last() != Some(&list) && list.ends_with("/parameters") {
                        lists.push(list);
                    }
                }
            }
        },
    );
    lists
}

fn expand_query_strings(document: &mut Value, warnings: &mut Vec<Warning>) {
    for list_pointer in parameter_lists(document) {
        let Some(Value::Array(parameters)) = document.pointer(list_pointer.trim_start_matches('#'))
        else {
            continue;
        };
        let mut expanded = Vec::with_capacity(parameters.len());
        let mut changed = false;
        for (index, parameter) in parameters.iter().enumerate() {
            let resolved = match walk::reference_of(parameter) {
                Some(reference) => pointer::resolve(document, reference).unwrap_or(parameter),
                None => parameter,
            };
            match resolved.get("in").and_then(Value::as_str) {
                Some("querystring") => {
                    changed = true;
                    let at = format!("{list_pointer}/{index}");
                    match query_parameters(document, resolved) {
                        Some(parameters) => expanded.extend(parameters),
                        None => warnings.push(Warning::new(
                            at,
                            "an `in: querystring` parameter whose content is not an object of \
                             properties cannot be sent as query parameters; ignored",
                        )),
                    }
                }
                Some("cookie")
                    if resolved.get("style").and_then(Value::as_str) == Some("cookie") =>
                {
                    changed = true;
                    let mut parameter = resolved.clone();
                    if let Some(object) = parameter.as_object_mut() {
                        object.remove("style");
                    }
                    expanded.push(parameter);
                }
                _ => expanded.push(parameter.clone()),
            }
        }
        if changed {
            if let Some(slot) = document.pointer_mut(list_pointer.trim_start_matches('#')) {
                *slot = Value::Array(expanded);
            }
        }
    }
    // Component parameters of the new kinds have been read where they are used.
    if let Some(Value::Object(parameters)) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("parameters"))
    {
        parameters.retain(|_, parameter| {
            parameter.get("in").and_then(Value::as_str) != Some("querystring")
        });
    }
}

/// The properties of a query string's object schema, as query parameters.
fn query_parameters(document: &Value, parameter: &Value) -> Option<Vec<Value>> {
    let content = parameter.get("content")?.as_object()?;
    let (_, media) = content.iter().next()?;
    let mut schema = media.get("schema")?;
    for _ in 0..8 {
        match walk::reference_of(schema) {
            Some(reference) => schema = pointer::resolve(document, reference)?,
            None => break,
        }
    }
    let properties = schema.get("properties")?.as_object()?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    Some(
        properties
            .iter()
            .map(|(name, property)| {
                let mut parameter = Map::new();
                parameter.insert("name".into(), json!(name));
                parameter.insert("in".into(), json!("query"));
                if required.contains(&name.as_str()) {
                    parameter.insert("required".into(), json!(true));
                }
                if let Some(description) = property.get("description") {
                    parameter.insert("description".into(), description.clone());
                }
                parameter.insert("schema".into(), property.clone());
                Value::Object(parameter)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn query_strings_media_type_refs_and_cookie_styles() {
        let mut warnings = Vec::new();
        let value = to_3_1(
            json!({
                "openapi": "3.2.0",
                "$self": "https://example.com/openapi",
                "paths": {"/search": {"query": {
                    "parameters": [
                        {"name": "q", "in": "querystring", "content": {"application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/Search"}}}},
                        {"name": "session", "in": "cookie", "style": "cookie", "schema": {"type": "string"}},
                        {"name": "raw", "in": "querystring", "content": {"text/plain": {"schema": {"type": "string"}}}},
                    ],
                    "responses": {"200": {"description": "ok", "content": {"application/jsonl": {"$ref": "#/components/mediaTypes/Lines"}}}},
                }}},
                "components": {
                    "schemas": {"Search": {"type": "object", "required": ["term"], "properties": {"term": {"type": "string"}, "page": {"type": "integer"}}}},
                    "mediaTypes": {"Lines": {"itemSchema": {"$ref": "#/components/schemas/Search"}}},
                },
            }),
            &mut warnings,
        );
        assert_eq!(value["openapi"], "3.1.1");
        assert!(value.get("$self").is_none());
        let query = &value["paths"]["/search"]["query"];
        assert_eq!(
            query["parameters"],
            json!([
                {"name": "term", "in": "query", "required": true, "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer"}},
                {"name": "session", "in": "cookie", "schema": {"type": "string"}},
            ])
        );
        assert_eq!(
            query["responses"]["200"]["content"]["application/jsonl"],
            json!({"itemSchema": {"$ref": "#/components/schemas/Search"}})
        );
        assert!(value["components"].get("mediaTypes").is_none());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location, "#/paths/~1search/query/parameters/2");
    }
}
