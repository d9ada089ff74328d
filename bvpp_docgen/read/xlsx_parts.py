"""The parts of an .xlsx package that give a sheet's cells their meaning, read as openpyxl reads them.

Which part is the workbook and which the shared strings (`[Content_Types].xml`), the sheets'
names and parts (`xl/workbook.xml` and its relationships), the date system (1900 or 1904),
each cell style's number format (`xl/styles.xml`) and the shared strings. Anything not as a
spreadsheet program writes it raises `Unsure`, and the workbook is then read with openpyxl,
which gives today's answer or today's message.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat

from ..ooxml.numbers import BUILTIN_FORMATS, BUILTIN_IDS, BUILTIN_LIMIT
from .xlsx_formats import (
    MAC_EPOCH,
    WINDOWS_EPOCH,
    is_date_format,
    is_duration_format,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_M = f"{{{MAIN}}}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_WORKBOOK_TYPES = (  # openpyxl's order of preference
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_DECLARATION = re.compile(rb"<\?xml[^>]*?encoding=[\"']([^\"']*)[\"']")
_TEXT_PARTS = {_M + "t", _M + "r", _M + "rPh", _M + "phoneticPr"}
MAX_SMALL_PART = 32 * 1024 * 1024  # as read/sheet_bounds.py's MAX_PART


class Unsure(Exception):
    """The workbook is not as a spreadsheet program writes it: read it with openpyxl instead."""


@dataclass(frozen=True, slots=True)
class Format:
    """A cell style's number format (None: openpyxl fails to look it up) and whether it makes a number a date or duration."""

    code: str | None
    date: bool
    duration: bool


@dataclass(frozen=True, slots=True)
class Book:
    """What the cells of one worksheet need from the rest of the package."""

    part: str  # the worksheet's part name
    epoch: dt.datetime
    formats: tuple[Format, ...]  # by cell style index (the cell's `s`)
    strings: tuple[str, ...]  # the shared strings, by index


def read_book(package: zipfile.ZipFile, sheet: str) -> Book:
    """Return what reading the worksheet named `sheet` needs; raises Unsure for anything unusual."""
    names = set(package.namelist())
    types = _xml(package, "[Content_Types].xml", names)
    if types.tag != _CT + "Types":
        raise Unsure
    overrides = [(o.get("PartName") or "", o.get("ContentType")) for o in types if o.tag == _CT + "Override"]
    workbook = next((name[1:] for kind in _WORKBOOK_TYPES for name, ct in overrides if ct == kind), None)
    strings_part = next((name[1:] for name, ct in overrides if ct == _SHARED_STRINGS), None)
    if workbook is None:
        raise Unsure
    for properties in ("docProps/core.xml", "docProps/custom.xml"):  # openpyxl refuses a damaged one
        if properties in names:
            _xml(package, properties, names)
    root = _xml(package, workbook, names)
    part = _sheet_part(package, names, workbook, root, sheet)
    epoch = MAC_EPOCH if _date1904(root) else WINDOWS_EPOCH
    strings = _strings(package, strings_part, names) if strings_part is not None else ()
    return Book(part, epoch, _formats(_xml(package, "xl/styles.xml", names)), strings)


def _xml(package: zipfile.ZipFile, name: str, names: set[str]) -> ElementTree.Element:
    """Parse a small part with the standard library's parser (openpyxl's); no DTD, UTF-8 only."""
    if name not in names:
        raise Unsure
    with package.open(name) as part:
        data = part.read(MAX_SMALL_PART + 1)
    if len(data) > MAX_SMALL_PART or b"<!DOCTYPE" in data:
        raise Unsure
    declared = _DECLARATION.match(data)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise Unsure
    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, expat.ExpatError, ValueError):
        raise Unsure from None


