"""One data row of a validated sheet: its cells by column key, and every problem with its cell. Pure."""

from __future__ import annotations

from typing import Any

from ..errors import InputError, Location
from .narrative import Cell, Sheet
from .text import sanitize_text

EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
BAD = object()  # what `raw` returns for a cell already reported as an error


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
