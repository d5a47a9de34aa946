//! Swagger 2.0 → OpenAPI 3.0, the way the OpenAPI Initiative's migration
//! describes it: `definitions`, `parameters`, `responses` and
//! `securityDefinitions` move under `components`; a `body` parameter becomes
//! the `requestBody` and `formData` parameters a form body, one media type
//! per `consumes`; a response's `schema` becomes its content, one per
//! `produces`; `collectionFormat` becomes `style`/`explode`; `x-nullable`
//! becomes `nullable`; `host`, `basePath` and `schemes` become `servers`.
//!
//! Faults are read like the rest of the loader reads them, after conversion.
//! Warnings the conversion itself records name the 2.0 document.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::Warning;
use crate::error::escape_pointer;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
const DEFAULT_MEDIA: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Keywords a non-body parameter (or an `items` object, or a header) shares
/// with a schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Converts a Swagger 2.0 document. Also returns how pointers into the
/// result map back to the 2.0 document (prefix → prefix).
pub fn convert(document: Value, warnings: &mut Vec<Warning>) -> (Value, Vec<(String, String)>) {
    let Value::Object(mut source) = document else {
        return (document, Vec::new());
    };
    let mut converter = Converter {
        consumes: media_list(source.get("consumes")),
        produces: media_list(source.get("produces")),
        body_parameters: BTreeSet::new(),
        form_parameters: BTreeMap::new(),
        origins: vec![
            ("#/components/schemas".into(), "#/definitions".into()),
            ("#/components/parameters".into(), "#/parameters".into()),
            ("#/components/requestBodies".into(), "#/parameters".into()),
            ("#/components/responses".into(), "#/responses".into()),
            (
                "#/components/securitySchemes".into(),
                "#/securityDefinitions".into(),
            ),
        ],
        warnings,
    };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = source.remove(key) {
            out.insert(key.into(), value);
        }
    }
    if let Some(servers) = servers(&source) {
        out.insert("servers".into(), servers);
    }

    let mut components = Map::new();
    if let Some(Value::Object(definitions)) = source.remove("definitions") {
        let schemas: Map<String, Value> = definitions
            .into_iter()
            .map(|(name, schema)| (name, convert_schema(schema)))
            .collect();
        components.insert("schemas".into(), Value::Object(schemas));
    }
    if let Some(Value::Object(parameters)) = source.remove("parameters") {
        let (mut plain, mut bodies) = (Map::new(), Map::new());
        for (name, parameter) in parameters {
            let pointer = format!("#/parameters/{}", escape_pointer(&name));
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    converter.body_parameters.insert(name.clone());
                    let consumes = converter.consumes.clone();
                    bodies.insert(name, converter.request_body(&parameter, &consumes));
                }
                Some("formData") => {
                    converter.form_parameters.insert(name, parameter);
                }
                _ => {
                    plain.insert(name, converter.parameter(parameter, &pointer));
                }
            }
        }
        if !plain.is_empty() {
            components.insert("parameters".into(), Value::Object(plain));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
    }
    if let Some(Value::Object(responses)) = source.remove("responses") {
        let produces = converter.produces.clone();
        let responses: Map<String, Value> = responses
            .into_iter()
            .map(|(name, response)| {
                let response = converter.response(response, &produces);
                (name, response)
            })
            .collect();
        components.insert("responses".into(), Value::Object(responses));
    }
    if let Some(Value::Object(schemes)) = source.remove("securityDefinitions") {
        let schemes: Map<String, Value> = schemes
            .into_iter()
            .map(|(name, scheme)| (name, security_scheme(scheme)))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }

    let mut paths = Map::new();
    if let Some(Value::Object(items)) = source.remove("paths") {
        for (path, item) in items {
            if path.starts_with("x-") {
                paths.insert(path, item);
                continue;
            }
            let converted = converter.path_item(&path, item);
            paths.insert(path, converted);
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    for (key, value) in source {
        if key.starts_with("x-") {
            out.insert(key, value);
        }
    }
    (Value::Object(out), converter.origins)
}

struct Converter<'w> {
    consumes: Vec<String>,
    produces: Vec<String>,
    /// Names of top-level parameters that are `in: body`.
    body_parameters: BTreeSet<String>,
    /// Top-level `in: formData` parameters, copied into each form body.
    form_parameters: BTreeMap<String, Value>,
    origins: Vec<(String, String)>,
    warnings: &'w mut Vec<Warning>,
}

