"""Large tables' rows held out of the document tree are spliced back as the very bytes lxml writes.

The renderer never parses a large table's inner rows (write/rows.py): these tests compare the
spliced output with the old path, the whole narrative parsed and serialised by lxml, on varied
narratives (escaping, empty elements, attributes, namespaces, non-ASCII text, marks, links, notes,
merged cells), and check the template bounds still count the rows a placeholder stands for.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from bvpp_docgen.core.narrative import Contents, Narrative, Note, Paragraph, Picture, Span, Table
from bvpp_docgen.errors import InputError, TemplateError
from bvpp_docgen.ooxml.ns import NS, fromstring
from bvpp_docgen.ooxml.package import Package, normalize_package
from bvpp_docgen.write import template_env
from bvpp_docgen.write.narrative import NarrativeWriter
from bvpp_docgen.write.render import _open
from bvpp_docgen.write.rows import SLOT, as_serialised, hidden_size, read_back, restore, slot, splice
from bvpp_docgen.write.template_env import BoundedEnvironment, BoundError

from . import text_reference as old
from .test_text_scan import docx

STYLES = {"Normal": "Normal", "Table Text": "TableText", "Council Table": "CouncilTable", "Hyperlink": "Hyperlink",
          "Heading 1": "Heading1", "Heading 2": "Heading2"}
WORDS = ["a & b", "<tag>", "x > y", 'say "so"', "it's", "café", "Ünïcödé", "中文", "😀", "", " ", "  two  spaces",
         "£1,234.5", "-", "&amp;", "]]>", "--", "<!-- c -->", "1 < 2 && 3 > 2", "end."]


UNSTYLED = {name: value for name, value in STYLES.items() if name not in ("Table Text", "Council Table")}  # bare cells
EMPTY = re.compile(r"<(w:[A-Za-z]+)([^<>]*)></\1>")  # any element written with no content


def _writer(defer: bool, styles: dict[str, str] = STYLES) -> NarrativeWriter:
    links: dict[str, str] = {}
    return NarrativeWriter(styles, new_numbering=lambda style: None,
                           link_id=lambda url: links.setdefault(url, f"rId{len(links) + 10}"), defer_rows=defer)


def _span(rng: random.Random) -> Span:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3)))
    kind = rng.random()
    return Span(text, bold=rng.random() < 0.2, italic=rng.random() < 0.1, underline=rng.random() < 0.05,
                highlight="yellow" if rng.random() < 0.05 else None,
                href=f"https://example.org/?q={rng.randint(0, 3)}&x=\"1\"" if kind < 0.05 else None,
                fact=f"BV{rng.randint(1, 9)}.outturn" if 0.05 <= kind < 0.1 else None,
                note=Note(((Span(f"note {text}"),),)) if 0.1 <= kind < 0.12 else None)


def _table(rng: random.Random, rows: int, origin: str) -> Table:
    columns = rng.randint(1, 6)
    body = tuple(tuple(tuple(_span(rng) for _ in range(rng.randint(0, 2))) for _ in range(columns)) for _ in range(rows))
    merges = ((1, 0, 2, min(2, columns)),) if rows > 4 and rng.random() < 0.5 else ()
    return Table(body, header_rows=rng.randint(0, 2), align=tuple(rng.choice(["left", "right", "center", None])
                                                                     for _ in range(columns)),
                 merges=merges, margin=rng.choice([None, 0.1]), origin=origin)


def _narrative(seed: int) -> Narrative:
    rng = random.Random(seed)
    blocks: list[Paragraph | Table] = []
    for _ in range(rng.randint(1, 6)):
        origin = rng.choice(["", "snippet:intro", "generated:annex"])
        if rng.random() < 0.6:
            blocks.append(_table(rng, rng.choice([1, 2, 3, 40, 300]), origin))
        else:
            blocks.append(Paragraph((_span(rng),), kind=rng.choice(["body", "heading"]), level=1, origin=origin))
    return Narrative("test", tuple(blocks))


def _document(body: str) -> bytes:
    """Parse a body as the renderer does (a document element declaring w, r, w15) and serialise it as python-docx does."""
    root = fromstring(f'<w:document xmlns:w="{NS["w"]}" xmlns:r="{NS["r"]}" '
                      f'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:body>{body}</w:body></w:document>')
    return etree.tostring(root, encoding="UTF-8", standalone=True)


@pytest.mark.parametrize("styles", [STYLES, UNSTYLED], ids=["styled", "unstyled"])
@pytest.mark.parametrize("seed", range(40))
def test_spliced_rows_are_the_bytes_lxml_writes_for_the_whole_narrative(seed: int, styles: dict[str, str]) -> None:
    narrative = _narrative(seed)
    whole, deferring = _writer(False, styles), _writer(True, styles)
    old, skeleton = whole.xml(narrative), deferring.xml(narrative)
    assert restore(skeleton, deferring.deferred) == old  # the rows held out are exactly the rows written
    assert b"".join(splice(_document(skeleton), deferring.deferred)) == _document(old)
    assert whole.marks == deferring.marks and whole.footnotes == deferring.footnotes


def _odd_table(rng: random.Random) -> Table:
    """A large table whose cells hold what a cell's text may not show: breaks, notes, pictures, empty runs."""
    picture = Picture(b"", "a chart of 2024", 10, 10)
    odd = [Span("two\nlines"), Span(""), Span("", bold=True), Span(" lead"), Span("x", note=Note(((Span("n"),),))),
           Span("alt", picture=picture), Span("\n"), Span("tab\there"), Span("\u2003wide\u00a0space ")]
    cell = lambda: tuple(rng.choice(odd) for _ in range(rng.randint(0, 3)))  # noqa: E731
    return Table(tuple(tuple(cell() for _ in range(3)) for _ in range(rng.choice([40, 300]))), header_rows=rng.randint(0, 3),
                 merges=((2, 0, 3, 2),) if rng.random() < 0.5 else ())


