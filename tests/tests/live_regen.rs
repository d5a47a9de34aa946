//! The first regen against the live spec keeps the Rust API.
//!
//! Every operationId and component name in `spec/openapi.json` is a guess: the docs
//! state neither. The live spec is served by a Swagger UI at `/v1/api-docs`, as NestJS
//! servers publish theirs, with ids like `ListingsController_findAll`, or none. Here
//! the vendored spec is rewritten that way by a deterministic transform, and generated
//! with the project's own `spec/generator.toml` and `spec/generator.lock`:
//!
//! - operationIds rewritten NestJS-style, every third one removed: the API surface
//!   snapshot is unchanged, the crate differs only in the operationId strings, the
//!   lock would not change, and the change report has nothing breaking;
//! - component schemas renamed as well (`ErrorCode` → `ErrorCodeEnum`): the error
//!   code type and the redacted billing-portal URL are found by their place in the API,
//!   while settings that name schemas report the rename with a suggestion;
//! - the `/v1` server path moved into the paths: the Rust calls stay the same;
//! - an operation added and one removed: the lock gains derived names and drops the old.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::{Config, GeneratedFile, diff::Bump};
use serde_json::Value;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> String {
    std::fs::read_to_string(root().join("spec/openapi.json"))
        .expect("spec/openapi.json is readable")
}

/// `spec/generator.toml` with the lock beside it, as `cargo xtask regen` reads them.
fn config() -> Config {
    Config::load(&root().join("spec/generator.toml")).expect("the config loads")
}

/// The API surface the snapshot test locks (`tests/tests/snapshots/snapshots__api_surface.snap`).
fn snapshot_surface() -> String {
    let text =
        std::fs::read_to_string(root().join("tests/tests/snapshots/snapshots__api_surface.snap"))
            .expect("the API surface snapshot is readable");
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .expect("the snapshot has a header");
    body.trim_end().to_owned()
}

fn each_operation(
    doc: &mut Value,
    mut visit: impl FnMut(&str, &str, &mut serde_json::Map<String, Value>),
) {
    let paths = doc["paths"].as_object_mut().expect("paths");
    for (path, item) in paths.iter_mut() {
        for (method, operation) in item.as_object_mut().expect("path item").iter_mut() {
            if METHODS.contains(&method.as_str()) {
                visit(path, method, operation.as_object_mut().expect("operation"));
            }
        }
    }
}

/// `logout-all` → `LogoutAll`.
fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
        .collect()
}

/// What a NestJS controller method for this endpoint is typically called.
fn handler(method: &str, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let by_id = segments.last().is_some_and(|last| last.starts_with('{'));
    let action = segments
        .iter()
        .rev()
        .find(|s| !s.starts_with('{'))
        .copied()
        .unwrap_or("root");
    match (method, segments.len(), by_id) {
        ("get", 1, _) => "findAll".to_owned(),
        ("get", _, true) => "findOne".to_owned(),
        ("post", 1, _) => "create".to_owned(),
        ("put" | "patch", _, true) => "update".to_owned(),
        ("delete", _, _) => "remove".to_owned(),
        ("post", _, _) => {
            let word = pascal(action);
            word[..1].to_ascii_lowercase() + &word[1..]
        }
        ("get", _, _) => format!("get{}", pascal(action)),
        (_, _, _) => format!("update{}", pascal(action)),
    }
}

/// The spec as a NestJS server would describe it: `<Tag>Controller_<handler>`
/// operationIds, and none at all on every third operation.
fn nestjs_operation_ids(spec: &str) -> String {
    let mut doc: Value = serde_json::from_str(spec).expect("spec is JSON");
    let mut used = BTreeSet::new();
    let mut count = 0;
    each_operation(&mut doc, |path, method, operation| {
        let tag = operation["tags"][0].as_str().unwrap_or("App");
        let base = format!("{}Controller_{}", pascal(tag), handler(method, path));
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}{n}");
            n += 1;
        }
        if count % 3 == 2 {
            operation.remove("operationId");
        } else {
            operation.insert("operationId".to_owned(), Value::String(id));
        }
        count += 1;
    });
    serde_json::to_string_pretty(&doc).expect("serializes")
}

