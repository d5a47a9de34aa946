//! Every ActuallyCare operation can be stubbed with a typed value: `mock_operations/
//! every_operation.rs` (written from the model by this file, checked in so that it
//! compiles with the other tests) stubs each operation with a sample of what `send()`
//! returns, matching its JSON body, calls it through the client and compares.
//!
//! After a spec change: `UPDATE_MOCK_OPERATIONS=1 cargo test -p integration-tests --test mock_operations`.

mod common;
#[path = "mock_operations/every_operation.rs"]
mod every_operation;
#[allow(dead_code, reason = "only the sampler is used here")]
#[path = "redaction/probe.rs"]
mod probe;

use std::fmt::Write as _;
use std::path::PathBuf;

use actuallycare::mock::MockApi;
use generator::Config;
use generator::model::{Api, Location, Media, Operation, Output, Payload, TypeRef};
use probe::Sampler;

const KRATE: &str = "actuallycare";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn model() -> Api {
    let spec =
        std::fs::read_to_string(repo().join("spec/openapi.json")).expect("spec/openapi.json");
    let config = Config::load(&repo().join("spec/generator.toml")).expect("spec/generator.toml");
    let (document, raw) = generator::load::load_document(&spec).expect("the spec loads");
    generator::model::build(&document, &raw, &config).expect("the spec builds")
}

/// `ty` spelled in the tests, which name the client crate `actuallycare`.
fn spell(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("{KRATE}::types::{name}"),
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U32 => "u32".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Uuid => "uuid::Uuid".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::File => format!("{KRATE}::File"),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", spell(value)),
        TypeRef::Array(item) => format!("Vec<{}>", spell(item)),
        TypeRef::Nullable(inner) => format!("Option<{}>", spell(inner)),
    }
}

/// `sample::<T>(r#"…"#)`: a typed value decoded from a sample of `ty`.
fn sample(sampler: &mut Sampler<'_>, ty: &TypeRef) -> String {
    let json = sampler.of_type(ty, 0, None).to_string();
    format!("sample::<{}>(r#\"{json}\"#)", spell(ty))
}

fn step(sampler: &mut Sampler<'_>, group: &str, op: &Operation, out: &mut String) {
    let label = format!("{} {}", op.method.as_str(), op.path);
    let mut client_args = Vec::new();
    let mut stub_args = Vec::new();
    writeln!(
        out,
        "    // {label}\n    {{\n        let client = new_client();"
    )
    .unwrap();
    for param in op.params.iter().filter(|param| param.required) {
        let name = param.rust_name.trim_start_matches("r#");
        writeln!(out, "        let {name} = {};", sample(sampler, &param.ty)).unwrap();
        client_args.push(format!("{name}.clone()"));
        if param.location == Location::Path {
            stub_args.push(format!("{name}.clone()"));
        }
    }
    let mut stub = format!("api.{group}().{}({})", op.method_name, stub_args.join(", "));
    let mut setters = String::new();
    if let Some(body) = &op.body {
        writeln!(out, "        let body = {};", sample(sampler, &body.ty)).unwrap();
        if body.media == Media::Json {
            stub.push_str(".with_body(&body)");
        }
        if body.required {
            client_args.push("body".to_owned());
        } else {
            setters = ".body(body)".to_owned();
        }
    }
    let call = format!(
        "client.{group}().{}({}){setters}.send().await",
        op.method_name,
        client_args.join(", ")
    );
    match &op.output {
        Output::Empty => {
            writeln!(out, "        {stub}.expect(1).succeeds().await;").unwrap();
            writeln!(out, "        {call}.expect({label:?});").unwrap();
        }
        Output::Single(Payload::Value(ty)) => {
            writeln!(out, "        let value = {};", sample(sampler, ty)).unwrap();
            writeln!(
                out,
                "        {stub}.expect(1).returns(value.clone()).await;"
            )
            .unwrap();
            writeln!(
                out,
                "        assert_eq!({call}.expect({label:?}), value, {label:?});"
            )
            .unwrap();
        }
        // ActuallyCare has neither; the doubles answer these as JSON.
        Output::Single(_) | Output::PerStatus(_) => {
            writeln!(
                out,
                "        {stub}.expect(1).returns(serde_json::json!({{}})).await;"
            )
            .unwrap();
            writeln!(out, "        let _ = {call};").unwrap();
        }
    }
    writeln!(out, "        called.push({label:?});\n    }}").unwrap();
}

/// The source of `mock_operations/every_operation.rs`.
fn every_operation_source(api: &Api) -> String {
    let mut sampler = Sampler::new(api);
    let mut out = String::from(
        "// Written by tests/tests/mock_operations.rs from the model of spec/openapi.json: do not edit.\n\
         // UPDATE_MOCK_OPERATIONS=1 cargo test -p integration-tests --test mock_operations\n\n\
         #![allow(clippy::clone_on_copy, reason = \"samples of every type are passed alike\")]\n\n\
         use actuallycare::Client;\nuse actuallycare::mock::MockApi;\n\n\
         fn sample<T: serde::de::DeserializeOwned>(json: &str) -> T {\n    \
         serde_json::from_str(json).expect(\"a sample of the type\")\n}\n\n\
         /// Stubs and calls every operation, each with a new client (signing out ends a\n\
         /// session); returns the operations called.\n\
         pub async fn every_operation(api: &MockApi, new_client: impl Fn() -> Client) -> Vec<&'static str> {\n    \
         let mut called = Vec::new();\n",
    );
    for (group, op) in api.operations() {
        step(&mut sampler, &group.accessor, op, &mut out);
    }
    out.push_str("    called\n}\n");
    out
}

#[test]
fn the_every_operation_test_is_current() {
    let path = repo().join("tests/tests/mock_operations/every_operation.rs");
    let expected = every_operation_source(&model());
    if std::env::var_os("UPDATE_MOCK_OPERATIONS").is_some() {
        std::fs::write(&path, &expected).expect("write every_operation.rs");
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{} is stale: run UPDATE_MOCK_OPERATIONS=1 cargo test -p integration-tests --test mock_operations",
        path.display()
    );
}

#[tokio::test]
async fn every_operation_answers_its_typed_stub() {
    let api = MockApi::start().await;
    let new_client = || {
        api.client_builder()
            .api_key(common::API_KEY)
            .bearer_token("token")
            .build()
            .expect("client")
    };

    let called = every_operation::every_operation(&api, new_client).await;

    let all: Vec<String> = model()
        .operations()
        .map(|(_, op)| format!("{} {}", op.method.as_str(), op.path))
        .collect();
    assert_eq!(called, all, "every operation is stubbed and called");
    assert_eq!(all.len(), 64, "ActuallyCare has 64 operations");
    api.verify().await;
}
