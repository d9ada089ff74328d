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
from collections.abc import Sequence
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
    """Held rows hold something the rules must see in the tree."""


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
    """A body's placeholder rows, each with what its held rows hold (raises Unsure if the rules cannot tell)."""

    def __init__(self, body: etree._Element, rows: Sequence[str], styles: Styles, told: dict[str, Run | None]) -> None:
        default = styles.defaults.get("paragraph")
        if styles.style_heading_level(default) is not None:  # every paragraph may be a heading
            raise Unsure
        headings = styles.heading_styles()
        self.runs: dict[etree._Element, Run] = {}
        for row in body.iter(TR):
            number = row.get(SLOT)
            if number is None:
                continue
            if not number.isdigit() or int(number) >= len(rows) or _within(row.getparent()):
                raise Unsure
            text = rows[int(number)]
            if text not in told:
                told[text] = tell(text)
            run = told[text]
            if run is None or run.styles & headings:
                raise Unsure
            self.runs[row] = run

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

    def styles(self, table: etree._Element) -> set[str]:
        """Return the paragraph styles the table's held rows (nested tables' too) name."""
        return {style for row in table.iter(TR) if row in self.runs for style in self.runs[row].styles}


def _within(table: etree._Element | None) -> bool:
    """Tell whether a table sits in a cell, a text box or mc:Fallback, whose rules read the text of all they hold."""
    return table is None or any(node.tag in (TC, TXBX, FALLBACK) for node in table.iterancestors())


def with_rows(body: etree._Element, rows: Sequence[str]) -> etree._Element:
    """Return the main part's tree with each placeholder row replaced by the rows it stands for."""
    def held(found: re.Match[bytes]) -> bytes:
        number = int(found.group(1))
        return rows[number].encode() if number < len(rows) else found.group(0)

    return fromstring(_SLOT_ROW.sub(held, etree.tostring(body, encoding="utf-8")))
