"""A validated sheet's header (columns by key) and data rows (cells by key), every problem with its cell. Pure."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import DocgenError, InputError, Location, Notice, raise_all
from .narrative import Cell, Sheet
from .text import sanitize_text

EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
BAD = object()  # what `raw` returns for a cell already reported as an error


@functools.cache
def column_letter(index: int) -> str:
    """Return `A` for column 0, `AB` for column 27."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class RowCells:
    """Read one row's cells by column key, collecting every problem with its cell."""

    def __init__(self, sheet: Sheet, row: int, cells: tuple[Cell, ...], columns: dict[str, int]) -> None:
        self.sheet, self.row, self.cells, self.columns = sheet, row, cells, columns
        self.errors: list[InputError] = []

    def at(self, key: str) -> str:
        """Return the cell reference of column `key` in this row, e.g. `C7`."""
        return f"{column_letter(self.columns[key])}{self.row}"

    def cell(self, key: str) -> Cell | None:
        """Return the cell of column `key`, or None when the sheet has no such column (or the row is short)."""
        index = self.columns.get(key)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def fail(self, key: str, message: str) -> None:
        """Record a problem with the cell of column `key`."""
        where = Location(self.sheet.path, sheet=self.sheet.name, cell=self.at(key))
        self.errors.append(InputError(message, location=where))

    def raw(self, key: str) -> Any:
        """Return the cell's value; report an Excel error or an uncalculated formula and return BAD."""
        cell = self.cell(key)
        if cell is None:
            return None
        if isinstance(cell.value, str) and cell.value.strip() in EXCEL_ERRORS:
            self.fail(key, f"Excel error {cell.value.strip()!r} in the cell")
            return BAD
        if cell.value is None and cell.formula:
            self.fail(key, f"formula {cell.formula!r} has no saved value (open and save the workbook in Excel to calculate it)")
            return BAD
        return cell.value

    def text(self, key: str) -> str:
        """Return the cell as clean text ("" when empty or bad); whole floats lose their `.0`."""
        value = self.raw(key)
        if value is None or value is BAD:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return sanitize_text(str(value)).strip()


def shown(value: Any) -> str:
    """Return a cell's value quoted for a message: `'abc'`, `'12.5'`."""
    return repr(sanitize_text(str(value)))


def promise_problem(number: int, known: Collection[int]) -> str | None:
    """Return why `number` is not a promise of bvpp.toml, or None if it is one."""
    if number in known:
        return None
    listed = ", ".join(str(p) for p in sorted(known)) or "none"
    return f"promise {number} is not defined in bvpp.toml [[promises]] (promises: {listed})"


@dataclass(frozen=True, slots=True)
class Header:
    """A sheet's header row: its number, each known column's index by key, and warnings."""

    row: int
    columns: dict[str, int]
    warnings: tuple[Notice, ...] = ()


def map_header(
    sheet: Sheet, key_of: Callable[[str], str | None], required: Mapping[str, str], warn_unknown: bool = False
) -> Header:
    """Map the first row's headers to column keys; every required column (key: name) must be there once.

    A header `key_of` does not know is ignored (with a warning if `warn_unknown`); a key found
    twice is an error at the second; a missing column names the nearest header.
    """
    if not sheet.rows:
        raise InputError("the sheet is empty: it needs a header row", location=Location(sheet.path, sheet=sheet.name))
    row, cells = sheet.rows[0]
    found: dict[str, int] = {}
    headers: list[str] = []
    errors: list[DocgenError] = []
    warnings: list[Notice] = []
    for index, cell in enumerate(cells):
        text = _header_text(cell.value)
        if not text:
            continue
        headers.append(text)
        key = key_of(text)
        where = Location(sheet.path, sheet=sheet.name, cell=f"{column_letter(index)}{row}")
        if key is None:
            if warn_unknown:
                warnings.append(Notice(f"column {text!r} is not part of the workbook contract; ignored", where))
        elif key in found:
            first = f"{column_letter(found[key])}{row}"
            errors.append(InputError(f"column {text!r} appears twice (also at {first})", location=where))
        else:
            found[key] = index
    missing = [key for key in required if key not in found]
    title_rows = _header_below(sheet, key_of, len(required) - len(missing)) if missing else None
    if title_rows is not None:
        msg = (f"row {title_rows} looks like the header; the header must be on row 1: "
               f"delete the row{'s' if title_rows > 2 else ''} above it")
        raise InputError(msg, location=Location(sheet.path, sheet=sheet.name, cell=f"{title_rows}:{title_rows}"))
    for key, name in required.items():
        if key not in found:
            close = difflib.get_close_matches(name.lower(), [h.lower() for h in headers], n=1, cutoff=0.6)
            hint = f" (nearest header: {next(h for h in headers if h.lower() == close[0])!r})" if close else ""
            where = Location(sheet.path, sheet=sheet.name, cell=f"{row}:{row}")
            errors.append(InputError(f"missing column {name!r}{hint}", location=where))
    raise_all(errors)
    return Header(row, found, tuple(warnings))


def _header_below(sheet: Sheet, key_of: Callable[[str], str | None], known: int, look: int = 10) -> int | None:
    """Return the number of a row below the first that names more of the sheet's columns, or None."""
    for row, cells in sheet.rows[1:look]:
        keys = {key_of(text) for text in map(_header_text, (c.value for c in cells)) if text} - {None}
        if len(keys) > max(known, 1):
            return row
    return None


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return sanitize_text(str(value)).strip()
