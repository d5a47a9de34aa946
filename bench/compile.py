#!/usr/bin/env python3
"""Compile-time benchmark of generated clients (BENCHMARKS.md §2).

Run through `bench/compile.sh`. For each spec and tool:

1. generate the client into bench/out/<tool>/<spec>/ (ours with the release
   `generate` binary; the peers with their CLIs from bench/.tools/);
2. make it a stand-alone package (append an empty `[workspace]` table, since
   bench/out/ lies inside this repository's workspace; ours also gets the
   workspace Cargo.lock as its lockfile seed, like `cargo xtask corpus`);
3. warm up: `cargo build` and `cargo check` once each, which builds every
   dependency (and the crate) into one shared target dir, bench/out/target;
4. timed, N times, interleaved across tools: `touch src/lib.rs` then
   `cargo build --offline` (crate-only rebuild, debug profile), and the same for
   `cargo check --offline`. The figure is the wall clock of the cargo process.
   All cargo runs use CARGO_INCREMENTAL=0: with incremental compilation a
   touch-rebuild of unchanged source is a near no-op, not the crate's compile.

Per-tag features: for our crates, the same is done with
`--no-default-features --features <group>` (one resource group).

A crate that does not compile is recorded as such with its first error.
Output: Markdown on stdout and bench/out/compile.md; raw runs in bench/out/compile.json.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generation as gen  # noqa: E402  (spec table, generator commands)

REPO = gen.REPO
OUT = gen.OUT
TARGET = OUT / "target"
TIMEOUT_S = 1800
LENIENT = set()  # (tool, spec) generated with --skip-validate-spec

# short name -> (feature to measure alone, the tag it stands for) for our crates
FEATURES = {
    "actuallycare": ("listings", "Listings"),
    "nexus": ("instances", "instances"),
    "github": ("issues", "issues"),
    # Stripe's spec has no tags: one group, nothing to split.
}
DEFAULT_SPECS = ["actuallycare", "nexus", "stripe", "github"]


def ops_per_first_tag(spec: Path):
    doc = json.loads((REPO / spec).read_text())
    counts = {}
    for item in doc.get("paths", {}).values():
        for method, op in item.items():
            if method in {"get", "put", "post", "delete", "options", "head", "patch", "trace"}:
                tag = (op.get("tags") or ["-"])[0]
                counts[tag] = counts.get(tag, 0) + 1
    return counts


def run(cmd, cwd, timeout=TIMEOUT_S, env=None):
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", start_new_session=True, env=env)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, "", f"timed out after {timeout} s"
    return (time.perf_counter() - started) if proc.returncode == 0 else None, stdout, stderr


def first_error(stderr: str) -> str:
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("error"):
            more = next((l.strip() for l in lines[i + 1:i + 3] if l.strip().startswith("-->")), "")
            return (line + " " + more).strip()[:240]
    return (lines[-1] if lines else "")[:240]


def prepare(tool, short, spec, config):
    out_dir = OUT / tool / short
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    cmd = gen.command(tool, short, spec, config, out_dir)
    _, stdout, stderr = run(cmd, REPO, timeout=gen.TIMEOUT_S)
    manifest = out_dir / "Cargo.toml"
    if not manifest.exists() and tool == "openapi-generator" and "SpecValidationException" in stderr:
        # As in generation.py: the refusal is recorded there; compile what it
        # produces with validation off (marked † in the table).
        shutil.rmtree(out_dir, ignore_errors=True)
        run(gen.command(tool, short, spec, config, out_dir, lenient=True), REPO, timeout=gen.TIMEOUT_S)
        LENIENT.add((tool, short))
    if not manifest.exists():
        return None, "generation failed: " + gen.first_error(stdout, stderr)
    text = manifest.read_text()
    if "[workspace]" not in text:
        manifest.write_text(text.rstrip("\n") + "\n\n[workspace]\n")
    if tool == "ours":
        shutil.copy(REPO / "Cargo.lock", out_dir / "Cargo.lock")
        # The generated manifest declares the hand-written examples that live beside
        # the checked-in crate (generated-client/examples); bring them along.
        if short == "actuallycare" and "[[example]]" in text:
            shutil.copytree(REPO / "generated-client" / "examples", out_dir / "examples")
    return out_dir, None


def lib_rs(crate: Path) -> Path:
    return crate / "src" / "lib.rs"


def cargo(crate: Path, sub: str, features, offline: bool):
    cmd = ["cargo", sub, "--quiet"]
    if offline:
        cmd.append("--offline")
    if features:
        cmd += ["--no-default-features", "--features", features]
    # Incremental compilation off: with it, a `touch` rebuild reuses the previous
    # session's query results and times a near no-op, not the crate's compile.
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGET), CARGO_INCREMENTAL="0")
    env.pop("RUSTFLAGS", None)
    return run(cmd, crate, env=env)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per crate and command (default 3)")
    parser.add_argument("--big-runs", type=int, default=1,
                        help="timed runs for specs over 1 MB (stripe, github; default 1)")
    parser.add_argument("--specs", default=",".join(DEFAULT_SPECS))
    parser.add_argument("--tools", default=",".join(gen.TOOLS))
    args = parser.parse_args()

    specs = [s for s in gen.SPECS if s[0] in args.specs.split(",")]
    tools = [t for t in gen.TOOLS if t in args.tools.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    load_before = gen.loadavg()

    results = {}
    for short, spec, config in specs:
        ops = gen.operations(spec)
        per_tag = ops_per_first_tag(spec)
        # entries: (label, tool, features, ops)
        entries = []
        crates = {}
        for tool in tools:
            crate, err = prepare(tool, short, spec, config)
            print(f"[{short}] {tool}: generated {'ok' if crate else err}", file=sys.stderr, flush=True)
            if crate is None:
                results.setdefault(short, {})[tool] = {"status": err, "ops": ops}
                continue
            crates[tool] = crate
            entries.append((tool, tool, None, ops))
            if tool == "ours" and short in FEATURES:
                feature, tag = FEATURES[short]
                entries.append((f"ours --features {feature}", tool, feature, per_tag.get(tag, 0)))

        live = []
        for label, tool, features, n_ops in entries:
            crate = crates[tool]
            status = "ok"
            for sub in ("build", "check"):
                secs, _, stderr = cargo(crate, sub, features, offline=False)
                print(f"[{short}] {label}: warm-up cargo {sub}: "
                      f"{'%.1f s' % secs if secs else 'FAILED ' + first_error(stderr)}", file=sys.stderr, flush=True)
                if secs is None:
                    status = f"does not compile ({sub}): " + first_error(stderr)
                    break
            results.setdefault(short, {})[label] = {"status": status, "ops": n_ops, "build": [], "check": []}
            if status == "ok":
                live.append((label, tool, features, n_ops))

        n = args.big_runs if (REPO / spec).stat().st_size > 1_000_000 else args.runs
        for i in range(n):
            for label, tool, features, _ in live:
                for sub in ("build", "check"):
                    lib_rs(crates[tool]).touch()
                    secs, _, stderr = cargo(crates[tool], sub, features, offline=True)
                    results[short][label][sub].append(secs)
                    print(f"[{short}] {label}: run {i + 1} cargo {sub}: "
                          f"{'%.2f s' % secs if secs else 'FAILED ' + first_error(stderr)}", file=sys.stderr,
                          flush=True)
        (OUT / "compile.json").write_text(json.dumps(results, indent=2))

    load_after = gen.loadavg()
    lines = [f"Load average (1/5/15 min) before: {' '.join(load_before)}; after: {' '.join(load_after)}.", ""]
    lines.append("| spec | tool | ops | `cargo build` (crate only) | ms/op | `cargo check` (crate only) | ms/op "
                 "| build ms/op vs progenitor | check ms/op vs progenitor | runs |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for short, _, _ in specs:
        rows = results.get(short, {})
        prog = rows.get("progenitor", {})
        pb = median(prog.get("build", [])) if prog.get("status") == "ok" else None
        pc = median(prog.get("check", [])) if prog.get("status") == "ok" else None
        p_ops = prog.get("ops")
        for label, r in rows.items():
            if r["status"] != "ok":
                mark = "†" if (label, short) in LENIENT else ""
                lines.append(f"| {short} | {label}{mark} | {r['ops']} | **{r['status']}** | – | – | – | – | – | – |")
                continue
            b, c = median(r["build"]), median(r["check"])
            n_ops = max(r["ops"], 1)
            mark = "†" if (label, short) in LENIENT else ""
            cells = [short, label + mark, str(r["ops"]),
                     f"{b:.2f} s" if b else "–", f"{1000 * b / n_ops:.1f}" if b else "–",
                     f"{c:.2f} s" if c else "–", f"{1000 * c / n_ops:.1f}" if c else "–"]
            for mine, theirs in ((b, pb), (c, pc)):
                if mine and theirs and label != "progenitor":
                    cells.append(f"{(mine / n_ops) / (theirs / p_ops):.2f}")
                else:
                    cells.append("–")
            cells.append(str(len([x for x in r["build"] if x])))
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("† openapi-generator refused the spec; compiled its `--skip-validate-spec` output.")
    lines.append("Timed with CARGO_INCREMENTAL=0 (debug profile), dependencies prebuilt; wall clock of cargo.")
    report = "\n".join(lines) + "\n"
    (OUT / "compile.md").write_text(report)
    (OUT / "compile.json").write_text(json.dumps(
        {"load_before": load_before, "load_after": load_after, "results": results}, indent=2))
    print(report)


if __name__ == "__main__":
    main()
