"""The redline's alignment on serialised XML, against the comparison-key alignment it replaced.

The reference is the old path kept reachable: every block and row treated as differing (so all
are compared by their text keys) and no block counted as large. On each pair of documents the
redline must be correct (accept gives the new text, reject the old) and show no more changes
than the reference; on these inputs it gives the very same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from lxml import etree

from bvpp_docgen.ooxml.wml import accept_revisions, reject_revisions, text_of
from bvpp_docgen.redline import align, redline

from .readback import NS, require_tool, xml_part
from .test_redline import AUTHOR, check_revisions, tracked_changes

DATE = dt.date(2003, 5, 7)
Rows = list[list[str]]


def _rows(count: int) -> Rows:
    return [["Ref", "Indicator", "2001/02", "2002/03", "Target"]] + [
        [f"BV{i}", f"Indicator number {i} of the plan", f"{i % 97}.{i % 10}%", "n/a" if i % 7 else "12", f"{i}"]
        for i in range(1, count)]


def _make(path: Path, intro: str, big: Rows, between: str, small: Rows) -> Path:
    doc = Document()
    doc.add_heading("Annex", 1)
    doc.add_paragraph(intro)
    for rows in (big, small):
        table = doc.add_table(rows=0, cols=len(rows[0]))
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        if rows is big:
            doc.add_paragraph(between)
    doc.add_paragraph("Closing words.")
    doc.save(str(path))
    return path


def _paragraphs(docx: Path, settle: Callable[[etree._Element], None]) -> list[str]:
    """Return the text of every paragraph (cells included) with the tracked changes settled.

    Read with lxml, not pandoc: pandoc keeps a deleted row's place in a table as an empty row.
    """
    body = xml_part(docx).find("w:body", NS)
    settle(body)
    return [text_of(p) for p in body.iter(f"{{{NS['w']}}}p")]


def _reference(monkeypatch: pytest.MonkeyPatch, old: Path, new: Path) -> bytes:
    """Redline with every stretch differing and nothing large: the comparison keys decide everything."""
    with monkeypatch.context() as patch:
        def one_stretch(self: align.Digests, a: Sequence[Any], b: Sequence[Any], other: align.Digests) -> list[Any]:
            return [(False, list(a), list(b))] if a or b else []
        patch.setattr(align.Digests, "aligned", one_stretch)
        patch.setattr(align, "LARGE", 10**12)
        return redline(old, new, author=AUTHOR, date=DATE).docx


INTRO, BETWEEN = "The table sets out every indicator.", "Figures are as reported to the Audit Commission."
BIG, SMALL = _rows(220), [["Year", "Budget"], ["2002/03", "£1.0m"], ["2003/04", "£1.2m"]]


def _changed(rows: Rows, at: int, column: int, value: str) -> Rows:
    out = [list(r) for r in rows]
    out[at][column] = value
    return out


Change = Callable[[], tuple[str, Rows, str, Rows]]
CASES: dict[str, Change] = {
    "a changed cell": lambda: (INTRO, _changed(BIG, 100, 3, "14.2%"), BETWEEN, SMALL),
    "rows inserted and deleted": lambda: (
        INTRO, BIG[:50] + [["BV900", "A new indicator", "1.0%", "2", "3"]] * 2 + BIG[50:120] + BIG[123:], BETWEEN, SMALL),
    "a row moved": lambda: (INTRO, BIG[:20] + BIG[21:150] + [BIG[20]] + BIG[150:], BETWEEN, SMALL),
    "a paragraph between tables": lambda: (INTRO, BIG, "Figures are as reported to the Commission.", SMALL),
    "the paragraph before a large table and the table": lambda: (
        "The table sets out each indicator.", _changed(BIG[:30] + BIG[31:], 5, 2, "0.0%"), BETWEEN, SMALL),
    "a large table replaced by another": lambda: (
        INTRO, [[f"X{i}", f"Budget line {i}", "£1.0m", "£2.0m", "up"] for i in range(220)], BETWEEN, SMALL),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_alignment_on_xml_is_correct_and_no_worse_than_comparison_keys(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("pandoc")
    old = _make(tmp_path / "old.docx", INTRO, BIG, BETWEEN, SMALL)
    new = _make(tmp_path / "new.docx", *CASES[case]())
    big_table = xml_part(old).find(".//w:tbl", NS)
    assert len(etree.tostring(big_table)) > align.LARGE  # the large-block path is exercised
    result = redline(old, new, author=AUTHOR, date=DATE)
    out = tmp_path / "redline.docx"
    out.write_bytes(result.docx)
    assert _paragraphs(out, accept_revisions) == _paragraphs(new, accept_revisions)
    assert _paragraphs(out, reject_revisions) == _paragraphs(old, accept_revisions)
    check_revisions(out)
    reference = tmp_path / "reference.docx"
    reference.write_bytes(_reference(monkeypatch, old, new))
    assert len(tracked_changes(out)) <= len(tracked_changes(reference))
    assert result.docx == reference.read_bytes()


def test_a_changed_cell_in_a_large_table_is_that_cell_alone(tmp_path: Path) -> None:
    require_tool("pandoc")
    old = _make(tmp_path / "old.docx", INTRO, BIG, BETWEEN, SMALL)
    new = _make(tmp_path / "new.docx", *CASES["a changed cell"]())
    out = tmp_path / "redline.docx"
    result = redline(old, new, author=AUTHOR, date=DATE)
    out.write_bytes(result.docx)
    assert tracked_changes(out) == [("deletion", "n/a"), ("insertion", "14.2%")]
    assert (result.insertions, result.deletions) == (1, 1)


def test_inserted_and_deleted_rows_of_a_large_table_are_tracked_rows(tmp_path: Path) -> None:
    old = _make(tmp_path / "old.docx", INTRO, BIG, BETWEEN, SMALL)
    new = _make(tmp_path / "new.docx", *CASES["rows inserted and deleted"]())
    out = tmp_path / "redline.docx"
    out.write_bytes(redline(old, new, author=AUTHOR, date=DATE).docx)
    body = xml_part(out)
    inserted = body.xpath("//w:tr[w:trPr/w:ins]", namespaces=NS)
    deleted = body.xpath("//w:tr[w:trPr/w:del]", namespaces=NS)
    assert ["".join(r.itertext())[:5] for r in inserted] == ["BV900", "BV900"]
    assert ["".join(r.xpath(".//w:delText/text()", namespaces=NS))[:5] for r in deleted] == ["BV120", "BV121", "BV122"]


def test_digests_of_equal_xml_agree_and_of_different_xml_differ() -> None:
    def table(*cells: str) -> etree._Element:
        xml = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc></w:tr>" for c in cells)
        return etree.fromstring(f'<w:tbl xmlns:w="{NS["w"]}"><w:tblGrid/>{xml}</w:tbl>')

    a, b = align.Digests(), align.Digests()
    assert a.digest(table("1", "2")) == b.digest(table("1", "2"))
    assert a.digest(table("1", "2")) != b.digest(table("1", "3"))
    assert a.digest(table("1", "2")) != b.digest(table("2", "1"))
    assert len(a.parts(table("1", "2", "3"))) == 3
    assert align.parts_similarity(a.parts(table("1", "2", "3", "4")), b.parts(table("1", "2", "3", "5"))) == 0.75
