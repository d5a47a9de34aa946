//! Mutated specs never make the generator panic or hang.
//!
//! proptest generates byte strings; `arbitrary` decodes each one into a
//! mutation plan (seed choice, JSON-value-level edits, JSON or YAML output)
//! with the same mutator as the `generate_structured` fuzz target
//! (`fuzz/src/mutate.rs`, included by path so the two cannot drift apart).
//! `generate` must return `Ok` or `Err` for every plan. A panic or hang fails
//! the test and saves the offending spec under `target/fuzz-failures/` (a
//! stack overflow aborts the run: then `fuzz_specs-in-flight.*` there is it).
//!
//! The budget is small and the RNG seed fixed, so the run is deterministic and
//! quick; the open-ended search is `cargo fuzz` (see `fuzz/`). Seeds are the
//! repo's `spec/openapi.json`, the fuzz crate's inline seed, and a few small
//! specs from `../shared/corpus` when that directory exists.
//!
//! Run with `cargo test -p integration-tests --test fuzz_specs`.
//! `FUZZ_SPECS_CASES=N` changes the number of cases (default 128).

#[path = "../../fuzz/src/mutate.rs"]
mod mutate;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use mutate::Plan;
use proptest::collection::vec;
use proptest::prelude::any;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;

/// Small real-world specs that cover refs, composition, discriminators and 3.1.
const CORPUS_SEEDS: &[&str] = &[
    "v3.0/readme__circular.yaml",
    "v3.0/openapi-generator__rust-discriminated-union.yaml",
    "v3.0/ogen__anyOf.json",
    "v3.0/openapi-generator__rust-oneof-anyof-comprehensive.yaml",
    "v3.1/oai__tictactoe.yaml",
];

/// Longer than any seed takes to generate in a debug build, by a wide margin.
const HANG_TIMEOUT: Duration = Duration::from_secs(20);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn seeds() -> Vec<Value> {
    let mut texts = vec![
        include_str!("../../fuzz/seeds/mini.json").to_owned(),
        include_str!("../../spec/openapi.json").to_owned(),
    ];
    let corpus = repo_root().join("../shared/corpus");
    if corpus.is_dir() {
        texts.extend(
            CORPUS_SEEDS
                .iter()
                .filter_map(|name| std::fs::read_to_string(corpus.join(name)).ok()),
        );
    }
    texts
        .iter()
        .map(|text| {
            serde_json::from_str(text)
                .or_else(|_| serde_yaml::from_str(text))
                .expect("every seed is JSON or YAML")
        })
        .collect()
}

/// How one call to `generate` ended, if it ended.
enum Outcome {
    Returned(Result<(), generator::Error>),
    Panicked(String),
    Hung,
}

/// Runs `generate` on its own thread so a hang becomes a failure instead of a
/// stuck test run; `catch_unwind` turns a panic into a readable message.
fn run_generate(spec: String) -> Outcome {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let config = generator::Config::named("x");
        let result = catch_unwind(AssertUnwindSafe(|| {
            generator::generate(&spec, &config).map(|_| ())
        }));
        let _ = tx.send(result.map_err(|payload| {
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".to_owned())
        }));
    });
    match rx.recv_timeout(HANG_TIMEOUT) {
        Ok(Ok(result)) => Outcome::Returned(result),
        Ok(Err(message)) => Outcome::Panicked(message),
        // The thread is left running: the test fails anyway.
        Err(_) => Outcome::Hung,
    }
}

/// Writes a spec under `target/fuzz-failures/` where a developer can feed it
/// to the generator.
fn save_spec(name: &str, spec: &str, format: mutate::Format) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    let dir = target.join("fuzz-failures");
    std::fs::create_dir_all(&dir).expect("create target/fuzz-failures");
    let ext = if format == mutate::Format::Yaml {
        "yaml"
    } else {
        "json"
    };
    let path = dir.join(format!("{name}.{ext}"));
    std::fs::write(&path, spec).expect("write the spec");
    path
}

