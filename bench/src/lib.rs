//! Benchmark helpers. The measurements themselves are scripts beside this crate
//! (`generation.sh`, `compile.sh`) and the criterion bench `benches/request_overhead.rs`;
//! `src/bin/generate.rs` is the release-built generator binary they time.
