"""Rows a rendering held out of a paper's main part (write/rows.py), as the rules see them: told from their text.

A plan's annex is 100,000 cells that the renderer writes as text and never parses; parsing them only
to check them was most of `bvpp check`. The rules need little of such rows: how many paragraphs they
hold (to number the paragraphs after them), each row's number of cells (for the table style's look),
and their paragraph styles (for the colours the table can show). That is all, if their text holds only
the plain markup a table's rows are written with, no heading style and no text without a letter or a
digit (a cell that may say something by colour alone). Otherwise the rules cannot tell from the text
(`Unsure`), and the rows are parsed into the tree like any others.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from lxml import etree

from ..ooxml.ns import fromstring
from ..ooxml.styles import Styles
from .places import FALLBACK, TC, TR, TXBX

SLOT = "bvpp-slot"  # the attribute of the empty row that stands for a run of held rows (write/rows.py)
_SLOT_ROW = re.compile(rb'<w:tr bvpp-slot="(\d+)"/>')
_PLAIN = "t|r|p|tc|pPr|pStyle|tcPr|tcW|tr|trPr|jc|rPr|cantSplit|tblHeader|gridSpan|vMerge|b|i|u|br|ind|keepNext|" \
         "numPr|ilvl|numId|hyperlink|bookmarkStart|bookmarkEnd"
_OTHER = re.compile(rf"<(?!/?w:(?:{_PLAIN})[ />])")  # markup the rules read (shading, colour, symbol, table ...)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:t(?: [^>]*)?/>")
_STYLE = re.compile(r'<w:pStyle w:val="([^"&<]*)"/>')
_ROW = re.compile(r"<w:tr[ />]")
_ENTITY = re.compile(r"&[a-z]+;")
_ALNUM = re.compile(r"[A-Za-z0-9]")


class Unsure(Exception):
    """Held rows hold something the rules must see in the tree: those of the placeholder rows `slots` (all, if None)."""

    def __init__(self, slots: Collection[etree._Element] | None = None) -> None:
        super().__init__()
        self.slots = slots


@dataclass(frozen=True, slots=True)
class Run:
    """What the rules need of one run of held rows."""

    columns: tuple[int, ...]  # each row's number of cells
    paragraphs: int
    styles: frozenset[str]  # the paragraph styles they name


def tell(text: str) -> Run | None:
    """Return what the rules need of a run of rows from its text, or None if they must see it in the tree."""
    if _OTHER.search(text) or "&#" in text:
        return None
    for found in _TEXT.findall(text):  # the survey's colour-only test: text with no letter or digit
        if not _ALNUM.search(_ENTITY.sub("", found) if "&" in found else found):
            return None
    styles = _STYLE.findall(text)
    before, *rows = _ROW.split(text)
    if before or len(styles) != text.count("<w:pStyle"):
        return None
    columns = tuple(row.count("<w:tc>") + row.count("<w:tc ") + row.count("<w:tc/>") for row in rows)
    paragraphs = text.count("<w:p>") + text.count("<w:p ") + text.count("<w:p/>")
    return Run(columns, paragraphs, frozenset(styles))


class Held:
    """A body's placeholder rows, each with what its held rows hold (raises Unsure, naming the placeholders whose
    rows the rules cannot tell from their text)."""

    def __init__(self, body: etree._Element, rows: Sequence[str], styles: Styles, told: dict[str, Run | None]) -> None:
        slots = {row: number for row in body.iter(TR) if (number := slot_number(row, len(rows))) is not None}
        if slots and styles.style_heading_level(styles.defaults.get("paragraph")) is not None:
            raise Unsure  # every paragraph may be a heading
        headings = styles.heading_styles()
        self.runs: dict[etree._Element, Run] = {}
        unsure = []
        for row, number in slots.items():
            text = rows[number]
            if text not in told:
                told[text] = tell(text)
            run = told[text]
            if run is None or run.styles & headings or _within(row.getparent()):
                unsure.append(row)
            else:
                self.runs[row] = run
        if unsure:
            raise Unsure(unsure)

    def paragraphs(self, row: etree._Element) -> int:
        """Return the number of paragraphs the row stands for, if it is a placeholder (else 0)."""
        run = self.runs.get(row)
        return run.paragraphs if run is not None else 0

    def rows(self, table: etree._Element) -> list[etree._Element | int]:
        """Return the table's rows, each held row as its number of cells."""
        found: list[etree._Element | int] = []
        for row in table.iterchildren(TR):
            run = self.runs.get(row)
            found += [row] if run is None else run.columns
        return found

    def slots(self, table: etree._Element) -> list[etree._Element]:
        """Return the table's placeholder rows."""
        return [row for row in table.iterchildren(TR) if row in self.runs]

    def styles(self, table: etree._Element) -> set[str]:
        """Return the paragraph styles the table's held rows (nested tables' too) name."""
        return {style for row in table.iter(TR) if row in self.runs for style in self.runs[row].styles}


def slot_number(row: etree._Element, count: int) -> int | None:
    """Return the number of the held run a row stands for (of `count`), if it is a placeholder exactly as written."""
    number = row.get(SLOT)
    if number is None or len(row) or row.text or len(row.attrib) > 1 or row.prefix != "w" or not (number.isascii() and number.isdigit()):
        return None  # written otherwise, with_rows would find nothing to replace
    return int(number) if int(number) < count else None


def _within(table: etree._Element | None) -> bool:
    """Tell whether a table sits in a cell, a text box or mc:Fallback, whose rules read the text of all they hold."""
    return table is None or any(node.tag in (TC, TXBX, FALLBACK) for node in table.iterancestors())


def with_rows(body: etree._Element, rows: Sequence[str], slots: Collection[etree._Element] | None) -> etree._Element:
    """Return the main part's tree with the placeholder rows `slots` (all, if None) replaced by the rows they stand for."""
    numbers = None if slots is None else {slot_number(row, len(rows)) for row in slots}

    def held(found: re.Match[bytes]) -> bytes:
        number = int(found.group(1))
        chosen = number < len(rows) and (numbers is None or number in numbers)
        return rows[number].encode() if chosen else found.group(0)

    return fromstring(_SLOT_ROW.sub(held, etree.tostring(body, encoding="utf-8")))
