//! Multi-file specs → one document. Every `$ref` to another file
//! (`./schemas/pet.yaml#/Pet`, `https://…/common.json#/Error`) is read
//! through the caller's [`Resolver`], and its target is copied into the
//! components section of its kind (`#/components/schemas/Pet`) once; every
//! reference to it then points there, so cycles across files close inside
//! the one document. Path items (and kinds without a section) are copied in
//! place. References inside a copied part resolve against the file it came
//! from.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use url::Url;

use super::pointer::{self, Frame};
use super::refs::{read_nothing, remove_all};
use super::source::{Resolver, to_location};
use super::walk::{self, Dialect, Kind};
use crate::error::escape_pointer;
use crate::{Error, Warning};

/// More copies than any real spec needs: past this, the spec is refused
/// rather than grow without bound.
const MAX_COPIES: usize = 10_000;

/// The document with every other file's part copied in.
pub struct Bundled {
    pub document: Value,
    /// Pointer of a copied part → where it came from (`schemas/pet.yaml#/Pet`).
    pub origins: Vec<(String, String)>,
}

/// Bundles `root` (read from `base`). Without external references the
/// document comes back untouched.
pub fn bundle(
    root: Value,
    dialect: Dialect,
    base: Option<&Url>,
    resolver: Option<&dyn Resolver>,
    warnings: &mut Vec<Warning>,
) -> Result<Bundled, Error> {
    let mut bundler = Bundler {
        dialect,
        base: base.map(without_fragment),
        resolver,
        documents: BTreeMap::new(),
        placed: BTreeMap::new(),
        names: BTreeMap::new(),
        origins: Vec::new(),
        jobs: vec![Job {
            at: Vec::new(),
            source: None,
            kind: None,
            copied: Vec::new(),
        }],
        copies: 0,
        removals: Vec::new(),
        warnings,
        root,
    };
    while let Some(job) = bundler.jobs.pop() {
        bundler.run(job)?;
    }
    remove_all(&mut bundler.root, &bundler.removals);
    Ok(Bundled {
        document: bundler.root,
        origins: bundler.origins,
    })
}

/// A part of the root document whose references still need resolving.
struct Job {
    /// Where it is in the root document.
    at: Vec<String>,
    /// The document it came from; `None` for the root's own content.
    source: Option<Url>,
    /// `None` for the whole document.
    kind: Option<Kind>,
    /// The references whose copies this part sits in: one of them again is a
    /// cycle, which copying would never finish.
    copied: Vec<String>,
}

/// One reference found in a part.
struct Found {
    kind: Kind,
    /// Segments of the reference object (or mapping value) in the root.
    at: Vec<String>,
    reference: String,
}

enum Placement {
    /// Point the reference here.
    Ref(String),
    /// Replace the reference object with this content from this document.
    Copy(Value, Url),
    /// The file exists but has nothing there: left for the dangling-reference reading.
    Missing,
}

struct Bundler<'r, 'w> {
    dialect: Dialect,
    base: Option<Url>,
    resolver: Option<&'r dyn Resolver>,
    /// Parsed documents by URL (without fragment).
    documents: BTreeMap<String, Value>,
    /// Absolute reference → the internal reference its copy got.
    placed: BTreeMap<String, String>,
    /// Names taken per section.
    names: BTreeMap<&'static str, BTreeSet<String>>,
    origins: Vec<(String, String)>,
    jobs: Vec<Job>,
    copies: usize,
    /// Reference objects read as absent, removed once bundling is done.
    removals: Vec<String>,
    warnings: &'w mut Vec<Warning>,
    root: Value,
}

impl Bundler<'_, '_> {
    fn run(&mut self, job: Job) -> Result<(), Error> {
        let found = self.references_in(&job);
        for reference in found {
            self.resolve(&job, reference)?;
        }
        Ok(())
    }

