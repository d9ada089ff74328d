"""Latency of `bvpp watch`: from saving a snippet to the new paper on disk, on a copy of the example.

Usage: python benchmarks/bench_watch.py [--saves N] [--snippet PATH] [--document ID] [--draft]

Starts `bvpp watch` as a process with this checkout's package, waits for its first build, then
saves the snippet N times (as an editor does: a temporary file renamed over it, each save
changing the text), each time timing until the paper's next version is on disk (with --draft:
until its preview in build/.preview/ has been replaced). Prints each
latency and the median; the target is 0.5 s or less.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.bench_build import copy_example

TARGET_SECONDS = 0.5


def wait_for(condition, seconds: float, process: subprocess.Popen[bytes]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("bvpp watch ended or timed out")
        time.sleep(0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=7)
    parser.add_argument("--snippet", default="inputs/plan/cpa.md")  # shown by the plan only
    parser.add_argument("--document", default="plan")
    parser.add_argument("--draft", action="store_true", help="Watch with --draft: previews, no versions.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bvpp-bench-watch-") as scratch:
        project = copy_example(Path(scratch) / "project")
        err = Path(scratch) / "stderr.txt"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        with err.open("wb") as stderr:
            process = subprocess.Popen([sys.executable, "-m", "bvpp_docgen", "--project", str(project), "watch",
                                        *(["--draft"] if args.draft else [])],
                                       stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        try:
            wait_for(lambda: "watching for changes" in err.read_text(), 300, process)
            snippet = project / args.snippet
            latencies = []
            for save in range(1, args.saves + 1):
                paper = project / "build" / args.document / f"{args.document}-v{save + 1:03d}.docx"
                preview = project / "build" / ".preview" / f"{args.document}.docx"
                before = preview.stat().st_mtime_ns if args.draft else 0
                scratch_file = snippet.with_name(f"~{snippet.name}.tmp")
                scratch_file.write_text(snippet.read_text(encoding="utf-8") + f"\nSave number {save}.\n", encoding="utf-8")
                start = time.perf_counter()
                os.replace(scratch_file, snippet)
                if args.draft:
                    wait_for(lambda: preview.stat().st_mtime_ns != before, 120, process)  # noqa: B023
                else:
                    wait_for(paper.is_file, 120, process)
                latencies.append(time.perf_counter() - start)
                print(f"save {save}: {latencies[-1]:.3f} s")
                time.sleep(0.5)  # let the round finish before the next save
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
    median = statistics.median(latencies)
    verdict = "met" if median <= TARGET_SECONDS else "NOT met"
    print(f"median latency from save to {args.document}'s new version on disk: {median:.3f} s over {len(latencies)} saves "
          f"(target <= {TARGET_SECONDS} s: {verdict})")


if __name__ == "__main__":
    main()
