"""Tracked changes between two versions of a paper: one .docx whose revisions turn old into new.

The output is the NEW package (styles, numbering, headers, sections) with the old text put
back as `w:del` and the new text marked `w:ins`, so "accept all" gives the new version and
"reject all" the old one (PITFALLS T-XML-1). Paragraph sequences are diffed first, then the
words inside changed paragraphs; matching tables are diffed row by row and cell by cell.
Headers and footers are compared the same way, each with the old paper's in the same place.

Modules: `diff` is the pure core (`split_words`, `diff_tokens`, `pair_blocks`) on plain
sequences; `version` reads a paper through the ooxml layer, with `skeleton` keeping its tables'
rows as bytes until they are compared (`split` takes them from the part's bytes, unparsed);
`align` aligns blocks and rows on digests of their XML first, so only what differs is compared;
`pieces` turns paragraphs into comparable pieces; `body` writes the tracked-changes body with
`marks`; `adopt` carries the relationships and media of deleted content into the new package;
`margins` pairs headers and footers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..ooxml.ns import tostring, w
from ..ooxml.package import Package
from ..ooxml.wml import accept_revisions
from .body import Builder
from .diff import Op, OpKind, diff_tokens, is_filler, pair_blocks, similarity, split_words
from .margins import margin_places, redline_margin
from .marks import blocks_of, set_children
from .version import read_version

__all__ = ["Op", "OpKind", "Redline", "diff_tokens", "is_filler", "pair_blocks", "redline", "similarity", "split_words"]

_REVISION_TAGS = {w(t) for t in ("ins", "del", "rPrChange", "pPrChange")}


@dataclass(frozen=True, slots=True)
class Redline:
    """A tracked-changes document and the number of changes it holds."""

    docx: bytes
    insertions: int
    deletions: int
    formatting: int = 0  # runs or paragraphs whose formatting alone changed

    @property
    def identical(self) -> bool:
        """True when the two versions do not differ at all (text or formatting)."""
        return not (self.insertions or self.deletions or self.formatting)


def _revision_date(when: dt.date) -> str:
    return f"{when:%Y-%m-%d}T00:00:00Z"


def _number_revisions(root: etree._Element, first_id: int, author: str, when: str) -> int:
    """Give every revision an id (in document order), the author and the date; return the next free id."""
    next_id = first_id
    for element in root.iter(*_REVISION_TAGS):
        element.set(w("id"), str(next_id))
        element.set(w("author"), author)
        element.set(w("date"), when)
        next_id += 1
    return next_id


def _highest_id(parts: dict[str, bytes]) -> int:
    """Return the highest w:id used in any XML part (bookmarks, comments share the id space)."""
    found = [int(v) for data in parts.values() if b'w:id="' in data
             for v in re.findall(rb'w:id="(-?\d+)"', data)]
    return max(found, default=0)


def _count(body: etree._Element) -> tuple[int, int, int]:
    """Count inserted and deleted spans, and formatting changes.

    A span is a stretch of inserted or deleted runs; a paragraph or row marked inserted or
    deleted with no such stretch in it (an empty paragraph, a row of empty cells) counts once.
    """
    marks = (w("rPr"), w("trPr"))
    counts = []
    for status in ("ins", "del"):
        found = list(body.iter(w(status)))
        spans = [e for e in found if e.getparent().tag not in marks]
        in_spans = {owner for e in spans for owner in e.iterancestors(w("p"), w("tr"))}
        owners = {e.getparent().getparent() if e.getparent().tag == w("trPr") else e.getparent().getparent().getparent()
                  for e in found if e.getparent().tag in marks}
        lone = [o for o in owners if o not in in_spans and not any(
            a in owners for a in o.iterancestors(w("tr")))]
        counts.append(len(spans) + len(lone))
    formatting = sum(1 for _ in body.iter(w("rPrChange"), w("pPrChange")))
    return counts[0], counts[1], formatting


def redline(old: Path, new: Path, *, author: str, date: dt.date) -> Redline:
    """Compare two versions of a paper; return the new one with tracked changes from the old.

    `date` (a date or datetime; only the day is used) becomes every revision's `w:date`.
    """
    old_pkg = read_version(Path(old))
    old_pkg.parts[old_pkg.document_name] = b""  # parsed, its rows kept apart (skeleton.py): free the bytes
    new_pkg = read_version(Path(new))
    first_id = _highest_id(new_pkg.parts) + 1
    new_pkg.parts[new_pkg.document_name] = b""
    margins = margin_places(old_pkg, new_pkg)
    old_body, new_body = old_pkg.root.find(w("body")), new_pkg.root.find(w("body"))
    assert old_body is not None and new_body is not None
    accept_revisions(old_body)
    accept_revisions(new_body)
    builder = Builder(old_pkg, new_pkg)
    section = new_body.find(w("sectPr"))
    blocks = builder.blocks(blocks_of(old_body, w("sectPr")), blocks_of(new_body, w("sectPr")))
    set_children(new_body, blocks + ([section] if section is not None else []))
    when = _revision_date(date)
    next_id = _number_revisions(new_pkg.root, first_id, author, when)
    _renumber_drawings(new_pkg.root)
    insertions, deletions, formatting = _count(new_body)
    parts = dict(new_pkg.parts)
    parts[new_pkg.document_name] = new_pkg.skeleton.expand(tostring(new_pkg.root)) if new_pkg.skeleton else tostring(new_pkg.root)
    builder.adopter.write_into(parts)
    for old_margin, new_margin in margins:  # headers and footers: tracked changes in their own parts
        root = redline_margin(old_margin, new_margin, parts)
        if root is None:
            continue
        next_id = _number_revisions(root, next_id, author, when)
        parts[new_margin.document_name] = tostring(root)
        insertions, deletions, formatting = (a + b for a, b in zip((insertions, deletions, formatting), _count(root), strict=True))
    return Redline(Package(parts).write(), insertions, deletions, formatting)


def _renumber_drawings(root: etree._Element) -> None:
    """Drawings copied from the old version may repeat ids: number every wp:docPr in order."""
    for number, doc_pr in enumerate(root.iter("{*}docPr"), start=1):
        doc_pr.set("id", str(number))
