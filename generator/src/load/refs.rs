//! References in the (3.0-shaped) document: the ones `openapiv3` and the
//! model cannot follow are copied in place (path items, security schemes),
//! and the ones that point at nothing are read one way, with a warning:
//! a schema as any JSON value, a parameter as absent, a body as any JSON.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::pointer::{self, Frame};
use super::walk::{self, Dialect, Kind};
use crate::Warning;

/// Longest chain of references to references that is followed.
const MAX_CHAIN: usize = 16;

/// Copies the targets of path item and security scheme references in place:
/// `openapiv3` keeps path item references unresolved, and the model names
/// schemes by their key.
pub fn resolve_inline_refs(document: &mut Value, warnings: &mut Vec<Warning>) {
    let mut found: Vec<(Kind, String, String)> = Vec::new();
    walk::walk_document(
        document,
        Dialect::OpenApi3,
        &mut |kind, frame: &Frame<'_>, value: &Value| {
            if matches!(kind, Kind::PathItem | Kind::SecurityScheme) {
                if let Some(reference) = walk::reference_of(value) {
                    found.push((kind, frame.pointer(), reference.to_owned()));
                }
            }
        },
    );
    let mut removals = Vec::new();
    for (kind, at, reference) in found {
        let target = follow(document, &reference);
        let Some(slot) = document.pointer_mut(at.trim_start_matches('#')) else {
            continue;
        };
        match target {
            Some(target) => *slot = target,
            None => {
                warnings.push(Warning::new(
                    &at,
                    format!(
                        "`$ref: {reference}` does not lead to {}; ignored",
                        kind.noun()
                    ),
                ));
                removals.push(at);
            }
        }
    }
    remove_all(document, &removals);
}

/// The object a reference leads to through any chain of references.
fn follow(document: &Value, reference: &str) -> Option<Value> {
    let mut reference = reference.to_owned();
    for _ in 0..MAX_CHAIN {
        let target = pointer::resolve(document, &reference)?;
        match walk::reference_of(target) {
            Some(next) => reference = next.to_owned(),
            None => return target.is_object().then(|| target.clone()),
        }
    }
    None
}

/// Reads every reference that points at nothing (or into a file that was
/// not bundled), and rewrites percent-encoded ones to the plain pointer the
/// model looks up.
pub fn read_dangling_refs(document: &mut Value, warnings: &mut Vec<Warning>) {
    // Distinct references first: a big spec has tens of thousands, of a few
    // thousand targets.
    let mut references: BTreeSet<String> = BTreeSet::new();
    walk::walk_document(
        document,
        Dialect::OpenApi3,
        &mut |kind, _: &Frame<'_>, value: &Value| {
            if kind == Kind::MappingValue {
                return;
            }
            if let Some(reference) = walk::reference_of(value) {
                if !references.contains(reference) {
                    references.insert(reference.to_owned());
                }
            }
        },
    );
    // `None`: points at nothing; `Some(plain)`: rewrite to `plain`.
    let mut fixes: BTreeMap<String, Option<String>> = BTreeMap::new();
    for reference in references {
        let resolves =
            reference.starts_with('#') && pointer::resolve(document, &reference).is_some();
        if !resolves {
            fixes.insert(reference, None);
        } else if reference.contains('%') {
            if let Some(segments) = pointer::fragment_segments(&reference) {
                let plain = pointer::from_segments(&segments);
                if plain != reference {
                    fixes.insert(reference, Some(plain));
                }
            }
        }
    }
    if fixes.is_empty() {
        return;
    }
    let mut sites: Vec<(Kind, String, String)> = Vec::new();
    walk::walk_document(
        document,
        Dialect::OpenApi3,
        &mut |kind, frame: &Frame<'_>, value: &Value| {
            if kind == Kind::MappingValue {
                return;
            }
            if let Some(reference) = walk::reference_of(value) {
                if fixes.contains_key(reference) {
                    sites.push((kind, frame.pointer(), reference.to_owned()));
                }
            }
        },
    );
    let mut removals = Vec::new();
    for (kind, at, reference) in sites {
        let Some(node) = document.pointer_mut(at.trim_start_matches('#')) else {
            continue;
        };
        let Some(object) = node.as_object_mut() else {
            continue;
        };
        if let Some(Some(plain)) = fixes.get(&reference) {
            object.insert("$ref".to_owned(), Value::String(plain.clone()));
            continue;
        }
        let nothing = format!("`$ref: {reference}` points at nothing");
        let (remove, reading) = read_nothing(kind, Dialect::OpenApi3, node);
        if remove {
            removals.push(at.clone());
        }
        warnings.push(Warning::new(at, format!("{nothing}; {reading}")));
    }
    remove_all(document, &removals);
}

