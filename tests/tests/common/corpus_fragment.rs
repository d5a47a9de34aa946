//! Pieces of the real specs in `../shared/corpus`, taken as they are: some
//! operations (or schemas) and everything under `components` they reach, as a
//! small spec of their own. The corpus is read in place, never copied; a test
//! that uses it fails, naming the path, when it is missing.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

pub fn corpus() -> PathBuf {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    assert!(
        corpus.is_dir(),
        "this test reads real specs from {}; put the corpus of real-world specs there",
        corpus.display()
    );
    corpus
}

/// A corpus spec as JSON.
pub fn load(file: &str) -> Value {
    load_patched(file, &[])
}

/// A corpus spec as JSON, after replacing text that the loader cannot read yet
/// (each `(from, to)` must occur).
pub fn load_patched(file: &str, patches: &[(&str, &str)]) -> Value {
    let mut text =
        std::fs::read_to_string(corpus().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    for (from, to) in patches {
        assert!(
            text.contains(from),
            "{file} no longer contains `{from}`: drop the patch"
        );
        text = text.replace(from, to);
    }
    generator::load::parse_text(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// `value`, or what its local `$ref` points at.
pub fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("$ref #{pointer} does not resolve")),
        None => value,
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Copies into `components` every `#/components/<kind>/<name>` that `value`
/// reaches, transitively (examples too, so documented payloads stay resolvable).
pub fn reach(
    doc: &Value,
    value: &Value,
    components: &mut Value,
    seen: &mut BTreeSet<(String, String)>,
) {
    match value {
        Value::Object(map) => {
            let target = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/"));
            if let Some(rest) = target {
                let mut parts = rest.split('/');
                if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
                    let name = unescape(name);
                    if seen.insert((kind.to_owned(), name.clone())) {
                        let item = doc["components"][kind][&name].clone();
                        components[kind][&name] = item.clone();
                        reach(doc, &item, components, seen);
                    }
                }
            }
            map.values()
                .for_each(|child| reach(doc, child, components, seen));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|child| reach(doc, child, components, seen)),
        _ => {}
    }
}

/// A spec of `operations` (`(path, method)`) of `file` and what they reach.
pub fn operations(file: &str, operations: &[(&str, &str)], patches: &[(&str, &str)]) -> Value {
    let doc = load_patched(file, patches);
    let mut paths = json!({});
    let mut components = json!({});
    let mut seen = BTreeSet::new();
    for (path, method) in operations {
        let item = &doc["paths"][*path];
        let operation = item[*method].clone();
        assert!(operation.is_object(), "{file} has no {method} {path}");
        paths[*path][*method] = operation.clone();
        if let Some(parameters) = item.get("parameters") {
            paths[*path]["parameters"] = parameters.clone();
        }
        reach(&doc, &paths[*path], &mut components, &mut seen);
    }
    if let Some(schemes) = doc["components"].get("securitySchemes") {
        components["securitySchemes"] = schemes.clone();
    }
    let mut spec = json!({
        "openapi": doc["openapi"],
        "info": {"title": format!("Part of {file}"), "version": "1.0"},
        "paths": paths,
        "components": components,
    });
    if let Some(security) = doc.get("security") {
        spec["security"] = security.clone();
    }
    spec
}
