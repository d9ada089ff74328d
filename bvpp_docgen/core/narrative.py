"""Plain data the pure core works on: narrative as blocks of styled text."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

ParagraphKind = Literal["body", "heading", "bullet", "number", "note", "caption"]


@dataclass(frozen=True, slots=True)
class Picture:
    """An image from a Word snippet, with its alternative text and size in EMU."""

    data: bytes
    alt: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Chart:
    """A line chart of one indicator: outturns and targets by year (None: no figure), its alt text and name."""

    name: str  # the indicator's reference, as the paper names the chart
    categories: tuple[str, ...]  # the years, oldest first
    outturns: tuple[Decimal | None, ...]
    targets: tuple[Decimal | None, ...]
    number_format: str  # Excel's number format of the figures, e.g. `#,##0.0"%"`
    alt: str


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with the author's emphasis; `\\n` inside is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    underline: bool = False
    highlight: str | None = None
    picture: Picture | None = None
    note: Note | None = None  # a footnote's reference mark, with the note's text
    fact: str | None = None  # the `[[fact]]` name whose text this is, so the paper can mark it
    chart: Chart | None = None  # a chart drawn in place of the text


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote (or a snippet's endnote): its paragraphs, each a sequence of spans."""

    paragraphs: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: body text, a heading (level 1 = top of the snippet) or a list item."""

    spans: tuple[Span, ...]
    kind: ParagraphKind = "body"
    level: int = 0  # heading level from 1; list nesting depth from 0
    list_no: int = 0  # which list of the snippet the item belongs to, so numbering restarts
    origin: str = ""  # where it comes from: `snippet:<path>` or `generated:<what>` (see `with_origin`)


@dataclass(frozen=True, slots=True)
class Table:
    """A table of cells, each a sequence of spans; the first `header_rows` rows are headers."""

    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    header_rows: int = 1
    align: tuple[str | None, ...] = ()  # per column: "left", "center", "right" or None
    widths: tuple[float, ...] = ()  # relative column widths; empty: shared out by content
    wide: bool = False  # on a landscape page: the columns share its wider text width
    # merged cells, each (row, column, rows, columns) in grid positions from 0: the cell at
    # (row, column) covers that many; the cells it covers are empty in `rows`
    merges: tuple[tuple[int, int, int, int], ...] = ()
    fill: int | None = None  # the column that takes the width the others leave; `widths` are then in cm
    margin: float | None = None  # cm between a cell's text and its left and right borders; None: the style's
    origin: str = ""  # where it comes from: `snippet:<path>` or `generated:<what>` (see `with_origin`)


@dataclass(frozen=True, slots=True)
class Contents:
    """A table-of-contents field over the headings `depth` levels down from where it stands."""

    depth: int = 2


@dataclass(frozen=True, slots=True)
class SectionBreak:
    """The end of a run of pages: what comes before it is landscape or portrait."""

    landscape: bool


Block = Paragraph | Table | Contents | SectionBreak


@dataclass(frozen=True, slots=True)
class Narrative:
    """A snippet's content, placed under a heading of level `heading_base`."""

    source: str
    blocks: tuple[Block, ...]
    heading_base: int = 1
    facts: tuple[str, ...] = ()  # the `[[fact]]` names it uses, in order

    def under(self, heading_base: int) -> Narrative:
        """Return the same narrative placed under a heading of level `heading_base`."""
        return replace(self, heading_base=heading_base)


@dataclass(frozen=True, slots=True)
class Cell:
    """A workbook cell's saved value, whether Excel shows it as a percentage, its formula and number format."""

    value: Any
    percent: bool = False
    formula: str | None = None
    number_format: str = "General"  # as Excel's Format Cells shows it, e.g. `0.0%`


@dataclass(frozen=True, slots=True)
class Sheet:
    """The non-empty rows of a sheet, each with its 1-based row number, and which of them Excel hides."""

    path: str
    name: str
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    hidden_rows: tuple[int, ...] = ()


def map_blocks(narrative: Narrative, fn: Callable[[int, Block], Block]) -> Narrative:
    """Return `narrative` with `fn(index, block)` in place of each block (itself when none changes)."""
    blocks = tuple(fn(index, block) for index, block in enumerate(narrative.blocks))
    if all(new is old for new, old in zip(blocks, narrative.blocks, strict=True)):
        return narrative
    return replace(narrative, blocks=blocks)


def with_origin(blocks: tuple[Block, ...], origin: str) -> tuple[Block, ...]:
    """Return `blocks` with each paragraph and table that has no origin yet marked as from `origin`.

    The paper marks each run of blocks of one origin: `snippet:<project path>` (absorbable
    narrative) or `generated:<what>` (made from data or configuration).
    """
    return tuple(replace(b, origin=origin) if isinstance(b, Paragraph | Table) and not b.origin else b for b in blocks)


