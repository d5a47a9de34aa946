//! A spec change read as a change to the generated crate's API.
//!
//! [`diff`] builds the [`model::Api`] of both specs and compares them:
//! operations paired by their HTTP identity (method and path) or their Rust
//! identity (group accessor and method name), see `identity.rs`; their
//! parameters by location and name (path parameters by place); the types by
//! Rust name and their fields by JSON name. Each [`Change`] says what a user
//! of the crate will notice, classed by [`Impact`]:
//!
//! - *compile*: code written against the previous crate stops compiling.
//! - *runtime*: something that worked now fails while running, either a
//!   deployed copy of the previous crate against the changed server (a
//!   parameter it never sends, a value it cannot decode) or the upgraded
//!   crate behaving differently (a scheme it now refuses, another server).
//!
//! `tests/tests/semver_agreement.rs` holds every compile class to
//! cargo-semver-checks' verdict on the generated crates.
//!
//! Rules, and why:
//!
//! - Server URL changed → runtime: clients built without an explicit base URL talk to another host.
//! - Operation removed → compile: its method and builder disappear (and runtime too
//!   when another endpoint now has its method name: code still calling it may compile).
//! - Operation added → additive: a new method.
//! - Endpoint moved (same Rust method, new path or HTTP method) → runtime: code compiles
//!   unchanged, but deployed clients call an endpoint the spec no longer has.
//! - Operation moved to another group (tag changed) → compile: the accessor changes, and with
//!   it the builder's module and often the method name.
//! - Operation renamed (new method or builder name: operationId changed, or a name clash)
//!   → compile. operationId or tag changed with the same Rust names → patch (docs only).
//! - Group added → additive; group removed → compile (its accessor, module and cargo feature).
//! - Path parameter renamed in place (`/pets/{id}` → `/pets/{petId}`) → patch: the
//!   argument keeps its place and the URL its shape.
//! - Operation deprecated → additive: `#[deprecated]` warns, never fails (Cargo counts it minor).
//! - Required parameter added → compile and runtime: a new positional argument, and the
//!   previous crate never sends it.
//! - Optional parameter added → additive: a new setter.
//! - Parameter removed or retyped → compile: the argument or setter is gone or changes type.
//! - Parameter optional → required → compile and runtime: the setter becomes an argument,
//!   and callers that skipped it are rejected.
//! - Parameter required → optional → compile: the argument becomes a setter.
//! - Request body added, removed, retyped or required-ness changed → compile (argument or
//!   setter); a body that becomes required also breaks callers that sent none.
//! - Response type changed → compile and runtime: `send()` returns another type, and the
//!   previous crate cannot decode the new body.
//! - Pagination gained → additive (`stream()`, `pages()`); lost → compile.
//! - Security alternative dropped (an endpoint stops accepting `ApiKeyAuth`) → runtime: the
//!   client refuses the call (`CredentialNotAccepted`) before sending it when only that
//!   credential is configured.
//!   A public endpoint that starts requiring credentials is the same.
//! - Security alternative added → additive.
//! - Type added → additive; removed, renamed or changed in kind → compile (and runtime
//!   for types decoded from responses).
//! - Request field added, required → compile and runtime: `new()` takes it, and the previous
//!   crate never sends it.
//! - Field added, optional or nullable → additive: structs are `#[non_exhaustive]` and
//!   `new()` leaves it `None`.
//! - Response field added, required → compile: reading code is unaffected, but `new()`
//!   (which fixtures and mocks use) gains an argument.
//! - Field removed → compile (the field is gone); also runtime when responses carried it as
//!   required (the previous crate fails to decode them without it).
//! - Field retyped → compile; also runtime in responses (the previous crate cannot decode it).
//! - Field required → optional → compile (`T` → `Option<T>`); runtime in responses (the
//!   previous crate fails when it is absent).
//! - Field optional → required → compile (`Option<T>` → `T`, `new()` takes it); runtime in
//!   requests (the previous crate may leave it out).
//! - Field becomes nullable → compile (`T` → `Option<T>`); runtime in responses when it was
//!   required (the previous crate fails on `null`).
//! - Field stops being nullable → compile; runtime in requests (the previous crate may send `null`).
//! - Enum value added → additive: enums are open (`Unknown(String)`) and `#[non_exhaustive]`.
//! - Enum value removed → compile (the variant is gone); runtime in requests (the server
//!   refuses it).
//! - Union variant added → additive: unions are `#[non_exhaustive]`; runtime when the union
//!   is untagged and received (the previous crate has no fallback for the new shape, where a
//!   tagged one decodes it as `Unknown`). Removed or retyped → compile.
//!
//! Where a type is used decides the rules for its fields: types reachable from
//! parameters or request bodies follow the request rules, types reachable from
//! responses (or error bodies) the response rules, and a type used by both, or
//! by neither (public all the same), follows whichever is stricter.

mod compare;
mod identity;
mod operations;
mod report;
mod types;
mod usage;

use std::fmt;