    /// The references of a part that point outside the root document (for
    /// the root's own content) or anywhere (for a part from another file,
    /// whose `#/…` references mean that file).
    fn references_in(&self, job: &Job) -> Vec<Found> {
        let Some(content) = get(&self.root, &job.at) else {
            return Vec::new();
        };
        let from_root = job.source.is_none();
        let base = pointer::from_segments(&job.at);
        let frame = Frame::at(&base);
        let mut found = Vec::new();
        let mut collect = |kind: Kind, frame: &Frame<'_>, value: &Value| {
            let reference = match kind {
                Kind::MappingValue => value.as_str().filter(|value| is_reference(value)),
                _ => walk::reference_of(value),
            };
            let Some(reference) = reference else { return };
            if from_root && reference.starts_with('#') {
                return;
            }
            found.push(Found {
                kind,
                at: segments_of(&frame.pointer()),
                reference: reference.to_owned(),
            });
        };
        walk::walk(content, job.kind, self.dialect, &frame, &mut collect);
        // Resolved in document order; jobs are taken from the end.
        found
    }

    fn resolve(&mut self, job: &Job, found: Found) -> Result<(), Error> {
        let here = pointer::from_segments(&found.at);
        let Some(source) = job.source.as_ref().or(self.base.as_ref()) else {
            return Err(Error::new(
                here,
                format!(
                    "`$ref: {}` points into another file, which cannot be read without the spec's \
                     location: generate from the file or URL (`generator::generate_from`)",
                    found.reference
                ),
            ));
        };
        let target = source.join(&found.reference).map_err(|err| {
            Error::new(
                &here,
                format!(
                    "`$ref: {}` is not a valid reference: {err}",
                    found.reference
                ),
            )
        })?;
        let placement = if self.base.as_ref() == Some(&without_fragment(&target)) {
            // Back into the root document: an ordinary internal reference.
            let internal = format!("#{}", target.fragment().unwrap_or(""));
            match found.kind {
                Kind::PathItem => match pointer::resolve(&self.root, &internal) {
                    Some(item) => Placement::Copy(item.clone(), without_fragment(&target)),
                    None => Placement::Missing,
                },
                _ => Placement::Ref(internal),
            }
        } else {
            self.place(found.kind, &target, &here)?
        };
        match placement {
            Placement::Ref(internal) => {
                if let Some(node) = get_mut(&mut self.root, &found.at) {
                    match found.kind {
                        Kind::MappingValue => *node = Value::String(internal),
                        _ => {
                            if let Some(object) = node.as_object_mut() {
                                object.insert("$ref".to_owned(), Value::String(internal));
                            }
                        }
                    }
                }
            }
            Placement::Copy(_, _) if job.copied.iter().any(|c| c == target.as_str()) => {
                self.removals.push(here.clone());
                self.warnings.push(Warning::new(
                    &here,
                    format!(
                        "`$ref: {}` leads back to itself through copied path items; ignored",
                        self.display(&target)
                    ),
                ));
            }
            Placement::Copy(content, from) => {
                self.copies += 1;
                if self.copies > MAX_COPIES {
                    return Err(Error::new(
                        here,
                        format!("more than {MAX_COPIES} path items copied from other files"),
                    ));
                }
                if let Some(node) = get_mut(&mut self.root, &found.at) {
                    *node = content;
                }
                let root_content = Some(&from) == self.base.as_ref();
                let mut copied = job.copied.clone();
                copied.push(target.as_str().to_owned());
                self.jobs.push(Job {
                    at: found.at,
                    source: (!root_content).then_some(from),
                    kind: Some(found.kind),
                    copied,
                });
            }
            Placement::Missing => {
                // Read now: the bundled document must not refer to files.
                let nothing = format!("`$ref: {}` points at nothing", self.display(&target));
                let dialect = self.dialect;
                if let Some(node) = get_mut(&mut self.root, &found.at) {
                    let (remove, reading) = match found.kind {
                        Kind::MappingValue => (true, "ignored"),
                        kind => read_nothing(kind, dialect, node),
                    };
                    if remove {
                        // Removed at the end: removing now would move the
                        // positions other references were found at.
                        self.removals.push(here.clone());
                    }
                    self.warnings
                        .push(Warning::new(&here, format!("{nothing}; {reading}")));
                }
            }
        }
        Ok(())
    }

    /// Copies the target of an external reference into the root (once).
    fn place(&mut self, kind: Kind, target: &Url, here: &str) -> Result<Placement, Error> {
        if let Some(internal) = self.placed.get(target.as_str()) {
            return Ok(Placement::Ref(internal.clone()));
        }
        let document_url = without_fragment(target);
        let fragment = format!("#{}", target.fragment().unwrap_or(""));
        let document = self.document(&document_url, here)?;
        let Some(content) = pointer::resolve(document, &fragment).cloned() else {
            return Ok(Placement::Missing);
        };
        let section = match self.dialect {
            Dialect::OpenApi3 => kind.components_section(),
            Dialect::Swagger2 => kind.swagger2_section(),
        };
        let Some(section) = section else {
            return Ok(Placement::Copy(content, document_url));
        };
        let name = self.unique_name(section, &name_for(target));
        let at: Vec<String> = match self.dialect {
            Dialect::OpenApi3 => vec!["components".into(), section.into(), name],
            Dialect::Swagger2 => vec![section.into(), name],
        };
        insert(&mut self.root, &at, content).map_err(|blocker| {
            Error::new(
                blocker,
                "is not an object, so the parts of other files cannot be added to it",
            )
        })?;
        let internal = pointer::from_segments(&at);
        self.placed
            .insert(target.as_str().to_owned(), internal.clone());
        self.origins.push((internal.clone(), self.display(target)));
        let kind = if kind == Kind::MappingValue {
            Kind::Schema
        } else {
            kind
        };
        self.jobs.push(Job {
            at,
            source: Some(document_url),
            kind: Some(kind),
            copied: Vec::new(),
        });
        Ok(Placement::Ref(internal))
    }

    /// The parsed document at `url`, read through the resolver once.
    fn document(&mut self, url: &Url, here: &str) -> Result<&Value, Error> {
        let key = url.as_str().to_owned();
        if !self.documents.contains_key(&key) {
            let location = to_location(url).ok_or_else(|| {
                Error::new(
                    here,
                    format!("`{url}` is neither a file nor an http(s) URL"),
                )
            })?;
            let resolver = self.resolver.ok_or_else(|| {
                Error::new(
                    here,
                    format!("`{url}` cannot be read: no resolver was given"),
                )
            })?;
            let text = resolver
                .read(&location)
                .map_err(|err| Error::new(here, format!("cannot read `{location}`: {err}")))?;
            let mut warnings = Vec::new();
            let value = super::parse::parse_text(&text, &mut warnings).map_err(|err| {
                Error::new(
                    here,
                    format!("`{location}` does not parse: {}", err.message),
                )
            })?;
            let file = self.display(url);
            self.warnings.extend(warnings.into_iter().map(|warning| {
                Warning::new(format!("{file}{}", warning.location), warning.message)
            }));
            self.documents.insert(key.clone(), value);
        }
        Ok(&self.documents[&key])
    }

    fn unique_name(&mut self, section: &'static str, wanted: &str) -> String {
        let existing: Vec<String> = match self.dialect {
            Dialect::OpenApi3 => self.root.get("components").and_then(|c| c.get(section)),
            Dialect::Swagger2 => self.root.get(section),
        }
        .and_then(Value::as_object)
        .map(|entries| entries.keys().cloned().collect())
        .unwrap_or_default();
        let taken = self.names.entry(section).or_default();
        taken.extend(existing);
        let mut name = wanted.to_owned();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        name
    }

    /// A reference as the user wrote it, relative to the root where possible.
    fn display(&self, url: &Url) -> String {
        self.base
            .as_ref()
            .and_then(|base| base.make_relative(url))
            .filter(|relative| !relative.starts_with("../../.."))
            .unwrap_or_else(|| match to_location(url) {
                Some(location) => {
                    let fragment = url.fragment().map(|f| format!("#{f}")).unwrap_or_default();
                    format!("{location}{fragment}")
                }
                None => url.to_string(),
            })
    }
}

