#!/usr/bin/env python3
"""Draw how generation time and compile time grow with the number of operations.

Reads results that bench/generation.py and bench/compile.py recorded (their
JSON files; the checked-in copies live in bench/results/) and writes one SVG
with two line charts side by side: generation wall time (median) and
crate-only `cargo build` / `cargo check` time (median), against the spec's
operation count, one line per tool. A tool that failed on a spec has no point
there; the failures are listed under the chart.

    python3 bench/chart.py --generation bench/results/generation.json \
        --compile bench/results/compile-small.json --compile bench/results/compile-stripe.json \
        --out bench/results/scaling.svg

Plain SVG, no plotting library: the output is deterministic for the same input.
"""

import argparse
import json
import math
import statistics
import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generation as gen  # noqa: E402  (spec table, operation counts)

COLOURS = {
    "ours": "#1f77b4",
    "before": "#7f7f7f",
    "progenitor": "#ff7f0e",
    "openapi-generator": "#2ca02c",
}
LABELS = {"before": "ours before (main)"}
WIDTH, HEIGHT = 460, 330
MARGIN = {"left": 58, "right": 16, "top": 34, "bottom": 46}


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def generation_series(path: Path):
    """{tool: [(ops, seconds)]} and the failures, from generation.json."""
    runs = json.loads(path.read_text())["runs"]
    ops = {short: gen.operations(spec) for short, spec, _ in gen.SPECS}
    series, failures = {}, []
    for short, by_tool in runs.items():
        for tool, tool_runs in by_tool.items():
            if tool.endswith("(refusal)"):
                continue
            ok = [r["wall"] for r in tool_runs if r.get("status") == "ok"]
            if ok:
                series.setdefault(tool, []).append((ops[short], median(ok)))
            elif tool_runs:
                failures.append(f"{tool} {tool_runs[0]['status']} on {short}")
    return series, failures


def compile_series(paths):
    """{(tool, sub): [(ops, seconds)]} for whole crates, from compile.json files."""
    series, failures = {}, []
    for path in paths:
        results = json.loads(path.read_text())["results"]
        for short, rows in results.items():
            for label, row in rows.items():
                if " --features " in label:
                    continue  # one group of a crate, not the crate
                if row["status"] != "ok":
                    failures.append(f"{label}: {row['status'].split(':')[0]} on {short}")
                    continue
                for sub in ("build", "check"):
                    secs = median(row.get(sub, []))
                    if secs is not None:
                        series.setdefault((label, sub), []).append((row["ops"], secs))
    return series, failures


def nice_step(span, ticks=5):
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def fmt(v):
    return f"{v:g}"


def panel(x0, title, y_label, lines, x_max, y_max):
    """SVG elements of one chart; `lines` is [(label, colour, dashed, points)]."""
    left, top = x0 + MARGIN["left"], MARGIN["top"]
    plot_w = WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_h = HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    x_step, y_step = nice_step(x_max), nice_step(y_max)
    x_top = math.ceil(x_max / x_step) * x_step
    y_top = math.ceil(y_max / y_step) * y_step

    def px(ops):
        return left + plot_w * ops / x_top

    def py(secs):
        return top + plot_h * (1 - secs / y_top)

    out = [f'<text x="{x0 + WIDTH / 2:.1f}" y="20" text-anchor="middle" font-weight="bold">{escape(title)}</text>']
    tick = 0.0
    while tick <= y_top + 1e-9:
        y = py(tick)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{fmt(round(tick, 6))}</text>')
        tick += y_step
    tick = 0.0
    while tick <= x_top + 1e-9:
        x = px(tick)
        out.append(f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 4}" stroke="#333"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 17}" text-anchor="middle">{fmt(round(tick, 6))}</text>')
        tick += x_step
    out.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">operations in the spec</text>')
    out.append(f'<text transform="translate({x0 + 16},{top + plot_h / 2:.1f}) rotate(-90)" '
               f'text-anchor="middle">{escape(y_label)}</text>')
    for i, (label, colour, dashed, points) in enumerate(lines):
        points = sorted(points)
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        path = " ".join(f"{px(o):.1f},{py(s):.1f}" for o, s in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for o, s in points:
            out.append(f'<circle cx="{px(o):.1f}" cy="{py(s):.1f}" r="3.5" fill="{colour}">'
                       f'<title>{escape(label)}: {o} ops, {s:.3g} s</title></circle>')
        ly = top + 12 + 16 * i
        out.append(f'<line x1="{left + 10}" y1="{ly - 4}" x2="{left + 34}" y2="{ly - 4}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{left + 40}" y="{ly}">{escape(label)}</text>')
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generation", type=Path, required=True, help="generation.json of bench/generation.py")
    parser.add_argument("--compile", type=Path, action="append", required=True,
                        help="compile.json of bench/compile.py (repeatable)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--caption", default="", help="a line under the charts (commit, date, machine)")
    args = parser.parse_args()

    gen_series, gen_failures = generation_series(args.generation)
    comp_series, comp_failures = compile_series(args.compile)

    gen_lines = [(LABELS.get(t, t), COLOURS.get(t, "#000"), False, pts) for t, pts in sorted(gen_series.items())]
    comp_lines = [(f"{LABELS.get(t, t)} cargo {sub}", COLOURS.get(t, "#000"), sub == "check", pts)
                  for (t, sub), pts in sorted(comp_series.items())]
    all_gen = [p for _, _, _, pts in gen_lines for p in pts]
    all_comp = [p for _, _, _, pts in comp_lines for p in pts]
    x_max = max(o for o, _ in all_gen + all_comp)

    height = HEIGHT + 20 + 16 * 2
    body = panel(0, "Generation time (wall clock, median)", "seconds", gen_lines,
                 x_max, max(s for _, s in all_gen))
    body += panel(WIDTH, "Compile time of the crate (debug, median)", "seconds", comp_lines,
                  x_max, max(s for _, s in all_comp))
    notes = []
    if gen_failures:
        notes.append("Generation failed: " + "; ".join(sorted(set(gen_failures))) + ".")
    if comp_failures:
        notes.append("Did not compile: " + "; ".join(sorted(set(comp_failures))) + ".")
    if args.caption:
        notes.append(args.caption)
    for i, note in enumerate(notes):
        body.append(f'<text x="10" y="{HEIGHT + 14 + 16 * i}" font-size="11">{escape(note)}</text>')
    height = HEIGHT + 20 + 16 * len(notes)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{height}" '
           f'viewBox="0 0 {2 * WIDTH} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{2 * WIDTH}" height="{height}" fill="white"/>'] + body + ["</svg>"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(svg) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
