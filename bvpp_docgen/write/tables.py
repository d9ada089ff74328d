"""WordprocessingML for narrative tables: the rows as strings, each large table written once per load.

A council's three papers may each show the same 5,000-row annex. Its rows' XML depends only on the
rows, the table's layout and the template's two table styles, so when writing them called on
nothing that numbers or registers anything (a footnote, a link, a picture, a chart, a fact's
bookmark), the pieces are kept (`WrittenTables`) and the next paper of the same load takes them
as they are, holding its own copy of the large runs of rows (rows.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..core.narrative import Span, Table
from ..ooxml.ns import R_NS, W_NS
from .rows import ROWS_PER_SLOT, can_defer

HEADER_FILL = "D9D9D9"
TEXT_WIDTH_TWIPS = 9638  # A4 less 2 cm margins: the width tables share between columns
WIDE_TEXT_WIDTH_TWIPS = 14570  # A4 landscape less 2 cm margins
TWIPS_PER_CM = 1440 / 2.54
MIN_FILL_CM = 2.0  # the fill column is never narrower: beyond that, every column shrinks
DECLARE = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_ALNUM = re.compile("[A-Za-z0-9]")

# What rows of plain text say of themselves: each row's number of cells, their paragraphs, the paragraphs' style
Plain = tuple[tuple[int, ...], int, str | None]
# rows that may be held out of the tree, with their first row, the row after, columns, and what they say if plain
Held = tuple[str, int, int, int, Plain | None]
Piece = str | Held
CellWriter = Callable[[tuple[Span, ...], str | None, str | None], str]  # spans, paragraph style id, alignment


class WrittenTables:
    """The pieces of each large table written for one load's papers, by its rows (kept alive) and layout.

    With `describe` (set by `check`), runs of held rows whose every cell is plain text with a letter or digit are
    described in `plain`, by their text: what the accessibility rules would otherwise read back from it.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], tuple[object, list[Piece]]] = {}
        self.describe = False
        self.plain: dict[str, Plain] = {}

    def get(self, key: tuple[object, ...], rows: object) -> list[Piece] | None:
        """Return the pieces written for `key`, if they were written for these very rows."""
        found = self._kept.get(key)
        return found[1] if found is not None and found[0] is rows else None

    def keep(self, key: tuple[object, ...], rows: object, pieces: list[Piece]) -> None:
        """Keep the pieces written for `key` (the rows are kept too, so that their id names them)."""
        self._kept[key] = (rows, pieces)


def table_key(table: Table, style: str | None, text_style: str | None, defer: bool, describe: bool) -> tuple[object, ...] | None:
    """Return what a large table's pieces depend on, or None for a table too small to keep."""
    if len(table.rows) <= ROWS_PER_SLOT:
        return None
    return (id(table.rows), table.header_rows, table.align, table.widths, table.wide, table.merges, table.fill,
            table.margin, style, text_style, defer, describe)


def table_pieces(table: Table, style: str | None, text_style: str | None, cell: CellWriter, defer: bool,
                 describe: bool = False) -> list[Piece]:
    """Return a table's XML as pieces: strings, and the runs of inner rows that may be held out of the tree (`defer`),
    each described if its rows are plain text (`describe`)."""
    widths = column_widths(table)
    plain = _Plainness(text_style, table.header_rows) if describe else None
    pieces: list[Piece] = [
        f"<w:tbl {DECLARE}><w:tblPr>",
        f'<w:tblStyle w:val="{attr(style)}"/>' if style else "",
        '<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>',
        _cell_margins(table.margin),
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    aligns = [a if a in ("center", "right") else None for a in table.align] + [None] * len(widths)
    starts = {(r, c): (rows, cols) for r, c, rows, cols in table.merges}
    below = {(r + n, c): cols for r, c, rows, cols in table.merges for n in range(1, rows)}
    beside = covered(table)
    last = len(table.rows) - 1
    held: list[str] = []  # inner rows, gathered to be held out of the tree (rows.py)
    counts: list[int] = []  # and each one's number of cells
    for index, row in enumerate(table.rows):
        cells = [
            "<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if index < table.header_rows else "") + "</w:trPr>",
        ]
        written = 0  # cells in this row
        # header shading is direct too: LibreOffice ignores table-style conditional formats
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>' if index < table.header_rows else ""
        for column, width in enumerate(widths):
            if (index, column) in beside:
                continue  # covered by the merged cell to its left
            spans = row[column] if column < len(row) else ()
            if index < table.header_rows:
                spans = tuple(replace(s, bold=True) for s in spans)
            merge = ""
            if (index, column) in starts or (index, column) in below:
                rows, cols = starts.get((index, column), (1, below.get((index, column), 1)))
                vertical = "restart" if rows > 1 else "continue" if (index, column) in below else ""
                merge, width = _merge_props(cols, vertical), sum(widths[column:column + cols])
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}{shade}</w:tcPr>')
            cells.append(cell(spans, text_style, aligns[column]))
            cells.append("</w:tc>")
            written += 1
        cells.append("</w:tr>")
        if not defer or index in (0, last):  # a region's bookmark may be in the first or last row
            pieces.append("".join(cells))
            continue
        held.append("".join(cells))
        counts.append(written if plain is None or plain.row(index, row, beside, len(widths)) else -1)
        if len(held) == ROWS_PER_SLOT or index == last - 1:
            text = "".join(held)
            told = plain.described(counts) if plain is not None else None
            pieces.append((text, index + 1 - len(held), index + 1, len(widths), told) if can_defer(text) else text)
            held.clear()
            counts.clear()
    pieces.append("</w:tbl>")
    return pieces


