#!/usr/bin/env bash
# Request-overhead benchmark (BENCHMARKS.md §3): runs the criterion bench
# bench/benches/request_overhead.rs (a local HTTP/1.1 server on 127.0.0.1 only)
# and prints generated-client vs raw-reqwest ratios from criterion's estimates.
#
#   bash bench/request-overhead.sh            # = cargo bench -p bench --bench request_overhead + ratios
#   bash bench/request-overhead.sh --ratios   # only print the ratios of the last run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${1:-}" != "--ratios" ]; then
    cargo bench -p bench --bench request_overhead
fi
python3 - <<'PY'
import json, pathlib
root = pathlib.Path("target/criterion")
def est(group, fn):
    p = root / group / fn / "new" / "estimates.json"
    if not p.exists():
        return None
    e = json.loads(p.read_text())
    return e["median"]["point_estimate"], e["median"]["confidence_interval"]
def fmt(ns):
    return f"{ns / 1e3:.1f} µs" if ns < 1e6 else f"{ns / 1e6:.2f} ms"
print("| benchmark | generated (median) | raw reqwest + serde_json into the same type (median) | overhead | raw into serde_json::Value |")
print("|---|---|---|---|---|")
for group in ("get_listing", "paginate_10k"):
    g, r, v = est(group, "generated"), est(group, "raw_typed"), est(group, "raw_value")
    if not g or not r:
        continue
    lo = g[1]["lower_bound"] / r[1]["upper_bound"] - 1
    hi = g[1]["upper_bound"] / r[1]["lower_bound"] - 1
    print(f"| {group} | {fmt(g[0])} | {fmt(r[0])} | {100 * (g[0] / r[0] - 1):+.1f}% "
          f"(95% CI of medians: {100 * lo:+.1f}% … {100 * hi:+.1f}%) | {fmt(v[0]) if v else '–'} |")
PY
