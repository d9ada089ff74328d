"""How much of a workbook bvpp will read: refused before openpyxl parses anything unbounded.

A workbook is a zip of XML parts. A zip bomb (a part that unpacks to far more than its size)
is refused from the zip directory, before anything is unpacked. A worksheet's own
`<dimension ref>` may lie, so its extent is counted while streaming its XML (constant memory):
data beyond row MAX_ROWS or column MAX_COLUMNS is refused, and openpyxl then reads only up to
the last row and column that hold data (blank formatted cells beyond them cost nothing).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO
from xml.parsers import expat

from ..errors import InputError, Location
from ..ooxml.package import unpacked_size

MAX_ROWS = 5_000  # a plan has a few hundred indicators, budget lines or improvements
MAX_COLUMNS = 100  # column CV; a sheet contract has under 20 columns
MAX_UNPACKED = 256 * 1024 * 1024  # the whole package, unpacked
MAX_PART = 32 * 1024 * 1024  # one XML part other than a worksheet (shared strings, styles), unpacked
MAX_RATIO = 200  # unpacked : packed, for a part over 1 MB; a zip bomb is near 1000
_LETTERS = re.compile(r"[A-Za-z]+")


def column_letter(number: int) -> str:
    """Return the spreadsheet column letters of a 1-based column number."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def check_archive(path: Path, label: str) -> None:
    """Refuse a workbook whose parts unpack to more than bvpp will read, from the zip directory alone."""
    where = Location(label)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError("not an Excel .xlsx workbook", location=where) from None
    unpacked, swollen = unpacked_size(infos, MAX_RATIO)
    packed = path.stat().st_size
    if unpacked > MAX_UNPACKED or swollen:
        part = f" ({swollen[0].filename})" if swollen else ""
        msg = (f"unpacks to {_size(unpacked)} from {_size(packed)}{part}: refused as a possible zip bomb "
               f"(bvpp reads workbooks up to {_size(MAX_UNPACKED)} unpacked); save the workbook again in Excel, "
               "or keep only the sheets the plan uses")
        raise InputError(msg, location=where)
    for info in infos:
        is_sheet = info.filename.startswith("xl/worksheets/")
        if not is_sheet and info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_PART:
            msg = (f"its part {info.filename} unpacks to {_size(info.file_size)}, more than the {_size(MAX_PART)} "
                   "bvpp reads; keep only the sheets and text the plan uses in this workbook")
            raise InputError(msg, location=where)


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):,.0f} MB"
    return f"{max(count // 1024, 1):,} KB"


def sheet_extent(source: IO[bytes], label: str, sheet: str, hidden: list[int] | None = None) -> tuple[int, int]:
    """Stream a worksheet's XML; return its last row and column holding data (0, 0 if none).

    Refuses data beyond MAX_ROWS or MAX_COLUMNS at the first such cell, without reading on.
    The numbers of rows hidden in Excel (`<row hidden="1">`) are added to `hidden`.
    """
    state = {"row": 0, "column": 0, "in_cell": 0, "last_row": 0, "last_column": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "row":
            state["row"] = int(attrs["r"]) if attrs.get("r", "").isdigit() else state["row"] + 1
            state["column"] = 0
            if hidden is not None and attrs.get("hidden", "").lower() in ("1", "true"):
                hidden.append(state["row"])
        elif local == "c":
            letters = _LETTERS.match(attrs.get("r", ""))
            state["column"] = _column_number(letters.group()) if letters else state["column"] + 1
            state["in_cell"] = 1
        elif local in ("v", "f", "is") and state["in_cell"]:
            _note_data(state, label, sheet)

    def end(name: str) -> None:
        if name.rsplit(":", 1)[-1] == "c":
            state["in_cell"] = 0

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = lambda *args: _damaged(label, sheet, "it declares a DOCTYPE")
    try:
        parser.ParseFile(source)
    except expat.ExpatError as exc:
        _damaged(label, sheet, str(exc))
    return state["last_row"], state["last_column"]


def _note_data(state: dict[str, int], label: str, sheet: str) -> None:
    row, column = state["row"], state["column"]
    cell = f"{column_letter(column)}{row}"
    if row > MAX_ROWS:
        msg = (f"data in row {row:,}, beyond the {MAX_ROWS:,} rows bvpp reads from a sheet (a plan needs far fewer); "
               "delete the rows below your data, or keep that data in another sheet")
        raise InputError(msg, location=Location(label, sheet=sheet, cell=cell))
    if column > MAX_COLUMNS:
        msg = (f"data in column {column_letter(column)}, beyond the {MAX_COLUMNS} columns (A to "
               f"{column_letter(MAX_COLUMNS)}) bvpp reads from a sheet; delete the columns to the right of your "
               "data, or keep that data in another sheet")
        raise InputError(msg, location=Location(label, sheet=sheet, cell=cell))
    state["last_row"] = max(state["last_row"], row)
    state["last_column"] = max(state["last_column"], column)


def _damaged(label: str, sheet: str, why: str) -> None:
    raise InputError(f"not a readable .xlsx workbook: the sheet's XML is damaged ({why})",
                     location=Location(label, sheet=sheet))
