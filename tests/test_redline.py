"""The redline engine: tracked changes between two papers, read back with pandoc, lxml and LibreOffice."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from bvpp_docgen.errors import DocgenError, RedlineError
from bvpp_docgen.redline import (
    Op,
    diff_tokens,
    is_filler,
    pair_blocks,
    redline,
    split_words,
)

from .readback import NS, require_tool, xml_part
from .wordfiles import add_hyperlink, png

AUTHOR = "Performance Team"
DATE = dt.date(2003, 5, 7)
STAMP = "2003-05-07T00:00:00Z"


# --- pure core ----------------------------------------------------------------------------


def test_split_words_keeps_every_character_and_numbers_whole() -> None:
    text = "Net budget £939.5m, up 7.0% (n/a before)."
    words = split_words(text)
    assert "".join(words) == text
    assert "939.5" in words and "7.0%" in words and "budget" in words


def test_diff_tokens_reports_one_changed_word() -> None:
    old, new = split_words("grew by 5 percent"), split_words("grew by 7 percent")
    ops = diff_tokens(old, new, filler=is_filler)
    changed = [(old[o.a0:o.a1], new[o.b0:o.b1]) for o in ops if o.kind != "equal"]
    assert changed == [(["5"], ["7"])]


def test_diff_tokens_merges_a_space_between_two_changed_words() -> None:
    old, new = split_words("the cat sat"), split_words("a dog sat")
    ops = diff_tokens(old, new, filler=is_filler)
    assert ops[0] == Op("replace", 0, 3, 0, 3)
    assert [o.kind for o in ops] == ["replace", "equal"]


def test_pair_blocks_pairs_similar_blocks_and_leaves_the_rest() -> None:
    old = ["pRevenue grew by 5 percent this year", "pA paragraph that goes away"]
    new = ["pRevenue grew by 7 percent this year", "pSomething else entirely new here"]
    assert pair_blocks(old, new) == [(0, 0), (1, None), (None, 1)]
    assert pair_blocks(["pn/a"], ["p14.2%"]) == [(0, 0)]  # one for one: a changed cell
    assert pair_blocks(["pn/a"], ["t2"]) == [(0, None), (None, 0)]  # kinds differ


# --- documents made with python-docx ------------------------------------------------------

Maker = Callable[[Any], None]


def make_doc(path: Path, build: Maker) -> Path:
    """Write a .docx with a heading, whatever `build` adds, and a closing paragraph."""
    doc = Document()
    doc.add_heading("Draft plan", 1)
    build(doc)
    doc.add_paragraph("Closing words.")
    doc.save(str(path))
    return path


def add_table(doc: Any, rows: list[list[str]]) -> None:
    """Add a table whose first row repeats as a header row (w:tblHeader)."""
    table = doc.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def pandoc(docx: Path, mode: str, to: str = "plain") -> str:
    """Return pandoc's reading of a document with tracked changes accepted, rejected or all shown."""
    tool = require_tool("pandoc")
    return subprocess.run([tool, "-f", "docx", "-t", to, "--wrap=none", f"--track-changes={mode}", str(docx)],
                          check=True, capture_output=True, text=True).stdout


def words(text: str) -> str:
    """Normalise whitespace."""
    return " ".join(text.split())


def _stringify(inlines: list[Any]) -> str:
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Span", "Link"):
            out.append(_stringify(content[1]))
        elif isinstance(content, list) and content and isinstance(content[-1], list):
            out.append(_stringify(content[-1]))
    return "".join(out)


