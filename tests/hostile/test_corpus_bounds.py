"""Corpus, bounded work: workbooks that unpack or stretch far beyond a plan, templates that ask for unbounded work.

Each case runs under a memory and time limit well below what the unbounded work would take
(a 200,000-row sheet used minutes and over 20 GB; `'x' * 10**9` a gigabyte).
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from .harness import Case, check

INDICATORS = "inputs/indicators.xlsx"
PLAN_DATA = "inputs/plan-data.xlsx"
PLAN_TEMPLATE = "templates/plan.docx"
SHEET = "xl/worksheets/sheet1.xml"  # the Indicators sheet, and plan-data's Budget sheet


def _rewrite(path: Path, changes: dict[str, Callable[[bytes], Iterable[bytes]]], extra: dict[str, Iterable[bytes]] | None = None,
             level: int = 6) -> None:
    """Rewrite a zip package, streaming each changed (or extra) member's new bytes."""
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in changes:
                with target.open(info.filename, "w", force_zip64=True) as out:
                    for chunk in changes[info.filename](data):
                        out.write(chunk)
            else:
                target.writestr(info.filename, data)
        for name, chunks in (extra or {}).items():
            with target.open(name, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk)
    shutil.move(temp, path)


def _before_sheet_end(rows: Callable[[], Iterable[bytes]]) -> Callable[[bytes], Iterable[bytes]]:
    def change(data: bytes) -> Iterable[bytes]:
        head, tail = data.split(b"</sheetData>")
        yield head
        yield from rows()
        yield b"</sheetData>" + tail
    return change


def _many_rows(first: int, last: int, cells: Callable[[int], str]) -> Callable[[], Iterable[bytes]]:
    def rows() -> Iterable[bytes]:
        batch = []
        for n in range(first, last + 1):
            batch.append(f'<row r="{n}">{cells(n)}</row>')
            if len(batch) == 10_000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()
    return rows


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _rows_200000(root: Path) -> None:
    """The performance team pastes a 200,000-row extract below the indicators."""
    rows = _many_rows(91, 200_000, lambda n: _text(f"A{n}", f"L{n}") + _text(f"B{n}", "Extract row") + f'<c r="C{n}"><v>1</v></c>')
    _rewrite(root / INDICATORS, {SHEET: _before_sheet_end(rows)})


def _budget_rows(root: Path) -> None:
    rows = _many_rows(40, 60_000, lambda n: _text(f"A{n}", f"Ledger line {n}") + f'<c r="B{n}"><v>{n}</v></c>')
    _rewrite(root / PLAN_DATA, {SHEET: _before_sheet_end(rows)})


def _columns_20000(root: Path) -> None:
    def cells() -> Iterable[bytes]:
        from bvpp_docgen.read.sheet_bounds import column_letter

        yield ('<row r="95">' + "".join(f'<c r="{column_letter(c)}95"><v>{c}</v></c>' for c in range(1, 20_001)) + "</row>").encode()
    _rewrite(root / INDICATORS, {SHEET: _before_sheet_end(cells)})


def _note_at_bottom(root: Path) -> None:
    """Someone typed a note in the sheet's very last row."""
    _rewrite(root / INDICATORS, {SHEET: _before_sheet_end(lambda: [('<row r="1048576">' + _text("A1048576", "checked JS") + "</row>").encode()])})


def _dimension_lies(root: Path) -> None:
    _rewrite(root / INDICATORS, {SHEET: lambda data: [re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)]})


def _formatted_rows(root: Path) -> None:
    """Borders applied to 300,000 rows below the data: blank formatted cells, not data."""
    rows = _many_rows(91, 300_000, lambda n: f'<c r="A{n}" s="1"/><c r="B{n}" s="1"/>')
    _rewrite(root / INDICATORS, {SHEET: _before_sheet_end(rows)})


