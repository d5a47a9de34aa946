#!/usr/bin/env bash
# Allocator comparison (BENCHMARKS.md §1): the release `generate` binary with
# mimalloc (the default) against the same code on the system allocator,
# interleaved run by run.
#
#   bash bench/allocator.sh [--runs N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p bench/out/allocator
cargo build --release -p bench --bin generate --features system-alloc >&2
cp target/release/generate bench/out/allocator/generate-system
cargo build --release -p bench --bin generate >&2
cp target/release/generate bench/out/allocator/generate-mimalloc
corpus=../shared/corpus/v3.0
specs=spec/openapi.json,$corpus/progenitor__nexus.json,$corpus/progenitor__api.github.com.json,$corpus/stripe__spec3.json
exec python3 bench/ab.py --specs "$specs" "$@" \
    bench/out/allocator/generate-system bench/out/allocator/generate-mimalloc
