#!/usr/bin/env bash
# Generation benchmark (BENCHMARKS.md §1): time and peak RSS of generating each
# client with our generator and the peers, side by side in one run.
#
#   bash bench/generation.sh                      # all specs, all tools
#   bash bench/generation.sh --runs 9 --specs github,stripe --tools ours,progenitor
#
# Peak RSS and times come from `/usr/bin/time -v` (Debian's `time` package,
# installed by install-peers.sh when missing). Our generator runs as the
# release-built `bench` binary `generate` (bench/src/bin/generate.rs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash bench/install-peers.sh >&2
cargo build --release -p bench --bin generate >&2
exec python3 bench/generation.py "$@"
