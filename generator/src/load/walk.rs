//! Where things are in an OpenAPI document: a walk that knows which object
//! sits at which position (a schema, a parameter, a response…), for Swagger
//! 2.0 and OpenAPI 3.x. References are resolved by kind, so the passes that
//! bundle, repair and resolve them all read the structure from here.
//!
//! Examples, extensions and other data are never entered: a `$ref` key in an
//! example is data, not a reference.

use serde_json::Value;

use super::pointer::Frame;

/// What an object at a position of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    Example,
    Link,
    Callback,
    PathItem,
    SecurityScheme,
    MediaType,
    /// A discriminator `mapping` value: a string that is a schema reference.
    MappingValue,
}

impl Kind {
    /// The `components` section objects of this kind live in (3.x).
    pub fn components_section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema | Kind::MappingValue => "schemas",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::SecurityScheme => "securitySchemes",
            Kind::MediaType | Kind::PathItem => return None,
        })
    }

    /// The top-level section objects of this kind live in (Swagger 2.0).
    pub fn swagger2_section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema | Kind::MappingValue => "definitions",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::SecurityScheme => "securityDefinitions",
            _ => return None,
        })
    }

    /// "a parameter", for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Schema | Kind::MappingValue => "a schema",
            Kind::Parameter => "a parameter",
            Kind::Response => "a response",
            Kind::RequestBody => "a request body",
            Kind::Header => "a header",
            Kind::Example => "an example",
            Kind::Link => "a link",
            Kind::Callback => "a callback",
            Kind::PathItem => "a path item",
            Kind::SecurityScheme => "a security scheme",
            Kind::MediaType => "a media type",
        }
    }
}

/// Which structure the document has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Swagger2,
    OpenApi3,
}

/// HTTP methods with a fixed field in a path item (3.2 adds `query`).
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Called for every typed object (and discriminator mapping value) of a walk,
/// before the walk enters it.
pub trait Visitor {
    fn visit(&mut self, kind: Kind, frame: &Frame<'_>, value: &Value);
}

impl<F: FnMut(Kind, &Frame<'_>, &Value)> Visitor for F {
    fn visit(&mut self, kind: Kind, frame: &Frame<'_>, value: &Value) {
        self(kind, frame, value)
    }
}

/// Walks a whole document.
pub fn walk_document(document: &Value, dialect: Dialect, visitor: &mut dyn Visitor) {
    let root = Frame::ROOT;
    walk(document, None, dialect, &root, visitor);
}

/// Walks `value`, an object of `kind` (or the whole document for `None`)
/// that sits at `frame`.
pub fn walk(
    value: &Value,
    kind: Option<Kind>,
    dialect: Dialect,
    frame: &Frame<'_>,
    visitor: &mut dyn Visitor,
) {
    let mut walker = Walker { dialect, visitor };
    match kind {
        None => walker.document(value, frame),
        Some(kind) => walker.node(kind, value, frame),
    }
}

/// The JSON depth serde accepts is bounded (128), but a walk through a
/// bundled document could in principle go deeper; stop well before the stack.
const MAX_DEPTH: usize = 512;

struct Walker<'v> {
    dialect: Dialect,
    visitor: &'v mut dyn Visitor,
}

