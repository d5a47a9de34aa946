//! Prism's copy of a spec whose recursive schemas Prism 5 cannot load.
//!
//! Prism 5.14.2 dereferences the whole document into one object graph
//! (`@stoplight/json-schema-ref-parser` 9.2.7) and then `decycle`s it
//! (`@stoplight/json` 3.21.7). Both walk every *simple path* through that
//! graph: the ref parser re-crawls a schema it has already dereferenced
//! whenever it reaches it again outside its cache (every component is also
//! reached directly under `components`), and `decycle` forgets an object once
//! it leaves it, so it only cuts true cycles and copies everything else. On a
//! densely recursive schema graph the number of simple paths explodes: from
//! Stripe's `charge` alone there are more than 10^7 (schema-level), through its
//! expandable fields `anyOf: [string, {$ref: customer}]` and the `$ref`s in
//! `x-expansionResources`. Prism then never listens.
//!
//! What Prism does with a schema that only a response uses: its static mock
//! generator (`@stoplight/json-schema-sampler` 0.3.0) follows `oneOf[0]`, else
//! `anyOf[0]`, and never reads an `x-` extension; with `--errors` it then
//! checks that body against the schema and answers 500 if it fails. So in such
//! schemas (those that no parameter or request body reaches) Prism's copy keeps
//! only the first branch of each `anyOf` and drops `x-` extensions that hold a
//! `$ref`. Every request verdict and every mock body stays the same; the check
//! of the body can only get stricter (`anyOf: [a]` accepts less than `anyOf:
//! [a, b]`), so a difference would show as a 500 (`other`), never hide one.
//! `oneOf` is left alone: one branch fewer there would accept more. This is
//! only done when the graph is too big for Prism ([`PATH_BUDGET`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::prism_copy::NAME_MAPS;

/// Simple paths through the `$ref` graph above which Prism 5 does not start
/// in minutes (GitHub's spec, which it loads, has far fewer; Stripe's far more).
pub const PATH_BUDGET: usize = 1_000_000;

/// Values that are literal data, never schemas.
const LITERALS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// The components that hold schemas a response may use (not `examples`,
/// which are literal data that Prism may answer with).
const PRUNED_COMPONENTS: &[&str] = &["schemas", "responses", "headers"];

/// What [`prune_response_schemas`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Pruned {
    /// Simple paths through the `$ref` graph before and after, each counted
    /// up to just past the budget (over it, Prism may still not start).
    pub paths_before: usize,
    pub paths_after: usize,
    /// `anyOf` lists cut to their first branch.
    pub branches_cut: usize,
    /// `x-` extensions removed because they hold a `$ref`.
    pub extensions_dropped: usize,
    /// JSON pointers of the pruned subtrees (components and responses).
    pub pruned: Vec<String>,
}

/// Prunes the schemas only responses use, when the `$ref` graph has more
/// than [`PATH_BUDGET`] simple paths; `None` when Prism can read it as it is.
pub fn prune_response_schemas(document: &mut Value) -> Option<Pruned> {
    prune_over(document, PATH_BUDGET)
}

fn prune_over(document: &mut Value, budget: usize) -> Option<Pruned> {
    let paths_before = simple_paths(document, budget + 1);
    if paths_before <= budget {
        return None;
    }
    let protected = request_side(document);
    let mut targets = Vec::new();
    // Every component a request part does not reach, …
    if let Some(components) = document.get("components").and_then(Value::as_object) {
        for (kind, entries) in components {
            if !PRUNED_COMPONENTS.contains(&kind.as_str()) {
                continue;
            }
            for name in entries.as_object().into_iter().flat_map(|e| e.keys()) {
                targets.push(format!("/components/{}/{}", escape(kind), escape(name)));
            }
        }
    }
    // … and every operation's responses.
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if operation.get("responses").is_some() {
                    targets.push(format!(
                        "/paths/{}/{}/responses",
                        escape(path),
                        escape(method)
                    ));
                }
            }
        }
    }
    targets.retain(|target| {
        !protected
            .iter()
            .any(|p| p == target || p.starts_with(&format!("{target}/")))
    });
    let (mut branches_cut, mut extensions_dropped) = (0, 0);
    for target in &targets {
        if let Some(node) = document.pointer_mut(target) {
            // A component is one object (a schema, a response, …); an
            // operation's `responses` maps status codes to responses.
            let names = target.starts_with("/paths/");
            prune(node, names, &mut branches_cut, &mut extensions_dropped);
        }
    }
    let paths_after = simple_paths(document, budget + 1);
    Some(Pruned {
        paths_before,
        paths_after,
        branches_cut,
        extensions_dropped,
        pruned: targets,
    })
}

