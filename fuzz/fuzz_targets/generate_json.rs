//! Raw bytes → `generator::generate`: libFuzzer mutates the seed specs (JSON
//! and YAML) as text, which exercises the parsers and every error path that
//! malformed syntax reaches.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The API takes `&str`; invalid UTF-8 never reaches it, so skip it rather
    // than lossily convert (an artifact then is exactly the text that failed).
    let Ok(spec) = std::str::from_utf8(data) else {
        return;
    };
    // Every other "file" a `$ref` names is the same text again, so the
    // bundler reads it too.
    let same_document = |_: &generator::Location| Ok::<String, String>(spec.to_owned());
    let source = generator::SpecSource::at(spec, "/fuzz/openapi.json", &same_document);
    // No catch_unwind: a panic must abort the run and leave an artifact.
    let _ = generator::generate_from(
        &source,
        &generator::Config::named("x"),
        &generator::Options::default(),
    );
});
