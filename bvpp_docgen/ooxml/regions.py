"""The marked regions of a paper: which snippet, fact or generated content each part came from.

For a paper as built, or saved again by Word or LibreOffice: content controls tagged
`bvpp:<kind>:<value>` are preferred; where a program dropped them (LibreOffice keeps only their
text), the hidden bookmarks `_bvpp_*` inside them and the paper's bookmark → tag map stand in.
See `marks.py` for the markup and docs/marks.md for the contract `bvpp absorb` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError, Location
from .marks import read_mark_map, sdt_tag, split_tag
from .ns import w
from .package import Package

_CONTAINERS = {w(t) for t in ("body", "sdtContent", "tc", "txbxContent", "hdr", "ftr", "footnote", "endnote", "comment")}
_RANGE_MARKS = {w(t) for t in ("bookmarkStart", "bookmarkEnd")}


@dataclass(frozen=True)
class Region:
    """One marked region: its kind (snippet, fact, generated), value (path, fact name, what), and elements.

    For a snippet or generated region the elements are blocks (`w:p`, `w:tbl`, `w:sdt`); for a
    fact, the runs (or links) inside its paragraph. `via` says what found it.
    """

    kind: str
    value: str
    elements: tuple[etree._Element, ...]
    via: str  # "content control" or "bookmark"

    @property
    def tag(self) -> str:
        """Return the region's tag, `bvpp:<kind>:<value>`."""
        return f"bvpp:{self.kind}:{self.value}"


@dataclass(frozen=True)
class Marks:
    """A paper's main part (parsed) and its marked regions in document order."""

    document: etree._Element
    regions: tuple[Region, ...]


def read_marks(source: Path | bytes, label: str) -> Marks:
    """Return the marked regions of a .docx, in document order (raises InputError if it is not a Word document)."""
    package = Package.open(source, label, InputError)
    root = package.xml(package.main_part())
    body = root.find(w("body"))
    if body is None:
        raise InputError("not a Word document: no w:body in the main part", location=Location(label))
    return Marks(root, tuple(marked_regions(body, read_mark_map(package))))


def marked_regions(body: etree._Element, mark_map: dict[str, str]) -> list[Region]:
    """Return the regions under `body`: from content controls, then bookmarks none of them holds.

    A control that lost its `w:tag` but kept its gallery name (LibreOffice) may hold less (the
    paragraphs up to the region's first table) or more (a contents list LibreOffice made after it):
    where the region's bookmark starts inside it, the bookmark gives the extent.
    """
    order = {element: index for index, element in enumerate(body.iter())}
    found: list[tuple[int, Region, etree._Element | None]] = []  # position, region, the control that gave it
    covered: set[str] = set()
    weak: dict[etree._Element, str] = {}  # controls found by their gallery name only → their tag
    starting: dict[etree._Element, str] = {}  # tables whose first cell holds such a control → its tag
    for sdt in body.iter(w("sdt")):
        marked = sdt_tag(sdt)
        content = sdt.find(w("sdtContent"))
        if marked is None or content is None:
            continue
        tag, own = marked
        kind, value = split_tag(tag)  # type: ignore[misc]  # sdt_tag returns our tags only
        if own:
            covered |= {b.get(w("name"), "") for b in content.iter(w("bookmarkStart"))
                        if mark_map.get(b.get(w("name"), "")) == tag}
        else:
            weak[sdt] = tag
        elements = _blocks_of(sdt)
        table = _starting_table(sdt) if not own else None
        if table is not None:  # LibreOffice moved the control of a region that starts with a table into its first cell
            elements, starting[table] = (table,), tag
        found.append((order[sdt], Region(kind, value, elements, "content control"), sdt))
    ends: dict[str | None, list[etree._Element]] = {}
    for end in body.iter(w("bookmarkEnd")):
        ends.setdefault(end.get(w("id")), []).append(end)
    starts: dict[str, list[etree._Element]] = {}
    for start in body.iter(w("bookmarkStart")):
        starts.setdefault(start.get(w("name"), ""), []).append(start)
    replaced: set[etree._Element] = set()
    for name, same in starts.items():
        parsed = split_tag(mark_map.get(name, ""))
        if parsed is None or name in covered:
            continue
        # LibreOffice may save a start twice: where it was (without its end) and again before the end
        start = same[0]
        end = max((e for s in same for e in ends.get(s.get(w("id")), []) if order[e] > order[start]),
                  key=lambda e: order[e], default=None)
        if end is None:
            continue
        kind, value = parsed
        elements = _between(start, end, inline=kind == "fact")
        if elements:
            holder = next((a for a in start.iterancestors(w("sdt")) if weak.get(a) == mark_map[name]), None)
            if holder is not None:
                replaced.add(holder)
                elements = tuple(b for e in elements for b in (_blocks_of(e) if e is holder else (e,)))
            table = _block_before(elements[0])
            if kind != "fact" and table is not None and starting.get(table) == mark_map[name]:
                elements, holder = (table, *elements), table  # and its bookmark's start after the table
                replaced |= {c for c in table.iter(w("sdt")) if weak.get(c) == mark_map[name]}
            found.append((order[holder if holder is not None else start], Region(kind, value, elements, "bookmark"), None))
    found.sort(key=lambda item: item[0])
    return [region for _, region, control in found if control is None or control not in replaced]


