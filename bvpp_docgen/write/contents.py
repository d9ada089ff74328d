"""Fill in a rendered document's table-of-contents fields with its headings, as Word would.

A TOC field keeps the result it was saved with until something updates it, and some readers
(LibreOffice's converter among them) never do. So the field is written already filled in:
one entry per heading in its level range, each a link to a bookmark on that heading. Page
numbers need page layout, which only a word processor has, so a paper is built without them
and does not ask Word to update its fields on opening (Word would ask the reader first, about
fields that "may refer to other files"). `bvpp publish` lays the paper out with LibreOffice,
which reports each entry's page; the numbers are then written into the paper
(`with_contents_pages`) and recorded with its version, so that rendering the version again
gives the same bytes.

A contents list covers its own range: the headings after it, up to the next heading above its
top level (a covering report's appendix contents stops at nothing and starts after the
report). The range stays right when a word processor updates the field: it is marked by a
bookmark the field names (`\\b`, which Word honours), and the list's own heading ("Contents")
is made body text (outline level 9, as Word's own "TOC Heading" style is), because LibreOffice
ignores `\\b` and lists every heading whose level or style the field names (`bvpp publish`
leaves the headings outside the bookmark out while LibreOffice updates the list: pdf/uno_child.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..ooxml.ns import XML_NS, tostring, w
from ..ooxml.package import Package
from ..ooxml.styles import Styles
from ..ooxml.toc import contents_entries, entry_text, set_page_numbers
from ..ooxml.wml import text_of
from .narrative import TOC_STYLE

_LEVELS = re.compile(r'\\o\s+"(\d)-(\d)"')
_STYLES = re.compile(r'\\t\s+"([^"]*)"')
_HEADING = re.compile(r"heading (\d)", re.IGNORECASE)  # a heading style by name
BOOKMARK_PREFIX = "_Toc"
RANGE_PREFIX = "bvpp_contents_"  # the bookmark around a contents list's range (the field's \b)
_SCOPE = re.compile(r"\\b\s")
_BODY_TEXT = "9"  # w:outlineLvl 9: not a heading, in Word and LibreOffice alike
_AFTER_OUTLINE = {w(t) for t in ("divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}
_P, _PPR, _PSTYLE, _OUTLINE, _VAL = w("p"), w("pPr"), w("pStyle"), w("outlineLvl"), w("val")
_FEW = 1000  # heading candidates placed by their ancestors rather than by walking every paragraph


@dataclass(frozen=True, slots=True)
class Entry:
    """A heading the contents list shows: its level, its text and its bookmark."""

    level: int
    text: str
    bookmark: str


def fill_contents(body: etree._Element, styles: Styles, sheet: etree._Element | None = None) -> list[list[Entry]]:
    """Fill every TOC field of `body` with the headings of its range; return the entries.

    A heading is what the style sheet says is one (`Styles.heading_level`), so a council style
    based on Heading 2 is listed like Heading 2. `sheet` (word/styles.xml's root) receives the
    style that keeps a list's own heading out of lists that name heading styles (`\\t`).
    """
    fields = list(_empty_toc_fields(body))
    if not fields:
        return []
    names = styles.ids_by_name()
    candidates = _heading_candidates(body, styles)
    places = _places(body, [paragraph for paragraph, _, _ in fields] + candidates, len(candidates) > _FEW)
    headings = list(_headings(sorted(candidates, key=lambda p: places[id(p)]), styles))
    bookmarks = _Bookmarks(body)
    filled = []
    for number, (paragraph, instr, (low, high)) in enumerate(fields, start=1):
        after, top = places[id(paragraph)], paragraph.getparent() is body
        stop = _range_end(paragraph, low, styles)
        until = places[id(stop)] if stop is not None and stop.tag == _P else None
        entries = [
            bookmarks.on(p, level, text) for p, level, text in headings
            if low <= level <= high and after < places[id(p)] and (until is None or places[id(p)] < until)
        ]
        own = _own_heading(paragraph, low, entries, styles)
        if own is not None:
            _make_body_text(own, styles, sheet)
        before = _paragraph_before(body, stop) if top else None  # the range's last paragraph
        last = _replace_result(paragraph, entries, low, names)
        if top:  # scope the field to its range
            name = f"{RANGE_PREFIX}{number}"
            if not _SCOPE.search(instr.text or ""):
                instr.text = f"{(instr.text or '').rstrip()} \\b {name} "
                bookmarks.around(name, last, before if before is not None and before is not paragraph else last)
        filled.append(entries)
    return filled


def _places(body: etree._Element, wanted: list[etree._Element], many: bool) -> dict[int, Any]:
    """Return where each wanted paragraph stands (by id; the caller holds them), as keys in document order.

    A few are placed by their index in each ancestor, so that the body's other paragraphs (a
    4,999-indicator plan has some 116,000: each table cell's) need not be walked; many, by walking them all.
    """
    if many:
        ids = {id(paragraph) for paragraph in wanted}
        return {id(p): index for index, p in enumerate(body.iter(_P)) if id(p) in ids}
    places = {}
    for paragraph in wanted:
        path, element, parent = [], paragraph, paragraph.getparent()
        while parent is not None:
            path.append(parent.index(element))
            element, parent = parent, parent.getparent()
        places[id(paragraph)] = tuple(reversed(path))
    return places


def _paragraph_before(body: etree._Element, stop: etree._Element | None) -> etree._Element | None:
    """Return the last paragraph (table cells' too) before `stop`, a child of `body`, or before the body's end."""
    siblings = stop.itersiblings(preceding=True) if stop is not None and stop.tag == _P else body.iterchildren(reversed=True)
    for sibling in siblings:
        found = _last_paragraph(sibling)
        if found is not None:
            return found
    return None


def _last_paragraph(element: etree._Element) -> etree._Element | None:
    """Return the paragraph that starts last in `element` (itself included), or None: its last children first."""
    for child in element.iterchildren(reversed=True):
        found = _last_paragraph(child)
        if found is not None:
            return found
    return element if element.tag == _P else None


def _range_end(paragraph: etree._Element, low: int, styles: Styles) -> etree._Element | None:
    """Return the body element that ends the range of the contents list in `paragraph`, or None.

    The range runs to the next heading above the list's top level (a level-2 list in an
    appendix stops at the next level-1 heading), else to the end of the document.
    """
    for sibling in paragraph.itersiblings():
        if sibling.tag == w("sectPr"):
            return sibling
        if sibling.tag == w("p"):
            level = styles.heading_level(sibling)
            if level is not None and level < low:
                return sibling
    return None


def _own_heading(paragraph: etree._Element, low: int, entries: list[Entry], styles: Styles) -> etree._Element | None:
    """Return the contents list's own heading ("Contents"), or None.

    That is the nearest heading before the list, at or below its top level, whose section holds
    only the list: the first heading listed is not under it (so a part's title heading, with
    the list and its subheadings under it, stays a heading).
    """
    for sibling in paragraph.itersiblings(preceding=True):
        if sibling.tag != w("p"):
            continue
        level = styles.heading_level(sibling)
        if level is None:
            continue
        first = entries[0].level if entries else level
        return sibling if level >= low and first <= level else None
    return None


def _make_body_text(paragraph: etree._Element, styles: Styles, sheet: etree._Element | None) -> None:
    """Make a heading paragraph body text that keeps its look: no contents list lists it.

    Outline level 9 keeps it out of lists by level; a style of its own, based on its heading
    style, out of lists by style name (LibreOffice matches `\\t`'s names exactly).
    """
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    if style is not None and sheet is not None:
        style.set(w("val"), _contents_heading_style(sheet, styles, style.get(w("val"), "")))
    ppr = paragraph.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        paragraph.insert(0, ppr)
    outline = ppr.find(w("outlineLvl"))
    if outline is None:
        outline = etree.Element(w("outlineLvl"))
        later = next((child for child in ppr if child.tag in _AFTER_OUTLINE), None)
        (later.addprevious if later is not None else ppr.append)(outline)
    outline.set(w("val"), _BODY_TEXT)


def _empty_toc_fields(body: etree._Element) -> Iterator[tuple[etree._Element, etree._Element, tuple[int, int]]]:
    """Yield `(paragraph, instrText, levels)` for each paragraph holding a whole TOC field."""
    for instr in body.iter(w("instrText")):
        text = instr.text or ""
        if not text.strip().upper().startswith("TOC"):
            continue
        paragraph = instr.getparent().getparent()
        kinds = [c.get(w("fldCharType")) for c in paragraph.iter(w("fldChar"))]
        if paragraph.tag != w("p") or kinds != ["begin", "separate", "end"]:
            continue
        yield paragraph, instr, _levels(text)


def _levels(instruction: str) -> tuple[int, int]:
    """Return the heading levels a TOC instruction covers: `\\o "1-2"`, or the headings named by `\\t`."""
    outline = _LEVELS.search(instruction)
    if outline:
        return int(outline.group(1)), int(outline.group(2))
    styles = _STYLES.search(instruction)
    named = [int(m.group(1)) for m in _HEADING.finditer(styles.group(1))] if styles else []
    return (min(named), max(named)) if named else (1, 3)


def _heading_candidates(body: etree._Element, styles: Styles) -> list[etree._Element]:
    """Return the paragraphs that may be headings (table cells' too), in no set order.

    Only a paragraph with an outline level or a heading style of its own can be one (unless the
    default paragraph style is a heading's: then every paragraph): they are found by their
    w:outlineLvl and w:pStyle; `_headings` asks the style sheet about each.
    """
    if styles.style_heading_level(styles.defaults.get("paragraph")) is not None:
        return list(body.iter(_P))
    heading_ids = styles.heading_styles()
    found = {}
    for node in body.iter(_OUTLINE, _PSTYLE):
        if node.tag == _OUTLINE or node.get(_VAL) in heading_ids:
            properties = node.getparent()
            paragraph = properties.getparent() if properties is not None and properties.tag == _PPR else None
            if paragraph is not None and paragraph.tag == _P:
                found[id(paragraph)] = paragraph
    return list(found.values())


def _headings(paragraphs: list[etree._Element], styles: Styles) -> Iterator[tuple[etree._Element, int, str]]:
    """Yield `(paragraph, level, text)` for every heading paragraph among `paragraphs`, in their order."""
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

    def around(self, name: str, first: etree._Element, last: etree._Element) -> None:
        """Mark a range with bookmark `name`: from the end of paragraph `first` to the end of paragraph `last`."""
        start = etree.SubElement(first, w("bookmarkStart"))
        start.set(w("id"), str(self._next_id))
        start.set(w("name"), name)
        etree.SubElement(last, w("bookmarkEnd")).set(w("id"), str(self._next_id))
        self._next_id += 1


def _replace_result(paragraph: etree._Element, entries: list[Entry], low: int, styles: Mapping[str, str]) -> etree._Element:
    """Turn the one-paragraph field into one paragraph per entry, the field around them all; return the last."""
    runs = [r for r in paragraph if r.tag == w("r")]
    begin, instr, separate, end = runs[0], runs[1], runs[2], runs[-1]
    if not entries:
        placeholder = etree.Element(w("r"))
        etree.SubElement(placeholder, w("t")).text = "No headings to list."
        end.addprevious(placeholder)
        return paragraph
    paragraphs = [_entry_paragraph(entry, low, styles) for entry in entries]
    first, last = paragraphs[0], paragraphs[-1]
    ppr = first.find(w("pPr"))
    for run in (separate, instr, begin):
        (ppr.addnext(run) if ppr is not None else first.insert(0, run))
    last.append(end)
    last.extend([c for c in paragraph if c.tag in (w("bookmarkStart"), w("bookmarkEnd"))])  # another list's range ends here
    for new in reversed(paragraphs):
        paragraph.addnext(new)
    paragraph.getparent().remove(paragraph)
    return last


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


def _contents_heading_style(sheet: etree._Element, styles: Styles, base: str) -> str:
    """Return the id of "Contents <base style name>": based on `base`, outline level 9; add it if missing."""
    style_id = f"Contents{base}"
    if sheet.find(f"{w('style')}[@{w('styleId')}='{style_id}']") is None:
        style = etree.SubElement(sheet, w("style"))
        style.set(w("type"), "paragraph")
        style.set(w("styleId"), style_id)
        etree.SubElement(style, w("name")).set(w("val"), f"Contents {styles.name(base)}")
        etree.SubElement(style, w("basedOn")).set(w("val"), base)
        etree.SubElement(style, w("next")).set(w("val"), styles.defaults.get("paragraph", "Normal"))
        ppr = etree.SubElement(style, w("pPr"))
        etree.SubElement(ppr, w("outlineLvl")).set(w("val"), _BODY_TEXT)
    return style_id


def contents_texts(data: bytes) -> list[list[str]]:
    """Return the entries' texts of each contents list of a .docx, lists in document order."""
    package = Package.read(data)
    body = package.xml(package.main_part()).find(w("body"))
    return [] if body is None else [[entry_text(p) for p in entries] for entries in contents_entries(body)]


def with_contents_pages(data: bytes, pages: list[list[int]]) -> bytes:
    """Return a built .docx with page numbers in its contents lists (`pages`: one list per contents list).

    The same bytes give the same result: `bvpp publish` writes the numbers into the built paper,
    and rendering the version again does the same with the numbers recorded.
    """
    package = Package.read(data)
    main = package.main_part()
    root = package.xml(main)
    body = root.find(w("body"))
    if body is None or not set_page_numbers(body, pages):
        return data
    package.parts[main] = tostring(root)
    return package.write()