def expand_block_spans(block: Block, fn: Callable[[Span], tuple[Span, ...]]) -> Block:
    """Return `block` with the spans `fn(span)` in place of each span (itself when none changes); notes too."""

    def spans(items: tuple[Span, ...]) -> tuple[Span, ...]:
        out: list[Span] = []
        changed = False
        for span in items:
            new = fn(span)
            if len(new) != 1 or new[0] is not span:
                changed = True
            for piece in new:
                if piece.note is not None:
                    paragraphs = tuple(spans(p) for p in piece.note.paragraphs)
                    if any(a is not b for a, b in zip(paragraphs, piece.note.paragraphs, strict=True)):
                        piece, changed = replace(piece, note=Note(paragraphs)), True
                out.append(piece)
        return tuple(out) if changed else items

    if isinstance(block, Paragraph):
        new = spans(block.spans)
        return block if new is block.spans else replace(block, spans=new)
    if isinstance(block, Table):
        rows = tuple(tuple(spans(cell) for cell in row) for row in block.rows)
        changed = any(a is not b for row, before in zip(rows, block.rows, strict=True) for a, b in zip(row, before, strict=True))
        return replace(block, rows=rows) if changed else block
    return block


def map_block_spans(block: Block, fn: Callable[[Span], Span]) -> Block:
    """Return `block` with `fn(span)` in place of each span of its text or cells (itself when none changes)."""
    if isinstance(block, Paragraph):
        spans = _mapped(block.spans, fn)
        return block if spans is block.spans else replace(block, spans=spans)
    if isinstance(block, Table):
        rows = tuple(tuple(_mapped(cell, fn) for cell in row) for row in block.rows)
        changed = any(new is not old for row, before in zip(rows, block.rows, strict=True)
                      for new, old in zip(row, before, strict=True))
        return replace(block, rows=rows) if changed else block
    return block


def map_spans(narrative: Narrative, fn: Callable[[Span], Span]) -> Narrative:
    """Return `narrative` with `fn(span)` in place of every span, in paragraphs and table cells."""
    return map_blocks(narrative, lambda _, block: map_block_spans(block, fn))


def spans_of(block: Block) -> Iterator[Span]:
    """Yield every span of a block: a paragraph's, or each table cell's in reading order (footnotes' too)."""
    if isinstance(block, Paragraph):
        yield from _with_notes(block.spans)
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row:
                yield from _with_notes(cell)


def _with_notes(spans: tuple[Span, ...]) -> Iterator[Span]:
    for span in spans:
        yield span
        if span.note is not None:
            for paragraph in span.note.paragraphs:
                yield from paragraph


def _mapped(spans: tuple[Span, ...], fn: Callable[[Span], Span]) -> tuple[Span, ...]:
    mapped = tuple(_mapped_one(span, fn) for span in spans)
    return spans if all(new is old for new, old in zip(mapped, spans, strict=True)) else mapped


def _mapped_one(span: Span, fn: Callable[[Span], Span]) -> Span:
    """Return `fn(span)`, with `fn` applied to the spans of its footnote too."""
    new = fn(span)
    if new.note is None:
        return new
    paragraphs = tuple(_mapped(p, fn) for p in new.note.paragraphs)
    if all(a is b for a, b in zip(paragraphs, new.note.paragraphs, strict=True)):
        return new
    return replace(new, note=Note(paragraphs))


def blocks_to_json(blocks: tuple[Block, ...]) -> list[Any]:
    """Return blocks as JSON-able lists (pictures' bytes in base64), for the input cache."""
    return [_block_json(block) for block in blocks]


def blocks_from_json(data: list[Any]) -> tuple[Block, ...]:
    """Rebuild blocks written by `blocks_to_json`."""
    return tuple(_block_from(item) for item in data)


def _span_json(span: Span) -> list[Any]:
    picture = span.picture
    image = [base64.b64encode(picture.data).decode(), picture.alt, picture.width, picture.height] if picture else None
    note = [[_span_json(s) for s in paragraph] for paragraph in span.note.paragraphs] if span.note else None
    return [span.text, span.bold, span.italic, span.href, span.underline, span.highlight, image, note]


def _span_from(item: list[Any]) -> Span:
    text, bold, italic, href, underline, highlight, image, note = item
    picture = Picture(base64.b64decode(image[0]), image[1], image[2], image[3]) if image else None
    footnote = Note(tuple(tuple(_span_from(s) for s in p) for p in note)) if note is not None else None
    return Span(text, bold, italic, href, underline, highlight, picture, footnote)


def _block_json(block: Block) -> list[Any]:
    if isinstance(block, Contents | SectionBreak):
        raise TypeError("generated blocks are not cached")
    if isinstance(block, Table):
        rows = [[[_span_json(s) for s in cell] for cell in row] for row in block.rows]
        merges = [list(m) for m in block.merges]
        return ["table", rows, block.header_rows, list(block.align), list(block.widths), merges]
    return ["p", [_span_json(s) for s in block.spans], block.kind, block.level, block.list_no]


def _block_from(item: list[Any]) -> Block:
    if item[0] == "table":
        _, rows, header_rows, align, widths, merges = item
        cells = tuple(tuple(tuple(_span_from(s) for s in cell) for cell in row) for row in rows)
        return Table(cells, header_rows, tuple(align), tuple(widths), merges=tuple(tuple(m) for m in merges))
    _, spans, kind, level, list_no = item
    return Paragraph(tuple(_span_from(s) for s in spans), kind, level, list_no)
