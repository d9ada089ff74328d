"""Time building the plan from generated indicator workbooks of growing size, as whole processes.

Usage: python benchmarks/bench_indicators.py [--sizes 500 4999] [--runs 3]

Prints median wall-clock seconds and peak memory (max RSS of the bvpp process) per size,
and the ratio of the largest to the smallest, to show how time grows with rows.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import copy_example
from make_workbooks import synthetic_rows

from bvpp_docgen.read.config_toml import load_config
from bvpp_docgen.write.workbooks import write_workbook


def run_once(project: Path) -> tuple[float, int]:
    """Build the plan afresh; return seconds and peak RSS in MiB."""
    shutil.rmtree(project / "build", ignore_errors=True)
    (project / "bvpp-register.json").unlink(missing_ok=True)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bvpp_docgen", "--project", str(project), "build", "plan"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode() if process.stderr else ''}")
    process.stderr.close()  # type: ignore[union-attr]
    return elapsed, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 4999])  # 4,999: the most a sheet holds (5,000 rows with the header)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    medians = {}
    print(f"{'indicators':>10} {'median s':>9} {'min s':>7} {'peak MiB':>9}   ({args.runs} runs)")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = copy_example(Path(tmp) / f"p{size}")
            workbook = project / "inputs" / "indicators.xlsx"
            workbook.unlink()
            write_workbook(workbook, "inputs/indicators.xlsx", load_config(project), synthetic_rows(size))
            results = [run_once(project) for _ in range(args.runs)]
            times = [t for t, _ in results]
            medians[size] = statistics.median(times)
            print(f"{size:>10} {medians[size]:>9.2f} {min(times):>7.2f} {max(m for _, m in results):>9}")
    small, large = min(medians), max(medians)
    if small != large:
        print(f"time ratio {large}/{small} rows: {medians[large] / medians[small]:.1f}x (rows ratio {large / small:.0f}x)")


if __name__ == "__main__":
    main()