/// Renames component schemas and every `$ref` to them.
fn rename_schemas(spec: &str, renames: &[(&str, &str)]) -> String {
    let mut doc: Value = serde_json::from_str(spec).expect("spec is JSON");
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    for (old, new) in renames {
        let schema = schemas.remove(*old).expect("the schema exists");
        schemas.insert((*new).to_owned(), schema);
    }
    fn walk(value: &mut Value, renames: &[(&str, &str)]) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    for (old, new) in renames {
                        if *reference == format!("#/components/schemas/{old}") {
                            *reference = format!("#/components/schemas/{new}");
                        }
                    }
                }
                map.values_mut().for_each(|child| walk(child, renames));
            }
            Value::Array(items) => items.iter_mut().for_each(|child| walk(child, renames)),
            _ => {}
        }
    }
    walk(&mut doc, renames);
    serde_json::to_string_pretty(&doc).expect("serializes")
}

/// Each operation's id in a generated crate, by `METHOD path` (from the static descriptors'
/// docs: `` /// `GET /listings` (listListings) ``).
fn descriptor_ids(files: &[GeneratedFile]) -> Vec<(String, String)> {
    let mut ids = Vec::new();
    for file in files {
        for line in file.contents.lines() {
            let Some(rest) = line.trim().strip_prefix("/// `") else {
                continue;
            };
            let Some((endpoint, id)) = rest.split_once("` (") else {
                continue;
            };
            if let Some(id) = id.strip_suffix(')') {
                ids.push((endpoint.to_owned(), id.to_owned()));
            }
        }
    }
    ids.sort();
    ids
}

/// The files with every operation's id replaced by its endpoint, so two crates that
/// differ only in operationIds compare equal.
fn without_ids(files: &[GeneratedFile]) -> Vec<(String, String)> {
    let mut ids = descriptor_ids(files);
    // Longest first, so that no id is replaced inside a longer one.
    ids.sort_by_key(|(_, id)| std::cmp::Reverse(id.len()));
    files
        .iter()
        .map(|file| {
            let mut contents = file.contents.clone();
            // The runtime is copied verbatim from templates/: no ids of this spec.
            let ids = if file.path.starts_with("src/runtime/") {
                &[][..]
            } else {
                &ids[..]
            };
            for (endpoint, id) in ids {
                contents = contents
                    .replace(&format!("\"{id}\""), &format!("\"<{endpoint}>\""))
                    .replace(&format!("({id})"), &format!("(<{endpoint}>)"));
            }
            (file.path.clone(), contents)
        })
        .collect()
}

#[test]
fn nestjs_operation_ids_change_no_rust_name() {
    let (spec, config) = (spec(), config());
    let nest = nestjs_operation_ids(&spec);
    let doc: Value = serde_json::from_str(&nest).expect("JSON");
    let mut ids = Vec::new();
    let mut without = 0;
    each_operation(&mut doc.clone(), |_, _, operation| {
        match operation.get("operationId") {
            Some(id) => ids.push(id.as_str().unwrap_or_default().to_owned()),
            None => without += 1,
        }
    });
    assert_eq!(ids.len() + without, 64, "every operation is visited");
    assert!(without >= 20, "{without} operations without an operationId");
    assert!(
        ids.contains(&"ListingsController_findAll".to_owned()),
        "{ids:?}"
    );
    assert!(ids.iter().all(|id| id.contains("Controller_")), "{ids:?}");

    // The API surface is the snapshot's, line for line.
    let surface = generator::api_surface(&nest, &config).expect("the rewritten spec generates");
    assert_eq!(surface.trim_end(), snapshot_surface());

    // The crate differs only in the operationId strings (descriptors, session conventions).
    let before = generator::generate(&spec, &config).expect("the spec generates");
    let after = generator::generate(&nest, &config).expect("the rewritten spec generates");
    let (after_files, before_files) = (without_ids(&after.files), without_ids(&before.files));
    assert_eq!(after_files.len(), before_files.len());
    for ((path, after), (before_path, before)) in after_files.iter().zip(&before_files) {
        assert_eq!(path, before_path);
        let changed = after.lines().zip(before.lines()).find(|(a, b)| a != b);
        assert!(
            changed.is_none() && after == before,
            "{path} differs beyond operationIds: {changed:?}"
        );
    }
    let new_ids = descriptor_ids(&after.files);
    assert!(
        new_ids.contains(&(
            "POST /auth/login".to_owned(),
            "AuthenticationController_login".to_owned()
        )),
        "{new_ids:?}"
    );
    assert!(
        new_ids
            .iter()
            .any(|(endpoint, id)| id == &endpoint.to_lowercase()),
        "operations without an id: {new_ids:?}"
    );

    // Regen would leave generator.lock as it is.
    assert_eq!(after.lock, before.lock);
    assert_eq!(
        after.lock.to_toml(),
        std::fs::read_to_string(root().join("spec/generator.lock")).expect("lock")
    );

    // `cargo xtask diff` finds nothing breaking: at most the operationIds in the docs.
    let diff = generator::diff::diff(&spec, &nest, &config).expect("the specs compare");
    let breaking: Vec<String> = diff
        .breaking()
        .map(|change| format!("{change:?}"))
        .collect();
    assert!(breaking.is_empty(), "{breaking:#?}");
    assert!(diff.bump() <= Bump::Patch, "{}", diff.to_text());
}