/// Whether a discriminator mapping value is a reference rather than a schema name.
fn is_reference(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.contains('#')
        || value.contains('/')
        || [".json", ".yaml", ".yml"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// `pet.yaml#/Pet` → `Pet`; `schemas/Pet.yaml` → `Pet`.
fn name_for(target: &Url) -> String {
    let fragment = target.fragment().unwrap_or("");
    let last = pointer::fragment_segments(&format!("#{fragment}")).and_then(|segments| {
        segments
            .into_iter()
            .rev()
            .find(|s| s.parse::<usize>().is_err() && !s.is_empty())
    });
    let stem = target
        .path_segments()
        .and_then(|mut segments| segments.next_back().map(str::to_owned))
        .map(|file| file.split('.').next().unwrap_or("").to_owned())
        .filter(|stem| !stem.is_empty());
    match (last, stem) {
        (Some(last), _) => last,
        (None, Some(stem)) => stem,
        (None, None) => "External".to_owned(),
    }
}

fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    url
}

fn segments_of(pointer: &str) -> Vec<String> {
    pointer::fragment_segments(pointer).unwrap_or_default()
}

fn get<'v>(value: &'v Value, at: &[String]) -> Option<&'v Value> {
    at.iter().try_fold(value, |node, segment| match node {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

fn get_mut<'v>(value: &'v mut Value, at: &[String]) -> Option<&'v mut Value> {
    at.iter().try_fold(value, |node, segment| match node {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Inserts `content` at `at`, creating objects on the way. `Err` names the
/// pointer of a non-object in the way.
fn insert(root: &mut Value, at: &[String], content: Value) -> Result<(), String> {
    let Some((last, parents)) = at.split_last() else {
        return Err("#".to_owned());
    };
    let mut node = root;
    let mut walked = String::from("#");
    for segment in parents {
        let Value::Object(map) = node else {
            return Err(walked);
        };
        walked.push('/');
        walked.push_str(&escape_pointer(segment));
        node = map
            .entry(segment.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    match node {
        Value::Object(map) => {
            map.insert(last.clone(), content);
            Ok(())
        }
        _ => Err(walked),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::load::source::Location;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(path, text)| (format!("/spec/{path}"), (*text).to_owned()))
            .collect()
    }

    fn bundle_files(root: Value, files: &BTreeMap<String, String>) -> Result<Bundled, Error> {
        let resolver = |location: &Location| match location {
            Location::File(path) => files
                .get(&path.to_string_lossy().into_owned())
                .cloned()
                .ok_or_else(|| "no such file".to_owned()),
            Location::Url(url) => Err(format!("no network: {url}")),
        };
        let base = Url::parse("file:///spec/openapi.yaml").unwrap();
        bundle(
            root,
            Dialect::OpenApi3,
            Some(&base),
            Some(&resolver),
            &mut Vec::new(),
        )
    }

    #[test]
    fn external_schemas_become_components_and_cycles_close() {
        let files = files(&[
            (
                "schemas/pet.yaml",
                "Pet:\n  type: object\n  properties:\n    owner: {$ref: 'owner.yaml'}\n",
            ),
            (
                "schemas/owner.yaml",
                "type: object\nproperties:\n  pets:\n    type: array\n    items: {$ref: 'pet.yaml#/Pet'}\n  best: {$ref: '#/definitions/Best'}\ndefinitions:\n  Best: {type: string}\n",
            ),
        ]);
        let root = json!({
            "openapi": "3.0.3",
            "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "./schemas/pet.yaml#/Pet"}}}}}}}},
            "components": {"schemas": {"Pet": {"type": "string"}}},
        });
        let bundled = bundle_files(root, &files).unwrap();
        let document = bundled.document;
        assert_eq!(
            document["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Pet2"})
        );
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Pet2"]["properties"]["owner"],
            json!({"$ref": "#/components/schemas/owner"})
        );
        assert_eq!(
            schemas["owner"]["properties"]["pets"]["items"],
            json!({"$ref": "#/components/schemas/Pet2"})
        );
        assert_eq!(
            schemas["owner"]["properties"]["best"],
            json!({"$ref": "#/components/schemas/Best"})
        );
        assert_eq!(schemas["Best"], json!({"type": "string"}));
        assert_eq!(schemas["Pet"], json!({"type": "string"}));
        assert!(
            bundled.origins.contains(&(
                "#/components/schemas/Pet2".to_owned(),
                "schemas/pet.yaml#/Pet".to_owned()
            )),
            "{:?}",
            bundled.origins
        );
    }

    #[test]
    fn path_items_are_copied_in_place_and_other_kinds_go_to_their_section() {
        let files = files(&[
            (
                "paths/pets.yaml",
                "get:\n  parameters: [{$ref: '../common.yaml#/components/parameters/Limit'}]\n  responses:\n    '404': {$ref: '../common.yaml#/components/responses/NotFound'}\n",
            ),
            (
                "common.yaml",
                "components:\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n  responses:\n    NotFound: {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n  schemas:\n    Problem: {type: object}\n",
            ),
        ]);
        let root = json!({"openapi": "3.0.3", "paths": {"/pets": {"$ref": "paths/pets.yaml"}}});
        let document = bundle_files(root, &files).unwrap().document;
        let get = &document["paths"]["/pets"]["get"];
        assert_eq!(
            get["parameters"][0],
            json!({"$ref": "#/components/parameters/Limit"})
        );
        assert_eq!(
            get["responses"]["404"],
            json!({"$ref": "#/components/responses/NotFound"})
        );
        assert_eq!(
            document["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Problem"})
        );
        assert_eq!(
            document["components"]["schemas"]["Problem"],
            json!({"type": "object"})
        );
    }

    #[test]
    fn without_a_location_an_external_reference_is_refused_where_it_is() {
        let root =
            json!({"openapi": "3.0.3", "components": {"schemas": {"A": {"$ref": "b.yaml#/B"}}}});
        let err = bundle(root, Dialect::OpenApi3, None, None, &mut Vec::new())
            .err()
            .unwrap();
        assert_eq!(err.location, "#/components/schemas/A");
        assert!(err.message.contains("another file"), "{err}");
    }

    #[test]
    fn an_unreadable_file_is_refused_and_a_missing_fragment_read_as_nothing() {
        let files = files(&[("b.yaml", "B: {type: string}\n")]);
        let root =
            json!({"openapi": "3.0.3", "components": {"schemas": {"A": {"$ref": "nope.yaml#/B"}}}});
        let err = bundle_files(root, &files).err().unwrap();
        assert!(err.message.contains("cannot read"), "{err}");
        let root = json!({"openapi": "3.0.3", "components": {"schemas": {"A": {"$ref": "b.yaml#/C", "description": "d"}}},
            "paths": {"/p": {"get": {"parameters": [{"$ref": "b.yaml#/P"}, {"name": "q", "in": "query"}]}}}});
        let document = bundle_files(root, &files).unwrap().document;
        assert_eq!(
            document["components"]["schemas"]["A"],
            json!({"description": "d"})
        );
        assert_eq!(
            document["paths"]["/p"]["get"]["parameters"],
            json!([{"name": "q", "in": "query"}])
        );
    }

    #[test]
    fn a_path_item_that_copies_itself_stops() {
        let files = files(&[
            ("a.yaml", "$ref: 'b.yaml'\n"),
            ("b.yaml", "$ref: 'a.yaml'\n"),
        ]);
        let root = json!({"openapi": "3.0.3", "paths": {"/a": {"$ref": "a.yaml"}}});
        let mut warnings = Vec::new();
        let resolver = |location: &Location| match location {
            Location::File(path) => files
                .get(&path.to_string_lossy().into_owned())
                .cloned()
                .ok_or_else(|| "no such file".to_owned()),
            Location::Url(_) => Err("no network".to_owned()),
        };
        let base = Url::parse("file:///spec/openapi.yaml").unwrap();
        let bundled = bundle(
            root,
            Dialect::OpenApi3,
            Some(&base),
            Some(&resolver),
            &mut warnings,
        )
        .unwrap();
        assert!(
            bundled.document["paths"].get("/a").is_none(),
            "{}",
            bundled.document
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains("leads back to itself")),
            "{warnings:?}"
        );
    }

    #[test]
    fn references_in_examples_are_data() {
        let root = json!({"openapi": "3.0.3", "components": {"examples": {"E": {"value": {"$ref": "https://x/y"}}}}});
        let bundled = bundle(root.clone(), Dialect::OpenApi3, None, None, &mut Vec::new()).unwrap();
        assert_eq!(bundled.document, root);
    }
}
