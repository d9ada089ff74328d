"""What a reader changed in one region of a paper sent back, compared with what the version showed. Pure.

Both sides are narrative blocks read from a paper by the same reader (`read/returned.py`), so
they compare like for like: headings by their level under the region's base, lists by kind and
depth, spans by text, bold, italic, link and the fact they show (a fact by its name: its text is
checked on its own, since an edited fact is never absorbed), a picture by its bytes and alternative
text, a footnote's mark by its note's text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from .narrative import Block, Paragraph, Span, Table


@dataclass(frozen=True, slots=True)
class CellEdit:
    """A table cell whose text the reader changed: the table's heading, the row's first cell, the column's header."""

    heading: str
    row: str
    column: str
    was: str
    now: str


def normal(blocks: tuple[Block, ...], base: int = 0) -> tuple[Block, ...]:
    """Return blocks as compared and written back: headings shifted up by `base`, no empty paragraphs,
    neighbouring spans that look the same merged, header cells without their bold, no list numbers."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            spans = _merged(block.spans)
            if not "".join(s.text for s in spans).strip() and not any(_held(s) for s in spans):
                continue
            level = max(1, block.level - base) if block.kind == "heading" else block.level
            out.append(Paragraph(spans, block.kind, level))
        elif isinstance(block, Table):
            rows = tuple(tuple(_merged(tuple(replace(s, bold=False) if n < block.header_rows else s for s in cell))
                               for cell in row) for n, row in enumerate(block.rows))
            out.append(Table(rows, block.header_rows, block.align))
    return tuple(out)


def _merged(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    out: list[Span] = []
    for span in spans:
        if _held(span):
            out.append(Span("", span.bold, span.italic, span.href, picture=span.picture, note=span.note))
            continue
        if not span.text:
            continue
        span = Span(span.text, span.bold, span.italic, span.href, fact=span.fact)
        last = out[-1] if out else None
        if last is not None and not _held(last) and \
                (last.bold, last.italic, last.href, last.fact) == (span.bold, span.italic, span.href, span.fact):
            out[-1] = replace(last, text=last.text + span.text)
        else:
            out.append(span)
    if out and not out[0].fact:
        out[0] = replace(out[0], text=out[0].text.lstrip(" "))
    if out and not out[-1].fact:
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(" "))
    return tuple(s for s in out if s.text or _held(s))


def _held(span: Span) -> bool:
    """Return whether a span is a picture or a footnote's mark (no text of its own)."""
    return span.picture is not None or span.note is not None


