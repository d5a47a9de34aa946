//! Generates a typed async Rust client crate from an OpenAPI 3.0 (or 3.1) document.
//!
//! The pipeline has four stages, one module each, and nothing from `openapiv3`
//! crosses from `model` into `emit`:
//!
//! 1. [`load`]: bytes (JSON or YAML) → a validated `openapiv3::OpenAPI`.
//! 2. [`model`]: resolve `$ref`s, name inline schemas, and build [`model::Api`].
//! 3. [`emit`]: `Api` + [`Config`] → token streams per file (`quote`).
//! 4. [`render`]: token streams → formatted source (`prettyplease`) plus the
//!    runtime and templates the crate carries.

pub mod config;
pub mod diff;
pub mod emit;
mod error;
pub mod load;
pub mod lock;
pub mod model;
pub mod render;

pub use config::Config;
pub use error::{Error, Warning};

use std::collections::BTreeMap;

/// One file of the generated crate, with its path relative to the crate root
/// (always `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// What [`generate`] produces: the files, a summary used to report changes,
/// and the warnings.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub summary: ApiSummary,
    /// Faults in the spec that were read one sane way, sorted and deduplicated.
    pub warnings: Vec<Warning>,
    /// The Rust names of the operations, for `generator.lock`.
    pub lock: lock::NameLock,
}

/// A compact, comparable description of an API's Rust surface.
///
/// Keys are stable identities (`"GET /listings"`, type names); values are a
/// one-line fingerprint that changes whenever the generated signature does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiSummary {
    pub operations: BTreeMap<String, String>,
    pub types: BTreeMap<String, String>,
}

/// Stack for the pipeline: deeply nested schemas recurse through serde,
/// the model and syn, and a hostile spec must get an error, never a stack
/// overflow (rustc runs its own work on a big stack for the same reason).
/// Only the pages actually touched are committed.
pub(crate) const PIPELINE_STACK: usize = 256 * 1024 * 1024;

/// Generates the client crate for `spec` (JSON or YAML text).
pub fn generate(spec: &str, config: &Config) -> Result<Generated, Error> {
    on_big_stack(|| {
        let (document, raw) = load::load_document(spec)?;
        let api = model::build(&document, &raw, config)?;
        let files = render::render(&api, config)?;
        Ok(Generated {
            files,
            summary: api.summary(),
            warnings: api.warnings.clone(),
            lock: lock::NameLock::of(&api),
        })
    })
}

/// Runs `work` on a thread with [`PIPELINE_STACK`] of stack.
pub(crate) fn on_big_stack<T: Send>(
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("generator".to_owned())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, work);
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
            // No thread to be had (resource limits): say so rather than risk the stack.
            Err(_) => Err(Error::new("#", "could not start the generator thread")),
        }
    })
}

/// Checks that `spec` is an OpenAPI 3.0/3.1 document the generator accepts and
/// returns it as canonical JSON: keys sorted, two-space indent, trailing newline.
pub fn normalize_spec(spec: &str) -> Result<String, Error> {
    let value = load::parse_text(spec)?;
    load::check_version(&value)?;
    load::load(spec)?;
    Ok(load::canonical_json(&value))
}

/// The generated crate's public surface as compact text: one line per
/// operation (HTTP method, path, Rust call, output, security) and one block
/// per type. This is what the API snapshot locks and reviewers read.
pub fn api_surface(spec: &str, config: &Config) -> Result<String, Error> {
    on_big_stack(|| {
        let (document, raw) = load::load_document(spec)?;
        let api = model::build(&document, &raw, config)?;
        Ok(emit::surface::api_surface(&api))
    })
}
