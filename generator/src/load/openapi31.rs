//! OpenAPI 3.1 → 3.0: rewrites the JSON Schema 2020-12 constructs that
//! `openapiv3` (a 3.0 model) cannot read into their 3.0 equivalents, keeping
//! the meaning as far as 3.0 can express it and dropping what it cannot.
//!
//! Schemas are rewritten only where a schema can appear (component schemas,
//! `schema` fields, and the subschemas of a schema); examples and extensions
//! are data, never rewritten.

use serde_json::{Map, Value, json};

/// HTTP methods of a path item: their values are operations (`query` is 3.2).
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Keywords 3.0 ignores beside `$ref`: dropped rather than wrapping the
/// reference in `allOf`, which would turn a named type into an anonymous one.
const REF_ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
    "externalDocs",
    "xml",
];

/// JSON Schema keywords with no 3.0 equivalent. Dropping them only loosens
/// validation; the shape of the data stays described.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// Rewrites a 3.1 document into the 3.0 shape.
pub fn downgrade(mut value: Value) -> Value {
    let Some(document) = value.as_object_mut() else {
        return value;
    };
    document.insert("openapi".to_owned(), json!("3.0.3"));
    for key in ["webhooks", "jsonSchemaDialect", "$schema", "$id"] {
        document.remove(key);
    }
    if let Some(license) = document
        .get_mut("info")
        .and_then(|info| info.get_mut("license"))
        .and_then(Value::as_object_mut)
    {
        license.remove("identifier");
    }
    // 3.1 makes `paths` optional (webhook-only APIs); 3.0 requires it.
    if !document.get("paths").is_some_and(Value::is_object) {
        document.insert("paths".to_owned(), json!({}));
    }

    let path_items = document
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.remove("pathItems"))
        .unwrap_or(Value::Null);
    let mutual_tls = remove_mutual_tls_schemes(document);

    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            inline_path_item_ref(item, &path_items);
            downgrade_path_item(item, &mutual_tls);
        }
    }
    if let Some(security) = document.get_mut("security") {
        remove_schemes_from_requirements(security, &mutual_tls);
    }
    if let Some(components) = document
        .get_mut("components")
        .and_then(Value::as_object_mut)
    {
        downgrade_components(components, &path_items, &mutual_tls);
    }
    value
}

fn downgrade_components(components: &mut Map<String, Value>, path_items: &Value, tls: &[String]) {
    for (section, entries) in components.iter_mut() {
        let Some(entries) = entries.as_object_mut() else {
            continue;
        };
        for entry in entries.values_mut() {
            match section.as_str() {
                "schemas" => downgrade_schema(entry),
                "callbacks" => downgrade_callback(entry, path_items, tls),
                "parameters" | "headers" | "responses" | "requestBodies" => {
                    downgrade_schema_fields(entry)
                }
                // examples, links, securitySchemes hold no schemas.
                _ => {}
            }
        }
    }
}

fn downgrade_path_item(item: &mut Value, tls: &[String]) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if let Some(parameters) = item.get_mut("parameters") {
        downgrade_schema_fields(parameters);
    }
    let additional: Vec<String> = item
        .get("additionalOperations")
        .and_then(Value::as_object)
        .map(|operations| operations.keys().cloned().collect())
        .unwrap_or_default();
    let operations = METHODS
        .iter()
        .map(|method| vec![(*method).to_owned()])
        .chain(
            additional
                .into_iter()
                .map(|method| vec!["additionalOperations".to_owned(), method]),
        );
    for path in operations {
        let operation = match path.as_slice() {
            [method] => item.get_mut(method),
            [group, method] => item.get_mut(group).and_then(|group| group.get_mut(method)),
            _ => None,
        };
        let Some(operation) = operation.and_then(Value::as_object_mut) else {
            continue;
        };
        // 3.1 makes `responses` optional; 3.0 requires the (possibly empty) map.
        operation.entry("responses").or_insert_with(|| json!({}));
        for (key, field) in operation.iter_mut() {
            match key.as_str() {
                "parameters" | "requestBody" | "responses" => downgrade_schema_fields(field),
                "callbacks" => {
                    if let Some(callbacks) = field.as_object_mut() {
                        for callback in callbacks.values_mut() {
                            downgrade_callback(callback, &Value::Null, tls);
                        }
                    }
                }
                "security" => remove_schemes_from_requirements(field, tls),
                _ => {}
            }
        }
    }
}

