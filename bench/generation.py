#!/usr/bin/env python3
"""Generation benchmark: wall time, CPU time and peak RSS of generating a client
for each spec, with our generator and the two peers, side by side in one run.

Run through `bench/generation.sh` (it builds the release `generate` binary and
installs the peers first). Every measurement is one process under
`/usr/bin/time -v` (Debian's `time` package; `bench/install-peers.sh` installs it
if missing): CPU = user + system, peak memory = "Maximum resident set size".
Wall clock is taken around the process with Python's perf_counter (time -v
rounds it to 10 ms). Runs are interleaved (run 1 of every tool on a spec, then
run 2, ...) so a load spike on the shared machine hits all tools alike; the
tables report medians.

openapi-generator runs as `openapi-generator-cli generate -g rust -i SPEC -o OUT`;
when it refuses a spec for validation errors, the refusal is recorded and the
spec is measured again with `--skip-validate-spec` (marked † in the table).

A peer that exits non-zero is recorded as `refused` (or `panicked` when its
stderr says so) with its first error line; one still running after 10 minutes is
killed and recorded as `> 10 min`.

Output: a Markdown report on stdout and in bench/out/generation.md, raw runs in
bench/out/generation.json.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
OUT = BENCH / "out"
CORPUS = Path("../shared/corpus")  # relative to the repo root
GENERATE = REPO / "target" / "release" / "generate"
PROGENITOR = BENCH / ".tools" / "progenitor" / "bin" / "cargo-progenitor"
OAG = BENCH / ".tools" / "venv" / "bin" / "openapi-generator-cli"
TIMEOUT_S = 600

# (short name, spec path relative to the repo root, our config or None)
SPECS = [
    ("keeper", CORPUS / "v3.0/progenitor__keeper.json", None),
    ("firecracker", CORPUS / "v3.0/ogen__firecracker.json", None),
    ("actuallycare", Path("spec/openapi.json"), Path("spec/generator.toml")),
    ("nexus", CORPUS / "v3.0/progenitor__nexus.json", None),
    ("omicron-nexus", CORPUS / "v3.0/omicron__nexus.json", None),
    ("box", CORPUS / "v3.0/box__openapi.json", None),
    ("github", CORPUS / "v3.0/progenitor__api.github.com.json", None),
    ("stripe", CORPUS / "v3.0/stripe__spec3.json", None),
]

TOOLS = ["ours", "progenitor", "openapi-generator"]


def operations(spec_path: Path) -> int:
    """Operation count: MANIFEST.tsv for corpus specs, counted for the others."""
    manifest = REPO / CORPUS / "MANIFEST.tsv"
    rel = os.path.relpath(REPO / spec_path, REPO / CORPUS)
    for line in manifest.read_text().splitlines()[1:]:
        cols = line.split("\t")
        if cols[0] == rel:
            return int(cols[6])
    doc = json.loads((REPO / spec_path).read_text())
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return sum(1 for item in doc.get("paths", {}).values() for m in item if m in methods)


def crate_name(short: str) -> str:
    return f"{short}-client"


def command(tool: str, short: str, spec: Path, config, out_dir: Path, lenient: bool = False):
    spec_abs = str(REPO / spec)
    if tool == "ours":
        cmd = [str(GENERATE), spec_abs, str(out_dir)]
        if config is not None:
            cmd.append(str(REPO / config))
        return cmd
    if tool == "progenitor":
        return [str(PROGENITOR), "progenitor", "-i", spec_abs, "-o", str(out_dir),
                "-n", crate_name(short), "-v", "0.1.0"]
    if tool == "openapi-generator":
        cmd = [str(OAG), "generate", "-g", "rust", "-i", spec_abs, "-o", str(out_dir)]
        return cmd + ["--skip-validate-spec"] if lenient else cmd
    raise ValueError(tool)


def parse_time_v(text: str):
    wall = rss = user = sys_ = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            value = line.rsplit(": ", 1)[1]
            parts = [float(p) for p in value.split(":")]
            wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        elif line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(": ", 1)[1])
        elif line.startswith("User time (seconds)"):
            user = float(line.rsplit(": ", 1)[1])
        elif line.startswith("System time (seconds)"):
            sys_ = float(line.rsplit(": ", 1)[1])
    return wall, (user or 0) + (sys_ or 0), rss


def first_error(stdout: str, stderr: str) -> str:
    text = stderr + "\n" + stdout
    for pattern in (r"panicked at[^\n]*\n[^\n]*", r"Exception in thread[^\n]*(\n[^\n]*){0,4}",
                    r"(?m)^Error:.*$", r"(?im)^.*\b(error|exception)\b.*$"):
        m = re.search(pattern, text)
        if m:
            return " ".join(m.group(0).split())[:400]
    lines = [l for l in text.splitlines() if l.strip()]
    return (lines[-1] if lines else "no output")[:200]


def run_once(tool, short, spec, config, lenient=False):
    out_dir = OUT / "generation" / tool / short
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    time_file = OUT / "generation" / ".time.txt"
    cmd = ["/usr/bin/time", "-v", "-o", str(time_file)] + command(tool, short, spec, config, out_dir, lenient)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, errors="replace", start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"status": "> 10 min", "wall": None, "cpu": None, "rss_kb": None}
    elapsed = time.perf_counter() - started
    # Wall clock from perf_counter (µs resolution; /usr/bin/time rounds to 10 ms);
    # CPU time and peak RSS from /usr/bin/time -v.
    _, cpu, rss = parse_time_v(time_file.read_text()) if time_file.exists() else (None, None, None)
    result = {"wall": elapsed, "cpu": cpu, "rss_kb": rss}
    if proc.returncode != 0:
        panicked = "panicked at" in stderr or "panicked at" in stdout
        result["status"] = "panicked" if panicked else "refused"
        result["error"] = first_error(stdout, stderr)
    else:
        result["status"] = "ok"
    result["lenient"] = lenient
    return result


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_s(v):
    if v is None:
        return "–"
    return f"{v:.3f} s" if v < 10 else f"{v:.1f} s"


def fmt_mb(kb):
    return "–" if kb is None else f"{kb / 1024:.0f} MB"


def summarize(runs):
    ok = [r for r in runs if r["status"] == "ok"]
    if not ok:
        return {"status": runs[0]["status"], "error": runs[0].get("error", ""), "n": len(runs)}
    return {
        "status": "ok" if len(ok) == len(runs) else f"ok {len(ok)}/{len(runs)}",
        "mark": "†" if any(r.get("lenient") for r in ok) else "",
        "wall": median([r["wall"] for r in ok]),
        "cpu": median([r["cpu"] for r in ok]),
        "rss_kb": median([r["rss_kb"] for r in ok]),
        "n": len(ok),
    }


def loadavg():
    try:
        return Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return ["?"] * 3


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of our generator per spec (default 5)")
    parser.add_argument("--progenitor-runs", type=int, default=3, help="runs of cargo-progenitor per spec (default 3)")
    parser.add_argument("--oag-runs", type=int, default=1, help="runs of openapi-generator per spec (default 1; it is slow)")
    parser.add_argument("--specs", default=",".join(s[0] for s in SPECS), help="comma-separated short names")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated: " + ",".join(TOOLS))
    args = parser.parse_args()

    wanted = args.specs.split(",")
    specs = [s for s in SPECS if s[0] in wanted]
    tools = [t for t in TOOLS if t in args.tools.split(",")]
    runs_for = {"ours": args.runs, "progenitor": args.progenitor_runs, "openapi-generator": args.oag_runs}
    OUT.mkdir(parents=True, exist_ok=True)

    load_before = loadavg()
    raw = {}
    for short, spec, config in specs:
        raw[short] = {t: [] for t in tools}
        skip = set()
        lenient = set()
        for i in range(max(runs_for[t] for t in tools)):
            for tool in tools:
                if i >= runs_for[tool] or tool in skip:
                    continue
                r = run_once(tool, short, spec, config, tool in lenient)
                if tool == "openapi-generator" and r["status"] == "refused" and tool not in lenient \
                        and "SpecValidationException" in r.get("error", ""):
                    # Record the refusal, then measure it with validation off (marked † in the table).
                    raw[short][tool + " (refusal)"] = [r]
                    lenient.add(tool)
                    r = run_once(tool, short, spec, config, True)
                raw[short][tool].append(r)
                print(f"[{short}] {tool} run {i + 1}: {r['status']} wall={fmt_s(r['wall'])} "
                      f"cpu={fmt_s(r['cpu'])} rss={fmt_mb(r['rss_kb'])} {r.get('error', '')}",
                      file=sys.stderr, flush=True)
                # A refusal or a timeout is deterministic enough: don't repeat it.
                if r["status"] != "ok":
                    skip.add(tool)
    load_after = loadavg()

    (OUT / "generation.json").write_text(json.dumps(
        {"load_before": load_before, "load_after": load_after, "runs": raw}, indent=2))

    lines = []
    lines.append(f"Load average (1/5/15 min) before: {' '.join(load_before)}; after: {' '.join(load_after)}.")
    lines.append("")
    header = "| spec | ops | size | " + " | ".join(
        f"{t} wall | {t} CPU | {t} peak RSS" for t in tools) + " |"
    if "ours" in tools:
        header += " " + " | ".join(f"{t}/ours wall | {t}/ours CPU" for t in tools if t != "ours") + " |"
    lines.append(header)
    lines.append("|" + "---|" * (header.count("|") - 1))
    for short, spec, config in specs:
        ops = operations(spec)
        size = (REPO / spec).stat().st_size
        cells = [short, str(ops), f"{size / 1e6:.2f} MB"]
        sums = {t: summarize(raw[short][t]) for t in tools}
        for t in tools:
            s = sums[t]
            if s["status"].startswith("ok"):
                cells += [fmt_s(s["wall"]) + s["mark"], fmt_s(s["cpu"]) + s["mark"], fmt_mb(s["rss_kb"]) + s["mark"]]
            else:
                cells += [f"**{s['status']}**", "–", "–"]
        if "ours" in tools:
            o = sums["ours"]
            for t in tools:
                if t == "ours":
                    continue
                s = sums[t]
                if s["status"].startswith("ok") and o["status"].startswith("ok"):
                    cpu_ratio = f"{s['cpu'] / o['cpu']:.1f}×" if o["cpu"] else "(ours < 10 ms)"
                    cells += [f"{s['wall'] / o['wall']:.1f}×{s['mark']}", cpu_ratio + s["mark"]]
                else:
                    cells += [s["status"], "–"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("† openapi-generator refused the spec (validation errors, listed below); the figure is "
                 "`--skip-validate-spec`.")
    lines.append("CPU = user + system time of the process tree (10 ms resolution).")
    lines.append("Runs per tool and spec (medians of): " + ", ".join(f"{t} {runs_for[t]}" for t in tools) + ".")
    errors = [(short, t, runs[0].get("error", "")) for short, _, _ in specs for t, runs in raw[short].items()
              if runs and runs[0]["status"] != "ok"]
    if errors:
        lines.append("")
        lines.append("Refusals and failures (first error line):")
        lines.append("")
        for short, t, err in errors:
            err = err.replace("`", "'")
            lines.append(f"- {t} on {short}: `{err}`")
    report = "\n".join(lines) + "\n"
    (OUT / "generation.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
