"""Fill in a rendered document's table-of-contents fields with its headings, as Word would.

A TOC field keeps the result it was saved with until something updates it, and some readers
(LibreOffice's converter among them) never do. So the field is written already filled in:
one entry per heading in its level range, each a link to a bookmark on that heading. Page
numbers need page layout, which only a word processor has: Word adds them when the field is
updated (the document asks it to, on opening), and `bvpp publish` has LibreOffice update them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from ..ooxml.ns import XML_NS, w
from ..ooxml.styles import Styles
from ..ooxml.wml import text_of
from .narrative import TOC_STYLE

_LEVELS = re.compile(r'\\o\s+"(\d)-(\d)"')
_STYLES = re.compile(r'\\t\s+"([^"]*)"')
_HEADING = re.compile(r"heading (\d)", re.IGNORECASE)  # a heading style by name
BOOKMARK_PREFIX = "_Toc"


@dataclass(frozen=True, slots=True)
class Entry:
    """A heading the contents list shows: its level, its text and its bookmark."""

    level: int
    text: str
    bookmark: str


def fill_contents(body: etree._Element, styles: Styles) -> list[list[Entry]]:
    """Fill every TOC field of `body` whose result is empty with the headings after it; return the entries.

    A heading is what the style sheet says is one (`Styles.heading_level`), so a council style
    based on Heading 2 is listed like Heading 2.
    """
    fields = list(_empty_toc_fields(body))
    if not fields:
        return []
    names = styles.ids_by_name()
    paragraphs = list(body.iter(w("p")))  # held, so that each proxy (and its id) stays the same
    order = {id(p): index for index, p in enumerate(paragraphs)}
    headings = list(_headings(paragraphs, styles))
    bookmarks = _Bookmarks(body)
    filled = []
    for paragraph, (low, high) in fields:
        # the headings after the field: not the contents list's own heading, nor a covering report's
        after = order[id(paragraph)]
        entries = [
            bookmarks.on(p, level, text) for p, level, text in headings if low <= level <= high and order[id(p)] > after
        ]
        _replace_result(paragraph, entries, low, names)
        filled.append(entries)
    return filled


def _empty_toc_fields(body: etree._Element) -> Iterator[tuple[etree._Element, tuple[int, int]]]:
    """Yield each paragraph holding a whole TOC field with nothing between separate and end."""
    for instr in body.iter(w("instrText")):
        text = instr.text or ""
        if not text.strip().upper().startswith("TOC"):
            continue
        paragraph = instr.getparent().getparent()
        kinds = [c.get(w("fldCharType")) for c in paragraph.iter(w("fldChar"))]
        if paragraph.tag != w("p") or kinds != ["begin", "separate", "end"]:
            continue
        yield paragraph, _levels(text)


def _levels(instruction: str) -> tuple[int, int]:
    """Return the heading levels a TOC instruction covers: `\\o "1-2"`, or the headings named by `\\t`."""
    outline = _LEVELS.search(instruction)
    if outline:
        return int(outline.group(1)), int(outline.group(2))
    styles = _STYLES.search(instruction)
    named = [int(m.group(1)) for m in _HEADING.finditer(styles.group(1))] if styles else []
    return (min(named), max(named)) if named else (1, 3)


def _headings(paragraphs: list[etree._Element], styles: Styles) -> Iterator[tuple[etree._Element, int, str]]:
    """Yield `(paragraph, level, text)` for every heading paragraph, in document order."""
    for paragraph in paragraphs:
        level = styles.heading_level(paragraph)
        if level is not None:
            text = " ".join(text_of(paragraph, breaks=" ").split())
            if text:
                yield paragraph, level, text


class _Bookmarks:
    """Hand out bookmarks on headings: deterministic names, ids after the document's own."""

    def __init__(self, body: etree._Element) -> None:
        ids = [int(b.get(w("id"), "0")) for b in body.iter(w("bookmarkStart")) if b.get(w("id"), "").isdigit()]
        self._next_id = max(ids, default=0) + 1
        self._placed: dict[int, str] = {}

    def on(self, paragraph: etree._Element, level: int, text: str) -> Entry:
        key = id(paragraph)
        if key not in self._placed:
            name = f"{BOOKMARK_PREFIX}{100000000 + self._next_id}"
            start = etree.Element(w("bookmarkStart"))
            start.set(w("id"), str(self._next_id))
            start.set(w("name"), name)
            end = etree.Element(w("bookmarkEnd"))
            end.set(w("id"), str(self._next_id))
            ppr = paragraph.find(w("pPr"))
            (ppr.addnext if ppr is not None else lambda e: paragraph.insert(0, e))(start)
            paragraph.append(end)
            self._placed[key] = name
            self._next_id += 1
        return Entry(level, text, self._placed[key])


def _replace_result(paragraph: etree._Element, entries: list[Entry], low: int, styles: Mapping[str, str]) -> None:
    """Turn the one-paragraph empty field into one paragraph per entry, the field around them all."""
    runs = [r for r in paragraph if r.tag == w("r")]
    begin, instr, separate, end = runs[0], runs[1], runs[2], runs[-1]
    if not entries:
        placeholder = etree.Element(w("r"))
        etree.SubElement(placeholder, w("t")).text = "No headings to list."
        end.addprevious(placeholder)
        return
    paragraphs = [_entry_paragraph(entry, low, styles) for entry in entries]
    first, last = paragraphs[0], paragraphs[-1]
    ppr = first.find(w("pPr"))
    for run in (separate, instr, begin):
        (ppr.addnext(run) if ppr is not None else first.insert(0, run))
    last.append(end)
    for new in reversed(paragraphs):
        paragraph.addnext(new)
    paragraph.getparent().remove(paragraph)


def _entry_paragraph(entry: Entry, low: int, styles: Mapping[str, str]) -> etree._Element:
    paragraph = etree.Element(w("p"))
    ppr = etree.SubElement(paragraph, w("pPr"))
    depth = entry.level - low + 1
    style = styles.get(TOC_STYLE.format(level=depth))
    if style:
        etree.SubElement(ppr, w("pStyle")).set(w("val"), style)
    else:  # the template has no entry styles: indent by depth
        etree.SubElement(ppr, w("ind")).set(w("left"), str(360 * (depth - 1)))
    link = etree.SubElement(paragraph, w("hyperlink"))
    link.set(w("anchor"), entry.bookmark)
    link.set(w("history"), "1")
    run = etree.SubElement(link, w("r"))
    text = etree.SubElement(run, w("t"))
    text.text = entry.text
    text.set(f"{{{XML_NS}}}space", "preserve")
    return paragraph
