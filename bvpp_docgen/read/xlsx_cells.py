"""Read one worksheet's cells in a single pass, exactly as the openpyxl reader in `read/excel.py` gives them.

openpyxl builds objects for every cell (twice when the workbook has formulas) and streams the
XML through Python callbacks; a 5,000-row sheet cost seconds. Here the sheet's XML is checked
by expat (the parser openpyxl and `sheet_bounds.py` use, with no callbacks: C speed), then
taken apart by regular expressions that accept only the shapes spreadsheet programs write:
`<row>`s of `<c r=".." s=".." t="..">` holding `<f>`, `<v>` and `<is>`. Anything else (a
comment or CDATA in the cells, an unusual attribute, rows out of order, a date outside the
calendar, data beyond the bounds, a value openpyxl would fail on) raises `Unsure`, and the
caller reads the workbook with openpyxl: today's values, today's messages.
`tests/adapters/test_xlsx_reader.py` compares the two cell by cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any
from xml.parsers import expat

from ..core.narrative import Cell, Sheet
from .sheet_bounds import MAX_COLUMNS, MAX_ROWS
from .xlsx_formats import from_serial
from .xlsx_parts import MAIN, Book, Format, Unsure

MAX_SHEET = 64 * 1024 * 1024  # unpacked; a larger worksheet is streamed by openpyxl instead (constant memory)
_PIECE = 256 * 1024  # characters of cells taken apart at once
_SPACE = " \t\r\n"
_ATTRIBUTES = r"""((?:[ \t\r\n]+[^ \t\r\n=/>]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*'))*)"""
_ROOT = re.compile(rf"(?:<\?xml[^>]*\?>)?[ \t\r\n]*<worksheet{_ATTRIBUTES}[ \t\r\n]*>")
_ATTRIBUTE = re.compile(r"""[ \t\r\n]+([^ \t\r\n=/>]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
# one token: a cell (the usual attributes in the usual order, then <f>, <v>, <is>), a row's start or its end
_TOKEN = re.compile(
    r'([ \t\r\n]*+(?:<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?(?:/>|>'
    r'(<f((?: [a-zA-Z0-9]+="[^"&]*")*)(?:/>|>([^<]*)</f>))?'
    r"(<v(?:/>|>([^<]*)</v>))?"
    r"(<is(?:/>|><t>[^<]*</t></is>|>.*?</is>))?"
    rf"</c>)|<row{_ATTRIBUTES}[ \t\r\n]*(/?)>|(</row>)))", re.S)
_INLINE = re.compile(
    r'[ \t\r\n]*(?:<t(?: xml:space="(?:preserve|default)")?(?:/>|>([^<]*)</t>)'
    r'|<r>(?:<rPr/>|<rPr>(?:(?!</?r>|<t[ />]).)*?</rPr>)?<t(?: xml:space="(?:preserve|default)")?(?:/>|>([^<]*)</t>)</r>'
    r"|<rPh(?: [a-zA-Z]+=\"[0-9]*\")*>(?:(?!</?rPh).)*?</rPh>|<phoneticPr(?: [a-zA-Z]+=\"[^\"&]*\")*/>)", re.S)
_OUTSIDE = re.compile(r"<(?:[^ \t\r\n/>!?:]+:)?(?:c|row|sheetData)[ \t\r\n/>]|<[!?]|xmlns[ \t\r\n]*=")
_REFERENCE = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_BLANK = Cell(None, False, None, "General")  # a cell the sheet does not hold
_COLUMNS: dict[str, int] = {}

Translator = Callable[[str, str], Callable[[str], str]]  # (formula, its cell) -> (another cell -> the formula there)


def read_cells(package: zipfile.ZipFile, book: Book, label: str, sheet: str, translator: Translator) -> Sheet:
    """Return the sheet's non-empty rows and hidden rows; raises Unsure for anything but the usual shapes.

    `translator` gives a shared formula's text in the other cells that share it.
    """
    data = _sheet_bytes(package, book.part)
    formulas = has_formulas(package, {book.part: data})  # openpyxl's formula view is read only then
    text = _checked_text(data)
    found = _ROOT.match(text)
    if not found or _attributes(found.group(1)).get("xmlns") != MAIN:
        raise Unsure
    opening = text.find("<sheetData", found.end())
    if text.startswith("<sheetData/>", opening):
        start = end = close = opening + len("<sheetData/>")
    elif text.startswith("<sheetData>", opening):
        start = opening + len("<sheetData>")
        end = text.find("</sheetData>", start)
        close = end + len("</sheetData>")
        if end < 0:
            raise Unsure
    else:
        raise Unsure
    if _OUTSIDE.search(text, found.end(), opening) or _OUTSIDE.search(text, close):
        raise Unsure  # a comment, a namespace, or cells outside the one sheetData: openpyxl's reading differs
    return _Reader(book, label, sheet, formulas, translator).read(text, start, end)


def has_formulas(package: zipfile.ZipFile, read: dict[str, bytes] | None = None) -> bool:
    """Return whether any worksheet of the package holds a formula (`<f>` element), looking a megabyte at a time.

    `read`: worksheets already unpacked, by part name; they are looked at in the same pieces.
    """
    chunk = 1 << 20
    for name in package.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            if read and name in read:
                data = read[name]
                pieces = (data[offset:offset + chunk] for offset in range(0, len(data), chunk))
                if any(b"<f>" in p or b"<f " in p or b":f>" in p or b":f " in p for p in pieces):
                    return True
                continue
            with package.open(name) as part:
                while piece := part.read(chunk):
                    if b"<f>" in piece or b"<f " in piece or b":f>" in piece or b":f " in piece:
                        return True
    return False


def _sheet_bytes(package: zipfile.ZipFile, part: str) -> bytes:
    with package.open(part) as source:
        data = source.read(MAX_SHEET + 1)
    if len(data) > MAX_SHEET:
        raise Unsure
    return data


def _checked_text(data: bytes) -> str:
    if b"<!DOCTYPE" in data:
        raise Unsure  # sheet_bounds.py refuses it
    parser = expat.ParserCreate()  # well-formed as openpyxl's parser sees it; no callbacks, so C speed
    try:
        parser.Parse(data, True)
        text = data.decode("utf-8")
    except (expat.ExpatError, UnicodeDecodeError, ValueError):
        raise Unsure from None
    text = text[1:] if text.startswith("\ufeff") else text
    head = re.match(r"<\?xml[^>]*?encoding=[\"']([^\"']*)[\"']", text)
    if head and head.group(1).lower() not in ("utf-8", "utf8"):
        raise Unsure
    return text


def _attributes(source: str) -> dict[str, str]:
    if "&" in source:
        raise Unsure  # a character reference in an attribute: let the XML parser read it
    return {name: double if double or not single else single for name, double, single in _ATTRIBUTE.findall(source)}


def _tokens(text: str, start: int, end: int) -> Iterator[tuple[str, ...]]:
    """Yield the tokens between `start` and `end`, a few hundred rows at a time (memory stays small)."""
    while start < end:
        cut = text.find("</row>", min(start + _PIECE, end))  # a row's end is always between two tokens
        stop = end if cut < 0 else min(cut + len("</row>"), end)
        yield from _TOKEN.findall(text, start, stop)
        start = stop


def _plain(text: str) -> str:
    """Return element text as the XML parser gives it: line ends normalised, references replaced."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _REFERENCE.sub(_character, text)
    return text


def _character(found: re.Match[str]) -> str:
    hexadecimal, decimal, name = found.groups()
    if name:
        return _NAMED[name]
    return chr(int(hexadecimal, 16) if hexadecimal else int(decimal))


def _column(letters: str) -> int:
    number = _COLUMNS.get(letters)
    if number is None:
        number = 0
        for char in letters:
            number = number * 26 + ord(char) - 64
        _COLUMNS[letters] = number
    return number


def _inline(content: str | None) -> str:
    """Return an inline string's text as openpyxl's Text.content does: the plain text, then each run's."""
    if content is None:
        return ""
    plain: str | None = None
    runs: list[str] = []
    position = 0
    for part in _INLINE.finditer(content):
        if part.start() != position:
            raise Unsure
        position = part.end()
        if part.group(1) is not None:
            plain = _plain(part.group(1))
        elif part.group(2) is not None:
            runs.append(_plain(part.group(2)))
        elif part.group(0).lstrip(_SPACE).startswith("<t"):
            plain = None  # an empty <t/>
    if content[position:].strip(_SPACE):
        raise Unsure
    return (plain or "") + "".join(runs)


class _Reader:
    """One pass over the rows: the extent and its bounds, then each cell's value, formula and format."""

    def __init__(self, book: Book, label: str, sheet: str, formulas: bool, translator: Translator) -> None:
        self.book, self.label, self.sheet = book, label, sheet
        self.formulas, self.translator = formulas, translator
        self.shared: dict[str | None, Callable[[str], str]] = {}
        self.blanks = [None if f.code is None else Cell(None, "%" in f.code, None, f.code) for f in book.formats]

    def read(self, text: str, start: int, end: int) -> Sheet:  # one loop over every cell, kept flat for speed
        stored: list[tuple[int, list[tuple[int, Cell]]]] = []
        hidden: list[int] = []
        blanks, count = self.blanks, len(self.blanks)
        # a cell without a formula is a function of its style, kind, saved text and inline string: read each once
        known: dict[tuple[str, str, str, str], tuple[Cell, bool]] = {}
        cells: list[tuple[int, Cell]] | None = None
        number = last_row = last_column = previous = unknown_style = covered = 0
        shown = is_hidden = False
        for (whole, letters, digits, style, kind, formula, formula_attributes, formula_text, value_tag, value, inline,
             attributes, closed, row_end) in _tokens(text, start, end):
            covered += len(whole)
            if letters:
                if cells is None:
                    raise Unsure
                column = _COLUMNS.get(letters) or _column(letters)
                if column <= previous:
                    raise Unsure  # cells out of order or repeated
                previous = column
                if not (formula or value_tag or inline):  # no data: a blank with a style
                    index = int(style) if style else 0
                    blank = blanks[index] if index < count else None
                    if blank is None:
                        unknown_style = unknown_style or number
                    elif column <= MAX_COLUMNS:
                        cells.append((column, blank))
                    continue
                if number > MAX_ROWS or column > MAX_COLUMNS:
                    raise Unsure  # openpyxl's reader gives the message
                last_row = number
                if column > last_column:
                    last_column = column
                if formula:
                    entry = self._cell(style, kind, value, inline, self._formula(formula_attributes, formula_text, letters + digits), True)
                else:
                    key = (style, kind, value, inline)
                    entry = known.get(key) or known.setdefault(key, self._cell(style, kind, value, inline))
                cells.append((column, entry[0]))
                shown = shown or entry[1]
            elif row_end:
                if cells is None:
                    raise Unsure
                if shown:  # a row with a value or formula
                    stored.append((number, cells))
                    if is_hidden:
                        hidden.append(number)
                cells = None
            else:
                if cells is not None:
                    raise Unsure
                found = _attributes(attributes) if attributes else {}
                given = found.get("r")
                if given is not None and not (given.isascii() and given.isdigit()):
                    raise Unsure
                row = number + 1 if given is None else int(given)
                if row <= number or "xmlns" in found:
                    raise Unsure  # rows out of order or repeated: openpyxl skips some of them
                number, previous, shown = row, 0, False
                is_hidden = found.get("hidden", "").lower() in ("1", "true")
                cells = None if closed else []
        if cells is not None or covered != len(text[start:end].rstrip(_SPACE)):
            raise Unsure  # something other than rows of cells
        if unknown_style and unknown_style <= last_row:
            raise Unsure
        rows = []
        for row, held in stored:
            values = [_BLANK] * last_column
            for column, cell in held:
                if column <= last_column:
                    values[column - 1] = cell
            rows.append((row, tuple(values)))
        return Sheet(self.label, self.sheet, tuple(rows), tuple(hidden))

    def _cell(self, style: str, kind: str, value: str, inline: str, formula: str | None = None,
              has_formula: bool = False) -> tuple[Cell, bool]:
        """Return the cell, and whether it holds a value or formula (`has_formula`: the cell has an `<f>`)."""
        index = int(style) if style else 0
        formats = self.book.formats
        if index >= len(formats) or formats[index].code is None:
            raise Unsure  # openpyxl fails on the style
        number_format = formats[index]
        saved = self._value(kind, value, inline, number_format)
        if not has_formula:
            formula = saved if self.formulas and isinstance(saved, str) and saved.startswith("=") else None
        code = number_format.code or "General"
        return Cell(saved, "%" in code, formula, code), saved is not None or bool(formula)

    def _value(self, kind: str, value: str, inline: str, style: Format) -> Any:
        """Return the cell's saved value as openpyxl's data view gives it."""
        if kind == "inlineStr":
            return _inline(inline[4:-5] if inline.endswith("</is>") else "") if inline else None
        if not value:
            return None
        value = _plain(value)
        try:
            if not kind or kind == "n":
                number = float(value) if "." in value or "E" in value or "e" in value else int(value)
                if style.date:
                    return from_serial(number, self.book.epoch, style.duration)
                return number
            if kind == "s":
                return self.book.strings[int(value)]
            if kind == "b":
                return bool(int(value))
        except (ValueError, OverflowError, IndexError):
            raise Unsure from None  # openpyxl fails, or warns and shows #VALUE!: let it
        if kind == "d":
            raise Unsure  # an ISO 8601 date: rare; openpyxl reads it
        return value  # str, e (an error such as #N/A) and unknown kinds: the text

    def _formula(self, attributes: str, text: str, cell: str) -> str | None:
        """Return the formula as openpyxl's formula view gives it (None for array and data-table formulas)."""
        if not self.formulas:
            return None
        found = _attributes(attributes) if attributes else {}
        formula = "=" + _plain(text) if text else "="
        kind = found.get("t")
        if kind == "array":
            return None
        if kind == "dataTable":
            raise Unsure
        if kind == "shared":
            key = found.get("si")
            if key in self.shared:
                return self.shared[key](cell)
            if formula != "=":
                self.shared[key] = self.translator(formula, cell)
        return formula
