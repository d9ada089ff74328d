"""Try the plausibility warnings (docs/workbook.md, "Figures that look wrong") on generated workbooks.

Usage: python benchmarks/plausibility_trial.py [--workbooks 1000]

Each workbook is the example's indicators with illustrative figures (make_workbooks.py, one
seed each). Prints the warnings on the workbooks as made (false alarms), then how often one
slip per workbook is named at its cell: a percentage pasted as a fraction, a figure multiplied
by 100 (not in % rows, where over 100% is an error), and a figure divided by 100.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_workbooks import indicator_rows

from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.narrative import Cell, Sheet
from bvpp_docgen.errors import Notice

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
SLIPS = {"fraction": 0.01, "times 100": 100.0, "divided by 100": 0.01}


def warnings_of(rows: list[list[Any]]) -> tuple[Notice, ...]:
    """Return the warnings on the indicator sheet of `rows` (below the header)."""
    cells = tuple((n, tuple(Cell(v) for v in row)) for n, row in enumerate([HEADERS, *rows], start=1))
    return read_indicators(Sheet("x.xlsx", "Indicators", cells), "2003/04", range(1, 9)).warnings


def slip_cells(rows: list[list[Any]], slip: str) -> list[tuple[int, int]]:
    """Return the (row, column) places where `slip` can be made: non-zero figures of the year columns."""
    places = []
    for i, row in enumerate(rows):
        percent = row[3] == "percent"
        if row[3] == "yes/no" or (slip == "fraction" and not percent) or (slip == "times 100" and percent):
            continue
        places += [(i, j) for j in range(6, 13) if type(row[j]) in (int, float) and row[j] != 0]
    return places


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbooks", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(1)
    alarms, rows_seen = [], 0
    named = dict.fromkeys(SLIPS, 0)
    tries = dict.fromkeys(SLIPS, 0)
    for seed in range(args.workbooks):
        rows = indicator_rows(seed)[1:]
        rows_seen += len(rows)
        alarms += [f"seed {seed}: {w}" for w in warnings_of(rows)]
        for slip, factor in SLIPS.items():
            i, j = rng.choice(slip_cells(rows, slip))
            changed = [list(r) for r in rows]
            changed[i][j] = changed[i][j] * factor
            tries[slip] += 1
            named[slip] += any(w.location and w.location.cell == f"{chr(65 + j)}{i + 2}" for w in warnings_of(changed))
    print(f"{len(alarms)} warning(s) on {rows_seen:,} rows as made")
    for alarm in alarms:
        print(f"  {alarm}")
    for slip in SLIPS:
        print(f"{slip}: named {named[slip]} of {tries[slip]}")


if __name__ == "__main__":
    main()