/// A parameter list split the way 3.0 describes it.
#[derive(Default, Clone)]
struct Split {
    /// Converted `path`/`query`/`header` parameters (or references), with
    /// their index in the 2.0 list.
    plain: Vec<(Value, usize)>,
    /// The `body` parameter (or a reference to a top-level one).
    body: Option<(Value, usize)>,
    /// `formData` parameters, as written.
    form: Vec<(Value, usize)>,
}

impl Converter<'_> {
    fn path_item(&mut self, path: &str, item: Value) -> Value {
        let Value::Object(mut item) = item else {
            return item;
        };
        let item_pointer = format!("#/paths/{}", escape_pointer(path));
        let shared = match item.remove("parameters") {
            Some(parameters) => self.split(parameters, &format!("{item_pointer}/parameters")),
            None => Split::default(),
        };
        let mut out = Map::new();
        if !shared.plain.is_empty() {
            for (index, (_, original)) in shared.plain.iter().enumerate() {
                self.origins.push((
                    format!("{item_pointer}/parameters/{index}"),
                    format!("{item_pointer}/parameters/{original}"),
                ));
            }
            let plain = shared.plain.iter().map(|(p, _)| p.clone()).collect();
            out.insert("parameters".into(), Value::Array(plain));
        }
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let pointer = format!("{item_pointer}/{key}");
                let operation = self.operation(value, &shared, &pointer);
                out.insert(key, operation);
            } else if key == "$ref" || key.starts_with("x-") {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    fn operation(&mut self, operation: Value, shared: &Split, pointer: &str) -> Value {
        let Value::Object(mut operation) = operation else {
            return operation;
        };
        let consumes = operation
            .remove("consumes")
            .map(|list| media_list(Some(&list)))
            .unwrap_or_else(|| self.consumes.clone());
        let produces = operation
            .remove("produces")
            .map(|list| media_list(Some(&list)))
            .unwrap_or_else(|| self.produces.clone());
        operation.remove("schemes");
        let own = match operation.remove("parameters") {
            Some(parameters) => self.split(parameters, &format!("{pointer}/parameters")),
            None => Split::default(),
        };
        let mut out = Map::new();
        for (key, value) in std::mem::take(&mut operation) {
            match key.as_str() {
                "responses" => {
                    let responses =
                        self.responses(value, &produces, &format!("{pointer}/responses"));
                    out.insert(key, responses);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if !own.plain.is_empty() {
            for (index, (_, original)) in own.plain.iter().enumerate() {
                self.origins.push((
                    format!("{pointer}/parameters/{index}"),
                    format!("{pointer}/parameters/{original}"),
                ));
            }
            let plain = own.plain.iter().map(|(p, _)| p.clone()).collect();
            out.insert("parameters".into(), Value::Array(plain));
        }
        // The operation's body and form fields override the path item's.
        let (body, body_level) = match (&own.body, &shared.body) {
            (Some(body), _) => (Some(body), pointer.to_owned()),
            (None, Some(body)) => (Some(body), parent_pointer(pointer)),
            (None, None) => (None, String::new()),
        };
        let mut form: Vec<(Value, String)> = own
            .form
            .iter()
            .map(|(p, i)| (p.clone(), format!("{pointer}/parameters/{i}")))
            .collect();
        for (parameter, index) in &shared.form {
            let name = parameter.get("name");
            if !form.iter().any(|(own, _)| own.get("name") == name) {
                form.push((
                    parameter.clone(),
                    format!("{}/parameters/{index}", parent_pointer(pointer)),
                ));
            }
        }
        let body_pointer = format!("{pointer}/requestBody");
        match (body, form.is_empty()) {
            (Some((body, index)), form_empty) => {
                if !form_empty {
                    self.warnings.push(Warning::new(
                        pointer,
                        "a `body` parameter and `formData` parameters together; the `formData` ones are ignored",
                    ));
                }
                let original = format!("{body_level}/parameters/{index}");
                self.origins.push((body_pointer.clone(), original.clone()));
                for media in &consumes {
                    self.origins.push((
                        format!("{body_pointer}/content/{}/schema", escape_pointer(media)),
                        format!("{original}/schema"),
                    ));
                }
                let body = match body.get("$ref").and_then(Value::as_str) {
                    Some(reference) => json!({"$ref": reference}),
                    None => self.request_body(body, &consumes),
                };
                out.insert("requestBody".into(), body);
            }
            (None, false) => {
                let body = self.form_body(&form, &consumes, &body_pointer);
                out.insert("requestBody".into(), body);
            }
            (None, true) => {}
        }
        Value::Object(out)
    }

    /// Splits a 2.0 parameter list into plain parameters, body and form fields.
    fn split(&mut self, parameters: Value, pointer: &str) -> Split {
        let mut split = Split::default();
        let Value::Array(parameters) = parameters else {
            return split;
        };
        for (index, parameter) in parameters.into_iter().enumerate() {
            let at = format!("{pointer}/{index}");
            if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
                let name = reference.strip_prefix("#/parameters/").map(unescape);
                match name {
                    Some(name) if self.body_parameters.contains(&name) => {
                        let reference =
                            format!("#/components/requestBodies/{}", escape_pointer(&name));
                        split.body = Some((json!({"$ref": reference}), index));
                    }
                    Some(name) if self.form_parameters.contains_key(&name) => {
                        split
                            .form
                            .push((self.form_parameters[&name].clone(), index));
                    }
                    Some(name) => {
                        let reference =
                            format!("#/components/parameters/{}", escape_pointer(&name));
                        split.plain.push((json!({"$ref": reference}), index));
                    }
                    None => split.plain.push((parameter.clone(), index)),
                }
                continue;
            }
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    if split.body.is_some() {
                        self.warnings.push(Warning::new(
                            &at,
                            "a second `body` parameter; it replaces the first",
                        ));
                    }
                    split.body = Some((parameter, index));
                }
                Some("formData") => split.form.push((parameter, index)),
                _ => {
                    let converted = self.parameter(parameter, &at);
                    split.plain.push((converted, index));
                }
            }
        }
        split
    }

    /// A `path`, `query` or `header` parameter.
    fn parameter(&mut self, parameter: Value, pointer: &str) -> Value {
        let Value::Object(mut parameter) = parameter else {
            return parameter;
        };
        let location = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let collection = parameter.remove("collectionFormat");
        let schema = parameter_schema(&mut parameter);
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let (style, explode) = self.style_of(collection.as_ref(), &location, pointer);
            if let Some(style) = style {
                parameter.insert("style".into(), json!(style));
            }
            parameter.insert("explode".into(), json!(explode));
        }
        if location != "query" {
            parameter.remove("allowEmptyValue");
        }
        parameter.insert("schema".into(), schema);
        Value::Object(parameter)
    }

    /// `collectionFormat` → (`style`, `explode`) for a parameter in `location`.
    fn style_of(
        &mut self,
        collection: Option<&Value>,
        location: &str,
        pointer: &str,
    ) -> (Option<&'static str>, bool) {
        let format = collection.and_then(Value::as_str).unwrap_or("csv");
        let query_like = matches!(location, "query" | "formData");
        match (format, query_like) {
            ("csv", true) => (Some("form"), false),
            ("multi", true) => (Some("form"), true),
            ("ssv", true) => (Some("spaceDelimited"), false),
            ("pipes", true) => (Some("pipeDelimited"), false),
            ("csv", false) => (Some("simple"), false),
            (other, _) => {
                let style = if query_like { "form" } else { "simple" };
                self.warnings.push(Warning::new(
                    format!("{pointer}/collectionFormat"),
                    format!(
                        "`collectionFormat: {other}` has no OpenAPI 3 equivalent for a {location} parameter; read as `csv` (style `{style}`)"
                    ),
                ));
                (Some(style), false)
            }
        }
    }

    fn request_body(&mut self, body: &Value, consumes: &[String]) -> Value {
        let schema = body
            .get("schema")
            .cloned()
            .map(convert_schema)
            .unwrap_or_else(|| json!({}));
        let mut out = Map::new();
        if let Some(description) = body.get("description") {
            out.insert("description".into(), description.clone());
        }
        if let Some(required) = body.get("required") {
            out.insert("required".into(), required.clone());
        }
        let content: Map<String, Value> = consumes
            .iter()
            .map(|media| (media.clone(), json!({"schema": schema})))
            .collect();
        out.insert("content".into(), Value::Object(content));
        copy_extensions(body, &mut out);
        Value::Object(out)
    }

    /// `formData` parameters → one object schema, sent as a form.
    fn form_body(&mut self, form: &[(Value, String)], consumes: &[String], pointer: &str) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        let mut has_file = false;
        for (parameter, original) in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let Value::Object(mut fields) = parameter.clone() else {
                continue;
            };
            let collection = fields.remove("collectionFormat");
            let mut schema = parameter_schema(&mut fields);
            has_file |= schema.get("format").and_then(Value::as_str) == Some("binary");
            if let Some(description) = fields.get("description") {
                schema["description"] = description.clone();
            }
            if fields.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            if schema.get("type").and_then(Value::as_str) == Some("array") {
                let (style, explode) = self.style_of(collection.as_ref(), "formData", original);
                encoding.insert(name.to_owned(), json!({"style": style, "explode": explode}));
            }
            properties.insert(name.to_owned(), schema);
            self.origins.push((
                format!(
                    "{pointer}/content/{{media}}/schema/properties/{}",
                    escape_pointer(name)
                ),
                original.clone(),
            ));
        }
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let mut media: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|media| media.starts_with(FORM) || media.starts_with(MULTIPART))
            .filter(|media| !(has_file && media.starts_with(FORM)))
            .collect();
        if media.is_empty() {
            media.push(if has_file { MULTIPART } else { FORM });
        }
        // The placeholder above stands for every media type of the body.
        let placeholder = format!("{pointer}/content/{{media}}/");
        let origins: Vec<(String, String)> = self
            .origins
            .iter()
            .filter(|(from, _)| from.starts_with(&placeholder))
            .cloned()
            .collect();
        self.origins
            .retain(|(from, _)| !from.starts_with(&placeholder));
        let mut content = Map::new();
        for media in media {
            let mut entry = json!({"schema": schema});
            if !encoding.is_empty() {
                entry["encoding"] = Value::Object(encoding.clone());
            }
            content.insert(media.to_owned(), entry);
            for (from, to) in &origins {
                self.origins
                    .push((from.replace("{media}", &escape_pointer(media)), to.clone()));
            }
        }
        let mut body = json!({"content": content});
        if !required.is_empty() {
            body["required"] = json!(true);
        }
        body
    }

    fn responses(&mut self, responses: Value, produces: &[String], pointer: &str) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        let out: Map<String, Value> = responses
            .into_iter()
            .map(|(code, response)| {
                if code.starts_with("x-") {
                    return (code, response);
                }
                let at = format!("{pointer}/{}", escape_pointer(&code));
                if response.get("schema").is_some() {
                    for media in produces {
                        self.origins.push((
                            format!("{at}/content/{}/schema", escape_pointer(media)),
                            format!("{at}/schema"),
                        ));
                    }
                }
                let response = self.response(response, produces);
                (code, response)
            })
            .collect();
        Value::Object(out)
    }

    fn response(&mut self, response: Value, produces: &[String]) -> Value {
        let Value::Object(mut response) = response else {
            return response;
        };
        if let Some(Value::String(reference)) = response.get("$ref") {
            let reference = match reference.strip_prefix("#/responses/") {
                Some(name) => format!("#/components/responses/{name}"),
                None => reference.clone(),
            };
            return json!({"$ref": reference});
        }
        let mut out = Map::new();
        out.insert(
            "description".into(),
            response.remove("description").unwrap_or_else(|| json!("")),
        );
        if let Some(Value::Object(headers)) = response.remove("headers") {
            let headers: Map<String, Value> = headers
                .into_iter()
                .map(|(name, header)| (name, header_object(header)))
                .collect();
            out.insert("headers".into(), Value::Object(headers));
        }
        let examples = response.remove("examples");
        if let Some(schema) = response.remove("schema") {
            let schema = convert_schema(schema);
            let content: Map<String, Value> = produces
                .iter()
                .map(|media| {
                    let mut entry = json!({"schema": schema});
                    if let Some(example) = examples.as_ref().and_then(|e| e.get(media)) {
                        entry["example"] = example.clone();
                    }
                    (media.clone(), entry)
                })
                .collect();
            out.insert("content".into(), Value::Object(content));
        }
        for (key, value) in response {
            if key.starts_with("x-") {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }
}

fn parent_pointer(pointer: &str) -> String {
    pointer
        .rsplit_once('/')
        .map_or(pointer, |(parent, _)| parent)
        .to_owned()
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `consumes`/`produces` → media types, `application/json` when absent or empty.
fn media_list(value: Option<&Value>) -> Vec<String> {
    let list: Vec<String> = match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(single)) => vec![single.clone()],
        _ => Vec::new(),
    };
    if list.is_empty() {
        vec![DEFAULT_MEDIA.to_owned()]
    } else {
        list
    }
}

