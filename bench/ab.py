#!/usr/bin/env python3
"""Interleaved A/B timing of `generate`-style binaries (BIN SPEC OUT_DIR).

    python3 bench/ab.py --runs 9 --specs SPEC[,SPEC...] BIN_A BIN_B [BIN_C ...]

Each round runs every binary once per spec, in turn, so the machine's load
drifts over all of them alike. Prints, per spec and binary, the median and
minimum wall time (perf_counter), the median CPU time (user + sys) and the
peak RSS (from `/usr/bin/time -v`, as generation.py does), and each binary's median
wall time relative to the first one.
"""
import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from generation import parse_time_v  # the same /usr/bin/time -v reading as §1's table


def run_once(binary, spec, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    time_file = out_dir.parent / "time.txt"
    started = time.perf_counter()
    subprocess.run(
        ["/usr/bin/time", "-v", "-o", str(time_file), binary, spec, str(out_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )
    wall = time.perf_counter() - started  # finer than time's 10 ms, as in generation.py
    _, cpu, rss = parse_time_v(time_file.read_text())
    return wall, cpu, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--specs", required=True, help="comma-separated spec paths")
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    out_dir = Path(tempfile.mkdtemp(prefix="bench-ab-")) / "out"
    print("| spec | binary | wall median | wall min | CPU median | peak RSS median | wall vs first |")
    print("|---|---|---|---|---|---|---|")
    for spec in args.specs.split(","):
        samples = {binary: [] for binary in args.binaries}
        for _ in range(args.runs):
            for binary in args.binaries:
                samples[binary].append(run_once(binary, spec, out_dir))
        first = statistics.median(s[0] for s in samples[args.binaries[0]])
        for binary in args.binaries:
            walls = [s[0] for s in samples[binary]]
            cpus = [s[1] for s in samples[binary]]
            rss = [s[2] for s in samples[binary]]  # kB
            wall = statistics.median(walls)
            print(
                f"| {Path(spec).name} | {Path(binary).name} | {wall:.3f} s | {min(walls):.3f} s "
                f"| {statistics.median(cpus):.3f} s | {statistics.median(rss) / 1024:.0f} MB "
                f"| {wall / first:.2f} |"
            )
    shutil.rmtree(out_dir.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
