"""Write indicator workbooks for tests with openpyxl: literal values, never formulas unless asked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HEADER = [
    "Reference", "Indicator", "Promise", "Unit", "Direction", "Decimal places",
    "Outturn 2000/01", "Outturn 2001/02", "Outturn 2002/03", "Target 2002/03",
    "Target 2003/04", "Target 2004/05", "Target 2005/06", "Notes",
]
GOOD_ROW = ["BV8", "% of invoices paid within 30 days", 6, "percent", "higher is better", 1,
            85.2, 88.4, 91.2, 90, 93, 95, 97, ""]


def make_workbook(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER,
                  sheet: str = "Indicators", formats: dict[str, str] | None = None) -> Path:
    """Write one sheet of `header` + `rows`; `formats` maps cells to number formats.

    Written as a project's `inputs/indicators.xlsx`, it replaces the example's indicators, so the
    example's `charts = [...]` lists, which name those, are taken out of its bvpp.toml.
    """
    import openpyxl

    if path.parent.name == "inputs" and (path.parent.parent / "bvpp.toml").is_file():
        without_charts(path.parent.parent)

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for cell, number_format in (formats or {}).items():
        ws[cell].number_format = number_format
    book.save(path)
    return path


def without_charts(project: Path) -> None:
    """Take the example's `charts = [...]` lists out of a project's bvpp.toml (they name the example's indicators)."""
    config = project / "bvpp.toml"
    config.write_text(re.sub(r"(?m)^charts = \[.*\]\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")


def row(**changes: Any) -> list[Any]:
    """Return a good row with some columns changed, by header name."""
    values = dict(zip(HEADER, GOOD_ROW, strict=True))
    for key, value in changes.items():
        values[key.replace("_", " ")] = value
    return [values[h] for h in HEADER]