def tracked_changes(docx: Path, stamp: str = STAMP) -> list[tuple[str, str]]:
    """Return (insertion|deletion, text) for each tracked span pandoc sees, in document order."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Span":
                (_, classes, attrs), inlines = node["c"]
                kinds = set(classes) & {"insertion", "deletion"}
                if kinds:
                    assert dict(attrs) == {"author": AUTHOR, "date": stamp}
                    found.append((kinds.pop(), _stringify(inlines)))
                    return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(pandoc(docx, "all", to="json")))
    return found


def compare(tmp_path: Path, old: Maker, new: Maker) -> tuple[Path, Path, Path, Any]:
    """Make two documents, redline them, and check accept gives the new text and reject the old."""
    a, b = make_doc(tmp_path / "old.docx", old), make_doc(tmp_path / "new.docx", new)
    result = redline(a, b, author=AUTHOR, date=DATE)
    out = tmp_path / "redline.docx"
    out.write_bytes(result.docx)
    assert words(pandoc(out, "accept")) == words(pandoc(b, "accept"))
    assert words(pandoc(out, "reject")) == words(pandoc(a, "accept"))
    check_revisions(out)
    return a, b, out, result


def check_revisions(docx: Path, stamp: str = STAMP) -> None:
    """Every revision has a unique id, the author and the date; none nests in another; deleted text is delText."""
    body = xml_part(docx)
    revisions = body.xpath("//w:ins | //w:del | //w:rPrChange | //w:pPrChange", namespaces=NS)
    ids = [int(r.get(qn("w:id"))) for r in revisions]
    assert ids == sorted(set(ids)), "ids are unique and increase in document order"
    assert all(r.get(qn("w:author")) == AUTHOR and r.get(qn("w:date")) == stamp for r in revisions)
    assert not body.xpath("//w:ins//w:ins | //w:ins//w:del | //w:del//w:ins | //w:del//w:del", namespaces=NS)
    assert not body.xpath("//w:del//w:t", namespaces=NS)
    assert not body.xpath("//w:ins//w:delText", namespaces=NS)


def sentence(text: str) -> Maker:
    return lambda doc: doc.add_paragraph(text)


def test_one_changed_word_shows_as_that_word(tmp_path: Path) -> None:
    _, _, out, result = compare(tmp_path, sentence("Revenue grew by 5 percent this year."),
                                sentence("Revenue grew by 7 percent this year."))
    assert tracked_changes(out) == [("deletion", "5"), ("insertion", "7")]
    assert (result.insertions, result.deletions) == (1, 1)


def test_changed_cell_is_a_change_inside_that_cell(tmp_path: Path) -> None:
    head = ["Indicator", "Outturn 2002/03", "Target 2003/04"]
    _, _, out, _ = compare(
        tmp_path,
        lambda doc: add_table(doc, [head, ["BV82a", "n/a", "17.2%"], ["BV82b", "5.5%", "6.4%"]]),
        lambda doc: add_table(doc, [head, ["BV82a", "14.2%", "17.2%"], ["BV82b", "5.5%", "6.4%"]]),
    )
    assert tracked_changes(out) == [("deletion", "n/a"), ("insertion", "14.2%")]
    table = xml_part(out).find(".//w:tbl", NS)
    assert len(table.findall("w:tr", NS)) == 3
    assert len(table.findall("w:tblGrid/w:gridCol", NS)) == 3
    assert [len(tr.findall("w:tc", NS)) for tr in table.findall("w:tr", NS)] == [3, 3, 3]
    assert table.find("w:tr[1]/w:trPr/w:tblHeader", NS) is not None
    changed = [tc for tc in table.iter(qn("w:tc")) if tc.xpath(".//w:ins | .//w:del", namespaces=NS)]
    assert len(changed) == 1 and words("".join(changed[0].itertext())) == "n/a14.2%"
    assert not table.xpath(".//w:trPr/w:ins | .//w:trPr/w:del", namespaces=NS)


def test_inserted_and_deleted_paragraphs_mark_their_paragraph_marks(tmp_path: Path) -> None:
    _, _, out, result = compare(
        tmp_path,
        lambda doc: [doc.add_paragraph(t) for t in ("Kept first.", "A paragraph that goes away.", "Kept last.")],
        lambda doc: [doc.add_paragraph(t) for t in ("Kept first.", "Kept last.", "A brand new paragraph.")],
    )
    assert tracked_changes(out) == [("deletion", "A paragraph that goes away."),
                                    ("insertion", "A brand new paragraph.")]
    body = xml_part(out)
    assert len(body.xpath("//w:p[w:pPr/w:rPr/w:del]", namespaces=NS)) == 1
    assert len(body.xpath("//w:p[w:pPr/w:rPr/w:ins]", namespaces=NS)) == 1
    assert (result.insertions, result.deletions) == (1, 1)


def test_inserted_and_deleted_rows_are_tracked_rows(tmp_path: Path) -> None:
    head = ["Indicator", "Outturn"]
    a, b = make_doc(tmp_path / "a.docx", lambda doc: add_table(doc, [head, ["BV1", "1"], ["BV2", "2"]])), \
        make_doc(tmp_path / "b.docx", lambda doc: add_table(doc, [head, ["BV2", "2"], ["BV3", "3"]]))
    out = tmp_path / "r.docx"
    result = redline(a, b, author=AUTHOR, date=DATE)
    out.write_bytes(result.docx)
    check_revisions(out)
    assert (result.insertions, result.deletions) == (2, 2)  # one span per cell
    rows = xml_part(out).findall(".//w:tbl/w:tr", NS)
    marks = [("del" if tr.find("w:trPr/w:del", NS) is not None else
              "ins" if tr.find("w:trPr/w:ins", NS) is not None else "") for tr in rows]
    assert marks == ["", "del", "", "ins"]
    assert tracked_changes(out) == [("deletion", "BV1"), ("deletion", "1"), ("insertion", "BV3"), ("insertion", "3")]


def test_list_item_change_keeps_the_list(tmp_path: Path) -> None:
    def items(second: str) -> Maker:
        return lambda doc: [doc.add_paragraph(t, style="List Bullet") for t in ("Build schools", second, "Mend roads")]

    _, _, out, _ = compare(tmp_path, items("Open two libraries"), items("Open three libraries"))
    assert tracked_changes(out) == [("deletion", "two"), ("insertion", "three")]
    assert re.findall(r"^-\s+(.*)$", pandoc(out, "accept", to="markdown"), re.MULTILINE) == [
        "Build schools", "Open three libraries", "Mend roads"]


def test_bold_alone_is_a_formatting_change(tmp_path: Path) -> None:
    def text(bold: bool) -> Maker:
        def build(doc: Any) -> None:
            p = doc.add_paragraph("Classed as ")
            p.add_run("Excellent").bold = True if bold else None
            p.add_run(" by the Audit Commission.")
        return build

    _, _, out, result = compare(tmp_path, text(False), text(True))
    assert (result.insertions, result.deletions, result.formatting) == (0, 0, 1)
    assert not result.identical
    change = xml_part(out).find(".//w:rPrChange", NS)
    assert change.getparent().find("w:b", NS) is not None  # now bold
    assert change.find("w:rPr/w:b", NS) is None  # was not
    assert tracked_changes(out) == []


def test_heading_text_and_level_changes(tmp_path: Path) -> None:
    _, _, out, result = compare(tmp_path, lambda doc: doc.add_heading("Recent achievements", 2),
                                lambda doc: doc.add_heading("Recent successes", 3))
    assert tracked_changes(out) == [("deletion", "achievements"), ("insertion", "successes")]
    change = xml_part(out).find(".//w:pPrChange", NS)
    assert change.getparent().find("w:pStyle", NS).get(qn("w:val")) == "Heading3"
    assert change.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "Heading2"
    assert (result.insertions, result.deletions, result.formatting) == (1, 1, 1)


def test_hyperlinks_and_pictures_survive_in_kept_and_deleted_text(tmp_path: Path) -> None:
    image = tmp_path / "chart.png"
    image.write_bytes(png(rgb=(10, 120, 40)))
    other = tmp_path / "other.png"
    other.write_bytes(png(rgb=(200, 30, 30)))

    def old(doc: Any) -> None:
        doc.add_paragraph().add_run().add_picture(str(image), width=Cm(2))
        add_hyperlink(doc.add_paragraph("Old source: "), "the old website", "https://old.example.org/")
        doc.add_paragraph().add_run().add_picture(str(other), width=Cm(2))

    def new(doc: Any) -> None:
        doc.add_paragraph().add_run().add_picture(str(image), width=Cm(2))
        add_hyperlink(doc.add_paragraph("See "), "the council website", "https://www.hertsdirect.org/")

    _, _, out, _ = compare(tmp_path, old, new)
    body = xml_part(out)
    rels = {r.get("Id"): r for r in xml_part(out, "word/_rels/document.xml.rels")}
    embeds = body.xpath("//a:blip/@r:embed", namespaces={**NS, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"})
    assert len(embeds) == 2 and all(e in rels for e in embeds)
    deleted = body.xpath("//w:del//w:drawing//a:blip/@r:embed", namespaces={**NS, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"})
    with zipfile.ZipFile(out) as package:
        media = package.read("word/" + rels[deleted[0]].get("Target"))
    assert media == other.read_bytes()  # the deleted picture's image came along from the old package
    links = {rels[h.get(qn("r:id"))].get("Target") for h in body.iter(qn("w:hyperlink"))}
    assert links == {"https://old.example.org/", "https://www.hertsdirect.org/"}
    ids = body.xpath("//wp:docPr/@id", namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"})
    assert len(ids) == len(set(ids)) == 2


def test_identical_papers_have_no_changes(tmp_path: Path) -> None:
    a = make_doc(tmp_path / "a.docx", sentence("Nothing changes here."))
    result = redline(a, a, author=AUTHOR, date=DATE)
    assert (result.insertions, result.deletions, result.formatting) == (0, 0, 0)
    assert result.identical
    out = tmp_path / "r.docx"
    out.write_bytes(result.docx)
    assert not xml_part(out).xpath("//w:ins | //w:del", namespaces=NS)


def test_revisions_already_in_a_paper_are_accepted_first(tmp_path: Path) -> None:
    _, b, first, _ = compare(tmp_path, sentence("Revenue grew by 5 percent."), sentence("Revenue grew by 7 percent."))
    c = make_doc(tmp_path / "c.docx", sentence("Revenue grew by 9 percent."))
    out = tmp_path / "again.docx"
    out.write_bytes(redline(first, c, author=AUTHOR, date=DATE).docx)
    check_revisions(out)
    assert tracked_changes(out) == [("deletion", "7"), ("insertion", "9")]
    assert words(pandoc(out, "reject")) == words(pandoc(b, "accept"))


def test_unreadable_input_is_an_error_naming_the_file(tmp_path: Path) -> None:
    good = make_doc(tmp_path / "good.docx", sentence("Fine."))
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(RedlineError) as error:
        redline(bad, good, author=AUTHOR, date=DATE)
    assert isinstance(error.value, DocgenError)
    assert str(error.value).startswith(f"{bad}: cannot read the file as a Word document")
    with pytest.raises(RedlineError, match=r"missing\.docx: file not found"):
        redline(good, tmp_path / "missing.docx", author=AUTHOR, date=DATE)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<w:document" if name == "word/document.xml" else source.read(name))
    with pytest.raises(RedlineError, match=r"broken\.docx: malformed XML"):
        redline(good, broken, author=AUTHOR, date=DATE)

