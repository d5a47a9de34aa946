#!/usr/bin/env bash
# Compile-time benchmark (BENCHMARKS.md §2): crate-only `cargo build` and
# `cargo check` of each generated client (ours, cargo-progenitor's,
# openapi-generator's), dependencies prebuilt, plus our per-group features.
#
#   bash bench/compile.sh                                  # actuallycare, nexus, stripe, github
#   bash bench/compile.sh --runs 5 --specs actuallycare,nexus --tools ours,progenitor
#
# Generated crates go to bench/out/<tool>/<spec>/, all sharing the target dir
# bench/out/target (git-ignored). See bench/compile.py for the procedure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash bench/install-peers.sh >&2
cargo build --release -p bench --bin generate >&2
exec python3 bench/compile.py "$@"
