//! The copy of a spec that Prism reads, where Prism 5 cannot load the spec
//! as written.
//!
//! Prism 5.14.2 dereferences every `$ref` key in the document, including the
//! ones inside example data, which are literal values (3.0.3, Example Object:
//! `value` is an "embedded literal example"; 3.1 likewise). GitHub's SCIM
//! examples hold `{"$ref": "https://api.github.com/scim/v2/…"}`, a SCIM
//! attribute, and Prism exits with `ResolverError: Error downloading …`. In
//! Prism's copy those keys are renamed to [`RENAMED`]; nothing else changes,
//! so Prism validates requests against the same schemas. The client then
//! decodes such an example without that (optional, in GitHub) property.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Map, Value};

use crate::write::write_if_changed;

/// What a `$ref` key inside example data is called in Prism's copy.
pub const RENAMED: &str = "x-contract-literal-$ref";

/// Keys whose value is a map from names (of properties, paths, components,
/// media types, …) to objects: a child called `example` there is a name, not
/// example data.
pub(super) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
    "parameters",
    "headers",
    "responses",
    "requestBodies",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "encoding",
    "variables",
    "paths",
    "webhooks",
    "pathItems",
    "dependentSchemas",
];

/// The spec Prism is to read: `spec` itself, or a copy `dir/prism.json` with
/// the literal `$ref` keys of its examples renamed and, where its schemas are
/// too recursive for Prism, its response-only schemas pruned
/// ([`prism_prune`](super::prism_prune)); each change is announced on stdout.
pub fn for_prism(spec: &Path, dir: &Path) -> Result<PathBuf> {
    let text =
        std::fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
    let mut document = generator::load::parse_text(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let renamed = rename_example_refs(&mut document);
    let pruned = super::prism_prune::prune_response_schemas(&mut document);
    if renamed.is_empty() && pruned.is_none() {
        return Ok(spec.to_owned());
    }
    let copy = dir.join("prism.json");
    write_if_changed(&copy, &serde_json::to_string(&document)?)?;
    if let Some(first) = renamed.first() {
        println!(
            "{}: Prism reads a copy with {} `$ref` key(s) in example data renamed to `{RENAMED}` \
             (Prism 5 fault: it dereferences literal example values), first at {first}",
            spec.display(),
            renamed.len(),
        );
    }
    if let Some(pruned) = pruned {
        println!(
            "{}: Prism reads a copy in which {} schema(s) and response(s) that no request uses keep \
             only the first branch of each anyOf ({} cut) and lose {} `x-` extension(s) holding a \
             `$ref` (Prism 5 fault: it walks every simple path through the `$ref` graph, here over \
             {} of them, {}{} after). Request verdicts and mock bodies are unchanged (Prism's mock \
             generator reads only the first branch and no `x-` extension); Prism's check of its mock \
             bodies can only be stricter, so any difference shows as a 500 (`other`)",
            spec.display(),
            pruned.pruned.len(),
            pruned.branches_cut,
            pruned.extensions_dropped,
            super::prism_prune::PATH_BUDGET,
            if pruned.paths_after > super::prism_prune::PATH_BUDGET {
                "still over "
            } else {
                ""
            },
            pruned.paths_after.min(super::prism_prune::PATH_BUDGET),
        );
    }
    Ok(copy)
}

/// Renames every `$ref` key inside example data of `document`; returns the
/// JSON pointers of the renamed keys (empty: the spec needs no copy).
pub fn rename_example_refs(document: &mut Value) -> Vec<String> {
    let mut renamed = Vec::new();
    walk_document(document, "", false, &mut renamed);
    renamed
}

fn walk_document(node: &mut Value, pointer: &str, names: bool, renamed: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let at = format!("{pointer}/{}", escape(key));
                if names {
                    walk_document(child, &at, false, renamed);
                    continue;
                }
                match (key.as_str(), &mut *child) {
                    ("example", child) => rename_in(child, &at, renamed),
                    // JSON Schema's `examples` (3.1): a list of literal values.
                    ("examples", Value::Array(items)) => {
                        for (index, item) in items.iter_mut().enumerate() {
                            rename_in(item, &format!("{at}/{index}"), renamed);
                        }
                    }
                    // A map of Example Objects (media types, parameters, components).
                    ("examples", Value::Object(examples)) => {
                        for (name, example) in examples.iter_mut() {
                            let at = format!("{at}/{}", escape(name));
                            if let Some(value) = example.get_mut("value") {
                                rename_in(value, &format!("{at}/value"), renamed);
                            }
                        }
                    }
                    (key, child) => walk_document(child, &at, NAME_MAPS.contains(&key), renamed),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk_document(item, &format!("{pointer}/{index}"), false, renamed);
            }
        }
        _ => {}
    }
}

/// Inside example data every key is literal.
fn rename_in(node: &mut Value, pointer: &str, renamed: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(key, value)| {
                        if key == "$ref" {
                            renamed.push(format!("{pointer}/$ref"));
                            (RENAMED.to_owned(), value)
                        } else {
                            (key, value)
                        }
                    })
                    .collect::<Map<_, _>>();
            }
            for (key, child) in map.iter_mut() {
                rename_in(child, &format!("{pointer}/{}", escape(key)), renamed);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                rename_in(item, &format!("{pointer}/{index}"), renamed);
            }
        }
        _ => {}
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_ref_keys_inside_example_data_are_renamed() {
        let mut document = json!({
            "paths": {"/groups": {"get": {"responses": {"200": {
                "description": "ok",
                "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Group"},
                    "examples": {
                        "inline": {"value": {"members": [{"value": "1", "$ref": "https://example.invalid/Users/1"}]}},
                        "shared": {"$ref": "#/components/examples/group"}
                    }
                }}
            }}}}},
            "components": {
                "schemas": {"Group": {
                    "type": "object",
                    "properties": {
                        "members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}},
                        "example": {"$ref": "#/components/schemas/Member"}
                    },
                    "example": {"members": [{"$ref": "https://example.invalid/Users/2"}]},
                    "examples": [{"$ref": "https://example.invalid/Users/3"}]
                }},
                "examples": {"group": {"value": {"$ref": "https://example.invalid/Groups/1"}}}
            }
        });
        let mut renamed = rename_example_refs(&mut document);
        renamed.sort();
        assert_eq!(
            renamed,
            [
                "/components/examples/group/value/$ref",
                "/components/schemas/Group/example/members/0/$ref",
                "/components/schemas/Group/examples/0/$ref",
                "/paths/~1groups/get/responses/200/content/application~1json/examples/inline/value/members/0/$ref",
            ]
        );
        // Reference Objects stay, including a property that happens to be called `example`.
        let group = &document["components"]["schemas"]["Group"];
        assert_eq!(
            group["properties"]["example"]["$ref"],
            "#/components/schemas/Member"
        );
        assert_eq!(
            group["properties"]["members"]["items"]["$ref"],
            "#/components/schemas/Member"
        );
        let media =
            &document["paths"]["/groups"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["$ref"], "#/components/schemas/Group");
        assert_eq!(
            media["examples"]["shared"]["$ref"],
            "#/components/examples/group"
        );
        // The literal keeps its value under the new key.
        assert_eq!(
            document["components"]["examples"]["group"]["value"][RENAMED],
            "https://example.invalid/Groups/1"
        );
    }

    #[test]
    fn a_spec_without_literal_refs_needs_no_copy() {
        let mut document =
            json!({"components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}}});
        assert!(rename_example_refs(&mut document).is_empty());
    }
}