class _Plainness:
    """Tells whether held rows hold only plain text with a letter or digit in each run, as `cell` writes it the short
    way: no formatting, link, note, fact, chart or picture, no line break, no header row (shaded), and a paragraph
    style that needs no escaping."""

    def __init__(self, text_style: str | None, header_rows: int) -> None:
        self.style, self.header_rows = text_style, header_rows
        self.safe = text_style is None or not any(char in text_style for char in '&<>"')
        self._cells: dict[int, tuple[tuple[Span, ...], bool]] = {}  # by identity: tables share their cells

    def row(self, index: int, row: tuple[tuple[Span, ...], ...], beside: set[tuple[int, int]], columns: int) -> bool:
        """Return whether the row (at `index`) is plain."""
        if index < self.header_rows or not self.safe:
            return False
        return all(self._plain(row[column] if column < len(row) else ()) for column in range(columns)
                   if (index, column) not in beside)

    def described(self, counts: list[int]) -> Plain | None:
        """Return what a run of rows says of itself (`counts`: each row's cells, negative if it is not plain)."""
        if any(count < 0 for count in counts):
            return None
        return tuple(counts), sum(counts), self.style or None

    def _plain(self, spans: tuple[Span, ...]) -> bool:
        known = self._cells.get(id(spans))
        if known is None or known[0] is not spans:
            known = self._cells[id(spans)] = (spans, all(_plain_span(span) for span in spans))
        return known[1]


def plain_text(span: Span) -> bool:
    """Return whether a span is text alone, on one line: written as a bare run (no properties, nothing registered)."""
    return bool(span.text) and "\n" not in span.text and not (
        span.bold or span.italic or span.underline or span.href or span.highlight or span.fact
        or span.note is not None or span.chart is not None or span.picture is not None)


def _plain_span(span: Span) -> bool:
    return plain_text(span) and _ALNUM.search(span.text) is not None


def covered(table: Table) -> set[tuple[int, int]]:
    """Return the (row, column) of each cell a merged cell to its left covers (it has no paragraph)."""
    return {(r + n, c + m) for r, c, rows, cols in table.merges for n in range(rows) for m in range(1, cols)}


def column_widths(table: Table) -> list[int]:
    """Share the text width between columns by their text length (capped) and longest word."""
    columns = max((len(row) for row in table.rows), default=1)
    width = WIDE_TEXT_WIDTH_TWIPS if table.wide else TEXT_WIDTH_TWIPS
    if len(table.widths) == columns:
        sizes = list(table.widths)
        if table.fill is not None:  # the other columns keep their widths on a portrait or a landscape page
            rest = width / TWIPS_PER_CM - (sum(sizes) - sizes[table.fill])
            sizes[table.fill] = max(rest, MIN_FILL_CM)
        total_weight = sum(sizes)
        return [int(width * size / total_weight) for size in sizes]
    weights = [10] * columns
    for row in table.rows:
        for column, cell in enumerate(row):
            text = "".join(s.text for s in cell)
            longest_word = max((len(word) for word in text.split()), default=0)
            weights[column] = max(weights[column], min(len(text), 30), longest_word + 2)
    total = sum(weights)
    return [width * weight // total for weight in weights]


def text(value: str) -> str:
    """Return text escaped for an element's content, as lxml escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """Return text escaped for an attribute in double quotes."""
    return text(value).replace('"', "&quot;")


def _cell_margins(margin: float | None) -> str:
    """Return the table's own left and right cell margins (`w:tblCellMar`), if it sets them."""
    if margin is None:
        return ""
    twips = round(margin * TWIPS_PER_CM)
    return f'<w:tblCellMar><w:left w:w="{twips}" w:type="dxa"/><w:right w:w="{twips}" w:type="dxa"/></w:tblCellMar>'


def _merge_props(cols: int, vertical: str) -> str:
    """Return a merged cell's w:gridSpan and w:vMerge ("restart" starts a vertical merge, "continue" goes on with one)."""
    span = f'<w:gridSpan w:val="{cols}"/>' if cols > 1 else ""
    return span + {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}.get(vertical, "")