def _zip_bomb(root: Path) -> None:
    """A 300 MB sheet of spaces, packed to a few hundred KB."""
    def padding(data: bytes) -> Iterable[bytes]:
        head, tail = data.split(b"</sheetData>")
        yield head
        for _ in range(300):
            yield b" " * (1 << 20)
        yield b"</sheetData>" + tail
    _rewrite(root / INDICATORS, {"xl/worksheets/sheet3.xml": padding}, level=1)


def _swollen_part(root: Path) -> None:
    """A 40 MB part that packs to far less: under the total cap, refused by its ratio."""
    _rewrite(root / PLAN_DATA, {}, {"xl/media/image1.png": (b"\0" * (1 << 20) for _ in range(40))}, level=1)


def _template_bomb(root: Path) -> None:
    """A template swollen with 300 MB of spaces, packed to a few hundred KB."""
    def padding(data: bytes) -> Iterable[bytes]:
        head, tail = data.split(b"</w:body>")
        yield head
        for _ in range(300):
            yield b" " * (1 << 20)
        yield b"</w:body>" + tail
    _rewrite(root / "templates/plan.docx", {"word/document.xml": padding}, level=1)


def _huge_shared_strings(root: Path) -> None:
    """40 MB of distinct strings (hardly compressible): within the ratio, over the part cap."""
    def strings() -> Iterable[bytes]:
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for _ in range(40):
            yield b"".join(b"<si><t>" + os.urandom(32).hex().encode() + b"</t></si>" for _ in range(13_000))
        yield b"</sst>"
    _rewrite(root / INDICATORS, {}, {"xl/sharedStrings.xml": strings()}, level=1)


def _tag(text: str) -> Callable[[Path], None]:
    """Add a paragraph holding `text` (a template tag) at the start of the plan template's body."""
    def mutate(root: Path) -> None:
        paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'.encode()
        _rewrite(root / PLAN_TEMPLATE, {"word/document.xml": lambda data: [re.sub(rb"(<w:body>)", rb"\1" + paragraph, data, count=1)]})
    return mutate


def _where(tag: str) -> str:
    return f"{PLAN_TEMPLATE}:{tag}: "


BOUNDED = {"memory_mb": 700, "seconds": 90}

