//! `$ref`s that point somewhere other than their component section: into a
//! schema (`#/components/schemas/Disk/properties/filesystem`), at another
//! operation's response (`#/paths/~1users~1me/put/responses/204`), request
//! body or parameter, into `$defs`. A JSON Reference may point anywhere in
//! the document; the targets are decoded here so the model can follow them
//! like components.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::load::pointer::{self, Frame};
use crate::load::walk::{self, Dialect, Kind};

/// The targets of such references, by the reference text.
#[derive(Default)]
pub struct DeepRefs {
    pub schemas: BTreeMap<String, ReferenceOr<Schema>>,
    pub parameters: BTreeMap<String, ReferenceOr<Parameter>>,
    pub responses: BTreeMap<String, ReferenceOr<Response>>,
    pub request_bodies: BTreeMap<String, ReferenceOr<RequestBody>>,
    /// Words to name a schema target by, where its pointer alone names it
    /// poorly (`#/paths/~1users~1me/put/requestBody/…` → `updateMe request`).
    pub schema_names: BTreeMap<String, String>,
    /// What a response reference to nothing reads as: a body of any JSON value.
    pub any_response: Response,
    /// What a request body reference to nothing reads as: an optional body of any JSON value.
    pub any_body: RequestBody,
}

/// Longest chain of references to references that is followed.
const MAX_CHAIN: usize = 16;

pub fn collect(raw: &Value) -> DeepRefs {
    let mut found: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    walk::walk_document(
        raw,
        Dialect::OpenApi3,
        &mut |kind, _: &Frame<'_>, value: &Value| {
            let (kind, reference) = match kind {
                Kind::MappingValue => (Kind::Schema, value.as_str()),
                Kind::Schema | Kind::Parameter | Kind::Response | Kind::RequestBody => {
                    (kind, walk::reference_of(value))
                }
                _ => return,
            };
            let Some(reference) = reference.filter(|r| r.starts_with("#/")) else {
                return;
            };
            if is_component(reference, kind) {
                return;
            }
            let references = found.entry(kind).or_default();
            if !references.contains(reference) {
                references.insert(reference.to_owned());
            }
        },
    );
    let any_json =
        serde_json::json!({"description": "", "content": {"application/json": {"schema": {}}}});
    let mut refs = DeepRefs {
        any_response: serde_json::from_value(any_json.clone()).unwrap_or_default(),
        any_body: serde_json::from_value(any_json).unwrap_or_default(),
        ..DeepRefs::default()
    };
    for reference in found.get(&Kind::Schema).into_iter().flatten() {
        if let Some(words) = operation_words(raw, reference) {
            refs.schema_names.insert(reference.clone(), words);
        }
    }
    for (kind, references) in found {
        match kind {
            Kind::Schema => decode_all(raw, references, kind, &mut refs.schemas),
            Kind::Parameter => decode_all(raw, references, kind, &mut refs.parameters),
            Kind::Response => decode_all(raw, references, kind, &mut refs.responses),
            Kind::RequestBody => decode_all(raw, references, kind, &mut refs.request_bodies),
            _ => {}
        }
    }
    refs
}

/// A schema inside an operation, named after the operation the way its own
/// inline types are (`updateMe request`, `getPet response`, `listPets limit`).
fn operation_words(raw: &Value, reference: &str) -> Option<String> {
    let segments = pointer::fragment_segments(reference)?;
    let [first, path, method, rest @ ..] = segments.as_slice() else {
        return None;
    };
    if first != "paths" {
        return None;
    }
    let operation = raw.get("paths")?.get(path)?.get(method)?;
    let name = match operation.get("operationId").and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() => id.to_owned(),
        _ => format!("{method} {path}"),
    };
    let (what, tail) = match rest {
        [body, content, _, schema, tail @ ..]
            if body == "requestBody" && content == "content" && schema == "schema" =>
        {
            ("request".to_owned(), tail)
        }
        [responses, _, content, _, schema, tail @ ..]
            if responses == "responses" && content == "content" && schema == "schema" =>
        {
            ("response".to_owned(), tail)
        }
        [parameters, index, schema, tail @ ..]
            if parameters == "parameters" && schema == "schema" =>
        {
            let parameter = operation
                .get("parameters")?
                .get(index.parse::<usize>().ok()?)?;
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("param");
            (name.to_owned(), tail)
        }
        _ => return None,
    };
    let tail: Vec<&str> = tail
        .iter()
        .map(String::as_str)
        .filter(|segment| {
            !matches!(
                *segment,
                "properties" | "items" | "allOf" | "oneOf" | "anyOf" | "additionalProperties"
            ) && segment.parse::<usize>().is_err()
        })
        .collect();
    Some(
        format!("{name} {what} {}", tail.join(" "))
            .trim()
            .to_owned(),
    )
}

/// `#/components/<section of kind>/<name>`: looked up by the model directly.
fn is_component(reference: &str, kind: Kind) -> bool {
    let Some(section) = kind.components_section() else {
        return false;
    };
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.contains('/'))
}

/// Decodes each target, and the targets of targets that are references.
fn decode_all<T: DeserializeOwned>(
    raw: &Value,
    references: BTreeSet<String>,
    kind: Kind,
    into: &mut BTreeMap<String, ReferenceOr<T>>,
) {
    let mut pending: Vec<(String, usize)> = references.into_iter().map(|r| (r, 0)).collect();
    while let Some((reference, depth)) = pending.pop() {
        if into.contains_key(&reference) || depth > MAX_CHAIN {
            continue;
        }
        let Some(target) = pointer::resolve(raw, &reference) else {
            continue;
        };
        let Ok(decoded) = serde_json::from_value::<ReferenceOr<T>>(target.clone()) else {
            continue;
        };
        if let ReferenceOr::Reference { reference: next } = &decoded {
            if next.starts_with("#/") && !is_component(next, kind) {
                pending.push((next.clone(), depth + 1));
            }
        }
        into.insert(reference, decoded);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_outside_their_section_are_decoded_by_kind() {
        let raw = json!({
            "paths": {
                "/me": {"put": {
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}},
                    "responses": {"204": {"description": "done"}},
                }},
                "/users": {"post": {
                    "parameters": [{"$ref": "#/paths/~1me/put/parameters/0"}],
                    "requestBody": {"$ref": "#/paths/~1me/put/requestBody"},
                    "responses": {"204": {"$ref": "#/paths/~1me/put/responses/204"}},
                }},
            },
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B/$defs/C"},
                "B": {"$defs": {"C": {"type": "string"}}},
                "U": {"oneOf": [{"$ref": "#/components/schemas/A"}], "discriminator": {"propertyName": "k", "mapping": {"a": "#/$defs/X"}}},
            }},
        });
        let refs = collect(&raw);
        assert_eq!(
            refs.request_bodies.keys().collect::<Vec<_>>(),
            ["#/paths/~1me/put/requestBody"]
        );
        assert_eq!(
            refs.responses.keys().collect::<Vec<_>>(),
            ["#/paths/~1me/put/responses/204"]
        );
        // The parameter list it points into is empty: nothing to decode.
        assert!(refs.parameters.is_empty());
        assert_eq!(
            refs.schemas.keys().collect::<Vec<_>>(),
            ["#/components/schemas/B/$defs/C"]
        );
    }
}