/// A callback maps runtime expressions to path items.
fn downgrade_callback(callback: &mut Value, path_items: &Value, tls: &[String]) {
    if let Some(expressions) = callback.as_object_mut() {
        for item in expressions.values_mut() {
            inline_path_item_ref(item, path_items);
            downgrade_path_item(item, tls);
        }
    }
}

/// `components.pathItems` does not exist in 3.0: a path that references one
/// gets a copy of it instead.
fn inline_path_item_ref(item: &mut Value, path_items: &Value) {
    let Some(name) = item
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/pathItems/"))
    else {
        return;
    };
    let name = unescape_pointer(name);
    if let Some(target) = path_items
        .get(&name)
        .filter(|target| target.get("$ref").is_none())
    {
        *item = target.clone();
    }
}

/// 3.0 has no `mutualTLS` security scheme. A client certificate is set up
/// on the transport, not sent per request, so the scheme is removed and so
/// is its name in security requirements.
fn remove_mutual_tls_schemes(document: &mut Map<String, Value>) -> Vec<String> {
    let Some(schemes) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut)
    else {
        return Vec::new();
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &names {
        schemes.remove(name);
    }
    names
}

/// Removes `names` from each requirement, and requirements left empty by
/// that (an empty one would newly mean "no authentication is an option").
fn remove_schemes_from_requirements(security: &mut Value, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let Some(requirements) = security.as_array_mut() else {
        return;
    };
    requirements.retain_mut(|requirement| {
        let Some(requirement) = requirement.as_object_mut() else {
            return true;
        };
        let before = requirement.len();
        requirement.retain(|name, _| !names.contains(name));
        requirement.len() == before || !requirement.is_empty()
    });
}

/// Walks a non-schema object (parameter, header, response, request body,
/// media type, or a list of them) and downgrades the schemas it holds.
/// Examples and extensions are data and left alone.
fn downgrade_schema_fields(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(downgrade_schema_fields),
        Value::Object(object) => {
            for (key, field) in object.iter_mut() {
                match key.as_str() {
                    // `itemSchema` (3.2) is the schema of each item of a stream.
                    "schema" | "itemSchema" => downgrade_schema(field),
                    "example" | "examples" | "links" => {}
                    key if key.starts_with("x-") => {}
                    _ => downgrade_schema_fields(field),
                }
            }
        }
        _ => {}
    }
}

/// Rewrites one schema, then its subschemas.
fn downgrade_schema(schema: &mut Value) {
    match schema {
        Value::Bool(true) => *schema = json!({}),
        Value::Bool(false) => *schema = json!({ "not": {} }),
        Value::Object(object) => {
            downgrade_subschemas(object);
            downgrade_keywords(object);
            if object.contains_key("$ref") {
                downgrade_ref_siblings(object);
            }
        }
        _ => {}
    }
}

