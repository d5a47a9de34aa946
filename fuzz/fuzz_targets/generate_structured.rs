//! Structure-aware fuzzing: `arbitrary` decodes the input into a seed choice,
//! a list of JSON-value-level mutations (see `src/mutate.rs`) and an output
//! format (JSON or YAML); the mutated spec goes to `generator::generate_from`,
//! whose resolver answers every other file with the same document.
//!
//! `FUZZ_DUMP=<file>` writes the spec text of each input to that file before
//! generating, which turns a crash artifact into a plain reproducer:
//! `FUZZ_DUMP=/tmp/spec cargo fuzz run --sanitizer none generate_structured <artifact>`.
#![no_main]

use generator_fuzz::{mutate::Plan, seeds};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|plan: Plan| {
    let seeds = seeds();
    let seed = &seeds[usize::from(plan.seed) % seeds.len()];
    let spec = plan.render(seed);
    if let Some(path) = std::env::var_os("FUZZ_DUMP") {
        let _ = std::fs::write(path, &spec);
    }
    // Every other "file" a `$ref` names is the same document again, so
    // references across files (and cycles through them) reach the bundler.
    let same_document = |_: &generator::Location| Ok::<String, String>(spec.clone());
    let source = generator::SpecSource::at(&spec, "/fuzz/openapi.json", &same_document);
    // No catch_unwind: a panic must abort the run and leave an artifact.
    let _ = generator::generate_from(
        &source,
        &generator::Config::named("x"),
        &generator::Options::default(),
    );
});