def _sheet_part(package: zipfile.ZipFile, names: set[str], workbook: str, root: ElementTree.Element, sheet: str) -> str:
    if root.tag != _M + "workbook" or root.find(_M + "externalReferences") is not None:
        raise Unsure  # openpyxl reads each linked workbook's cache; let it
    folder, base = posixpath.split(workbook)
    relations = _xml(package, posixpath.join(folder, "_rels", f"{base}.rels"), names)
    targets: dict[str, tuple[str, str]] = {}
    for relation in relations:
        key = relation.get("Id")
        if relation.tag != _PR + "Relationship" or key is None or key in targets:
            raise Unsure
        target = relation.get("Target") or ""
        if relation.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        targets[key] = (relation.get("Type") or "", target)
    found: list[str] = []
    seen: set[str] = set()
    for entry in root.iterfind(f"{_M}sheets/{_M}sheet"):
        name, key = entry.get("name"), entry.get(_R_ID)
        if not name or not key or key not in targets or name in seen:
            raise Unsure
        seen.add(name)
        kind, target = targets[key]
        if name == sheet and target in names:
            if kind != _WORKSHEET:
                raise Unsure  # a chart sheet, dialog sheet or macro sheet
            found.append(target)
    if len(found) != 1:
        raise Unsure  # openpyxl names the sheets there are
    return found[0]


def _date1904(root: ElementTree.Element) -> bool:
    properties = root.findall(_M + "workbookPr")
    if len(properties) > 1:
        raise Unsure
    value = properties[0].get("date1904") if properties else None
    return bool(value) and value not in ("false", "f", "0")


def _formats(styles: ElementTree.Element) -> tuple[Format, ...]:
    """Return each cell style's number format, with openpyxl's numbering of the workbook's own formats."""
    if styles.tag != _M + "styleSheet" or len(styles.findall(_M + "numFmts")) > 1 or len(styles.findall(_M + "cellXfs")) != 1:
        raise Unsure
    listed, xfs = styles.findall(_M + "numFmts/*"), styles.findall(_M + "cellXfs/*")
    if any(e.tag != _M + "numFmt" for e in listed) or any(e.tag != _M + "xf" for e in xfs) or not xfs:
        raise Unsure  # without cell styles openpyxl falls back to its own
    try:
        custom = {int(e.get("numFmtId") or ""): e.get("formatCode") for e in listed}
        ids = [int(e.get("numFmtId", "0")) for e in xfs]
    except ValueError:
        raise Unsure from None
    if any(not -(2**31) <= number < 2**31 for number in ids):
        raise Unsure
    own: list[str | None] = []  # the workbook's own formats, numbered from BUILTIN_LIMIT
    styled: list[tuple[int, str | None]] = []
    for number in ids:
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if number in custom:
            if code is not None and code in BUILTIN_IDS:
                number = BUILTIN_IDS[code]
            else:
                if code not in own:
                    own.append(code)
                number = own.index(code) + BUILTIN_LIMIT
        styled.append((number, code))
    formats = []
    for number, code in styled:
        shown: str | None
        if number < BUILTIN_LIMIT:
            shown = BUILTIN_FORMATS.get(number, "General")
        elif number - BUILTIN_LIMIT < len(own):
            shown = own[number - BUILTIN_LIMIT]
        else:
            formats.append(Format(None, False, False))  # openpyxl fails to look this one up: let it
            continue
        formats.append(Format(shown or "General", is_date_format(code), is_duration_format(code)))
    return tuple(formats)


def _strings(package: zipfile.ZipFile, name: str, names: set[str]) -> tuple[str, ...]:
    """Return the shared strings as openpyxl gives them: the plain text and each run's, without `x005F_`."""
    root = _xml(package, name, names)
    return tuple(_text(si).replace("x005F_", "") for si in root.iter(_M + "si"))


def _text(holder: ElementTree.Element) -> str:
    """Return an `<si>` or `<is>` element's text as openpyxl's Text.content does; Unsure for what it would refuse."""
    if any(not key.startswith("{") for key in holder.attrib):
        raise Unsure  # openpyxl refuses attributes it does not know
    plain: str | None = None
    runs: list[str] = []
    for child in holder:
        if child.tag not in _TEXT_PARTS:
            raise Unsure
        if child.tag == _M + "t":
            plain = child.text
        elif child.tag == _M + "r":
            if any(not key.startswith("{") for key in child.attrib):
                raise Unsure
            text: str | None = None
            for part in child:
                if part.tag == _M + "t":
                    text = part.text
                elif part.tag != _M + "rPr":
                    raise Unsure
            if text is not None:
                runs.append(text)
    return (plain or "") + "".join(runs)