fn downgrade_subschemas(object: &mut Map<String, Value>) {
    // `contentSchema` stays: it types the JSON inside a string, which is how a
    // 3.2 event `itemSchema` types each event's `data` (the model reads it).
    for key in ["items", "not", "additionalProperties", "contentSchema"] {
        if let Some(subschema) = object.get_mut(key) {
            // `additionalProperties: true|false` is valid 3.0 as it is.
            if !(key == "additionalProperties" && subschema.is_boolean()) {
                downgrade_schema(subschema);
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(members) = object.get_mut(key).and_then(Value::as_array_mut) {
            members.iter_mut().for_each(downgrade_schema);
        }
    }
    // `$defs` stay (a `$ref` may point into them) and are downgraded too.
    for key in ["properties", "$defs"] {
        if let Some(schemas) = object.get_mut(key).and_then(Value::as_object_mut) {
            schemas.values_mut().for_each(downgrade_schema);
        }
    }
}

fn downgrade_keywords(object: &mut Map<String, Value>) {
    downgrade_type(object);
    downgrade_null_alternatives(object, "anyOf");
    downgrade_null_alternatives(object, "oneOf");
    if let Some(constant) = object.remove("const") {
        if constant.is_null() {
            object.insert("nullable".to_owned(), json!(true));
        }
        object.entry("enum").or_insert_with(|| json!([constant]));
    }
    if let Some(examples) = object.remove("examples") {
        if let Some(first) = examples.as_array().and_then(|examples| examples.first()) {
            object.entry("example").or_insert_with(|| first.clone());
        }
    }
    downgrade_exclusive_bound(object, "exclusiveMinimum", "minimum", |new, old| new >= old);
    downgrade_exclusive_bound(object, "exclusiveMaximum", "maximum", |new, old| new <= old);
    downgrade_content_keywords(object);
    if let Some(prefix_items) = object.remove("prefixItems") {
        // 3.0 has no tuples: an array of the first element's type is the
        // closest shape it can name.
        let first = prefix_items
            .as_array()
            .and_then(|items| items.first())
            .cloned();
        let items_missing = !object.get("items").is_some_and(|items| items.is_object());
        if let (Some(first), true) = (first, items_missing) {
            object.insert("items".to_owned(), first);
        }
    }
    for keyword in UNSUPPORTED_KEYWORDS {
        object.remove(*keyword);
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several non-null types
/// become `anyOf` of one schema per type.
pub(super) fn downgrade_type(object: &mut Map<String, Value>) {
    let types: Vec<String> = match object.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(single)) if single == "null" => vec![single.clone()],
        _ => return,
    };
    object.remove("type");
    let nullable = types.iter().any(|ty| ty == "null");
    let mut non_null: Vec<String> = types.into_iter().filter(|ty| ty != "null").collect();
    non_null.dedup();
    if nullable {
        object.insert("nullable".to_owned(), json!(true));
    }
    match non_null.as_slice() {
        [] => {}
        [single] => {
            object.insert("type".to_owned(), json!(single));
        }
        several => {
            let alternatives: Vec<Value> = several.iter().map(|ty| json!({ "type": ty })).collect();
            if object.contains_key("anyOf") {
                // Both must hold: keep the existing anyOf and add ours beside it.
                let all_of = object.entry("allOf").or_insert_with(|| json!([]));
                if let Some(all_of) = all_of.as_array_mut() {
                    all_of.push(json!({ "anyOf": alternatives }));
                }
            } else {
                object.insert("anyOf".to_owned(), Value::Array(alternatives));
            }
        }
    }
}

/// `anyOf: [X, {type: "null"}]` → `allOf: [X], nullable: true` (3.0's
/// spelling of an optional reference); other members stay alternatives.
fn downgrade_null_alternatives(object: &mut Map<String, Value>, key: &str) {
    let Some(members) = object.get_mut(key).and_then(Value::as_array_mut) else {
        return;
    };
    // Members are already downgraded: `{type: "null"}` became `{nullable: true}`.
    let is_null = |member: &Value| member == &json!({ "nullable": true });
    if !members.iter().any(is_null) {
        return;
    }
    members.retain(|member| !is_null(member));
    object.insert("nullable".to_owned(), json!(true));
    let remaining = object.remove(key).unwrap_or_else(|| json!([]));
    match remaining.as_array().map(Vec::as_slice) {
        Some([]) => {}
        // An inline member whose constraints the object does not repeat: the object
        // is that schema, nullable (`allOf` of one inline schema reads as an object).
        // The object's own annotations win.
        Some([Value::Object(single)])
            if !single.contains_key("$ref")
                && single
                    .keys()
                    .all(|k| !object.contains_key(k) || REF_ANNOTATIONS.contains(&k.as_str())) =>
        {
            for (key, value) in single {
                object.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        Some([single]) => {
            let single = single.clone();
            if let Some(all_of) = object
                .entry("allOf")
                .or_insert_with(|| json!([]))
                .as_array_mut()
            {
                all_of.push(single);
            }
        }
        _ => {
            object.insert(key.to_owned(), remaining);
        }
    }
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true`
/// (unless an inclusive `minimum` is already stricter).
pub(super) fn downgrade_exclusive_bound(
    object: &mut Map<String, Value>,
    exclusive_key: &str,
    inclusive_key: &str,
    is_stricter: fn(f64, f64) -> bool,
) {
    let Some(bound) = object
        .get(exclusive_key)
        .filter(|bound| bound.is_number())
        .cloned()
    else {
        return;
    };
    let stricter = match (
        bound.as_f64(),
        object.get(inclusive_key).and_then(Value::as_f64),
    ) {
        (Some(new), Some(old)) => is_stricter(new, old),
        _ => true,
    };
    if stricter {
        object.insert(inclusive_key.to_owned(), bound);
        object.insert(exclusive_key.to_owned(), json!(true));
    } else {
        object.remove(exclusive_key);
    }
}

/// `contentEncoding: base64` → `format: byte`; other `contentMediaType`
/// strings are raw bytes → `format: binary`.
fn downgrade_content_keywords(object: &mut Map<String, Value>) {
    let encoding = object.remove("contentEncoding");
    let media_type = object.remove("contentMediaType");
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some("base64" | "base64url") => "byte",
        _ if encoding.is_some() || media_type.is_some() => "binary",
        _ => return,
    };
    object.entry("format").or_insert_with(|| json!(format));
    object.entry("type").or_insert_with(|| json!("string"));
}

/// 3.0 ignores everything beside `$ref`. Annotations are dropped; anything
/// that constrains the value (or makes it nullable) is kept by moving the
/// reference into `allOf`.
fn downgrade_ref_siblings(object: &mut Map<String, Value>) {
    object.retain(|key, _| key == "$ref" || !REF_ANNOTATIONS.contains(&key.as_str()));
    if object.len() == 1 {
        return;
    }
    let Some(reference) = object.remove("$ref") else {
        return;
    };
    let all_of = object.entry("allOf").or_insert_with(|| json!([]));
    if let Some(all_of) = all_of.as_array_mut() {
        all_of.insert(0, json!({ "$ref": reference }));
    }
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Downgrades a document whose only component schema is `schema` and
    /// returns the rewritten schema.
    fn schema(schema: Value) -> Value {
        let document = json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": { "schemas": { "S": schema } },
        });
        downgrade(document)["components"]["schemas"]["S"].clone()
    }

    fn decodes(document: &Value) {
        let text = document.to_string();
        if let Err(err) = crate::load::load(&text) {
            panic!("does not decode: {err}\n{text}");
        }
    }

    #[test]
    fn version_becomes_3_0_3() {
        let out =
            downgrade(json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1" } }));
        assert_eq!(out["openapi"], "3.0.3");
        assert_eq!(out["paths"], json!({}), "missing paths become empty");
        decodes(&out);
    }

    #[test]
    fn nullable_type_array() {
        assert_eq!(
            schema(json!({ "type": ["string", "null"] })),
            json!({ "type": "string", "nullable": true })
        );
        assert_eq!(
            schema(json!({ "type": ["null", "integer"] })),
            json!({ "type": "integer", "nullable": true })
        );
        assert_eq!(
            schema(json!({ "type": ["string"] })),
            json!({ "type": "string" })
        );
    }

    #[test]
    fn null_only_type() {
        assert_eq!(
            schema(json!({ "type": ["null"] })),
            json!({ "nullable": true })
        );
        assert_eq!(
            schema(json!({ "type": "null" })),
            json!({ "nullable": true })
        );
    }

    #[test]
    fn several_types_become_any_of() {
        assert_eq!(
            schema(json!({ "type": ["string", "integer", "null"] })),
            json!({ "nullable": true, "anyOf": [{ "type": "string" }, { "type": "integer" }] })
        );
    }

    #[test]
    fn any_of_with_null_becomes_nullable_all_of() {
        assert_eq!(
            schema(json!({ "anyOf": [{ "$ref": "#/components/schemas/T" }, { "type": "null" }] })),
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/T" }] })
        );
        // OpenAI's `content: {anyOf: [{type: string}, {type: null}]}`: a nullable string.
        assert_eq!(
            schema(
                json!({ "anyOf": [{ "type": "string", "description": "Text." }, { "type": "null" }] })
            ),
            json!({ "nullable": true, "type": "string", "description": "Text." })
        );
        assert_eq!(
            schema(
                json!({ "description": "Outer.", "anyOf": [{ "type": "string", "description": "Inner." }, { "type": "null" }] })
            ),
            json!({ "nullable": true, "description": "Outer.", "type": "string" })
        );
        assert_eq!(
            schema(
                json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }, { "type": "null" }] })
            ),
            json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }], "nullable": true })
        );
    }

    #[test]
    fn const_becomes_single_enum() {
        assert_eq!(
            schema(json!({ "type": "string", "const": "card" })),
            json!({ "type": "string", "enum": ["card"] })
        );
    }

    #[test]
    fn schema_examples_become_example() {
        assert_eq!(
            schema(json!({ "type": "integer", "examples": [3, 4] })),
            json!({ "type": "integer", "example": 3 })
        );
        assert_eq!(
            schema(json!({ "type": "integer", "examples": [] })),
            json!({ "type": "integer" })
        );
    }

    #[test]
    fn numeric_exclusive_bounds() {
        assert_eq!(
            schema(json!({ "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10.5 })),
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10.5, "exclusiveMaximum": true })
        );
        // An inclusive bound that is already stricter wins.
        assert_eq!(
            schema(json!({ "type": "integer", "minimum": 5, "exclusiveMinimum": 1 })),
            json!({ "type": "integer", "minimum": 5 })
        );
    }

    #[test]
    fn ref_annotations_are_dropped() {
        assert_eq!(
            schema(json!({ "$ref": "#/components/schemas/T", "description": "d", "summary": "s" })),
            json!({ "$ref": "#/components/schemas/T" })
        );
    }

    #[test]
    fn ref_constraints_move_into_all_of() {
        assert_eq!(
            schema(json!({ "$ref": "#/components/schemas/T", "description": "d", "maxLength": 3 })),
            json!({ "maxLength": 3, "allOf": [{ "$ref": "#/components/schemas/T" }] })
        );
    }

    #[test]
    fn content_keywords_become_formats() {
        assert_eq!(
            schema(json!({ "type": "string", "contentMediaType": "image/png" })),
            json!({ "type": "string", "format": "binary" })
        );
        assert_eq!(
            schema(json!({ "type": "string", "contentEncoding": "base64" })),
            json!({ "type": "string", "format": "byte" })
        );
    }

    #[test]
    fn boolean_schemas() {
        assert_eq!(schema(json!(true)), json!({}));
        assert_eq!(schema(json!(false)), json!({ "not": {} }));
        assert_eq!(
            schema(json!({ "type": "object", "properties": { "a": true, "b": false } })),
            json!({ "type": "object", "properties": { "a": {}, "b": { "not": {} } } })
        );
        // `additionalProperties: false` is already 3.0.
        assert_eq!(
            schema(json!({ "type": "object", "additionalProperties": false })),
            json!({ "type": "object", "additionalProperties": false })
        );
    }

    #[test]
    fn unsupported_keywords_are_dropped() {
        assert_eq!(
            schema(json!({
                "type": "object",
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "x",
                "unevaluatedProperties": false,
                "if": {}, "then": {}, "else": {},
                "dependentSchemas": {}, "patternProperties": { "^x": {} },
            })),
            json!({ "type": "object" })
        );
    }

    #[test]
    fn prefix_items_become_items_of_the_first() {
        assert_eq!(
            schema(
                json!({ "type": "array", "prefixItems": [{ "type": ["string", "null"] }, { "type": "integer" }] })
            ),
            json!({ "type": "array", "items": { "type": "string", "nullable": true } })
        );
    }

    #[test]
    fn nested_schema_positions_are_rewritten() {
        assert_eq!(
            schema(json!({
                "type": "object",
                "properties": { "tags": { "type": "array", "items": { "type": ["string", "null"] } } },
                "additionalProperties": { "const": 1 },
                "allOf": [{ "examples": ["x"] }],
                "not": { "type": ["null"] },
            })),
            json!({
                "type": "object",
                "properties": { "tags": { "type": "array", "items": { "type": "string", "nullable": true } } },
                "additionalProperties": { "enum": [1] },
                "allOf": [{ "example": "x" }],
                "not": { "nullable": true },
            })
        );
    }

    #[test]
    fn document_level_3_1_fields_are_dropped() {
        let out = downgrade(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": { "title": "t", "version": "1", "license": { "name": "MIT", "identifier": "MIT" } },
            "webhooks": { "new": { "post": { "responses": { "200": { "description": "ok" } } } } },
            "components": { "pathItems": { "p": {} } },
        }));
        assert_eq!(
            out,
            json!({
                "openapi": "3.0.3",
                "info": { "title": "t", "version": "1", "license": { "name": "MIT" } },
                "components": {},
                "paths": {},
            })
        );
        decodes(&out);
    }

    #[test]
    fn path_item_refs_to_components_are_inlined() {
        let out = downgrade(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/cats": { "$ref": "#/components/pathItems/cats" } },
            "components": { "pathItems": { "cats": { "get": {
                "responses": { "200": { "description": "ok", "content": { "application/json": {
                    "schema": { "type": ["string", "null"] } } } } } } } } },
        }));
        assert_eq!(
            out["paths"]["/cats"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({ "type": "string", "nullable": true })
        );
        assert!(out["components"].get("pathItems").is_none());
        decodes(&out);
    }

    #[test]
    fn only_schema_positions_are_rewritten() {
        let out = downgrade(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/p": { "get": {
                "parameters": [{
                    "name": "q", "in": "query",
                    "schema": { "type": ["integer", "null"], "examples": [1] },
                    "examples": { "one": { "value": { "type": ["not", "a", "schema"] } } },
                }],
                "responses": { "200": { "description": "ok", "content": { "application/json": {
                    "schema": { "const": "x" },
                    "example": { "const": "kept", "type": ["kept"] },
                } } } },
                "x-custom": { "schema": { "type": ["kept"] } },
            } } },
        }));
        let operation = &out["paths"]["/p"]["get"];
        assert_eq!(
            operation["parameters"][0]["schema"],
            json!({ "type": "integer", "nullable": true, "example": 1 })
        );
        assert_eq!(
            operation["parameters"][0]["examples"]["one"]["value"],
            json!({ "type": ["not", "a", "schema"] })
        );
        let media = &operation["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({ "enum": ["x"] }));
        assert_eq!(
            media["example"],
            json!({ "const": "kept", "type": ["kept"] })
        );
        assert_eq!(
            operation["x-custom"],
            json!({ "schema": { "type": ["kept"] } })
        );
        decodes(&out);
    }

    #[test]
    fn mutual_tls_schemes_and_requirements_are_removed() {
        let out = downgrade(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "security": [{ "mtls": [] }, { "key": [] }],
            "paths": { "/p": { "get": {
                "security": [{ "mtls": [], "key": [] }],
                "responses": { "200": { "description": "ok" } },
            } } },
            "components": { "securitySchemes": {
                "mtls": { "type": "mutualTLS" },
                "key": { "type": "apiKey", "in": "header", "name": "X-Key" },
            } },
        }));
        assert_eq!(out["security"], json!([{ "key": [] }]));
        assert_eq!(
            out["paths"]["/p"]["get"]["security"],
            json!([{ "key": [] }])
        );
        assert!(out["components"]["securitySchemes"].get("mtls").is_none());
        decodes(&out);
    }

    #[test]
    fn missing_responses_become_empty() {
        let out = downgrade(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/p": { "get": { "operationId": "p" } } },
        }));
        assert_eq!(out["paths"]["/p"]["get"]["responses"], json!({}));
        decodes(&out);
    }

    #[test]
    fn non_object_input_is_returned_unchanged() {
        assert_eq!(downgrade(json!([1, 2])), json!([1, 2]));
        assert_eq!(schema(json!("not a schema")), json!("not a schema"));
    }

    /// Every 3.1 document of the shared corpus loads after the downgrade.
    #[test]
    fn corpus_v3_1_documents_decode() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/v3.1");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: {} does not exist", dir.display());
            return;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect();
        paths.sort();
        let mut failures = Vec::new();
        for path in &paths {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Ok(text) = std::fs::read_to_string(path) else {
                failures.push(format!("{name}: unreadable"));
                continue;
            };
            // Parsing happens before (and regardless of) the downgrade.
            if let Err(err) = crate::load::parse_text(&text) {
                eprintln!("{name}: skipped, the text does not parse: {err}");
                continue;
            }
            if let Err(err) = crate::load::load(&text) {
                eprintln!("{name}: {err}");
                // A refusal must at least say where the problem is.
                if !err.location.starts_with("#/") {
                    failures.push(format!("{name}: {err}"));
                }
            }
        }
        assert!(!paths.is_empty());
        assert!(
            failures.is_empty(),
            "failed without a location:\n{}",
            failures.join("\n")
        );
    }
}