use crate::model::{self, Api};
use crate::{Config, Error, load};

/// Compares two specs (JSON or YAML text) as their generated crates would see them.
pub fn diff(old_spec: &str, new_spec: &str, config: &Config) -> Result<ApiDiff, Error> {
    crate::on_big_stack(|| {
        let old = build(old_spec, config, "old spec")?;
        let new = build(new_spec, config, "new spec")?;
        Ok(diff_apis(&old, &new))
    })
}

/// Compares two already-built models.
pub fn diff_apis(old: &Api, new: &Api) -> ApiDiff {
    let mut changes = compare::changes(old, new);
    changes.sort_by(|a, b| {
        (
            &a.section, a.impact, a.kind, &a.subject, &a.detail, &a.items,
        )
            .cmp(&(
                &b.section, b.impact, b.kind, &b.subject, &b.detail, &b.items,
            ))
    });
    changes.dedup();
    ApiDiff {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
    }
}

fn build(spec: &str, config: &Config, which: &str) -> Result<Api, Error> {
    let located = |err: Error| Error::new(format!("{which}: {}", err.location), err.message);
    let (document, raw) = load::load_document(spec).map_err(located)?;
    model::build(&document, &raw, config).map_err(located)
}

/// Everything that changed for users of the crate, in report order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// `info.version` of each spec.
    pub old_version: String,
    pub new_version: String,
    /// Sorted by section, then impact (most severe first), kind and subject.
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The version bump the changes call for: the largest any one of them needs.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|change| change.impact.bump())
            .max()
            .unwrap_or(Bump::None)
    }

    /// The changes that break users (compilation or run time).
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|change| change.impact.is_breaking())
    }

    /// The report for a pull request description.
    pub fn to_markdown(&self) -> String {
        report::markdown(self)
    }

    /// The same report as plain text, for the terminal.
    pub fn to_text(&self) -> String {
        report::text(self)
    }
}

/// One change a user of the crate can notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where the report lists it.
    pub section: Section,
    pub kind: ChangeKind,
    /// What changed: `GET /listings`, `Listing.list_price`, `ListingStatus::Sold`.
    pub subject: String,
    /// How, usually `old → new` in Rust terms.
    pub detail: String,
    pub impact: Impact,
    /// Why the impact is what it is, in terms of the crate's API.
    pub reason: String,
    /// The public Rust items it touches, as paths from the crate root
    /// (`apis::pets::Pets::get`, `apis::pets::GetPet::limit`, `types::Pet::name`,
    /// `Client::pets`), old and new names alike; empty when it touches none
    /// (a server URL, accepted credentials). For tools that cross-check the
    /// report, as the cargo-semver-checks agreement test does.
    pub items: Vec<String>,
}

/// A section of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Crate-wide: the default server URL.
    Client,
    /// A resource group, by its accessor (`listings`).
    Resource(String),
    /// Types used by several groups, or by none.
    SharedTypes,
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Section::Client => f.write_str("Client"),
            Section::Resource(accessor) => write!(f, "{accessor}()"),
            Section::SharedTypes => f.write_str("Shared types"),
        }
    }
}

/// What a user of the crate notices, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Existing code stops compiling, and deployed clients also fail.
    BreaksCompilationAndRuntime,
    /// Existing code stops compiling; deployed clients keep working.
    BreaksCompilation,
    /// Everything compiles, but calls or decoding that worked now fail.
    BreaksAtRuntime,
    /// New API; existing code is unaffected.
    Additive,
    /// No change to the public Rust API (names in docs only).
    Patch,
}

impl Impact {
    /// The impact of a change that breaks compilation and/or run time, or
    /// `fallback` when it breaks neither.
    pub fn of(compile: bool, runtime: bool, fallback: Impact) -> Impact {
        match (compile, runtime) {
            (true, true) => Impact::BreaksCompilationAndRuntime,
            (true, false) => Impact::BreaksCompilation,
            (false, true) => Impact::BreaksAtRuntime,
            (false, false) => fallback,
        }
    }

    pub fn breaks_compilation(self) -> bool {
        matches!(
            self,
            Impact::BreaksCompilationAndRuntime | Impact::BreaksCompilation
        )
    }

    pub fn breaks_at_runtime(self) -> bool {
        matches!(
            self,
            Impact::BreaksCompilationAndRuntime | Impact::BreaksAtRuntime
        )
    }

    pub fn is_breaking(self) -> bool {
        self.breaks_compilation() || self.breaks_at_runtime()
    }

    pub fn bump(self) -> Bump {
        match self {
            Impact::Additive => Bump::Minor,
            Impact::Patch => Bump::Patch,
            _ => Bump::Major,
        }
    }

    /// A short label for the report.
    pub fn label(self) -> &'static str {
        match self {
            Impact::BreaksCompilationAndRuntime => "breaks compilation and run time",
            Impact::BreaksCompilation => "breaks compilation",
            Impact::BreaksAtRuntime => "breaks at run time",
            Impact::Additive => "additive",
            Impact::Patch => "patch",
        }
    }
}