#[test]
fn the_checked_in_lock_is_what_the_spec_gives() {
    let generated = generator::generate(&spec(), &config()).expect("the spec generates");
    let lock =
        std::fs::read_to_string(root().join("spec/generator.lock")).expect("spec/generator.lock");
    assert_eq!(
        generated.lock.to_toml(),
        lock,
        "run `cargo xtask regen --offline`"
    );
}

#[test]
fn renamed_components_keep_error_types_and_redaction() {
    let (spec, config) = (spec(), config());
    let renames = [
        ("ErrorCode", "ErrorCodeEnum"),
        ("BillingPortalSession", "BillingPortalSessionDto"),
    ];
    let renamed = rename_schemas(&nestjs_operation_ids(&spec), &renames);
    let generated =
        generator::generate(&renamed, &config).expect("generates with the project's config");
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|file| file.path == path)
            .map(|file| file.contents.clone())
            .expect(path)
    };
    // `[errors] typed = true` finds the code and details types in the 4xx bodies.
    let conventions = file("src/conventions.rs");
    assert!(
        conventions.contains("crate::types::ErrorCodeEnum"),
        "{conventions}"
    );
    assert!(
        conventions.contains("crate::types::ErrorDetails"),
        "{conventions}"
    );
    // The `[sensitive]` place (`POST /billing/portal response /data/portal_url`) follows
    // the rename.
    // The `types` module: `src/types.rs` and the files of `src/types/`.
    let types: String = generated
        .files
        .iter()
        .filter(|file| file.path == "src/types.rs" || file.path.starts_with("src/types/"))
        .map(|file| file.contents.as_str())
        .collect();
    let debug = types
        .split("impl std::fmt::Debug for BillingPortalSessionDto")
        .nth(1)
        .expect("BillingPortalSessionDto has a redacting Debug");
    let debug = &debug[..debug.find("\n}\n").unwrap_or(debug.len())];
    assert!(
        debug.contains("crate::runtime::Redacted(&self.portal_url)"),
        "{debug}"
    );

    // Only the two types' names changed, and the diff says so (it is a breaking change:
    // a component rename renames the Rust type).
    let surface = generator::api_surface(&renamed, &config).expect("surface");
    let restored = surface
        .replace("ErrorCodeEnum", "ErrorCode")
        .replace("BillingPortalSessionDto", "BillingPortalSession");
    assert_ne!(surface, restored);
    assert_eq!(restored.trim_end(), snapshot_surface());
    let diff = generator::diff::diff(&spec, &renamed, &config).expect("the specs compare");
    for change in diff.breaking() {
        let text = format!("{} {}", change.subject, change.detail);
        assert!(
            text.contains("ErrorCode") || text.contains("BillingPortalSession"),
            "{change:?}"
        );
    }
    assert!(diff.breaking().count() > 0, "{}", diff.to_text());

    // `[rename.types]` keeps the old Rust names, for a rename the crate should not show.
    let keep = format!(
        "{}\n[rename.types]\nErrorCodeEnum = \"ErrorCode\"\nBillingPortalSessionDto = \"BillingPortalSession\"\n",
        std::fs::read_to_string(root().join("spec/generator.toml")).expect("config")
    );
    let mut keeping = Config::from_toml(&keep, "generator.toml").expect("parses");
    keeping.lock = config.lock.clone();
    let surface = generator::api_surface(&renamed, &keeping).expect("surface");
    assert_eq!(surface.trim_end(), snapshot_surface());
}

