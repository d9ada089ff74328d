"""Time `redline()` on two versions of the example plan (four changes between them).

Usage: python benchmarks/bench_redline.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bvpp_docgen.redline import redline
from tests.conftest import copy_example, paper, run_bvpp


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path}: {old!r} not found; the example changed, update this benchmark")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(root: Path) -> None:
    result = run_bvpp(root, "build")
    if result.exit_code:
        raise SystemExit(result.stderr)


def make_plan_versions(root: Path) -> tuple[Path, Path]:
    """Build the example plan, change a sentence, a budget figure, an indicator and a date, build again."""
    copy_example(root)
    _build(root)
    _edit(root / "inputs/plan/cpa.md", "The assessors said", "The assessors wrote")
    _edit(root / "bvpp.toml", "date = 2003-04-28", "date = 2003-04-29")
    plan_data = openpyxl.load_workbook(root / "inputs/plan-data.xlsx")
    budget = plan_data["Budget"]
    total = next(row for row in budget.iter_rows(min_row=2) if str(row[0].value).startswith("Total"))
    budget["C2"] = budget["C2"].value + 0.3  # Education 2003/04, and the total with it
    if isinstance(total[2].value, (int, float)):
        total[2].value += 0.3
    plan_data.save(root / "inputs/plan-data.xlsx")
    workbook = openpyxl.load_workbook(root / "inputs/indicators.xlsx")
    workbook["Indicators"]["I53"] = 14.2  # BV82b outturn 2002/03: 7.2% -> 14.2%
    workbook.save(root / "inputs/indicators.xlsx")
    _build(root)
    return paper(root, "plan", 1), paper(root, "plan", 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        old, new = make_plan_versions(Path(tmp) / "project")
        cases = {"plan v1 -> v2 (4 changes)": (old, new), "plan v1 -> v1 (identical)": (old, old)}
        print("| case | median s | min s | max s | ins/del | runs |\n|---|--:|--:|--:|--:|--:|")
        for label, (a, b) in cases.items():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                result = redline(a, b, author="Performance Team", date=dt.date(2003, 5, 2))
                times.append(time.perf_counter() - start)
            print(f"| {label} | {statistics.median(times):.3f} | {min(times):.3f} | {max(times):.3f} "
                  f"| {result.insertions}/{result.deletions} | {runs} |")


if __name__ == "__main__":
    main()
