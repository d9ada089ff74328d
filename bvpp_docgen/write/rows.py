"""Large tables' inner rows held out of the document tree, and spliced back when the paper is written.

A 5,000-indicator plan's body is almost all generated table rows. Parsing them into lxml (a
million nodes) and writing them out again cost most of a render's time and memory, while nothing
that lays out the paper (sections, contents list, drawing ids) looks inside them. So the narrative
writer keeps a large table's rows but its first and last (where a region's bookmark may stand) as
a string and writes a placeholder row in their place; the renderer parses and lays out the rest,
serialises the main part once and puts the rows where their placeholders are, in the very bytes
lxml would have written for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..ooxml.ns import RT_STYLES
from ..ooxml.package import Package
from ..ooxml.scan import scan_paragraphs
from ..ooxml.styles import Styles

MIN_DEFERRED = 4096  # characters of rows worth holding out of the document tree
ROWS_PER_SLOT = 256  # rows one placeholder stands for: a few hundred KB, so splicing needs little memory at once
SLOT = re.compile(r'<w:tr bvpp-slot="(\d+)"/>')
_SLOT_BYTES = re.compile(SLOT.pattern.encode())
# What keeps rows in the tree: a drawing (its id is renumbered there), a control character (the
# template's line-break handling or the strict parse acts on it), a character XML refuses.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
Paragraphs = list[tuple[int | None, str]]  # a paper's paragraphs as read back: heading level or None, text
# The only elements the narrative writer leaves empty in a table's rows: a run without text, and a cell's paragraph
# without properties or runs (a regular expression over every element took 0.13 s of a 4,999-indicator plan)
_EMPTY = (("<w:r></w:r>", "<w:r/>"), ("<w:p></w:p>", "<w:p/>"))


def slot(number: int) -> str:
    """Return the placeholder row that stands for the `number`th run of deferred rows."""
    return f'<w:tr bvpp-slot="{number}"/>'


def can_defer(rows: str) -> bool:
    """Return whether `rows` (written by the narrative writer) may be held out of the tree."""
    if len(rows) < MIN_DEFERRED or "<w:drawing" in rows:
        return False
    # Only characters outside printable ASCII can be refused: those are looked at, a few among millions
    rest = rows.encode("utf-8", "surrogatepass").translate(None, _PRINTABLE_ASCII).decode("utf-8", "surrogatepass")
    return rest.isprintable() or not _CONTROL.search(rest)  # the first is quicker, and mostly enough


def as_serialised(rows: str) -> str:
    """Return deferred rows as lxml serialises them once parsed: an element with no content is written `<x/>`.

    The writer's XML is otherwise already as lxml writes it (attributes in double quotes; `&`, `<`,
    `>` and, in attributes, `"` escaped as entities, nothing else; no namespace declarations
    inside a table).
    """
    for written, serialised in _EMPTY:
        rows = rows.replace(written, serialised)
    return rows


def restore(xml: str, deferred: list[str]) -> str:
    """Return rendered XML with every placeholder row replaced by the rows it stands for."""
    return SLOT.sub(lambda found: deferred[int(found.group(1))], xml) if deferred else xml


def hidden_size(text: str, deferred: list[str]) -> int:
    """Return how many more characters `text` stands for than it holds: its placeholders' rows."""
    if not deferred or 'bvpp-slot="' not in text:
        return 0
    found = (m for m in SLOT.finditer(text) if int(m.group(1)) < len(deferred))
    return sum(len(deferred[int(m.group(1))]) - len(m.group(0)) for m in found)


def splice(xml: bytes, deferred: list[str]) -> Iterator[bytes]:
    """Yield a serialised part in pieces, each placeholder row replaced by its rows as lxml would write them."""
    pieces = _SLOT_BYTES.split(xml)  # text, slot number, text, ...
    for index, piece in enumerate(pieces):
        yield as_serialised(deferred[int(piece)]).encode() if index % 2 else piece


def read_back(package: Package, held_text: Callable[[int], list[str]]) -> Paragraphs | None:
    """Return the paragraphs of a rendered paper as `read/paper.py` reads them back once written (None: read it).

    Read from the main part before its rows are spliced in, each placeholder's rows told by
    `held_text(n)` (none is a heading: rows are held only when cells are not headings, render.py).
    """
    main = package.main_part()
    xml, styles = package.parts[main], package.related(main, RT_STYLES)
    held = [(found.start(), found.end(), held_text(int(found.group(1)))) for found in _SLOT_BYTES.finditer(xml)]
    return scan_paragraphs(xml, Styles(package.xml(styles) if styles else None), held)