@pytest.mark.parametrize("seed", range(40))
def test_the_text_the_render_tells_is_the_text_read_back_from_the_written_paper(seed: int) -> None:
    rng = random.Random(seed)
    narrative = _narrative(seed)
    blocks = [Contents(), *narrative.blocks, _odd_table(rng), *_narrative(seed + 100).blocks]
    writer = _writer(True)
    body = re.sub(r' xmlns:\w+="[^"]*"', "", writer.xml(Narrative("test", tuple(blocks))))
    part = _document(body)  # namespaces declared once, as in a rendered paper: else neither is read the fast way
    told = read_back(Package.open(docx(part.decode()), "paper.docx", InputError), writer.held_text)
    written = docx(b"".join(splice(part, writer.deferred)).decode())
    assert told is not None
    assert told == old.paper_paragraphs(written, "paper.docx")


@pytest.mark.parametrize("seed", range(40))
def test_rows_held_out_keep_no_element_lxml_would_close(seed: int) -> None:
    for styles in (STYLES, UNSTYLED):
        writer = _writer(True, styles)
        writer.xml(Narrative("test", (*_narrative(seed).blocks, _odd_table(random.Random(seed)))))
        assert all(EMPTY.search(as_serialised(rows)) is None for rows in writer.deferred)


def test_large_tables_are_deferred_and_small_ones_kept() -> None:
    rng = random.Random(1)
    writer = _writer(True)
    small, large = _table(rng, 3, ""), _table(rng, 300, "generated:annex")
    xml = writer.xml(Narrative("t", (small, large)))
    assert len(SLOT.findall(xml)) == len(writer.deferred) == 2  # 298 inner rows: 256, then 42
    assert xml.count("<w:tr>") == 3 + 2  # the small table's rows, the large one's first and last
    assert restore(xml, writer.deferred).count("<w:tr>") == 3 + 300


@pytest.mark.parametrize("text", ["tab\there", "carriage\rreturn", "bell\x07", "form\x0cfeed", "\x85next line",
                                  "delete\x7f", "café\x9f", "中文\x01", "lone \ud800 surrogate", "not a character \ufffe"])
def test_rows_with_control_characters_stay_in_the_tree(text: str) -> None:
    rows = tuple(((Span(text if n == 150 else f"row {n}"),),) for n in range(300))
    writer = _writer(True)
    xml = writer.xml(Narrative("t", (Table(rows),)))
    assert len(writer.deferred) == 1 and "row 149" in xml and "row 150" not in writer.deferred[0]  # rows 1-256 stay


def test_rows_of_any_printable_text_are_held_out() -> None:
    rows = tuple(((Span(f"row {n} café £1 – 中文 😀 \u00a0"),),) for n in range(300))
    writer = _writer(True)
    writer.xml(Narrative("t", (Table(rows),)))
    assert len(writer.deferred) == 2 and "row 150 café £1 – 中文 😀 \u00a0" in writer.deferred[0]


def test_empty_elements_are_written_as_lxml_writes_them() -> None:
    rows = '<w:tr><w:tc><w:p></w:p></w:tc><w:tc><w:p><w:r></w:r><w:r><w:t xml:space="preserve">x</w:t></w:r></w:p></w:tc></w:tr>'
    table = f'<w:tbl xmlns:w="{NS["w"]}">{rows}</w:tbl>'
    expected = etree.tostring(fromstring(table), encoding="unicode")
    assert f'<w:tbl xmlns:w="{NS["w"]}">{as_serialised(rows)}</w:tbl>' == expected