/// How a reference to nothing is read, by the kind of thing it stands for:
/// a schema as any JSON value, a body as any JSON value, anything else as
/// absent. Rewrites `node` (the reference object) in place, or returns
/// `true` when it is to be removed; also returns the reading, for the warning.
pub fn read_nothing(kind: Kind, dialect: Dialect, node: &mut Value) -> (bool, &'static str) {
    match (kind, dialect) {
        (Kind::Schema, _) => {
            if let Some(object) = node.as_object_mut() {
                object.remove("$ref");
            }
            (false, "read as any JSON value (`serde_json::Value`)")
        }
        (Kind::Response, Dialect::OpenApi3) => {
            *node = json!({"description": "", "content": {"application/json": {"schema": {}}}});
            (false, "read as a response whose body is any JSON value")
        }
        (Kind::Response, Dialect::Swagger2) => {
            *node = json!({"description": "", "schema": {}});
            (false, "read as a response whose body is any JSON value")
        }
        (Kind::RequestBody, _) => {
            *node = json!({"content": {"application/json": {"schema": {}}}});
            (false, "read as an optional body of any JSON value")
        }
        _ => (true, "ignored"),
    }
}

/// Removes the values at `pointers` from their objects or arrays.
pub fn remove_all(document: &mut Value, pointers: &[String]) {
    // Array elements last to first, so earlier indices stay valid.
    let mut parsed: Vec<Vec<String>> = pointers
        .iter()
        .filter_map(|pointer| pointer::fragment_segments(pointer))
        .collect();
    parsed.sort_by(|a, b| {
        let key = |segments: &Vec<String>| {
            segments
                .iter()
                .map(|s| {
                    s.parse::<usize>()
                        .map_or((0, s.clone()), |n| (n + 1, String::new()))
                })
                .collect::<Vec<_>>()
        };
        key(b).cmp(&key(a))
    });
    for segments in parsed {
        let Some((last, parents)) = segments.split_last() else {
            continue;
        };
        let parent = pointer::from_segments(parents);
        match document.pointer_mut(parent.trim_start_matches('#')) {
            Some(Value::Object(object)) => {
                object.shift_remove(last);
            }
            Some(Value::Array(items)) => {
                if let Ok(index) = last.parse::<usize>() {
                    if index < items.len() {
                        items.remove(index);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dangling_references_are_read_by_kind() {
        let mut document = json!({
            "paths": {"/p": {"post": {
                "parameters": [{"$ref": "#/components/parameters/Gone"}, {"name": "q", "in": "query"}, {"$ref": "#/nope"}],
                "requestBody": {"$ref": "#/components/requestBodies/Gone"},
                "responses": {
                    "200": {"$ref": "#/components/responses/Gone"},
                    "201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone", "description": "d"}}}},
                },
            }}},
            "components": {"schemas": {"Here": {"$ref": "#/components/schemas/Here%20Too"}, "Here Too": {}}},
        });
        let mut warnings = Vec::new();
        read_dangling_refs(&mut document, &mut warnings);
        let post = &document["paths"]["/p"]["post"];
        assert_eq!(post["parameters"], json!([{"name": "q", "in": "query"}]));
        assert_eq!(
            post["requestBody"],
            json!({"content": {"application/json": {"schema": {}}}})
        );
        assert_eq!(
            post["responses"]["200"]["content"]["application/json"]["schema"],
            json!({})
        );
        assert_eq!(
            post["responses"]["201"]["content"]["application/json"]["schema"],
            json!({"description": "d"})
        );
        assert_eq!(
            document["components"]["schemas"]["Here"],
            json!({"$ref": "#/components/schemas/Here Too"})
        );
        assert_eq!(warnings.len(), 5, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .all(|w| w.location.starts_with("#/paths/~1p/post/"))
        );
    }

    #[test]
    fn path_item_and_security_scheme_refs_are_copied() {
        let mut document = json!({
            "paths": {"/a": {"get": {"responses": {}}}, "/b": {"$ref": "#/paths/~1a"}, "/c": {"$ref": "#/nope"}},
            "components": {"securitySchemes": {"k": {"$ref": "#/components/securitySchemes/real"}, "real": {"type": "http", "scheme": "basic"}}},
        });
        let mut warnings = Vec::new();
        resolve_inline_refs(&mut document, &mut warnings);
        assert_eq!(document["paths"]["/b"], json!({"get": {"responses": {}}}));
        assert!(document["paths"].get("/c").is_none());
        assert_eq!(
            document["components"]["securitySchemes"]["k"]["scheme"],
            json!("basic")
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location, "#/paths/~1c");
    }
}
