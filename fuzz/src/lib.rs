//! Support for the fuzz targets: the structure-aware mutator and the seed
//! documents it starts from.

pub mod mutate;

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

/// Seeds compiled in, so `generate_structured` works (and its artifacts replay
/// the same way) even before `seed.sh` has run. They come first, so their
/// indices never depend on what the corpus directory holds.
const BUILTIN: &[&str] = &[
    include_str!("../seeds/mini.json"),
    include_str!("../../spec/openapi.json"),
];

/// Where `seed.sh` puts small real-world specs for the structured target.
const CORPUS_SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/seeds");

/// All seed documents, parsed once: the built-ins, then `corpus/seeds/*`
/// sorted by file name (set `FUZZ_SEEDS` to read another directory).
pub fn seeds() -> &'static [Value] {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds: Vec<Value> = BUILTIN.iter().filter_map(|text| parse(text)).collect();
        let dir = std::env::var("FUZZ_SEEDS").unwrap_or_else(|_| CORPUS_SEEDS.to_owned());
        seeds.extend(read_dir(Path::new(&dir)));
        seeds
    })
}

fn read_dir(dir: &Path) -> Vec<Value> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| parse(&std::fs::read_to_string(p).ok()?))
        .collect()
}

/// JSON or YAML text → JSON value; seeds that do not parse are skipped (the
/// generator's own parser is what is under test, so it is not used here).
fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text)
        .ok()
        .or_else(|| serde_yaml::from_str(text).ok())
}