def without_notes(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return blocks without footnote marks (what Markdown holds of them)."""
    def spans(items: tuple[Span, ...]) -> tuple[Span, ...]:
        return tuple(s for s in items if s.note is None)

    return tuple(replace(b, spans=spans(b.spans)) if isinstance(b, Paragraph) else
                 replace(b, rows=tuple(tuple(spans(c) for c in row) for row in b.rows)) if isinstance(b, Table) else b
                 for b in blocks)


def key(blocks: tuple[Block, ...]) -> tuple:
    """Return what is compared of normalised blocks: facts by name, not by the text they show."""
    def spans(items: tuple[Span, ...]) -> tuple:
        return tuple(_span_key(s) for s in items)

    found: list[tuple] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.append(("p", block.kind, block.level, spans(block.spans)))
        elif isinstance(block, Table):
            found.append(("t", block.header_rows, tuple(tuple(spans(c) for c in row) for row in block.rows)))
    return tuple(found)


def _span_key(span: Span) -> tuple:
    if span.picture is not None:
        return ("picture", hashlib.sha256(span.picture.data).hexdigest(), " ".join(span.picture.alt.split()))
    if span.note is not None:
        return ("note", " ".join(" ".join(s.text for p in span.note.paragraphs for s in p).split()))
    return (f"[[{span.fact}]]" if span.fact else span.text, span.bold, span.italic, span.href)


def fact_edits(blocks: tuple[Block, ...], texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """Return each fact the paper shows with other text than `texts` gives it: (name, text in the paper)."""
    found: dict[tuple[str, str], None] = {}
    for block in blocks:
        cells = [block.spans] if isinstance(block, Paragraph) else \
            [cell for row in block.rows for cell in row] if isinstance(block, Table) else []
        for cell in cells:
            for span in cell:
                if span.fact and span.fact in texts and span.text.strip() != texts[span.fact].strip():
                    found[(span.fact, span.text)] = None
    return list(found)


def text_of(spans: tuple[Span, ...]) -> str:
    """Return spans' text on one line."""
    return " ".join("".join(s.text for s in spans).split())


def cell_edits(before: tuple[Block, ...], after: tuple[Block, ...]) -> tuple[list[CellEdit], list[tuple[str, str]]]:
    """Return the table cells and paragraphs whose text differs between two readings of a generated region.

    Tables are paired in order; cells by row and column. Paragraphs: (was, now), "" for one added or deleted.
    """
    cells: list[CellEdit] = []
    heading = ""
    tables_after = [b for b in after if isinstance(b, Table)]
    headings: list[str] = []
    for block in before:
        if isinstance(block, Paragraph) and block.kind == "heading":
            heading = text_of(block.spans)
        elif isinstance(block, Table):
            headings.append(heading)
    for (old, new), title in zip(zip([b for b in before if isinstance(b, Table)], tables_after, strict=False), headings, strict=False):
        header = old.rows[0] if old.rows else ()
        for r, (row_old, row_new) in enumerate(zip(old.rows, new.rows, strict=False)):
            for c, (was, now) in enumerate(zip(row_old, row_new, strict=False)):
                if text_of(was) != text_of(now):
                    label = text_of(row_old[0]) if row_old else ""
                    column = text_of(header[c]) if c < len(header) and r >= old.header_rows else "header"
                    cells.append(CellEdit(title, label, column, text_of(was), text_of(now)))
    paragraphs = _line_changes([text_of(b.spans) for b in before if isinstance(b, Paragraph)],
                               [text_of(b.spans) for b in after if isinstance(b, Paragraph)])
    return cells, paragraphs


def _line_changes(was: list[str], now: list[str]) -> list[tuple[str, str]]:
    """Return (was, now) for each line changed, added ("", now) or deleted (was, "")."""
    changes: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, was, now, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = was[i1:i2], now[j1:j2]
        for n in range(max(len(old), len(new))):
            changes.append((old[n] if n < len(old) else "", new[n] if n < len(new) else ""))
    return changes


Line = tuple[str, str | None]  # a paragraph's text, and the region holding it (None: none)


def paper_lines(before: tuple[Line, ...], after: tuple[Line, ...]) -> tuple[set[int], list[tuple[str, str, str | None]]]:
    """Compare a paper's lines as a version showed them with the lines sent back.

    Return the indexes of `before` that read the same in `after`, and each line changed, added or
    deleted as (was, now, region): "" for the side without one; the region the line stands in as
    the version showed it (for an added line, the region it was added in, or the one around it).
    """
    matcher = SequenceMatcher(None, [t for t, _ in before], [t for t, _ in after], autojunk=False)
    equal: set[int] = set()
    changes: list[tuple[str, str, str | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            equal.update(range(i1, i2))
            continue
        around = before[i1 - 1][1] if i1 > 0 and i1 < len(before) and before[i1 - 1][1] == before[i1][1] else None
        for n in range(max(i2 - i1, j2 - j1)):
            old = before[i1 + n] if n < i2 - i1 else None
            new = after[j1 + n] if n < j2 - j1 else None
            owner = old[1] if old else (new[1] if new and new[1] else around)
            changes.append((old[0] if old else "", new[0] if new else "", owner))
    return equal, changes


def recognisable(before: list[str], after: list[str]) -> bool:
    """Return whether a region sent back is still the region the version showed (at least half its lines match).

    A program that saves the paper may move a region's marks (LibreOffice); such a region is
    "damaged beyond recognition" and never absorbed or compared cell by cell.
    """
    if not before:
        return not after
    if SequenceMatcher(None, before, after, autojunk=False).ratio() >= 0.5:
        return True
    old, new = "\n".join(before), "\n".join(after)  # a short region with one line edited or added: by its characters
    return len(old) + len(new) < 20000 and SequenceMatcher(None, old, new, autojunk=False).ratio() >= 0.5


def restore_facts(before: tuple[Block, ...], after: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return `after` with each fact whose mark a program dropped marked again, where its text stands unchanged.

    Paragraphs are paired in order; a fact of the version's paragraph is marked in the paragraph
    sent back when its characters are among those both read the same. A fact whose text was
    edited and whose mark was lost cannot be told from typed text: it stays text.
    """
    old = [b for b in before if isinstance(b, Paragraph)]
    places = [n for n, b in enumerate(after) if isinstance(b, Paragraph)]
    out = list(after)
    matcher = SequenceMatcher(None, [text_of(b.spans) for b in old],
                              [text_of(after[n].spans) for n in places], autojunk=False)  # type: ignore[union-attr]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for k in range(min(i2 - i1, j2 - j1)):
                new = out[places[j1 + k]]
                assert isinstance(new, Paragraph)
                out[places[j1 + k]] = replace(new, spans=_refact(old[i1 + k].spans, new.spans))
    return tuple(out)


def _refact(old: tuple[Span, ...], new: tuple[Span, ...]) -> tuple[Span, ...]:
    present = {s.fact for s in new if s.fact}
    facts, at = [], 0
    for span in old:
        if span.fact and span.fact not in present:
            facts.append((at, at + len(span.text), span.fact))
        at += len(span.text)
    if not facts:
        return new
    old_text, new_text = "".join(s.text for s in old), "".join(s.text for s in new)
    blocks = SequenceMatcher(None, old_text, new_text, autojunk=False).get_matching_blocks()
    marks: dict[int, str] = {}
    for start, end, name in facts:
        block = next((b for b in blocks if b.a <= start and end <= b.a + b.size), None)
        if block is not None:
            marks.update({block.b + (i - block.a): name for i in range(start, end)})
    pieces: list[Span] = []
    at = 0
    for span in new:
        if _held(span):
            pieces.append(span)
        for i, char in enumerate(span.text):
            fact = span.fact or marks.get(at + i)
            last = pieces[-1] if pieces else None
            if last is not None and i > 0 and last.fact == fact and not span.fact and not _held(last):
                pieces[-1] = replace(last, text=last.text + char)
            else:
                pieces.append(replace(span, text=char, fact=fact))
        at += len(span.text)
    return _merged(tuple(pieces)) if pieces else new