def _blocks_of(sdt: etree._Element) -> tuple[etree._Element, ...]:
    """Return the blocks a content control holds."""
    content = sdt.find(w("sdtContent"))
    return tuple(c for c in (content if content is not None else ()) if isinstance(c.tag, str) and c.tag not in _RANGE_MARKS)


def _starting_table(sdt: etree._Element) -> etree._Element | None:
    """Return the table whose first cell holds `sdt` as its first block, if any (the table stands among blocks)."""
    cell = sdt.getparent()
    if cell is None or cell.tag != w("tc") or next((c for c in cell if c.tag != w("tcPr")), None) is not sdt:
        return None
    row = cell.getparent()
    table = row.getparent() if row is not None else None
    if table is None or table.find(w("tr")) is not row or row.find(w("tc")) is not cell:
        return None
    parent = table.getparent()
    return table if parent is not None and _holds_blocks(parent) else None


def _block_before(element: etree._Element) -> etree._Element | None:
    """Return the block just before `element` (range marks skipped), if it is a table."""
    before = element.getprevious()
    while before is not None and (before.tag in _RANGE_MARKS or not isinstance(before.tag, str)):
        before = before.getprevious()
    return before if before is not None and before.tag == w("tbl") else None


def _between(start: etree._Element, end: etree._Element, inline: bool) -> tuple[etree._Element, ...]:
    """Return the sibling elements from the one holding `start` to the one holding `end`.

    Inline (a fact): siblings within the paragraph. Blocks: siblings in the nearest container
    (body, table cell, content control) holding both; a table is taken whole.
    """
    starts = [start, *start.iterancestors()]
    ends = [end, *end.iterancestors()]
    common = next(a for a in starts if a in set(ends))
    if not inline:
        while not _holds_blocks(common) and common.getparent() is not None:
            common = common.getparent()
    first = next(a for a in starts if a.getparent() is common)
    last = next(a for a in ends if a.getparent() is common)
    children = list(common)
    picked = children[children.index(first):children.index(last) + 1]
    return tuple(c for c in picked if isinstance(c.tag, str) and c.tag not in _RANGE_MARKS)


def _holds_blocks(element: etree._Element) -> bool:
    """Return whether an element holds blocks: the body, a cell, a block-level content control (not an inline one)."""
    if element.tag not in _CONTAINERS:
        return False
    return element.tag != w("sdtContent") or not any(a.tag == w("p") for a in element.iterancestors())


def region_text(region: Region) -> str:
    """Return a region's text: its paragraphs' text, one line each (tracked deletions left out)."""
    lines = []
    for element in region.elements:
        paragraphs = [element] if element.tag == w("p") or region.kind == "fact" else list(element.iter(w("p")))
        for paragraph in paragraphs:
            lines.append("".join(t.text or "" for t in paragraph.iter(w("t"))))
    return "\n".join(lines) if region.kind != "fact" else "".join(lines)
