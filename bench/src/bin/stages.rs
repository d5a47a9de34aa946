//! `stages SPEC [CONFIG] [RUNS]`: where `generator::generate`'s time goes, per
//! pipeline stage, median of RUNS (default 5) in-process runs:
//!
//! - `parse`: text → `serde_json::Value` (`load::parse_text`)
//! - `load`: the whole of `load::load_document` (parse again + checks + `openapiv3` decoding)
//! - `model`: `model::build`
//! - `emit`: `quote!` token streams for every Rust file (`emit::*`)
//! - `syn`: `syn::parse2` of those token streams into `syn::File`s
//! - `pretty`: `prettyplease::unparse`
//! - `generate`: the real `generator::generate` end to end, for comparison
//!
//! (`emit` + `syn` + `pretty` is what `render::render` does for the Rust files; the
//! stages here run on one thread, one after another, so they add up to CPU time,
//! while `render` spreads the files over worker threads: compare with `generate`.)

use std::time::{Duration, Instant};

use proc_macro2::TokenStream;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spec_path = args.first().expect("usage: stages SPEC [CONFIG] [RUNS]");
    let spec = std::fs::read_to_string(spec_path).unwrap();
    let config = match args.get(1).filter(|a| a.ends_with(".toml")) {
        Some(path) => {
            generator::Config::from_toml(&std::fs::read_to_string(path).unwrap(), path).unwrap()
        }
        None => generator::Config::named("stages-client"),
    };
    let runs: usize = args
        .iter()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);

    let names = [
        "parse", "load", "model", "emit", "syn", "pretty", "generate",
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    let mut out_bytes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let value = generator::load::parse_text(&spec).unwrap();
        times[0].push(t.elapsed());
        drop(value);

        let t = Instant::now();
        let (doc, raw) = generator::load::load_document(&spec).unwrap();
        times[1].push(t.elapsed());

        let t = Instant::now();
        let api = generator::model::build(&doc, &raw, &config).unwrap();
        times[2].push(t.elapsed());

        let t = Instant::now();
        let mut streams: Vec<TokenStream> = vec![
            generator::emit::lib_file(&api, &config),
            generator::emit::conventions_file(&api, &config).unwrap(),
            generator::emit::apis_mod_file(&api),
        ];
        // Same layout and 48-type chunks as `render::render` (TYPES_PER_CHUNK).
        let (top_types, type_modules) = generator::emit::types_layout(&api);
        streams.push(generator::emit::types_header(&type_modules));
        streams.push(generator::emit::page_impls(&api, None));
        for defs in top_types.chunks(48) {
            streams.push(generator::emit::type_items(&api, defs));
        }
        for module in &type_modules {
            streams.push(generator::emit::module_header(module, &api));
            for defs in module.defs.chunks(48) {
                streams.push(generator::emit::type_items(&api, defs));
            }
            streams.push(generator::emit::page_impls(&api, Some(module)));
        }
        for group in &api.groups {
            streams.push(generator::emit::group_file(&api, group));
        }
        times[3].push(t.elapsed());

        let t = Instant::now();
        let files: Vec<syn::File> = streams
            .into_iter()
            .map(|s| syn::parse2(s).unwrap())
            .collect();
        times[4].push(t.elapsed());

        let t = Instant::now();
        out_bytes = files
            .iter()
            .map(|f| prettyplease::unparse(f).len())
            .sum::<usize>();
        times[5].push(t.elapsed());

        let t = Instant::now();
        let generated = generator::generate(&spec, &config).unwrap();
        times[6].push(t.elapsed());
        drop(generated);
    }
    let medians: Vec<Duration> = times.into_iter().map(median).collect();
    let total = medians[6].as_secs_f64();
    println!("{spec_path}: {runs} runs, {out_bytes} bytes of formatted Rust");
    for (name, d) in names.iter().zip(&medians) {
        println!(
            "  {name:<9} {:>8.1} ms  {:>5.1}% of generate",
            d.as_secs_f64() * 1e3,
            100.0 * d.as_secs_f64() / total
        );
    }
}