/// Cuts `anyOf` to its first branch and drops `x-` extensions
/// holding a `$ref`, below `node` (not inside literal data, and treating the
/// keys of name maps such as `properties` as names).
fn prune(node: &mut Value, names: bool, cut: &mut usize, dropped: &mut usize) {
    match node {
        Value::Object(map) => {
            if !names {
                let before = map.len();
                map.retain(|key, value| !(key.starts_with("x-") && holds_ref(value)));
                *dropped += before - map.len();
            }
            for (key, child) in map.iter_mut() {
                if names {
                    prune(child, false, cut, dropped);
                    continue;
                }
                if LITERALS.contains(&key.as_str()) {
                    continue;
                }
                if let ("anyOf", Value::Array(branches)) = (key.as_str(), &mut *child)
                    && branches.len() > 1
                {
                    branches.truncate(1);
                    *cut += 1;
                }
                prune(child, NAME_MAPS.contains(&key.as_str()), cut, dropped);
            }
        }
        Value::Array(items) => {
            for item in items {
                prune(item, false, cut, dropped);
            }
        }
        _ => {}
    }
}

fn holds_ref(node: &Value) -> bool {
    match node {
        Value::Object(map) => map.contains_key("$ref") || map.values().any(holds_ref),
        Value::Array(items) => items.iter().any(holds_ref),
        _ => false,
    }
}

/// The local `$ref` targets (JSON pointers) below `node`.
fn refs_below(node: &Value, into: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(pointer) = target.strip_prefix('#')
            {
                into.insert(pointer.to_owned());
            }
            map.values().for_each(|child| refs_below(child, into));
        }
        Value::Array(items) => items.iter().for_each(|child| refs_below(child, into)),
        _ => {}
    }
}

/// Every pointer a request part reaches: the `$ref`s outside `components`
/// and outside operations' `responses`, and whatever they reach in turn.
fn request_side(document: &Value) -> BTreeSet<String> {
    let mut roots = BTreeSet::new();
    if let Some(root) = document.as_object() {
        for (key, child) in root {
            match key.as_str() {
                "components" => {}
                "paths" => {
                    for item in child.as_object().into_iter().flat_map(|p| p.values()) {
                        for (method, part) in item.as_object().into_iter().flatten() {
                            match part.as_object() {
                                Some(operation) if method != "parameters" => {
                                    for (key, value) in operation {
                                        if key != "responses" {
                                            refs_below(value, &mut roots);
                                        }
                                    }
                                }
                                _ => refs_below(part, &mut roots),
                            }
                        }
                    }
                }
                _ => refs_below(child, &mut roots),
            }
        }
    }
    let graph = ref_graph(document);
    let mut reached = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(pointer) = stack.pop() {
        if reached.insert(pointer.clone()) {
            stack.extend(graph.get(&pointer).into_iter().flatten().cloned());
        }
    }
    reached
}

/// Each local `$ref` target and the targets of the `$ref`s inside it.
fn ref_graph(document: &Value) -> BTreeMap<String, Vec<String>> {
    let mut targets = BTreeSet::new();
    refs_below(document, &mut targets);
    targets
        .into_iter()
        .map(|pointer| {
            let mut edges = BTreeSet::new();
            if let Some(node) = document.pointer(&pointer) {
                refs_below(node, &mut edges);
            }
            (pointer, edges.into_iter().collect())
        })
        .collect()
}