#[test]
fn settings_that_name_renamed_things_are_all_reported_with_suggestions() {
    let renames = [
        ("ErrorCode", "ErrorCodeEnum"),
        ("BillingPortalSession", "BillingPortalSessionDto"),
    ];
    let renamed = rename_schemas(&nestjs_operation_ids(&spec()), &renames);
    // The settings as they were before they named operations by method and path.
    let old_style = r##"
[envelope]
data = "data"

[errors]
code = "/error/code"
details = "/error/details"
code_schema = "ErrorCode"
details_schema = "ErrorDetails"

[session]
login = "loginUser"
refresh = "POST /v1/auth/refresh"
logout = ["POST /v1/auth/logoutt"]
refresh_token_field = "refreshToken"
access_token = "/data/accessToken"
refresh_token = "/data/refreshToken"

[rename.groups]
"Authentification" = "auth"

[rename.operations]
getUserProfile = "get_profile"

[sensitive]
add = ["#/components/schemas/BillingPortalSession/properties/portal_url"]
"##;
    let config = Config::from_toml(old_style, "generator.toml").expect("parses");
    let error =
        generator::api_surface(&renamed, &config).expect_err("the settings name what is gone");
    let message = error.to_string();
    assert_eq!(error.location, "generator.toml", "{message}");
    assert!(
        message.contains("6 settings refer to what the spec does not have"),
        "{message}"
    );
    for expected in [
        "[errors].code_schema: there is no schema `ErrorCode` in #/components/schemas; the 4xx bodies' \
         `/error/code` is `#/components/schemas/ErrorCodeEnum`: write `code_schema = \"ErrorCodeEnum\"`",
        "[session].login: there is no operation with operationId `loginUser`",
        "[session].logout: there is no operation `POST /v1/auth/logoutt`; closest: `POST /v1/auth/logout`",
        "[rename.groups].\"Authentification\": no operation has the tag `Authentification`; closest: `Authentication`",
        "[rename.operations].\"getUserProfile\": there is no operation with operationId `getUserProfile`",
        "[sensitive].add: `#/components/schemas/BillingPortalSession/properties/portal_url` is not the schema \
         pointer of any model field; closest: `#/components/schemas/BillingPortalSessionDto/properties/portal_url`",
    ] {
        assert!(message.contains(expected), "{expected}\nnot in:\n{message}");
    }
    // `details_schema` still exists under its name: no complaint.
    assert!(!message.contains("details_schema"), "{message}");
}

#[test]
fn a_server_path_moved_into_the_paths_keeps_the_rust_calls() {
    let mut doc: Value = serde_json::from_str(&nestjs_operation_ids(&spec())).expect("JSON");
    doc["servers"][0]["url"] = Value::String("https://api.actuallycare.com".to_owned());
    let paths = doc["paths"].as_object().expect("paths").clone();
    let moved: serde_json::Map<String, Value> = paths
        .into_iter()
        .map(|(path, item)| (format!("/v1{path}"), item))
        .collect();
    doc["paths"] = Value::Object(moved);
    let moved = serde_json::to_string(&doc).expect("serializes");
    let surface =
        generator::api_surface(&moved, &config()).expect("generates with the project's config");
    let restored: Vec<String> = surface
        .lines()
        .map(|line| line.replacen(" /v1/", " /", 1))
        .collect();
    assert_eq!(restored.join("\n").trim_end(), snapshot_surface());
}

#[test]
fn a_new_operation_joins_the_lock_and_a_removed_one_leaves_it() {
    let config = config();
    let mut doc: Value = serde_json::from_str(&nestjs_operation_ids(&spec())).expect("JSON");
    let paths = doc["paths"].as_object_mut().expect("paths");
    paths["/listings/{id}"]
        .as_object_mut()
        .expect("item")
        .remove("delete");
    let mut archive = paths["/contacts/{id}/archive"].clone();
    archive["patch"]["tags"] = serde_json::json!(["Listings"]);
    archive["patch"]["operationId"] = Value::String("ListingsController_archive".to_owned());
    paths.insert("/listings/{id}/archive".to_owned(), archive);
    let changed = serde_json::to_string(&doc).expect("serializes");

    let generated = generator::generate(&changed, &config).expect("generates");
    let lock = &generated.lock.operations;
    assert!(
        !lock.contains_key("DELETE /v1/listings/{id}"),
        "removed operations drop out"
    );
    let added = &lock["PATCH /v1/listings/{id}/archive"];
    assert_eq!(
        (
            added.group.as_str(),
            added.method.as_str(),
            added.builder.as_str()
        ),
        ("listings", "archive", "ListingsArchive")
    );
    assert_eq!(lock.len(), 64);
    // Everything else keeps its names.
    for (key, names) in &config.lock.operations {
        if key != "DELETE /v1/listings/{id}" {
            assert_eq!(lock.get(key), Some(names), "{key}");
        }
    }
    let surface = generator::api_surface(&changed, &config).expect("surface");
    assert!(
        surface.contains("PATCH /listings/{id}/archive  listings().archive(id: Uuid) -> Contact"),
        "{surface}"
    );
}
