"""Reading one story of a Word snippet (its body, a footnote): where the reader is, the warnings
with their places, wrappers (content controls, custom XML), tables on their grid, and the
safety net that warns about text no rule carried.
"""

from __future__ import annotations

from typing import Any

from ..core.narrative import Span, Table
from ..ooxml.ns import w
from ..ooxml.ns import xpath as _xp
from ..ooxml.wml import grid_before, grid_span, is_header_row, vertical_merge

WRAPPERS = (w("sdt"), w("customXml"))  # content controls and custom XML wrap blocks, rows, cells and runs alike


class StoryReader:
    """What every story reader shares: warnings by place, tables, the check that all text was carried."""

    def __init__(self) -> None:
        self._places: dict[str, list[str]] = {}  # message -> the places it was found, in order
        self.place = ""  # where the reader is, for warnings: "paragraph 4", "table 1, row 2, column 3"
        self._tables = 0
        self._carried: set[Any] = set()  # the w:t elements of the paragraph being read that were carried

    def spans(self, container: Any, href: str | None = None) -> list[Span]:
        raise NotImplementedError

    def warn(self, message: str, place: str | None = None) -> None:
        """Note a warning once, with every place it applies to (`place`, else where the reader is)."""
        places = self._places.setdefault(message, [])
        where = self.place if place is None else place
        if where and where not in places:
            places.append(where)

    def messages(self) -> list[str]:
        return [f"{m} ({'; '.join(places)})" if places else m for m, places in self._places.items()]

    def check_carried(self, p: Any) -> None:
        """Warn about text in `p` that none of the reader's rules carried (the safety net)."""
        if _xp(p, ".//m:oMath"):
            self.warn("equations are not shown in the papers; write them as text or paste them as a picture")
        lost = [t for t in p.iter(w("t")) if t not in self._carried and not _xp(t, "ancestor::w:txbxContent")]
        if lost:
            text = "".join(t.text or "" for t in lost).strip()
            self.warn(f"text {quote(text)} is in a form the papers cannot show; retype it as ordinary text")

    def table(self, tbl: Any) -> Table:
        """Read a table on its grid: a merged cell keeps its span, the cells it covers stay empty."""
        rows: list[list[tuple[Span, ...]]] = []
        merges: list[list[int]] = []  # [row, column, rows, columns]
        header_rows = 0
        table_no = self._tables
        for tr in children(tbl, "tr"):
            if is_header_row(tr) and header_rows == len(rows):
                header_rows += 1
            row_no, column = len(rows), grid_before(tr)
            cells: list[tuple[Span, ...]] = [()] * column
            for tc in children(tr, "tc"):
                self.place = f"table {table_no}, row {row_no + 1}, column {column + 1}" if table_no else self.place
                span, merge = grid_span(tc), vertical_merge(tc)
                above = next((m for m in merges if m[1] == column and m[0] + m[2] == row_no), None)
                if merge == "continue" and above is not None:
                    above[2] += 1
                    cells += [()] * span
                else:
                    cells += [self.cell(tc)] + [()] * (span - 1)
                    if span > 1 or merge == "restart":
                        merges.append([row_no, column, 1, span])
                column += span
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        grid = tuple(tuple(r) + ((),) * (width - len(r)) for r in rows)
        spans = tuple((a, b, c, d) for a, b, c, d in merges if c > 1 or d > 1)
        header_rows = max([header_rows, 1] + [a + c for a, _, c, _ in spans if a < header_rows])  # a header cell merged down
        return Table(grid, header_rows=header_rows, merges=spans)

    def cell(self, tc: Any) -> tuple[Span, ...]:
        """Return a cell's text: its paragraphs as lines (a table inside it as lines too, with a warning)."""
        spans: list[Span] = []
        for child in children(tc, "p", "tbl"):
            if child.tag == w("tbl"):
                self.warn("a table inside a table cell is shown as lines of text in the cell")
                for p in child.iter(w("p")):
                    spans += [Span("\n")] * bool(spans) + self._cell_paragraph(p)
                continue
            spans += [Span("\n")] * bool(spans) + self._cell_paragraph(child)
        return tuple(merge_spans(spans))

    def _cell_paragraph(self, p: Any) -> list[Span]:
        self._carried = set()
        spans = self.spans(p)
        self.check_carried(p)
        return spans


def content(wrapper: Any) -> Any:
    """Return what a content control (its w:sdtContent) or a custom XML element wraps."""
    if wrapper.tag == w("sdt"):
        content = wrapper.find(w("sdtContent"))
        return content if content is not None else wrapper  # only properties: nothing to read
    return wrapper


def children(container: Any, *tags: str) -> list[Any]:
    """Return the children of `container` with these tags, looking inside content controls and custom XML."""
    found = []
    for child in container.iterchildren():
        if child.tag in WRAPPERS:
            found += children(content(child), *tags)
        elif child.tag in [w(t) for t in tags]:
            found.append(child)
    return found


def quote(text: str) -> str:
    return f"'{text[:40]}...'" if len(text) > 40 else f"'{text}'"


def merge_spans(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        plain = (span.picture, span.note, merged[-1].picture, merged[-1].note) == (None,) * 4 if merged else False
        if plain and (
            merged[-1].bold, merged[-1].italic, merged[-1].href, merged[-1].underline, merged[-1].highlight
        ) == (span.bold, span.italic, span.href, span.underline, span.highlight):
            previous = merged[-1]
            merged[-1] = Span(previous.text + span.text, span.bold, span.italic, span.href, span.underline, span.highlight)
        elif span.text or span.picture is not None or span.note is not None:
            merged.append(span)
    return merged