/// `host` + `basePath` + `schemes` → `servers`.
fn servers(source: &Map<String, Value>) -> Option<Value> {
    let host = source
        .get("host")
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty());
    let base_path = source.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base_path = if base_path.is_empty() || base_path.starts_with('/') {
        base_path.to_owned()
    } else {
        format!("/{base_path}")
    };
    let Some(host) = host else {
        return (!base_path.is_empty()).then(|| json!([{"url": base_path}]));
    };
    let mut schemes: Vec<&str> = source
        .get("schemes")
        .and_then(Value::as_array)
        .map(|schemes| schemes.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Without `schemes`, the spec's own scheme is meant; https is the safe guess.
    if schemes.is_empty() {
        schemes.push("https");
    }
    // https first: the first server is the default base URL.
    schemes.sort_by_key(|scheme| *scheme != "https");
    let servers: Vec<Value> = schemes
        .into_iter()
        .map(|scheme| json!({"url": format!("{scheme}://{host}{base_path}")}))
        .collect();
    Some(Value::Array(servers))
}

/// The schema of a non-body parameter, header or `items`: its schema
/// keywords (taken out of `fields`), `items` recursively, `x-nullable`.
fn parameter_schema(fields: &mut Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for key in SCHEMA_KEYWORDS {
        if let Some(value) = fields.remove(*key) {
            schema.insert((*key).to_owned(), value);
        }
    }
    if let Some(Value::Object(mut items)) = fields.remove("items") {
        items.remove("collectionFormat");
        let items_schema = if items.contains_key("$ref") {
            convert_schema(Value::Object(items))
        } else {
            parameter_schema(&mut items)
        };
        schema.insert("items".into(), items_schema);
    }
    if let Some(nullable) = fields.remove("x-nullable") {
        schema.insert("nullable".into(), nullable);
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    if schema.is_empty() {
        schema.insert("type".into(), json!("string"));
    }
    Value::Object(schema)
}

fn header_object(header: Value) -> Value {
    let Value::Object(mut header) = header else {
        return header;
    };
    header.remove("collectionFormat");
    let schema = parameter_schema(&mut header);
    let mut out = Map::new();
    if let Some(description) = header.remove("description") {
        out.insert("description".into(), description);
    }
    out.insert("schema".into(), schema);
    Value::Object(out)
}

/// A 2.0 schema → 3.0: references into `definitions`, `x-nullable`,
/// `type: file`, a discriminator given as the property name.
pub fn convert_schema(schema: Value) -> Value {
    let Value::Object(object) = schema else {
        return schema;
    };
    let mut out = Map::new();
    for (key, value) in object {
        let value = match key.as_str() {
            "$ref" => match value {
                Value::String(reference) => {
                    Value::String(match reference.strip_prefix("#/definitions/") {
                        Some(name) => format!("#/components/schemas/{name}"),
                        None => reference,
                    })
                }
                other => other,
            },
            "x-nullable" => {
                out.insert("nullable".into(), value);
                continue;
            }
            "discriminator" => match value {
                Value::String(property) => json!({"propertyName": property}),
                other => other,
            },
            "properties" | "patternProperties" | "definitions" => match value {
                Value::Object(properties) => Value::Object(
                    properties
                        .into_iter()
                        .map(|(name, schema)| (name, convert_schema(schema)))
                        .collect(),
                ),
                other => other,
            },
            "items" | "additionalProperties" | "not" => match value {
                Value::Array(items) => {
                    Value::Array(items.into_iter().map(convert_schema).collect())
                }
                other => convert_schema(other),
            },
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(members) => {
                    Value::Array(members.into_iter().map(convert_schema).collect())
                }
                other => other,
            },
            _ => value,
        };
        out.insert(key, value);
    }
    if out.get("type").and_then(Value::as_str) == Some("file") {
        out.insert("type".into(), json!("string"));
        out.insert("format".into(), json!("binary"));
    }
    Value::Object(out)
}

fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else {
        return scheme;
    };
    let description = scheme.remove("description");
    let mut out = match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => json!({"type": "http", "scheme": "basic"}),
        Some("apiKey") => {
            json!({"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")})
        }
        Some("oauth2") => {
            let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
            let authorization = scheme
                .get("authorizationUrl")
                .cloned()
                .unwrap_or_else(|| json!(""));
            let token = scheme.get("tokenUrl").cloned().unwrap_or_else(|| json!(""));
            let flow = match scheme.get("flow").and_then(Value::as_str) {
                Some("implicit") => {
                    json!({"implicit": {"authorizationUrl": authorization, "scopes": scopes}})
                }
                Some("password") => json!({"password": {"tokenUrl": token, "scopes": scopes}}),
                Some("application") => {
                    json!({"clientCredentials": {"tokenUrl": token, "scopes": scopes}})
                }
                _ => {
                    json!({"authorizationCode": {"authorizationUrl": authorization, "tokenUrl": token, "scopes": scopes}})
                }
            };
            json!({"type": "oauth2", "flows": flow})
        }
        _ => Value::Object(scheme.clone()),
    };
    if let (Some(description), Some(object)) = (description, out.as_object_mut()) {
        object.insert("description".into(), description);
    }
    if let Some(object) = out.as_object_mut() {
        for (key, value) in scheme {
            if key.starts_with("x-") {
                object.insert(key, value);
            }
        }
    }
    out
}