impl Walker<'_> {
    fn document(&mut self, document: &Value, frame: &Frame<'_>) {
        let Some(object) = document.as_object() else {
            return;
        };
        for (key, value) in object {
            let frame = frame.key(key);
            match (self.dialect, key.as_str()) {
                (_, "paths") | (Dialect::OpenApi3, "webhooks") => {
                    self.map_of(Kind::PathItem, value, &frame, 1)
                }
                (Dialect::OpenApi3, "components") => self.components(value, &frame),
                (Dialect::Swagger2, "definitions") => self.map_of(Kind::Schema, value, &frame, 1),
                (Dialect::Swagger2, "parameters") => self.map_of(Kind::Parameter, value, &frame, 1),
                (Dialect::Swagger2, "responses") => self.map_of(Kind::Response, value, &frame, 1),
                (Dialect::Swagger2, "securityDefinitions") => {
                    self.map_of(Kind::SecurityScheme, value, &frame, 1)
                }
                _ => {}
            }
        }
    }

    fn components(&mut self, components: &Value, frame: &Frame<'_>) {
        let Some(sections) = components.as_object() else {
            return;
        };
        for (section, entries) in sections {
            let kind = match section.as_str() {
                "schemas" => Kind::Schema,
                "responses" => Kind::Response,
                "parameters" => Kind::Parameter,
                "examples" => Kind::Example,
                "requestBodies" => Kind::RequestBody,
                "headers" => Kind::Header,
                "securitySchemes" => Kind::SecurityScheme,
                "links" => Kind::Link,
                "callbacks" => Kind::Callback,
                "pathItems" => Kind::PathItem,
                "mediaTypes" => Kind::MediaType,
                _ => continue,
            };
            self.map_of(kind, entries, &frame.key(section), 2);
        }
    }

    /// Every value of an object is a `kind`.
    fn map_of(&mut self, kind: Kind, value: &Value, frame: &Frame<'_>, depth: usize) {
        if let Some(entries) = value.as_object() {
            for (key, entry) in entries {
                self.node_at(kind, entry, &frame.key(key), depth);
            }
        }
    }

    /// Every element of an array is a `kind`.
    fn list_of(&mut self, kind: Kind, value: &Value, frame: &Frame<'_>, depth: usize) {
        if let Some(items) = value.as_array() {
            for (index, item) in items.iter().enumerate() {
                self.node_at(kind, item, &frame.index(index), depth);
            }
        }
    }

    fn node(&mut self, kind: Kind, value: &Value, frame: &Frame<'_>) {
        self.node_at(kind, value, frame, 0);
    }

    fn node_at(&mut self, kind: Kind, value: &Value, frame: &Frame<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        self.visitor.visit(kind, frame, value);
        let Some(object) = value.as_object() else {
            return;
        };
        // A Reference Object stands for its target; only a schema's siblings
        // of `$ref` mean something (3.1).
        if kind != Kind::Schema && object.contains_key("$ref") {
            return;
        }
        let depth = depth + 1;
        for (key, child) in object {
            if key.starts_with("x-") {
                continue;
            }
            let frame = frame.key(key);
            let frame = &frame;
            match (kind, key.as_str()) {
                (Kind::PathItem, "parameters") => {
                    self.list_of(Kind::Parameter, child, frame, depth)
                }
                (Kind::PathItem, "additionalOperations") => {
                    if let Some(operations) = child.as_object() {
                        for (method, operation) in operations {
                            self.operation(operation, &frame.key(method), depth);
                        }
                    }
                }
                (Kind::PathItem, method) if METHODS.contains(&method) => {
                    self.operation(child, frame, depth)
                }
                (Kind::Parameter | Kind::Header, "schema") => {
                    self.node_at(Kind::Schema, child, frame, depth)
                }
                (Kind::Parameter | Kind::Header, "items") if self.dialect == Dialect::Swagger2 => {
                    self.node_at(Kind::Schema, child, frame, depth)
                }
                (Kind::Parameter | Kind::Header | Kind::MediaType, "examples")
                    if self.dialect == Dialect::OpenApi3 =>
                {
                    self.map_of(Kind::Example, child, frame, depth)
                }
                (
                    Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response,
                    "content",
                ) => self.map_of(Kind::MediaType, child, frame, depth),
                (Kind::Response, "schema") if self.dialect == Dialect::Swagger2 => {
                    self.node_at(Kind::Schema, child, frame, depth)
                }
                (Kind::Response, "headers") => self.map_of(Kind::Header, child, frame, depth),
                (Kind::Response, "links") => self.map_of(Kind::Link, child, frame, depth),
                (Kind::MediaType, "schema" | "itemSchema") => {
                    self.node_at(Kind::Schema, child, frame, depth)
                }
                (Kind::MediaType, "encoding") => {
                    if let Some(encodings) = child.as_object() {
                        for (property, encoding) in encodings {
                            if let Some(headers) = encoding.get("headers") {
                                let frame = frame.key(property);
                                self.map_of(
                                    Kind::Header,
                                    headers,
                                    &frame.key("headers"),
                                    depth + 1,
                                );
                            }
                        }
                    }
                }
                (Kind::Callback, _) => self.node_at(Kind::PathItem, child, frame, depth),
                (Kind::Schema, _) => self.schema_keyword(key, child, frame, depth),
                _ => {}
            }
        }
    }

    fn operation(&mut self, operation: &Value, frame: &Frame<'_>, depth: usize) {
        let Some(object) = operation.as_object() else {
            return;
        };
        for (key, child) in object {
            let frame = frame.key(key);
            match key.as_str() {
                "parameters" => self.list_of(Kind::Parameter, child, &frame, depth + 1),
                "requestBody" => self.node_at(Kind::RequestBody, child, &frame, depth + 1),
                "responses" => self.map_of(Kind::Response, child, &frame, depth + 1),
                "callbacks" => self.map_of(Kind::Callback, child, &frame, depth + 1),
                _ => {}
            }
        }
    }

    fn schema_keyword(&mut self, key: &str, child: &Value, frame: &Frame<'_>, depth: usize) {
        match key {
            "properties" | "patternProperties" | "dependentSchemas" | "$defs" | "definitions" => {
                self.map_of(Kind::Schema, child, frame, depth)
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                self.list_of(Kind::Schema, child, frame, depth)
            }
            // `items` as an array is a (draft 4) tuple.
            "items" if child.is_array() => self.list_of(Kind::Schema, child, frame, depth),
            "items"
            | "not"
            | "if"
            | "then"
            | "else"
            | "propertyNames"
            | "contains"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema"
            | "additionalItems" => self.node_at(Kind::Schema, child, frame, depth),
            "additionalProperties" if child.is_object() => {
                self.node_at(Kind::Schema, child, frame, depth)
            }
            "discriminator" => {
                if let Some(mapping) = child.get("mapping").and_then(Value::as_object) {
                    let frame = frame.key("mapping");
                    for (tag, target) in mapping {
                        self.visitor
                            .visit(Kind::MappingValue, &frame.key(tag), target);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The `$ref` of a reference object, if `value` is one.
pub fn reference_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn positions(document: &Value, dialect: Dialect) -> Vec<(Kind, String)> {
        let mut found = Vec::new();
        walk_document(
            document,
            dialect,
            &mut |kind, frame: &Frame<'_>, _: &Value| found.push((kind, frame.pointer())),
        );
        found
    }

    #[test]
    fn every_typed_position_of_a_3x_document_is_visited() {
        let document = json!({
            "paths": {"/p": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "get": {
                    "requestBody": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/x"}}}}},
                    "responses": {"200": {"headers": {"H": {"schema": {}}}, "content": {"text/event-stream": {"itemSchema": {}}}}},
                    "x-ignored": {"schema": {}},
                },
                "additionalOperations": {"LINK": {"responses": {"204": {}}}},
            }},
            "components": {
                "schemas": {"S": {"properties": {"a": {}}, "discriminator": {"propertyName": "k", "mapping": {"a": "A"}}}},
                "parameters": {"P": {"schema": {}, "examples": {"e": {"value": {"$ref": "data"}}}}},
            },
        });
        let found = positions(&document, Dialect::OpenApi3);
        let expected = [
            (Kind::PathItem, "#/paths/~1p"),
            (Kind::Parameter, "#/paths/~1p/parameters/0"),
            (Kind::RequestBody, "#/paths/~1p/get/requestBody"),
            (
                Kind::MediaType,
                "#/paths/~1p/get/requestBody/content/application~1json",
            ),
            (
                Kind::Schema,
                "#/paths/~1p/get/requestBody/content/application~1json/schema",
            ),
            (
                Kind::Schema,
                "#/paths/~1p/get/requestBody/content/application~1json/schema/items",
            ),
            (Kind::Response, "#/paths/~1p/get/responses/200"),
            (Kind::Header, "#/paths/~1p/get/responses/200/headers/H"),
            (
                Kind::Schema,
                "#/paths/~1p/get/responses/200/headers/H/schema",
            ),
            (
                Kind::MediaType,
                "#/paths/~1p/get/responses/200/content/text~1event-stream",
            ),
            (
                Kind::Schema,
                "#/paths/~1p/get/responses/200/content/text~1event-stream/itemSchema",
            ),
            (
                Kind::Response,
                "#/paths/~1p/additionalOperations/LINK/responses/204",
            ),
            (Kind::Schema, "#/components/schemas/S"),
            (Kind::Schema, "#/components/schemas/S/properties/a"),
            (
                Kind::MappingValue,
                "#/components/schemas/S/discriminator/mapping/a",
            ),
            (Kind::Parameter, "#/components/parameters/P"),
            (Kind::Schema, "#/components/parameters/P/schema"),
            (Kind::Example, "#/components/parameters/P/examples/e"),
        ];
        let found: Vec<(Kind, &str)> = found.iter().map(|(k, p)| (*k, p.as_str())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn swagger_2_positions() {
        let document = json!({
            "paths": {"/p": {"post": {
                "parameters": [{"in": "body", "schema": {"$ref": "#/definitions/D"}}, {"in": "query", "items": {}}],
                "responses": {"200": {"schema": {}}},
            }}},
            "definitions": {"D": {"items": {}}},
        });
        let found = positions(&document, Dialect::Swagger2);
        let kinds: Vec<Kind> = found.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::PathItem,
                Kind::Parameter,
                Kind::Schema,
                Kind::Parameter,
                Kind::Schema,
                Kind::Response,
                Kind::Schema,
                Kind::Schema,
                Kind::Schema,
            ]
        );
    }
}