/// The kinds of change the diff detects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    ServerUrlChanged,
    OperationRemoved,
    OperationAdded,
    OperationMoved,
    OperationRegrouped,
    OperationRenamed,
    OperationRetagged,
    OperationIdChanged,
    OperationDeprecated,
    GroupAdded,
    GroupRemoved,
    ParameterRenamed,
    ParameterAdded,
    ParameterRemoved,
    ParameterRetyped,
    ParameterNowRequired,
    ParameterNowOptional,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyRetyped,
    RequestBodyNowRequired,
    RequestBodyNowOptional,
    ResponseRetyped,
    PaginationAdded,
    PaginationRemoved,
    SecurityRemoved,
    SecurityAdded,
    TypeRemoved,
    TypeAdded,
    TypeRenamed,
    TypeRetyped,
    /// A model no longer travels one way, so it loses that serde derive
    /// (unless the generated crate's `serde-both-ways` feature is on).
    SerdeDirectionDropped,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    FieldNowRequired,
    FieldNowOptional,
    FieldNowNullable,
    FieldNoLongerNullable,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
    VariantRetyped,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::ServerUrlChanged => "server URL changed",
            ChangeKind::OperationRemoved => "operation removed",
            ChangeKind::OperationAdded => "operation added",
            ChangeKind::OperationMoved => "endpoint moved",
            ChangeKind::OperationRegrouped => "operation moved to another group",
            ChangeKind::OperationRenamed => "operation renamed",
            ChangeKind::OperationRetagged => "tag changed",
            ChangeKind::OperationIdChanged => "operationId changed",
            ChangeKind::GroupAdded => "group added",
            ChangeKind::GroupRemoved => "group removed",
            ChangeKind::ParameterRenamed => "path parameter renamed",
            ChangeKind::OperationDeprecated => "operation deprecation",
            ChangeKind::ParameterAdded => "parameter added",
            ChangeKind::ParameterRemoved => "parameter removed",
            ChangeKind::ParameterRetyped => "parameter retyped",
            ChangeKind::ParameterNowRequired => "parameter now required",
            ChangeKind::ParameterNowOptional => "parameter now optional",
            ChangeKind::RequestBodyAdded => "request body added",
            ChangeKind::RequestBodyRemoved => "request body removed",
            ChangeKind::RequestBodyRetyped => "request body retyped",
            ChangeKind::RequestBodyNowRequired => "request body now required",
            ChangeKind::RequestBodyNowOptional => "request body now optional",
            ChangeKind::ResponseRetyped => "response retyped",
            ChangeKind::PaginationAdded => "pagination added",
            ChangeKind::PaginationRemoved => "pagination removed",
            ChangeKind::SecurityRemoved => "credential no longer accepted",
            ChangeKind::SecurityAdded => "credential now accepted",
            ChangeKind::TypeRemoved => "type removed",
            ChangeKind::TypeAdded => "type added",
            ChangeKind::TypeRenamed => "type renamed",
            ChangeKind::TypeRetyped => "type changed kind",
            ChangeKind::SerdeDirectionDropped => "serde direction dropped",
            ChangeKind::FieldAdded => "field added",
            ChangeKind::FieldRemoved => "field removed",
            ChangeKind::FieldRetyped => "field retyped",
            ChangeKind::FieldNowRequired => "field now required",
            ChangeKind::FieldNowOptional => "field now optional",
            ChangeKind::FieldNowNullable => "field now nullable",
            ChangeKind::FieldNoLongerNullable => "field no longer nullable",
            ChangeKind::EnumValueAdded => "enum value added",
            ChangeKind::EnumValueRemoved => "enum value removed",
            ChangeKind::VariantAdded => "union variant added",
            ChangeKind::VariantRemoved => "union variant removed",
            ChangeKind::VariantRetyped => "union variant retyped",
        }
    }
}

/// A semver bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The version after `bump`, as Cargo reads semver: below 1.0 the minor
/// number is the breaking one (`0.3.1` + major → `0.4.0`, + minor or patch →
/// `0.3.2`); from 1.0 each bump moves its own number. A pre-release or build
/// suffix is dropped by any bump.
pub fn next_version(current: &str, bump: Bump) -> Result<String, Error> {
    let invalid = || {
        Error::new(
            "version",
            format!("`{current}` is not a semver version (major.minor.patch)"),
        )
    };
    let core = current.split(['-', '+']).next().unwrap_or_default();
    let numbers: Vec<u64> = core
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| invalid())?;
    let [major, minor, patch] = numbers[..] else {
        return Err(invalid());
    };
    let next = match (bump, major) {
        (Bump::None, _) => return Ok(current.to_owned()),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
        (Bump::Major, _) => (major + 1, 0, 0),
        (Bump::Minor, _) => (major, minor + 1, 0),
        (Bump::Patch, _) => (major, minor, patch + 1),
    };
    Ok(format!("{}.{}.{}", next.0, next.1, next.2))
}