fn copy_extensions(from: &Value, to: &mut Map<String, Value>) {
    if let Some(object) = from.as_object() {
        for (key, value) in object {
            if key.starts_with("x-") {
                to.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn converted(document: Value) -> (Value, Vec<Warning>, Vec<(String, String)>) {
        let mut warnings = Vec::new();
        let (value, origins) = convert(document, &mut warnings);
        (value, warnings, origins)
    }

    #[test]
    fn structure_moves_under_components_and_servers() {
        let (value, warnings, _) = converted(json!({
            "swagger": "2.0",
            "info": {"title": "T", "version": "1"},
            "host": "api.example.com",
            "basePath": "/v1",
            "schemes": ["http", "https"],
            "definitions": {"Pet": {"type": "object", "x-nullable": true, "properties": {
                "tag": {"$ref": "#/definitions/Tag"}, "photo": {"type": "file"}}}},
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "oauth": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "read"}},
            },
            "paths": {},
        }));
        assert!(warnings.is_empty());
        assert_eq!(value["openapi"], "3.0.3");
        assert_eq!(
            value["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
        let pet = &value["components"]["schemas"]["Pet"];
        assert_eq!(pet["nullable"], json!(true));
        assert_eq!(
            pet["properties"]["tag"],
            json!({"$ref": "#/components/schemas/Tag"})
        );
        assert_eq!(
            pet["properties"]["photo"],
            json!({"type": "string", "format": "binary"})
        );
        let schemes = &value["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(
            schemes["key"],
            json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            schemes["oauth"]["flows"]["authorizationCode"]["tokenUrl"],
            "https://t"
        );
    }

    #[test]
    fn body_form_and_collection_formats() {
        let (value, warnings, origins) = converted(json!({
            "swagger": "2.0",
            "consumes": ["application/json", "application/xml"],
            "produces": ["application/json"],
            "parameters": {
                "Limit": {"name": "limit", "in": "query", "type": "integer"},
                "PetBody": {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}},
            },
            "paths": {
                "/pets": {
                    "post": {
                        "parameters": [
                            {"$ref": "#/parameters/Limit"},
                            {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}},
                            {"name": "ids", "in": "query", "type": "array", "collectionFormat": "multi", "items": {"type": "integer"}},
                            {"name": "X-Codes", "in": "header", "type": "array", "collectionFormat": "pipes", "items": {"type": "string"}},
                            {"$ref": "#/parameters/PetBody"},
                        ],
                        "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}}},
                    },
                },
                "/pets/{id}/photo": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
                    "put": {
                        "consumes": ["multipart/form-data"],
                        "parameters": [
                            {"name": "file", "in": "formData", "type": "file", "required": true},
                            {"name": "labels", "in": "formData", "type": "array", "items": {"type": "string"}},
                        ],
                        "responses": {"204": {"description": "done"}},
                    },
                },
            },
        }));
        let post = &value["paths"]["/pets"]["post"];
        assert_eq!(
            post["parameters"][0],
            json!({"$ref": "#/components/parameters/Limit"})
        );
        assert_eq!(post["parameters"][1]["style"], "form");
        assert_eq!(post["parameters"][1]["explode"], false);
        assert_eq!(post["parameters"][2]["explode"], true);
        assert_eq!(post["parameters"][3]["style"], "simple");
        assert_eq!(
            post["requestBody"],
            json!({"$ref": "#/components/requestBodies/PetBody"})
        );
        assert_eq!(
            value["components"]["requestBodies"]["PetBody"]["content"]["application/xml"]["schema"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
        assert_eq!(
            post["responses"]["200"]["content"]["application/json"]["schema"]["items"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].location,
            "#/paths/~1pets/post/parameters/3/collectionFormat"
        );

        let put = &value["paths"]["/pets/{id}/photo"]["put"];
        let form = &put["requestBody"]["content"]["multipart/form-data"];
        assert_eq!(
            form["schema"]["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(form["schema"]["required"], json!(["file"]));
        assert_eq!(
            form["encoding"]["labels"],
            json!({"style": "form", "explode": false})
        );
        assert_eq!(
            value["paths"]["/pets/{id}/photo"]["parameters"][0]["schema"],
            json!({"type": "string"})
        );
        assert!(origins.contains(&(
            "#/paths/~1pets~1{id}~1photo/put/requestBody/content/multipart~1form-data/schema/properties/file".to_owned(),
            "#/paths/~1pets~1{id}~1photo/put/parameters/0".to_owned()
        )), "{origins:?}");
        assert!(origins.contains(&(
            "#/paths/~1pets/post/responses/200/content/application~1json/schema".to_owned(),
            "#/paths/~1pets/post/responses/200/schema".to_owned()
        )));
    }
}
