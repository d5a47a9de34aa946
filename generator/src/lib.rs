//! Generates a typed async Rust client crate from an OpenAPI 3.0, 3.1 or 3.2
//! (or Swagger 2.0) document, in one file or several.
//!
//! The pipeline has four stages, one module each, and nothing from `openapiv3`
//! crosses from `model` into `emit`:
//!
//! 1. [`load`]: text (JSON or YAML, and the files it refers to) → one
//!    `openapiv3::OpenAPI`, faults with one sane reading read that way.
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
pub use error::{Error, ErrorKind, Warning};
pub use load::{Location, Resolver, SpecSource};

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

/// How to treat the spec's faults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Every [`Warning`] is an error: for API owners who use the generator to
    /// check their spec.
    pub strict: bool,
}

/// Generates the client crate for `spec` (JSON or YAML text, one file),
/// reading faults leniently.
pub fn generate(spec: &str, config: &Config) -> Result<Generated, Error> {
    generate_from(&SpecSource::text(spec), config, &Options::default())
}

/// Generates the client crate for a spec that may refer to other files.
pub fn generate_from(
    source: &SpecSource<'_>,
    config: &Config,
    options: &Options,
) -> Result<Generated, Error> {
    on_big_stack(|| {
        let loaded = load::load_source(source)?;
        let api = model::build_with(&loaded.document, &loaded.raw, config, loaded.warnings)?;
        let warnings = relocated(&api.warnings, &loaded.relocation);
        if options.strict {
            strict(&warnings)?;
        }
        let files = render::render(&api, config)?;
        Ok(Generated {
            files,
            summary: api.summary(),
            warnings,
            lock: lock::NameLock::of(&api),
        })
    })
}

/// Reads a spec as [`generate_from`] does, without emitting code: its
/// warnings, or why it cannot be read (every warning, under `strict`).
pub fn check(
    source: &SpecSource<'_>,
    config: &Config,
    options: &Options,
) -> Result<Vec<Warning>, Error> {
    on_big_stack(|| {
        let loaded = load::load_source(source)?;
        let api = model::build_with(&loaded.document, &loaded.raw, config, loaded.warnings)?;
        let warnings = relocated(&api.warnings, &loaded.relocation);
        if options.strict {
            strict(&warnings)?;
        }
        Ok(warnings)
    })
}

/// Warnings with pointers into what the user wrote (the Swagger 2.0
/// document, the file a bundled part came from), sorted and deduplicated.
fn relocated(warnings: &[Warning], relocation: &load::Relocation) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = warnings
        .iter()
        .map(|warning| relocation.relocate(warning))
        .collect();
    warnings.sort();
    warnings.dedup();
    warnings
}

/// With [`Options::strict`], the first warning as an error.
fn strict(warnings: &[Warning]) -> Result<(), Error> {
    match warnings.first() {
        None => Ok(()),
        Some(first) => Err(Error::new(
            &first.location,
            format!(
                "{} (strict: {} warning{} in all)",
                first.message,
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" }
            ),
        )),
    }
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

/// A spec as one document, ready to vendor.
#[derive(Debug, Clone)]
pub struct Bundled {
    /// Canonical JSON: keys sorted, two-space indent, trailing newline.
    pub spec: String,
    /// Faults read while parsing and bundling (a key given twice, a number
    /// beyond 64-bit floats), which the canonical text no longer shows.
    pub warnings: Vec<Warning>,
}

/// Reads a spec and the files it refers to into one document, checks that
/// the generator can read it, and returns it as canonical JSON. The
/// document keeps the version it was written in (a Swagger 2.0 spec stays
/// 2.0).
pub fn bundle(source: &SpecSource<'_>, options: &Options) -> Result<Bundled, Error> {
    on_big_stack(|| {
        let mut warnings = Vec::new();
        let (value, _, _) = load::read_bundled(source, &mut warnings)?;
        let spec = load::canonical_json(&value);
        load::load_source(&SpecSource::text(&spec))?;
        warnings.sort();
        warnings.dedup();
        if options.strict {
            strict(&warnings)?;
        }
        Ok(Bundled { spec, warnings })
    })
}

/// Checks that `spec` is a document the generator can read and returns it
/// as canonical JSON: keys sorted, two-space indent, trailing newline.
pub fn normalize_spec(spec: &str) -> Result<String, Error> {
    bundle(&SpecSource::text(spec), &Options::default()).map(|bundled| bundled.spec)
}

/// The generated crate's public surface as compact text: one line per
/// operation (HTTP method, path, Rust call, output, security) and one block
/// per type. This is what the API snapshot locks and reviewers read.
pub fn api_surface(spec: &str, config: &Config) -> Result<String, Error> {
    on_big_stack(|| {
        let loaded = load::load_source(&SpecSource::text(spec))?;
        let api = model::build_with(&loaded.document, &loaded.raw, config, loaded.warnings)?;
        Ok(emit::surface::api_surface(&api))
    })
}
