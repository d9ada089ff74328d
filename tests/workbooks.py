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
    example's `charts = [...]` lists and its snippets' indicator facts, which name those, are taken out.
    """
    import openpyxl

    if path.parent.name == "inputs" and (path.parent.parent / "bvpp.toml").is_file():
        without_example_indicators(path.parent.parent)

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


INDICATOR_FACT = re.compile(r"\[\[[A-Za-z][A-Za-z0-9 ()]*\.(?:outturn|target|title|travel|quartile)(?:\.[0-9/]+)?\]\]")


def without_example_indicators(project: Path) -> None:
    """Take out what names the example's own indicators: bvpp.toml's `charts = [...]` lists, and the
    snippets' indicator facts (`[[BV82a.outturn.2002/03]]`), written as plain words."""
    import zipfile

    config = project / "bvpp.toml"
    config.write_text(re.sub(r"(?m)^charts = \[.*\]\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    for path in (project / "inputs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if INDICATOR_FACT.search(text):
            path.write_text(INDICATOR_FACT.sub("a figure", text), encoding="utf-8")
    for path in (project / "inputs").rglob("*.docx"):
        with zipfile.ZipFile(path) as source:
            parts = {info: source.read(info) for info in source.infolist()}
        main = next(info for info in parts if info.filename == "word/document.xml")
        text = parts[main].decode("utf-8")
        if not INDICATOR_FACT.search(text):
            continue
        parts[main] = INDICATOR_FACT.sub("a figure", text).encode("utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info, data in parts.items():
                target.writestr(info, data)


def row(**changes: Any) -> list[Any]:
    """Return a good row with some columns changed, by header name."""
    values = dict(zip(HEADER, GOOD_ROW, strict=True))
    for key, value in changes.items():
        values[key.replace("_", " ")] = value
    return [values[h] for h in HEADER]
