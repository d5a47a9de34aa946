//! Models derive serde only in the direction they travel (`model/directions.rs`):
//! `Deserialize` for what responses bring, `Serialize` for what requests send, both
//! for a type that does both or that no operation uses. The cargo feature
//! `serde-both-ways` adds the other direction to every model.
//!
//! Checked on the model, and on what the compiler sees: a probe program asks, for
//! each model, whether it implements `Serialize` and `Deserialize`, once with the
//! feature off and once with it on. The checked-in ActuallyCare crate must be
//! clippy-clean both ways too (the workspace builds it with `mock`, so with the
//! feature, only).

#[path = "common/live_probe.rs"]
mod live_probe;

use std::path::PathBuf;
use std::process::Command;

use generator::model::Directions;

/// `Thing` comes only in responses, and reaches `Part` through a field, `Tag`
/// through an array and `Circle` through a union without discriminator (`Shape`).
/// `OrderInput` is only sent, and reaches the enum `Kind`; `Note` goes both ways;
/// `Unused` is used by no operation and reaches `Loose`.
const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Directions, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: A thing.
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/OrderInput'}}}
      responses:
        '204': {description: Accepted.}
  /notes:
    put:
      operationId: putNote
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
      responses:
        '200':
          description: The note as stored.
          content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
components:
  schemas:
    Thing:
      type: object
      required: [part]
      properties:
        part: {$ref: '#/components/schemas/Part'}
        tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}
        shape: {$ref: '#/components/schemas/Shape'}
    Part: {type: object, properties: {serial: {type: string}}}
    Tag: {type: object, properties: {label: {type: string}}}
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Circle'}
        - {type: string}
    Circle: {type: object, required: [radius], properties: {radius: {type: number}}}
    OrderInput:
      type: object
      required: [kind]
      properties:
        kind: {$ref: '#/components/schemas/Kind'}
        note: {type: string, nullable: true}
    Kind: {type: string, enum: [rush, normal]}
    Note: {type: object, properties: {text: {type: string}}}
    Unused: {type: object, properties: {loose: {$ref: '#/components/schemas/Loose'}}}
    Loose: {type: object, properties: {x: {type: integer}}}
"##;

/// Each model with whether it travels in requests and in responses.
const EXPECTED: &[(&str, bool, bool)] = &[
    ("Circle", false, true),
    ("Kind", true, false),
    ("Loose", true, true),
    ("Note", true, true),
    ("OrderInput", true, false),
    ("Part", false, true),
    ("Shape", false, true),
    ("Tag", false, true),
    ("Thing", false, true),
    ("Unused", true, true),
];

#[test]
fn the_model_marks_the_directions_each_type_travels() {
    let (document, raw) = generator::load::load_document(SPEC).expect("the spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("the spec builds");
    let found: Vec<(&str, bool, bool)> = api
        .types
        .iter()
        .map(|def| {
            let Directions { request, response } = def.directions;
            (def.name.as_str(), request, response)
        })
        .collect();
    assert_eq!(found, EXPECTED);
}

/// Prints `<type> <Serialize?> <Deserialize?>` for each model: an inherent method
/// of `Probe<T>` under a `T: Serialize` bound wins over the trait method of the
/// same name, which answers `false`, so each line is what the compiler knew.
fn program() -> String {
    let mut checks = String::new();
    for (name, _, _) in EXPECTED {
        checks.push_str(&format!(
            "    println!(\"{name} {{}} {{}}\", Probe::<types::{name}>(PhantomData).serialize(), Probe::<types::{name}>(PhantomData).deserialize());\n"
        ));
    }
    format!(
        r##"use std::marker::PhantomData;

use probe_serde_directions::types;

struct Probe<T>(PhantomData<T>);

trait Fallback {{
    fn serialize(&self) -> bool {{
        false
    }}
    fn deserialize(&self) -> bool {{
        false
    }}
}}

impl<T> Fallback for Probe<T> {{}}

impl<T: serde::Serialize> Probe<T> {{
    fn serialize(&self) -> bool {{
        true
    }}
}}

impl<T: serde::de::DeserializeOwned> Probe<T> {{
    fn deserialize(&self) -> bool {{
        true
    }}
}}

fn main() {{
{checks}}}
"##
    )
}

/// The lines the probe prints when built with `features`.
fn impls_with(features: &[&str]) -> Vec<String> {
    let binary =
        live_probe::build_with_features("serde_directions", SPEC, "", &program(), features);
    let output = Command::new(&binary).output().expect("run the probe");
    assert!(
        output.status.success(),
        "the probe failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn models_implement_serde_in_their_directions_and_both_with_the_feature() {
    let one_way: Vec<String> = EXPECTED
        .iter()
        .map(|(name, request, response)| format!("{name} {request} {response}"))
        .collect();
    assert_eq!(impls_with(&[]), one_way, "without `serde-both-ways`");
    let both_ways: Vec<String> = EXPECTED
        .iter()
        .map(|(name, _, _)| format!("{name} true true"))
        .collect();
    assert_eq!(
        impls_with(&["serde-both-ways"]),
        both_ways,
        "with `serde-both-ways`"
    );
}

fn cargo_clippy_actuallycare(features: &[&str]) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&repo)
        .args([
            "clippy",
            "--package",
            "actuallycare",
            "--all-targets",
            "--message-format=short",
            "--features",
            &features.join(","),
            "--",
            "-D",
            "warnings",
        ])
        // The generated crates' target directory (`common/generated.rs`), not
        // the one this test runs from, whose lock cargo holds.
        .env("CARGO_TARGET_DIR", repo.join("target/generated-target"))
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "ActuallyCare with features {features:?} is not clippy-clean:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn actuallycare_compiles_with_and_without_serde_both_ways() {
    cargo_clippy_actuallycare(&[]);
    cargo_clippy_actuallycare(&["serde-both-ways"]);
}

#[test]
fn a_model_that_stops_travelling_one_way_is_a_compile_break_in_the_report() {
    // `Note` stops being a request body: it loses `Serialize`.
    let new = SPEC.replace(
        "content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}\n      responses:",
        "content: {application/json: {schema: {$ref: '#/components/schemas/Part'}}}\n      responses:",
    );
    assert_ne!(new, SPEC);
    let report =
        generator::diff::diff(SPEC, &new, &generator::Config::default()).expect("both specs build");
    let dropped: Vec<_> = report
        .changes
        .iter()
        .filter(|change| change.kind == generator::diff::ChangeKind::SerdeDirectionDropped)
        .collect();
    assert_eq!(dropped.len(), 1, "{:#?}", report.changes);
    assert_eq!(dropped[0].subject, "Note");
    assert_eq!(dropped[0].detail, "no longer derives `Serialize`");
    assert_eq!(dropped[0].items, ["types::Note"]);
    assert!(dropped[0].impact.breaks_compilation());
    // `Part` now goes both ways: gaining `Serialize` breaks nothing.
    assert!(
        report
            .changes
            .iter()
            .all(|change| change.subject != "Part" || !change.impact.breaks_compilation()),
        "{:#?}",
        report.changes
    );
}
