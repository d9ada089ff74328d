"""Word snippets kept whole: merged cells, footnotes, pasted chunks, and no text lost unannounced."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from .conftest import run_bvpp
from .readback import NS, body_tables, convert_to_pdf, pandoc_text, pdf_text, xml_part
from .test_word_snippets import build_cabinet, use_snippets
from .wordfiles import add_notes, add_part, body_snippet

VALIDATOR = "/work/shared/tools/ooxml_validate.py"


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


HEADER = '<w:trPr><w:tblHeader/></w:trPr>'
MERGED_TABLE = (
    "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    f"<w:tr>{HEADER}" + tc("Service", '<w:vMerge w:val="restart"/>') + tc("2002/03", '<w:gridSpan w:val="2"/>') + "</w:tr>"
    f"<w:tr>{HEADER}" + tc("", "<w:vMerge/>") + tc("Budget") + tc("Outturn") + "</w:tr>"
    "<w:tr>" + tc("Libraries") + tc("20.1") + tc("19.8") + "</w:tr>"
    "<w:tr>" + tc("Schools", '<w:vMerge w:val="restart"/>') + tc("410.2") + tc("412.0") + "</w:tr>"
    "<w:tr>" + tc("", "<w:vMerge/>") + tc("Not split", '<w:gridSpan w:val="2"/>') + "</w:tr>"
    "</w:tbl>"
)


def test_merged_cells_stay_merged(project: Path, tmp_path: Path) -> None:
    purpose = body_snippet(project / "inputs" / "cabinet" / "purpose.docx", MERGED_TABLE)
    use_snippets(project, purpose=purpose)
    path = build_cabinet(project)
    (table,) = [t for t in body_tables(Document(str(path))) if t.cell(0, 2).text == "2002/03"]
    assert [c.text for c in table.rows[1].cells] == ["Service", "Budget", "Outturn"]  # merged down: the same cell
    assert table.cell(0, 1)._tc is table.cell(0, 2)._tc  # one cell across both year columns
    assert [c.text for c in table.rows[0].cells] == ["Service", "2002/03", "2002/03"]
    assert [c.text for c in table.rows[2].cells] == ["Libraries", "20.1", "19.8"]  # no label shifted left
    assert [c.text for c in table.rows[4].cells] == ["Schools", "Not split", "Not split"]
    (tbl,) = xml_part(path).xpath("//w:tbl[.//w:t='Not split']", namespaces=NS)
    first = tbl.xpath("w:tr[1]/w:tc/w:tcPr", namespaces=NS)
    assert [p.xpath("string(w:gridSpan/@w:val)", namespaces=NS) for p in first] == ["", "2"]
    assert first[0].xpath("string(w:vMerge/@w:val)", namespaces=NS) == "restart"
    assert tbl.xpath("count(w:tr[2]/w:tc[1]/w:tcPr/w:vMerge[not(@w:val)])", namespaces=NS) == 1
    assert len(tbl.xpath("w:tr[1]/w:trPr/w:tblHeader | w:tr[2]/w:trPr/w:tblHeader", namespaces=NS)) == 2
    assert subprocess.run([sys.executable, VALIDATOR, str(path)], capture_output=True, text=True).returncode == 0
    text = pandoc_text(path)
    assert "Budget" in text and "Libraries" in text and "2002/03" in text
    pdf = pdf_text(convert_to_pdf([path], tmp_path / "pdf")[path.stem])
    assert "2002/03" in pdf and "Outturn" in pdf


def test_markdown_tables_need_no_spans(project: Path) -> None:
    snippet = project / "inputs" / "cabinet" / "purpose.md"
    snippet.write_text("| a | b |\n|---|---|\n| r1c0 | r1c1 |\n", encoding="utf-8")
    use_snippets(project, purpose=snippet)
    (tbl,) = xml_part(build_cabinet(project)).xpath("//w:tbl[.//w:t='r1c0']", namespaces=NS)
    assert not tbl.xpath(".//w:gridSpan | .//w:vMerge", namespaces=NS)


def footnoted(path: Path, text: str, notes: dict[int, str]) -> Path:
    refs = "".join(f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{n}"/></w:r>'
                   f"<w:r><w:t xml:space='preserve'> and</w:t></w:r>" for n in notes)
    body_snippet(path, f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r>{refs}</w:p>")
    add_notes(path, {n: f"<w:r><w:t>{t}</w:t></w:r>" for n, t in notes.items()})
    return path


def test_footnotes_become_the_papers_footnotes(project: Path, tmp_path: Path) -> None:
    folder = project / "inputs" / "cabinet"
    purpose = footnoted(folder / "purpose.docx", "Recycling rose",
                        {1: "Source: DEFRA returns {{ 7*7 }} &amp; &lt;b&gt;", 2: "Provisional, [[meetings.cabinet.date]]."})
    conclusion = footnoted(folder / "conclusion.docx", "Cabinet is asked", {1: "See the budget book."})
    use_snippets(project, purpose=purpose, conclusion=conclusion)
    path = build_cabinet(project)
    notes = xml_part(path, "word/footnotes.xml")
    texts = {n.get(f"{{{NS['w']}}}id"): n.xpath("string(.)", namespaces=NS).strip()
             for n in notes.xpath("w:footnote[not(@w:type)]", namespaces=NS)}
    assert sorted(texts.values()) == ["Provisional, 28 April 2003.", "See the budget book.",
                                      "Source: DEFRA returns {{ 7*7 }} & <b>"]  # escaped, never a template
    assert notes.xpath("w:footnote[@w:type='separator']/@w:id", namespaces=NS) == ["-1"]
    refs = xml_part(path).xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert len(refs) == 3 and len(set(refs)) == 3 and set(refs) == set(texts)  # unique across both snippets
    assert texts[refs[2]] == "See the budget book."
    with zipfile.ZipFile(path) as package:
        assert "footnotes+xml" in package.read("[Content_Types].xml").decode()
        assert "relationships/footnotes" in package.read("word/_rels/document.xml.rels").decode()
    assert subprocess.run([sys.executable, VALIDATOR, str(path)], capture_output=True, text=True).returncode == 0
    text = " ".join(pandoc_text(path).split())
    assert "Recycling rose[1] and[2] and" in text and "[1] Source: DEFRA returns {{ 7*7 }} & <b>" in text
    pdf = pdf_text(convert_to_pdf([path], tmp_path / "pdf")[path.stem])
    assert "Source: DEFRA returns" in pdf and "See the budget book." in pdf


def test_a_pasted_html_chunk_is_refused_by_name(project: Path) -> None:
    purpose = body_snippet(project / "inputs" / "cabinet" / "purpose.docx",
                           "<w:p><w:r><w:t>Before</w:t></w:r></w:p><w:altChunk r:id='rId77'/>")
    add_part(purpose, "word/chunk.htm", b"<html><body><p>Pasted table</p></body></html>", "text/html",
             "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk", "rId77")
    use_snippets(project, purpose=purpose)
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "inputs/cabinet/purpose.docx: contains pasted HTML content that Word keeps as an embedded chunk (after "
        "paragraph 1); open the snippet in Word and save it (Word turns the chunk into ordinary text), or paste "
        "the content again with Paste Special > Keep Text Only",
    ]


def test_text_the_papers_cannot_show_is_named_with_its_place(project: Path) -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    body = (
        "<w:p><w:r><w:t>Intro</w:t></w:r></w:p>"
        f"<w:p><w:r><mc:AlternateContent xmlns:mc='{mc}'><mc:Choice Requires='wps'><w:drawing><w:txbxContent><w:p>"
        "<w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>"
        "<w:p><w:ruby><w:rt><w:r><w:t>kana</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>Kanji</w:t></w:r></w:rubyBase></w:ruby></w:p>"
        "<w:p><m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath><w:r><w:sym w:font='Wingdings' w:char='F0FC'/></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Inside a content control</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:sdt><w:sdtContent><w:tr><w:tc><w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>"
        "<w:tr><w:tc><w:p><w:r><w:t>Nested</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>"
        "<w:p><w:r><w:t xml:space='preserve'>See note</w:t></w:r><w:r><w:endnoteReference w:id='1'/></w:r></w:p>"
    )
    purpose = body_snippet(project / "inputs" / "cabinet" / "purpose.docx", body)
    add_notes(purpose, {1: "<w:r><w:t>An endnote.</w:t></w:r>"}, kind="endnote")
    use_snippets(project, purpose=purpose)
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    prefix = "warning: inputs/cabinet/purpose.docx: "
    warnings = [line.removeprefix(prefix) for line in result.stderr.splitlines() if line.startswith(prefix)]
    assert warnings == [
        "text boxes are not shown in the papers; put their text in the body (paragraph 2)",
        "text 'kanaKanji' is in a form the papers cannot show; retype it as ordinary text (paragraph 3)",
        "symbols inserted from a symbol font are not shown in the papers; type the character instead (paragraph 4)",
        "equations are not shown in the papers; write them as text or paste them as a picture (paragraph 4)",
        "a table inside a table cell is shown as lines of text in the cell (table 1, row 1, column 1)",
        "endnotes are shown as footnotes, numbered with the paper's footnotes (paragraph 6)",
    ]
    path = build_cabinet(project)
    text = " ".join(pandoc_text(path).split())
    assert "Inside a content control" in text and "Nested" in text and "An endnote." in text
