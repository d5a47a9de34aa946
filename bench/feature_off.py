#!/usr/bin/env python3
"""What an off cargo feature costs a generated crate (BENCHMARKS.md §2).

The `mock` feature (typed test doubles) must add nothing to a normal build. This
compares the checked-in `generated-client/` with its default features against
the same crate with the feature removed entirely (`src/mock.rs`,
`src/runtime/mock.rs`, the `mod` lines, the feature and the `wiremock`
dependency), so the only difference is the cfg'd-out source.

    python3 bench/feature_off.py [--runs 5]

Both crates are made stand-alone under bench/out/feature-off/ and share one
target dir. After a warm-up build of each, every run touches src/lib.rs and times
`cargo build` (crate only, debug, CARGO_INCREMENTAL=0), then `cargo check`,
alternating the two crates so that machine load hits both alike. Prints medians
and the ratio without/with.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "feature-off"


def prepare(name: str, strip: bool) -> Path:
    crate = OUT / name
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(REPO / "generated-client", crate, ignore=shutil.ignore_patterns("target"))
    manifest = (crate / "Cargo.toml").read_text()
    if strip:
        (crate / "src" / "mock.rs").unlink()
        (crate / "src" / "runtime" / "mock.rs").unlink()
        for path in [crate / "src" / "lib.rs", crate / "src" / "runtime" / "mod.rs"]:
            text = path.read_text()
            stripped = re.sub(r'#\[cfg\(feature = "mock"\)\]\n(pub(\(crate\))? )?mod mock;\n', "", text)
            assert stripped != text, f"no mock module in {path}"
            path.write_text(stripped)
        manifest = re.sub(r"(?m)^mock = .*\n", "", manifest)
        manifest = re.sub(r"(?m)^wiremock = .*\n", "", manifest)
    # Examples and tests are not what is measured; only the library.
    manifest = re.sub(r"(?ms)^\[\[example\]\].*?(?=^\[|\Z)", "", manifest)
    (crate / "Cargo.toml").write_text(manifest + "\n[workspace]\n")
    shutil.copy(REPO / "Cargo.lock", crate / "Cargo.lock")
    return crate


def cargo(crate: Path, command: str) -> float:
    env = dict(os.environ, CARGO_TARGET_DIR=str(OUT / "target"), CARGO_INCREMENTAL="0")
    (crate / "src" / "lib.rs").touch()
    started = time.monotonic()
    subprocess.run(
        ["cargo", command, "--offline", "--lib", "--quiet"], cwd=crate, env=env, check=True
    )
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    crates = {"with the feature, off": prepare("with", False), "without the feature": prepare("without", True)}
    for crate in crates.values():
        cargo(crate, "build")
        cargo(crate, "check")
    times = {(label, command): [] for label in crates for command in ("build", "check")}
    for _ in range(args.runs):
        for command in ("build", "check"):
            for label, crate in crates.items():
                times[(label, command)].append(cargo(crate, command))
    print(f"load average after: {os.getloadavg()}")
    print("| crate | `cargo build` median | `cargo check` median |")
    print("|---|---|---|")
    for label in crates:
        build = statistics.median(times[(label, "build")])
        check = statistics.median(times[(label, "check")])
        print(f"| {label} | {build:.2f} s | {check:.2f} s |")
    for command in ("build", "check"):
        on, off = (statistics.median(times[(label, command)]) for label in crates)
        print(f"{command}: with ÷ without = {on / off:.3f} (runs: {args.runs})")


if __name__ == "__main__":
    main()