#[test]
fn mutated_specs_never_panic_or_hang() {
    let seeds = seeds();
    let cases = std::env::var("FUZZ_SPECS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(128);
    let config = Config {
        cases,
        // Failures are saved as spec files below, not as proptest regression files.
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let render = |bytes: &[u8]| {
        let plan = Plan::from_bytes(bytes);
        let seed = &seeds[usize::from(plan.seed) % seeds.len()];
        (plan.render(seed), plan.format)
    };
    // After a hang, shrinking would wait out the timeout on every attempt:
    // report the first hanging input as it is instead.
    let hung = AtomicBool::new(false);
    let result = runner.run(&vec(any::<u8>(), 0..512), |bytes| {
        if hung.load(Ordering::Relaxed) {
            return Ok(());
        }
        let (spec, format) = render(&bytes);
        // Infinite recursion overflows the stack, which aborts the process
        // before catch_unwind sees anything: keep the input on disk until
        // `generate` has returned, so that failure leaves a reproducer too.
        let in_flight = save_spec("fuzz_specs-in-flight", &spec, format);
        match run_generate(spec) {
            Outcome::Returned(_) => {
                let _ = std::fs::remove_file(in_flight);
                Ok(())
            }
            Outcome::Panicked(message) => Err(TestCaseError::fail(format!("panicked: {message}"))),
            Outcome::Hung => {
                hung.store(true, Ordering::Relaxed);
                Err(TestCaseError::fail(format!(
                    "no result after {HANG_TIMEOUT:?}"
                )))
            }
        }
    });
    if let Err(TestError::Fail(reason, bytes)) = result {
        let (spec, format) = render(&bytes);
        let path = save_spec(&format!("fuzz_specs-{}", std::process::id()), &spec, format);
        panic!(
            "generate {reason}\n  input saved to {}\n  plan: {:#?}",
            path.display(),
            Plan::from_bytes(&bytes)
        );
    }
}

/// Inputs the fuzzers found hanging the generator, kept as regressions: a
/// schema that is its own `$ref` (used as a path parameter and as a multipart
/// field), and a malformed keyword under deep `anyOf` nesting, which made
/// `openapiv3`'s untagged decoding take exponential time.
#[test]
fn fuzzer_findings_return_promptly() {
    let self_alias = r##"{"openapi":"3.0.1","info":{"title":"t","version":"1"},
      "paths":{"/m/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"$ref":"#/components/schemas/A"}}],
      "responses":{"204":{"description":"OK"}}}},
      "/n":{"post":{"requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"f":{"$ref":"#/components/schemas/A"}}}}}},
      "responses":{"201":{"description":"OK"}}}}},
      "components":{"schemas":{"A":{"$ref":"#/components/schemas/A"}}}}"##;
    let mut deep = serde_json::json!({"type": {"type": "string"}});
    for _ in 0..14 {
        deep = serde_json::json!({"anyOf": [{"type": "string"}, {"type": "object", "properties": {"p": deep}}]});
    }
    let deep = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Deep": deep}}});

    // A property whose schema `allOf`-includes the object that holds it: each
    // merge re-reached the same inline schema under a new owner, forever.
    let merged_into_itself = r##"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},
      "components":{"schemas":{"ErrorMessage":{"type":"object","properties":{
        "code":{"type":"string","enum":["A","B"],"allOf":[{"$ref":"#/components/schemas/ErrorMessage"}]}}}}}}"##;

    for (name, spec) in [
        ("self_alias", self_alias.to_owned()),
        ("deep_invalid", deep.to_string()),
        ("merged_into_itself", merged_into_itself.to_owned()),
    ] {
        let result = match run_generate(spec.clone()) {
            Outcome::Returned(result) => result,
            Outcome::Panicked(message) => panic!("{name}: the generator panicked: {message}"),
            Outcome::Hung => panic!("{name}: the generator did not return within {HANG_TIMEOUT:?}"),
        };
        match name {
            // A self-referential alias means "anything": it generates, and so
            // does a schema merged into itself (one recursive, boxed type).
            "self_alias" | "merged_into_itself" => assert!(result.is_ok(), "{name}: {result:?}"),
            // A malformed `type` has one reading (any value): it generates,
            // with a warning where the fault is.
            _ => {
                assert!(result.is_ok(), "{name}: {result:?}");
                let generated =
                    generator::generate(&spec, &generator::Config::named("x")).expect("generates");
                assert!(
                    generated
                        .warnings
                        .iter()
                        .any(|w| w.location.ends_with("/properties/p/type")),
                    "{name}: {:?}",
                    generated.warnings
                );
            }
        }
    }
}
