//! Locks the generated client for `spec/openapi.json`.
//!
//! A spec change shows up here as a reviewable diff: first in the compact API
//! surface (one line per operation, one block per type), then per generated
//! file. Review with `cargo insta review`; `generated_client_is_fresh` fails
//! until `cargo xtask regen --offline` updates the checked-in crate.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec_and_config() -> (String, generator::Config) {
    let spec = std::fs::read_to_string(root().join("spec/openapi.json"))
        .expect("spec/openapi.json is readable");
    let config =
        generator::Config::load(&root().join("spec/generator.toml")).expect("the config loads");
    (spec, config)
}

#[test]
fn api_surface() {
    let (spec, config) = spec_and_config();
    let surface = generator::api_surface(&spec, &config).expect("the spec generates");
    insta::assert_snapshot!("api_surface", surface);
}

#[test]
fn generated_source_per_file() {
    let (spec, config) = spec_and_config();
    let generated = generator::generate(&spec, &config).expect("the spec generates");
    let mut snapshotted = 0;
    for file in &generated.files {
        // The runtime is copied verbatim from templates/, which is reviewed as
        // ordinary source; snapshot only what the generator writes.
        if file.path.starts_with("src/runtime/") || file.path.starts_with("examples/") {
            continue;
        }
        let name = format!("source__{}", file.path.replace('/', "__"));
        insta::assert_snapshot!(name, &file.contents);
        snapshotted += 1;
    }
    assert!(
        snapshotted >= 6,
        "expected lib, conventions, types, apis and group files; got {snapshotted}"
    );
}

/// The checked-in `generated-client/` is exactly what the generator makes.
#[test]
fn generated_client_is_fresh() {
    let (spec, config) = spec_and_config();
    let generated = generator::generate(&spec, &config).expect("the spec generates");
    let crate_dir = root().join("generated-client");
    let mut stale = Vec::new();
    for file in &generated.files {
        let on_disk = std::fs::read_to_string(crate_dir.join(&file.path)).unwrap_or_default();
        if on_disk != file.contents {
            stale.push(file.path.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "generated-client/ is stale (run `cargo xtask regen --offline`): {stale:?}"
    );
}

/// Generating twice gives byte-identical output.
#[test]
fn generation_is_deterministic() {
    let (spec, config) = spec_and_config();
    let first = generator::generate(&spec, &config).expect("the spec generates");
    let second = generator::generate(&spec, &config).expect("the spec generates");
    assert_eq!(first.files, second.files);
}
