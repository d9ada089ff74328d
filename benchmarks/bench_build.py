"""Time whole `bvpp` processes on a copy of the example project and print a small table.

Usage: python benchmarks/bench_build.py [--runs N] [--baseline CHECKOUT]

With --baseline, each case also runs the package of another checkout of this repository (for
example `git worktree add ../before <commit>`), alternating run by run with this one, and the
table gives both medians and the median of the per-pair ratios (this checkout / baseline).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_example(target: Path) -> Path:
    """Copy the example project (config, templates, inputs) into `target`."""
    target.mkdir(parents=True)
    shutil.copyfile(REPO / "bvpp.toml", target / "bvpp.toml")
    for part in ("templates", "inputs"):
        shutil.copytree(REPO / part, target / part)
    return target


def timed(
    args: list[str], runs: int, before: Callable[[], None] | None = None, checkout: Path = REPO
) -> list[float]:
    """Run a command `runs` times with `checkout`'s package (after `before`, untimed); return wall-clock seconds."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def forget_versions(project: Path) -> Callable[[], None]:
    """Return a step that removes the register and build/, so the next build starts afresh."""

    def reset() -> None:
        shutil.rmtree(project / "build", ignore_errors=True)
        (project / "bvpp-register.json").unlink(missing_ok=True)

    return reset


def second_version(project: Path, bvpp: list[str]) -> Callable[[], None]:
    """Return a step that ensures plan v2 exists (one changed sentence) and removes any redline of it."""

    def prepare() -> None:
        if not (project / "build/plan/plan-v002.docx").exists():
            cpa = project / "inputs/plan/cpa.md"
            cpa.write_text(cpa.read_text(encoding="utf-8").replace("The assessors said", "The assessors wrote"),
                           encoding="utf-8")
            subprocess.run(bvpp + ["--project", str(project), "build"], check=True, capture_output=True)
        for old in (project / "build/plan").glob("*changes*"):
            old.unlink()

    return prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout to time side by side with this one")
    options = parser.parse_args()
    runs, baseline = options.runs, options.baseline
    bvpp = [sys.executable, "-m", "bvpp_docgen"]
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_example(Path(tmp) / "project")
        build = bvpp + ["--project", str(project), "build"]
        cases = {
            "bvpp --help": (bvpp + ["--help"], None),
            "bvpp check (example)": (bvpp + ["--project", str(project), "check"], None),
            "bvpp build (3 new versions)": (build, forget_versions(project)),
            "bvpp build (up to date)": (build, None),
            "bvpp status": (bvpp + ["--project", str(project), "status"], None),
            "bvpp diff plan (v1 to v2)": (bvpp + ["--project", str(project), "diff", "plan"], second_version(project, bvpp)),
        }
        if baseline is None:
            print(f"{'case':<34} {'median s':>9} {'min s':>7} {'max s':>7}   ({runs} runs)")
            for name, (args, before) in cases.items():
                times = timed(args, runs, before)
                print(f"{name:<34} {statistics.median(times):>9.3f} {min(times):>7.3f} {max(times):>7.3f}")
            return
        print(f"{'case':<34} {'this s':>8} {'baseline s':>11} {'ratio':>6}   ({runs} pairs, medians)")
        for name, (args, before) in cases.items():
            pairs = [(timed(args, 1, before)[0], timed(args, 1, before, baseline.resolve())[0]) for _ in range(runs)]
            ours, theirs = [a for a, _ in pairs], [b for _, b in pairs]
            ratio = statistics.median(a / b for a, b in pairs)
            print(f"{name:<34} {statistics.median(ours):>8.3f} {statistics.median(theirs):>11.3f} {ratio:>6.2f}")


if __name__ == "__main__":
    main()