def test_the_output_bound_counts_the_rows_a_placeholder_stands_for(monkeypatch: pytest.MonkeyPatch) -> None:
    class Markup:
        def __init__(self, xml: str) -> None:
            self.xml = xml

        def __html__(self) -> str:
            return self.xml

    deferred = ["<w:tr></w:tr>" * 100]
    full, placeholder = "<w:p/>" + deferred[0], "<w:p/>" + slot(0)
    assert hidden_size(placeholder, deferred) == len(full) - len(placeholder)
    monkeypatch.setattr(template_env, "MAX_OUTPUT", 3 * len(full) - 1)
    messages = []
    for value, hidden in ((full, lambda text: 0), (placeholder, lambda text: hidden_size(text, deferred))):
        environment = BoundedEnvironment()
        environment.hidden_size = hidden
        template = environment.compile_part("{% for n in range(3) %}{{ x }}{% endfor %}")
        with pytest.raises(BoundError) as caught:
            environment.render_part(template, {"x": Markup(value)})
        messages.append(caught.value.message)
        environment.render_part(environment.compile_part("{{ x }}{{ x }}"), {"x": Markup(value)})  # within the bound
    assert messages[0] == messages[1]


class _ParagraphCells(NarrativeWriter):
    """The writer as it was: every cell written by the general `_paragraph`."""

    def _cell(self, spans: tuple[Span, ...], style_id: str | None, align: str | None) -> str:
        return self._paragraph(spans, style_id, align=align)


@pytest.mark.parametrize("seed", range(40))
def test_cells_written_the_short_way_are_those_paragraph_writes(seed: int) -> None:
    narrative = _narrative(seed)
    general = _ParagraphCells(STYLES, new_numbering=lambda style: None, link_id=lambda url: "rId9")
    short = NarrativeWriter(STYLES, new_numbering=lambda style: None, link_id=lambda url: "rId9")
    assert short.xml(narrative) == general.xml(narrative)
    assert short.marks == general.marks and short.footnotes == general.footnotes


def test_a_part_written_from_pieces_gives_the_bytes_of_the_whole_part() -> None:
    rng = random.Random(7)
    document = b"".join(b'<w:tr><w:tc><w:p><w:r><w:t>%d %x</w:t></w:r></w:p></w:tc></w:tr>' % (n, rng.getrandbits(40))
                        for n in range(60_000))
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": document, "a/b.xml": b"<b/>"}
    whole = Package(dict(parts)).write()
    cuts = sorted(rng.sample(range(1, len(document)), 50))
    pieces = [document[a:b] for a, b in zip([0, *cuts], [*cuts, len(document)], strict=True)]
    assert Package(dict(parts)).write({"word/document.xml": iter(pieces)}) == whole
    assert normalize_package(whole) == whole


def _template_body(deferred: list[str], column_loops: bool) -> tuple[Any, str]:
    """Open the example's plan template as the renderer does, holding `deferred` rows."""
    template = _open(Path(__file__).parents[2] / "templates" / "plan.docx", "templates/plan.docx")
    template.deferred, template._column_loops = list(deferred), column_loops
    return template, f'<w:body xmlns:w="{NS["w"]}">'


ROWS = ['<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p></w:tc></w:tr>' * 3]
TABLE = f'<w:tbl><w:tblGrid><w:gridCol w:w="9638"/></w:tblGrid><w:tr><w:tc><w:p/></w:tc></w:tr>{slot(0)}<w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'


def test_a_malformed_body_is_reported_at_the_line_and_column_of_the_whole_body() -> None:
    bad = f"{TABLE}<w:p><w:r></w:p>"
    messages = []
    for deferred, xml in ((ROWS, bad), ([], restore(bad, ROWS))):
        template, body = _template_body(deferred, column_loops=False)
        with pytest.raises(TemplateError) as caught:
            template.fix_tables(f"{body}{xml}<w:sectPr/></w:body>")
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "column" in messages[0]


@pytest.mark.parametrize("column_loops", [False, True])
def test_rows_held_out_are_in_the_paper_whichever_way_the_body_is_parsed(column_loops: bool) -> None:
    template, body = _template_body(ROWS, column_loops)
    parsed = template.fix_tables(f"{body}{TABLE}<w:sectPr/></w:body>")
    xml = b"".join(splice(etree.tostring(parsed), template.deferred if not column_loops else ROWS))
    assert xml.count(b"a &amp; b") == 3 and b"bvpp-slot" not in xml