/// The number of simple paths through the `$ref` graph, starting at every
/// target (what Prism's dereference and `decycle` walk), counted up to `cap`.
pub fn simple_paths(document: &Value, cap: usize) -> usize {
    let graph = ref_graph(document);
    // By index: this walk can take millions of steps.
    let index: BTreeMap<&str, usize> = graph
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = graph
        .values()
        .map(|targets| {
            targets
                .iter()
                .filter_map(|t| index.get(t.as_str()).copied())
                .collect()
        })
        .collect();
    let mut on_path = vec![false; edges.len()];
    let mut total = 0;
    for root in 0..edges.len() {
        on_path[root] = true;
        let mut stack = vec![(root, 0)];
        while let Some((node, next)) = stack.last_mut() {
            let Some(&child) = edges[*node].get(*next) else {
                on_path[*node] = false;
                stack.pop();
                continue;
            };
            *next += 1;
            if !on_path[child] {
                total += 1;
                if total >= cap {
                    return total;
                }
                on_path[child] = true;
                stack.push((child, 0));
            }
        }
    }
    total
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `n` resources, each with an expandable reference to every other one
    /// (Stripe's shape): more than (n-1)! simple paths from each.
    fn expandable_resources(n: usize) -> Value {
        let mut schemas = serde_json::Map::new();
        for i in 0..n {
            let mut properties = serde_json::Map::new();
            properties.insert("id".into(), json!({"type": "string"}));
            for j in (0..n).filter(|&j| j != i) {
                properties.insert(
                    format!("r{j}"),
                    json!({
                        "anyOf": [{"type": "string"}, {"$ref": format!("#/components/schemas/R{j}")}],
                        "x-expansionResources": {"oneOf": [{"$ref": format!("#/components/schemas/R{j}")}]}
                    }),
                );
            }
            schemas.insert(
                format!("R{i}"),
                json!({"type": "object", "properties": properties}),
            );
        }
        schemas.insert(
            "Filter".into(),
            json!({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Range"}]}),
        );
        schemas.insert(
            "Choice".into(),
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        );
        schemas.insert(
            "Range".into(),
            json!({"type": "object", "properties": {"gte": {"type": "integer"}}}),
        );
        json!({
            "openapi": "3.0.0",
            "paths": {"/r0": {"get": {
                "parameters": [{"name": "created", "in": "query", "schema": {"$ref": "#/components/schemas/Filter"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"anyOf": [{"$ref": "#/components/schemas/R0"}, {"$ref": "#/components/schemas/R1"}]},
                    "example": {"anyOf": [1, 2]}
                }}}}
            }}},
            "components": {
                "schemas": schemas,
                "examples": {"literal": {"value": {"anyOf": [1, 2], "x-link": {"$ref": "#/x"}}}}
            }
        })
    }

    /// A budget for small test graphs (the real one takes seconds to reach).
    const BUDGET: usize = 1000;

    #[test]
    fn a_small_graph_is_left_as_it_is() {
        let mut document = expandable_resources(4);
        let before = document.clone();
        // From each of R0…R3: 3 + 3×2 + 3×2×1 paths; and Filter → Range.
        assert_eq!(simple_paths(&document, usize::MAX), 4 * 15 + 1);
        assert_eq!(prune_over(&mut document, BUDGET), None);
        assert_eq!(document, before);
    }

    #[test]
    fn response_schemas_keep_their_first_any_of_branch_and_request_schemas_all() {
        let mut document = expandable_resources(6);
        // From each of R0…R5: 5 + 5×4 + 5×4×3 + 5×4×3×2 + 5! paths; and Filter → Range.
        assert_eq!(simple_paths(&document, usize::MAX), 6 * 325 + 1);
        let pruned = prune_over(&mut document, BUDGET).expect("6 resources are too many");
        assert_eq!(pruned.paths_before, BUDGET + 1);
        // What is left: the request's Filter → Range, and nothing through R*.
        assert_eq!(pruned.paths_after, 1);
        // 6×5 expandable properties plus the response's own anyOf.
        assert_eq!(pruned.branches_cut, 31);
        assert_eq!(pruned.extensions_dropped, 30);
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["R3"]["properties"]["r5"],
            json!({"anyOf": [{"type": "string"}]})
        );
        // The parameter's schema, and what it references, are untouched.
        assert_eq!(
            schemas["Filter"]["anyOf"][1]["$ref"],
            "#/components/schemas/Range"
        );
        assert!(
            !pruned
                .pruned
                .contains(&"/components/schemas/Filter".to_owned())
        );
        assert!(
            !pruned
                .pruned
                .contains(&"/components/schemas/Range".to_owned())
        );
        let media =
            &document["paths"]["/r0"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            media["schema"],
            json!({"anyOf": [{"$ref": "#/components/schemas/R0"}]})
        );
        // A oneOf keeps every branch: one fewer would accept more.
        assert!(
            pruned
                .pruned
                .contains(&"/components/schemas/Choice".to_owned())
        );
        assert_eq!(
            schemas["Choice"],
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
        // Example data is literal, even where it looks like a schema.
        assert_eq!(media["example"], json!({"anyOf": [1, 2]}));
        assert_eq!(
            document["components"]["examples"]["literal"]["value"],
            json!({"anyOf": [1, 2], "x-link": {"$ref": "#/x"}})
        );
    }

    #[test]
    fn properties_named_like_keywords_are_names() {
        let mut schema = json!({"type": "object", "properties": {
            "x-ref": {"$ref": "#/components/schemas/A"},
            "oneOf": {"type": "string"},
            "anyOf": {"anyOf": [{"type": "string"}, {"type": "integer"}]}
        }});
        let (mut cut, mut dropped) = (0, 0);
        prune(&mut schema, false, &mut cut, &mut dropped);
        assert_eq!((cut, dropped), (1, 0));
        assert_eq!(
            schema["properties"]["x-ref"]["$ref"],
            "#/components/schemas/A"
        );
        assert_eq!(
            schema["properties"]["anyOf"],
            json!({"anyOf": [{"type": "string"}]})
        );
    }

    #[test]
    fn simple_paths_stop_at_cycles() {
        // A → B → A: paths A→B and B→A (the way back to the start is cut).
        let document = json!({"components": {"schemas": {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}}}
        }}});
        assert_eq!(simple_paths(&document, usize::MAX), 2);
    }
}
