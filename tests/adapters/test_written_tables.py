"""A large table is written once per load: the load's other papers take the very pieces written for the first.

The papers must read exactly as if each had written its tables itself (the same XML, the same rows held
out, the same footnotes and bookmarks), whatever the tables hold and whichever template's styles they use.
"""

from __future__ import annotations

import random
import re

import pytest

from bvpp_docgen.accessibility.held import Run, tell
from bvpp_docgen.core.narrative import Narrative, Note, Span, Table
from bvpp_docgen.write.narrative import NarrativeWriter
from bvpp_docgen.write.tables import WrittenTables

from .test_deferred_rows import STYLES, UNSTYLED, _narrative, _table


def _writer(styles: dict[str, str], tables: WrittenTables | None) -> NarrativeWriter:
    links: dict[str, str] = {}
    return NarrativeWriter(styles, new_numbering=lambda style: None,
                           link_id=lambda url: links.setdefault(url, f"rId{len(links) + 10}"), defer_rows=True,
                           tables=tables)


def _plain_table(rng: random.Random, rows: int) -> Table:
    """A large table of plain text and bold, as the annex holds: nothing in it numbers or registers anything."""
    body = tuple(tuple((Span(f"BV{row} & <{column}>", bold=rng.random() < 0.1),) for column in range(4))
                 for row in range(rows))
    return Table(body, header_rows=1, align=(None, "right", "right", "center"), origin="generated:annex")


def _papers(seed: int) -> list[tuple[dict[str, str], Narrative]]:
    """Three papers of one load: they share a plain annex and a table with notes, links and facts, in other company."""
    rng = random.Random(seed)
    annex, marked = _plain_table(rng, rng.choice([300, 700])), _table(rng, 300, "generated:detail")
    papers = []
    for number, styles in enumerate((STYLES, STYLES, UNSTYLED)):
        blocks = [*_narrative(seed * 3 + number).blocks, annex, marked]
        rng.shuffle(blocks)
        papers.append((styles, Narrative(f"paper {number}", tuple(blocks))))
    return papers


def _written(writer: NarrativeWriter, narrative: Narrative) -> tuple[object, ...]:
    xml = writer.xml(narrative)
    held = [writer.held_text(number) for number in range(len(writer.deferred))]
    return xml, list(writer.deferred), held, writer.footnotes, writer.marks, writer.note_styles_missing


@pytest.mark.parametrize("seed", range(12))
def test_papers_sharing_tables_are_written_as_each_would_write_them_alone(seed: int) -> None:
    tables = WrittenTables()
    for styles, narrative in _papers(seed):
        assert _written(_writer(styles, tables), narrative) == _written(_writer(styles, None), narrative)


class _Counting(NarrativeWriter):
    cells = 0

    def _cell(self, spans: tuple[Span, ...], style_id: str | None, align: str | None) -> str:
        type(self).cells += 1
        return super()._cell(spans, style_id, align)


def test_a_plain_large_table_is_written_once_per_load_and_one_with_a_link_for_every_paper() -> None:
    annex = _plain_table(random.Random(7), 400)
    linked = Table(tuple(((Span("see", href="https://example.org/") if row % 50 == 0 else Span("x"),),) for row in range(400)))
    for table, columns, writes in ((annex, 4, 1), (linked, 1, 3)):
        tables = WrittenTables()
        _Counting.cells = 0
        for _paper in range(3):
            _Counting(STYLES, new_numbering=lambda style: None, link_id=lambda url: "rId9", defer_rows=True,
                      tables=tables).xml(Narrative("t", (table,)))
        assert _Counting.cells == writes * 400 * columns


ODD_STYLE = {**STYLES, "Table Text": 'Table "&" Text'}  # a style id the XML must escape
PLAIN = ["BV12", "12.5%", "n/a", "a & b", "<tag> 1", "café", "£9", "&amp;", "(e) 7", "中文 2"]
DEFECTS = {"no letter or digit": Span("-"), "a space": Span(" "), "empty text": Span(""), "bold": Span("B1", bold=True),
           "a break": Span("x\ny"), "a link": Span("L1", href="https://example.org/"), "highlight": Span("H1", highlight="yellow"),
           "a fact": Span("F1", fact="BV1.outturn"), "none": Span("ok 1")}


def _table_with(rng: random.Random, defect: str) -> Table:
    """A large table of plain text but for one cell (of a header row, for `header`) holding the defect."""
    columns = rng.randint(1, 4)
    rows = [[(Span(rng.choice(PLAIN)),) if rng.random() < 0.9 else () for _ in range(columns)] for _ in range(300)]
    at = rng.randrange(1, 299)
    rows[at][rng.randrange(columns)] = (DEFECTS.get(defect, DEFECTS["none"]),)
    merges = ((40, 0, 3, min(2, columns)),) if rng.random() < 0.5 else ()
    return Table(tuple(tuple(row) for row in rows), header_rows=3 if defect == "header" else 1, merges=merges,
                 align=("right",) * columns)


@pytest.mark.parametrize("styles", [STYLES, UNSTYLED, ODD_STYLE], ids=["styled", "unstyled", "escaped"])
@pytest.mark.parametrize("defect", [*DEFECTS, "header"])
def test_rows_the_writer_calls_plain_are_told_the_same_from_their_text(defect: str, styles: dict[str, str]) -> None:
    for seed in range(4):
        tables = WrittenTables()
        tables.describe = True
        writer = _writer(styles, tables)
        writer.xml(Narrative("t", (_table_with(random.Random(seed), defect),)))
        assert len(writer.deferred) == 2
        for text in writer.deferred:
            if text in tables.plain:
                columns, paragraphs, style = tables.plain[text]
                assert tell(text) == Run(columns, paragraphs, frozenset([style] if style else []))
        expected = 0 if styles is ODD_STYLE else 2 if defect == "none" else 1  # the run of rows without the defect
        assert len(tables.plain) == expected


def test_a_cell_shown_again_is_written_again_only_when_it_numbers_something() -> None:
    plain, noted = (Span("same", bold=True),), (Span("x", note=Note(((Span("a note"),),))),)
    linked = (Span("site", href="https://example.org/", fact="BV1.outturn"),)
    writer = _writer(STYLES, None)
    xml = writer.xml(Narrative("t", (Table(((plain, noted, linked),) * 3, header_rows=0),)))
    assert xml.count(">same</w:t>") == 3
    assert len(writer.footnotes) == 3 and len(set(re.findall(r'w:footnoteReference w:id="(\d+)"', xml))) == 3
    assert len(writer.marks) == 3 and len(set(re.findall(r'w:bookmarkStart w:id="(\d+)"', xml))) == 3
