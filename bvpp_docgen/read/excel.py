"""Read one sheet of an .xlsx workbook into plain cells: the only module that imports openpyxl.

Most workbooks are read in one pass by `read/xlsx_cells.py`, which gives the same cells; a
workbook it is unsure of (anything but the shapes spreadsheet programs write) is read here
with openpyxl, which also gives every message about a damaged or oversized sheet.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..core.narrative import Cell, Sheet
from ..errors import InputError, Location
from ..store.cache import Cache
from ..store.files import file_sha256
from .sheet_bounds import check_archive, sheet_extent
from .xlsx_cells import has_formulas, read_cells
from .xlsx_parts import Unsure, read_book

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls files


def read_sheet_cached(path: Path, label: str, sheet: str, cache: Cache) -> Sheet:
    """Read a sheet, reusing the cells read last time if the file's bytes are the same.

    Reading a large sheet costs more than reading its cells back; an unchanged workbook need not pay for it.
    """
    _check_name(path, label)  # before the cache: a renamed copy has the same bytes
    key = cache.key(file_sha256(path), sheet, "cells-2")  # entries of an earlier shape are read again
    cached = cache.get("sheet", key)
    if cached is not None:
        try:
            return _from_json(cached, label, sheet)
        except (ValueError, KeyError, TypeError):
            pass
    result = read_sheet(path, label, sheet)
    cache.put("sheet", key, lambda: _to_json(result))
    return result


def _to_json(sheet: Sheet) -> dict[str, Any]:
    """Return the sheet as JSON: each distinct cell once (the one-pass reader shares equal cells), rows as indexes."""
    index: dict[int, int] = {}
    cells: list[list[Any]] = []
    rows = []
    for number, row in sheet.rows:
        places = []
        for c in row:
            place = index.get(id(c))
            if place is None:
                place = index[id(c)] = len(cells)
                cells.append([_value_to_json(c.value), c.percent, c.formula, c.number_format])
            places.append(place)
        rows.append([number, places])
    return {"cells": cells, "rows": rows, "hidden": list(sheet.hidden_rows)}


def _from_json(cached: dict[str, Any], label: str, sheet: str) -> Sheet:
    cells = [Cell(_value_from_json(v), bool(p), f, str(n)) for v, p, f, n in cached["cells"]]
    return Sheet(label, sheet, tuple((int(number), tuple(cells[i] for i in places)) for number, places in cached["rows"]),
                 tuple(int(n) for n in cached["hidden"]))


def _value_to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {"t": type(value).__name__, "v": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"t": "timedelta", "v": value.total_seconds()}
    return value


def _value_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        kind, raw = value["t"], value["v"]
        if kind == "timedelta":
            return dt.timedelta(seconds=raw)
        parse = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat, "time": dt.time.fromisoformat}
        return parse[kind](raw)
    return value


def read_sheet(path: Path, label: str, sheet: str) -> Sheet:
    """Read sheet `sheet` of the workbook at `path` (shown as `label`): values as last saved."""
    _check_package(path, label)
    try:
        with zipfile.ZipFile(path) as package:
            return read_cells(package, read_book(package, sheet), label, sheet, _translator)
    except (Unsure, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        return read_sheet_openpyxl(path, label, sheet)


def _translator(formula: str, cell: str) -> Callable[[str], str]:
    """Return a shared formula's text in another cell, as openpyxl's formula view gives it."""
    from openpyxl.formula.translate import Translator

    try:
        shared = Translator(formula, cell)
    except Exception:  # openpyxl fails on this formula: read the workbook with it, and fail alike
        raise Unsure from None

    def at(other: str) -> str:
        try:
            return str(shared.translate_formula(other))
        except Exception:
            raise Unsure from None

    return at


def read_sheet_openpyxl(path: Path, label: str, sheet: str) -> Sheet:
    """Read the sheet with openpyxl (two passes when the workbook has formulas): the reference reader."""
    _check_package(path, label)
    values = _open(path, label, data_only=True)
    # Formulas need a second pass; most workbooks have none, so look before paying for it.
    with zipfile.ZipFile(path) as package:
        formulas_held = has_formulas(package)
    formulas = _open(path, label, data_only=False) if formulas_held else None
    try:
        if sheet not in values.sheetnames:
            close = difflib.get_close_matches(sheet, values.sheetnames, n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            names = ", ".join(repr(n) for n in values.sheetnames)
            raise InputError(f"no sheet {sheet!r} (sheets: {names}){hint}", location=Location(label))
        hidden: list[int] = []
        extent = _extent(values[sheet], label, sheet, hidden)
        rows = tuple(_rows(values[sheet], formulas[sheet] if formulas else None, extent)) if extent[0] else ()
    finally:
        values.close()
        if formulas:
            formulas.close()
    with_data = {number for number, _ in rows}
    return Sheet(label, sheet, rows, tuple(n for n in hidden if n in with_data))


def _check_name(path: Path, label: str) -> None:
    """Refuse a workbook named other than .xlsx: openpyxl refuses it anyway, with advice meant for programmers."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        msg = (f"bvpp reads workbooks saved as .xlsx, and this one is named {path.suffix or 'without an extension'}: "
               "save it in Excel as Excel Workbook (.xlsx), and name that file in bvpp.toml")
        raise InputError(msg, location=Location(label))


def _check_package(path: Path, label: str) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(f"cannot read the workbook ({exc.strerror})", location=Location(label)) from None
    if head == OLE_MAGIC:
        msg = "the workbook is password-protected (or an old .xls file); save an unprotected .xlsx copy"
        raise InputError(msg, location=Location(label))
    if not zipfile.is_zipfile(path):
        raise InputError("not an Excel .xlsx workbook", location=Location(label))
    _check_name(path, label)
    check_archive(path, label)


def _extent(worksheet: Any, label: str, sheet: str, hidden: list[int]) -> tuple[int, int]:
    """Count the sheet's rows and columns of data while streaming it (its stated dimension may lie); note hidden rows."""
    if not hasattr(worksheet, "_get_source"):  # a chart sheet: no cells
        return 0, 0
    with worksheet._get_source() as source:
        return sheet_extent(source, label, sheet, hidden)


def _open(path: Path, label: str, data_only: bool) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it does not read
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception:  # openpyxl raises many kinds for a damaged package; its wording (and advice) is for programmers
        msg = "not a readable .xlsx workbook (damaged): open it in Excel, which offers to repair it, and save it again"
        raise InputError(msg, location=Location(label)) from None


def _rows(values: Any, formulas: Any | None, extent: tuple[int, int]) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    """Yield non-empty rows, up to the last row and column with data; a cell is a formula when the formula view holds `=...`."""
    last_row, last_column = extent
    for sheet in (values, formulas):
        if sheet is not None:
            sheet.reset_dimensions()  # the stated dimension may lie: never pad rows to it
    formula_rows = (formulas.iter_rows(max_row=last_row, max_col=last_column, values_only=True)
                    if formulas is not None else itertools.repeat(()))
    cells_by_row = values.iter_rows(max_row=last_row, max_col=last_column)
    for number, (row, formula_row) in enumerate(zip(cells_by_row, formula_rows, strict=False), 1):
        cells = []
        for index, cell in enumerate(row):
            value = getattr(cell, "value", None)
            source = formula_row[index] if index < len(formula_row) else None
            formula = source if isinstance(source, str) and source.startswith("=") else None
            number_format = str(getattr(cell, "number_format", None) or "General")
            cells.append(Cell(value, "%" in number_format, formula, number_format))
        if any(c.value is not None or c.formula for c in cells):
            yield number, tuple(cells)
