"""Files moved on to next year's plan: `bvpp.toml` with its years moved on, workbooks with their year columns shifted."""

from __future__ import annotations

import io
from collections.abc import Mapping, MutableMapping, MutableSequence, Sequence
from copy import copy
from pathlib import Path

import openpyxl
import tomlkit
from openpyxl.worksheet.worksheet import Worksheet

from ..core.formats import find_financial_year
from ..core.new_year import rolled_columns, shift_fact_years, shift_years
from ..ooxml.package import Package


def roll_workbook(path: Path, data_sheets: Sequence[str], year_columns: Mapping[str, Sequence[str]], window_start: str) -> tuple[bytes, list[str]]:
    """Return the workbook at `path` moved on a year, and one line per change made.

    In `data_sheets`, each column headed with a year takes the figures of the column headed with
    the next year (or is cleared for the team to fill); `year_columns` names, per sheet, the headers of a
    column of row years (the improvements' `Year`) whose rows before `window_start` leave the sheet.
    Elsewhere, years written in text move on by one. A formula in a moved cell is replaced by the
    figure Excel last showed, and said.
    """
    keep_vba = path.suffix.lower() == ".xlsm"
    book = openpyxl.load_workbook(path, keep_vba=keep_vba)
    shown = openpyxl.load_workbook(path, data_only=True)
    changes: list[str] = []
    for sheet in book.worksheets:
        if sheet.title in data_sheets:
            changes += _roll_columns(sheet, shown[sheet.title])
            if sheet.title in year_columns:
                changes += _drop_old_rows(sheet, year_columns[sheet.title], window_start)
        else:
            changes += _shift_text(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), [f"{path.name}: {line}" for line in changes]


STORIES = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def roll_snippet(data: bytes, suffix: str) -> bytes:
    """Return a snippet (Markdown text or a Word file's bytes) with its indicator facts' years moved on.

    In a Word file, a fact whose name Word split across runs is left as it is (check then names it).
    """
    if suffix.lower() != ".docx":
        return shift_fact_years(data.decode("utf-8")).encode("utf-8")
    package = Package.read(data)
    changed = False
    for part in (p for p in STORIES if p in package.parts):
        text = package.parts[part].decode("utf-8")
        moved = shift_fact_years(text)
        if moved != text:
            package.parts[part], changed = moved.encode("utf-8"), True
    return package.write() if changed else data


def roll_config(text: str, config_name: str) -> tuple[str, list[str]]:
    """Return `bvpp.toml`'s text with every financial year in its values moved on by one (comments and layout kept)."""
    document = tomlkit.parse(text)
    changes: list[str] = []
    _shift_strings(document, "", changes, config_name)
    return tomlkit.dumps(document), changes


def _shift_strings(node: object, key: str, changes: list[str], config_name: str) -> None:
    if isinstance(node, MutableMapping):
        items = [(name, f"{key}.{name}" if key else str(name)) for name in node]
    elif isinstance(node, MutableSequence):
        items = [(i, f"{key}#{i + 1}") for i in range(len(node))]
    else:
        return
    for name, where in items:
        value = node[name]
        if isinstance(value, str):
            moved = shift_years(value)
            if moved != value:
                node[name] = moved
                changes.append(f"{config_name}: {where} '{value}' is now '{moved}'")
        else:
            _shift_strings(value, where, changes, config_name)


def _roll_columns(sheet: Worksheet, shown: Worksheet) -> list[str]:
    headers = [cell.value for cell in sheet[1]]
    moves = rolled_columns(headers)
    last = sheet.max_row
    taken = {
        move.source: [_cell_copy(sheet, shown, row, move.source + 1) for row in range(2, last + 1)]
        for move in moves if move.source is not None
    }
    changes = []
    for move in moves:
        column = move.column + 1
        letter = sheet.cell(1, column).column_letter
        old = sheet.cell(1, column).value
        sheet.cell(1, column).value = move.header
        source = taken.get(move.source) if move.source is not None else None
        formulas = []
        for offset, row in enumerate(range(2, last + 1)):
            cell = sheet.cell(row, column)
            if source is None:
                cell.value = None
                continue
            value, number_format, was_formula = source[offset]
            cell.value, cell.number_format = value, number_format
            if was_formula:
                formulas.append(cell.coordinate)
        if source is None:
            changes.append(f"{sheet.title}!{letter}1 '{old}' is now '{move.header}', left blank for the team to fill")
        else:
            src = sheet.cell(1, move.source + 1).column_letter  # type: ignore[operator]
            changes.append(f"{sheet.title}!{letter}1 '{old}' is now '{move.header}', with the figures of column {src}")
        if formulas:
            changes.append(f"{sheet.title}!{formulas[0]}: {len(formulas)} formula(s) moved as the figures Excel "
                           "last showed; check them")
    return changes


def _cell_copy(sheet: Worksheet, shown: Worksheet, row: int, column: int) -> tuple[object, str, bool]:
    cell = sheet.cell(row, column)
    value = cell.value
    formula = isinstance(value, str) and value.startswith("=")
    if formula:
        value = shown.cell(row, column).value
    return value, copy(cell.number_format), formula


def _drop_old_rows(sheet: Worksheet, headers: Sequence[str], window_start: str) -> list[str]:
    column = next((c.column for c in sheet[1] if isinstance(c.value, str) and " ".join(c.value.lower().split()) in headers), None)
    if column is None:
        return []
    old = []
    for row in range(sheet.max_row, 1, -1):
        found = find_financial_year(str(sheet.cell(row, column).value or ""))
        if found and found.label and found.label < window_start:
            old.append(row)
    for row in old:  # from the bottom up, so the rows still to delete keep their numbers
        sheet.delete_rows(row)
    if not old:
        return []
    rows = ", ".join(str(r) for r in sorted(old))
    return [f"{sheet.title}: rows {rows} (years before {window_start}, which next year's plan no longer shows) removed"]


def _shift_text(sheet: Worksheet) -> list[str]:
    moved = 0
    first = ""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and not cell.value.startswith("="):
                new = shift_years(cell.value)
                if new != cell.value:
                    cell.value = new
                    moved += 1
                    first = first or cell.coordinate
    return [f"{sheet.title}!{first}: years moved on in {moved} cell(s) of text"] if moved else []