CASES = [
    Case("rows-200000", _rows_200000, refused=(
        f"{INDICATORS}:Indicators!A5001: data in row 5,001, beyond the 5,000 rows bvpp reads from a sheet",), **BOUNDED),
    Case("budget-rows-60000", _budget_rows, refused=(f"{PLAN_DATA}:Budget!A5001: data in row 5,001",), **BOUNDED),
    Case("columns-20000", _columns_20000, refused=(
        f"{INDICATORS}:Indicators!CW95: data in column CW, beyond the 100 columns (A to CV) bvpp reads from a sheet",),
        **BOUNDED),
    Case("note-in-last-row", _note_at_bottom, refused=(f"{INDICATORS}:Indicators!A1048576: data in row 1,048,576",), **BOUNDED),
    Case("dimension-lies", _dimension_lies, **BOUNDED),
    Case("formatted-blank-rows", _formatted_rows, **BOUNDED),
    Case("zip-bomb-sheet", _zip_bomb, refused=(
        f"{INDICATORS}: unpacks to 300 MB from", "(xl/worksheets/sheet3.xml): refused as a possible zip bomb"), **BOUNDED),
    Case("swollen-part", _swollen_part, refused=(
        f"{PLAN_DATA}: unpacks to 40 MB from", "(xl/media/image1.png): refused as a possible zip bomb"), **BOUNDED),
    Case("zip-bomb-template", _template_bomb, refused=(
        "templates/plan.docx: unpacks to 300 MB from", "refused as a possible zip bomb"), **BOUNDED),
    Case("huge-shared-strings", _huge_shared_strings, refused=(
        f"{INDICATORS}: its part xl/sharedStrings.xml unpacks to 40 MB, more than the 32 MB bvpp reads",), **BOUNDED),
    Case("include", _tag("{% include 'bvpp.toml' %}"), refused=(
        _where("{% include 'bvpp.toml' %}") + "{% include %} is not allowed: a template may not read other files",)),
    Case("include-outside", _tag("{% include '../outside/secret.md' %}"), refused=(
        _where("{% include '../outside/secret.md' %}") + "{% include %} is not allowed",)),
    Case("import", _tag("{% import 'templates/plan.docx' as p %}"), refused=(
        _where("{% import 'templates/plan.docx' as p %}") + "{% import %} is not allowed",)),
    Case("from-import", _tag("{% from 'macros' import box %}"), refused=(
        _where("{% from 'macros' import box %}") + "{% from ... import %} is not allowed",)),
    Case("extends", _tag("{% extends 'templates/covering-report.docx' %}"), refused=(
        _where("{% extends 'templates/covering-report.docx' %}") + "{% extends %} is not allowed",)),
    Case("huge-range", _tag("{% for i in range(10**9) %}{{ i }}{% endfor %}"), refused=(
        _where("{% for i in range(10**9) %}") + "range() of 1,000,000,000 numbers; a template may count to 100,000 at most",),
        **BOUNDED),
    Case("string-repetition", _tag("{{ 'x' * 10**9 }}"), refused=(
        _where("{{ 'x' * 10**9 }}") + "repeating a value 1,000,000,000 times makes more than 1,000,000 characters",),
        **BOUNDED),
    Case("huge-power", _tag("{{ 9 ** 999999999 }}"), refused=(_where("{{ 9 ** 999999999 }}") + "9 ** 999999999 is too large a number for a paper",), **BOUNDED),
    Case("doubling-join", _tag("{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}{% endmacro %}"
                               "{{ d('x', 40) }}"), refused=("the template builds a value of 1,048,576 characters",), **BOUNDED),
    Case("nested-loops", _tag("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"), refused=(
        "the template's loops ran more than 1,000,000 steps",), **BOUNDED),
    Case("long-output", _tag("{% for i in range(100000) %}{{ 'word ' * 200 }}{% endfor %}"), refused=(
        "the template's output passed 50,000,000 characters",), **BOUNDED),
    Case("padding-filter", _tag("{{ 'x'|center(1000000000) }}"), refused=(
        _where("{{ 'x'|center(1000000000) }}") + "|center(1,000,000,000) is too wide for a paper",), **BOUNDED),
    Case("format-width", _tag("{{ '{:>1000000000}'.format(1) }}"), refused=("a format width too large for a paper",), **BOUNDED),
    Case("self", _tag("{{ self }}"), refused=(
        _where("{{ self }}") + "a template internal (TemplateReference) is not a value a paper can show",)),
    Case("range-printed", _tag("{{ range }}"), refused=(_where("{{ range }}") + "a template internal (method)",)),
    Case("cycler", _tag("{{ cycler }}"), refused=(_where("{{ cycler }}") + "unknown variable 'cycler'",)),
    Case("lipsum", _tag("{{ lipsum(100000) }}"), refused=(_where("{{ lipsum(100000) }}") + "unknown variable 'lipsum'",)),
    Case("namespace", _tag("{% set ns = namespace(s='x') %}"), refused=("unknown variable 'namespace'",)),
    Case("class-walk", _tag("{{ ''.__class__.__mro__ }}"), refused=(
        _where("{{ ''.__class__.__mro__ }}") + "refused unsafe template code",)),
    Case("endless-macro", _tag("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"), refused=(
        "the template calls a macro within itself without end",), **BOUNDED),
    Case("division-by-zero", _tag("{{ 1 / 0 }}"), refused=(
        _where("{{ 1 / 0 }}") + "the template failed here (ZeroDivisionError: division by zero)",)),
    Case("mutation", _tag("{{ plan.update(title='x') }}"), refused=(_where("{{ plan.update(title='x') }}") + "refused unsafe template code",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
