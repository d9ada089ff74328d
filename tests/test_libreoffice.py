"""PDF export through LibreOffice: fields and contents list updated, tagged, titled, reproducible."""

from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bvpp_docgen.app.publish import has_contents_list
from bvpp_docgen.errors import LibreOfficeError
from bvpp_docgen.pdf.libreoffice import (
    PdfJob,
    export_pdfs,
    make_reproducible,
)

from .conftest import DOCUMENTS, paper
from .readback import require_tool

DATE = datetime(2003, 4, 28, 9, 30)
# heading, level, page it stands on: a page break before each, and an extra empty page before Gamma
HEADINGS = [("Alpha chapter", 1, 2), ("Beta section", 2, 3), ("Gamma chapter", 1, 5), ("Delta chapter", 1, 6)]
PAGES = 6
STALE = "Stale contents: right-click and update"


def add_field(paragraph: Any, instruction: str, result: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end) to a paragraph."""
    def run(child: Any) -> None:
        element = OxmlElement("w:r")
        element.append(child)
        paragraph._p.append(element)

    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, result), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run(char)
        else:
            node = OxmlElement("w:instrText" if text == instruction else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} " if text == instruction else text
            run(node)


def make_toc_paper(path: Path) -> Path:
    """Write a paper with a stale TOC field, headings on known pages and 'Page X of Y' in the footer."""
    doc = Document()
    doc.add_paragraph("Contents", style="Title")
    add_field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', STALE)
    for heading, level, page in HEADINGS:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if page == 5:
            doc.add_paragraph("This page is left blank.").add_run().add_break(WD_BREAK.PAGE)
        doc.add_paragraph(heading, style=f"Heading {level}")
        doc.add_paragraph("Body text. " * 30)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.add_run("Page ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")
    doc.save(str(path))
    return path


def job(docx: Path, pdf: Path, **changes: Any) -> PdfJob:
    """Return a job with test metadata."""
    values = {"title": "Test contents paper", "author": "Democratic Services", "subject": "A test",
              "language": "en-GB", "date": DATE, "contents": has_contents_list(docx), **changes}
    return PdfJob(docx=docx, pdf=pdf, **values)


def pdfinfo(pdf: Path) -> dict[str, str]:
    """Return pdfinfo's fields."""
    out = subprocess.run([require_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def page_texts(pdf: Path) -> list[str]:
    """Return the text of each page, read with pdftotext one page at a time."""
    tool = require_tool("pdftotext")
    count = int(pdfinfo(pdf)["Pages"])
    return [
        subprocess.run([tool, "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                       check=True, capture_output=True, text=True).stdout
        for n in range(1, count + 1)
    ]


def contents_entries(pages: list[str]) -> list[tuple[str, int, int]]:
    """Return (entry text, page number printed, page the entry is on) for each dot-leader line."""
    entries = []
    for index, text in enumerate(pages, start=1):
        for line in text.splitlines():
            match = re.match(r"^\s*(.*?\S)\s*\.{4,}\s*(\d+)\s*$", line)
            if match:
                entries.append((match.group(1), int(match.group(2)), index))
    return entries


def flat(text: str) -> str:
    """Return text with all runs of whitespace made single spaces."""
    return " ".join(text.split())


def office_processes() -> list[str]:
    """Return the command lines of running processes started by an export (private profile)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "bvpp-publish-" in text:
            found.append(text)
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The TOC paper exported twice, in two calls, with the progress messages of the first."""
    require_tool("soffice")
    folder = tmp_path_factory.mktemp("toc")
    docx = make_toc_paper(folder / "toc.docx")
    before = hashlib.sha256(docx.read_bytes()).hexdigest()
    messages: list[str] = []
    first, second = folder / "one" / "toc.pdf", folder / "two" / "toc.pdf"
    export_pdfs([job(docx, first)], progress=messages.append)
    export_pdfs([job(docx, second)])
    return {"docx": docx, "before": before, "pdf": first, "again": second, "messages": messages}


def test_export_is_tagged_with_title_and_page_count(exported: dict[str, Any]) -> None:
    info = pdfinfo(exported["pdf"])
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Test contents paper"
    assert info["Author"] == "Democratic Services"
    assert info["Subject"] == "A test"
    assert info["Pages"] == str(PAGES)
    assert info["CreationDate"] == "Mon Apr 28 09:30:00 2003 UTC"


def test_export_contents_page_numbers_are_where_the_headings_stand(exported: dict[str, Any]) -> None:
    pages = page_texts(exported["pdf"])
    assert STALE not in pages[0]
    entries = contents_entries(pages)
    assert [(text, number) for text, number, _ in entries] == [(h, p) for h, _, p in HEADINGS]
    for text, number, _ in entries:
        assert re.search(rf"^\s*{re.escape(text)}\s*$", pages[number - 1], re.MULTILINE), f"{text!r} is not on page {number}"


def test_export_page_x_of_y_on_first_and_last_page(exported: dict[str, Any]) -> None:
    pages = page_texts(exported["pdf"])
    assert f"Page 1 of {PAGES}" in pages[0]
    assert f"Page {PAGES} of {PAGES}" in pages[-1]


def test_export_twice_is_byte_identical(exported: dict[str, Any]) -> None:
    assert exported["pdf"].read_bytes() == exported["again"].read_bytes()


def test_export_declares_language_pdfua_bookmarks_and_embeds_fonts(exported: dict[str, Any]) -> None:
    data = exported["pdf"].read_bytes()
    assert b"/Lang(en-GB)" in data
    assert b"<pdfuaid:part>1</pdfuaid:part>" in data
    assert b"/DisplayDocTitle true" in data
    assert b"/Outlines " in data
    assert "Gamma chapter".encode("utf-16-be").hex().upper().encode() in data  # a bookmark title
    fonts = subprocess.run([require_tool("pdffonts"), str(exported["pdf"])], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts


def test_export_leaves_the_docx_alone_and_reports_progress(exported: dict[str, Any]) -> None:
    assert hashlib.sha256(exported["docx"].read_bytes()).hexdigest() == exported["before"]
    assert exported["messages"] == [
        "LibreOffice started; exporting 1 paper",
        f"exported toc.docx ({PAGES} pages)",
    ]
    assert sorted(p.name for p in exported["pdf"].parent.iterdir()) == ["toc.pdf"]
    assert office_processes() == []


def test_export_missing_soffice_at_named_path(tmp_path: Path) -> None:
    docx = make_toc_paper(tmp_path / "toc.docx")
    with pytest.raises(LibreOfficeError) as caught:
        export_pdfs([job(docx, tmp_path / "out" / "toc.pdf")], soffice=str(tmp_path / "no" / "soffice"))
    assert str(caught.value) == (
        f"LibreOffice not found at '{tmp_path}/no/soffice': apt-get install -y libreoffice-writer python3-uno,"
        ' or name the program in bvpp.toml: [publish] soffice = "/path/to/soffice"'
    )
    assert not (tmp_path / "out").exists()


def test_export_missing_soffice_on_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx = make_toc_paper(tmp_path / "toc.docx")
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(LibreOfficeError) as caught:
        export_pdfs([job(docx, tmp_path / "out" / "toc.pdf")])
    assert str(caught.value) == (
        "LibreOffice (soffice) not found on the PATH: apt-get install -y libreoffice-writer python3-uno,"
        ' or name the program in bvpp.toml: [publish] soffice = "/path/to/soffice"'
    )
    assert not (tmp_path / "out").exists()


def test_export_missing_paper_is_located(tmp_path: Path) -> None:
    with pytest.raises(LibreOfficeError) as caught:
        export_pdfs([job(tmp_path / "gone.docx", tmp_path / "gone.pdf")], soffice="/nonexistent")
    assert str(caught.value) == f"{tmp_path}/gone.docx: paper not found"


def test_export_soffice_that_dies_writes_nothing(tmp_path: Path) -> None:
    require_tool("soffice")
    docx = make_toc_paper(tmp_path / "toc.docx")
    with pytest.raises(LibreOfficeError, match=r"^LibreOffice stopped \(exit status 1\)"):
        export_pdfs([job(docx, tmp_path / "out" / "toc.pdf")], soffice="false")
    assert not (tmp_path / "out").exists()
    assert office_processes() == []


def test_export_unreadable_paper_writes_no_pdf_at_all(tmp_path: Path) -> None:
    require_tool("soffice")
    good = make_toc_paper(tmp_path / "good.docx")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip archive")
    out = tmp_path / "out"
    with pytest.raises(LibreOfficeError) as caught:
        export_pdfs([job(good, out / "good.pdf"), job(bad, out / "bad.pdf")])
    assert str(caught.value) == (
        f"{bad}: LibreOffice could not export the PDF: it cannot open the file (is it a Word document?)"
    )
    assert not out.exists()
    assert office_processes() == []


def fake_pdf(stamp: str, ident: str) -> bytes:
    """Return PDF-like bytes with LibreOffice's date and /ID forms."""
    return (
        f"%PDF-1.6\n1 0 obj\n<x:xmpmeta><xmp:CreateDate>{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:"
        f"{stamp[10:12]}:{stamp[12:14]}Z</xmp:CreateDate></x:xmpmeta>\nendobj\n2 0 obj\n<</CreationDate(D:{stamp}Z')>>\n"
        f"endobj\ntrailer\n<</ID [ <{ident}>\n<{ident}> ]\n/DocChecksum /{ident}\n>>\nstartxref\n0\n%%EOF\n"
    ).encode()


def test_make_reproducible_fixes_dates_and_id_keeping_the_length() -> None:
    one = fake_pdf("20261124230525", "DFF58B370F36EAE185A6302E5E659ECB")
    two = fake_pdf("20270101000000", "0123456789ABCDEF0123456789ABCDEF")
    fixed = make_reproducible(one, DATE)
    assert fixed == make_reproducible(two, DATE)
    assert len(fixed) == len(one)
    assert b"(D:20030428093000Z')" in fixed
    assert b"<xmp:CreateDate>2003-04-28T09:30:00Z<" in fixed
    assert b"DFF58B37" not in fixed
    ident = re.search(rb"/ID \[ <([0-9A-F]{32})>\n<([0-9A-F]{32})> \]", fixed)
    assert ident and ident.group(1) == ident.group(2)
    assert make_reproducible(one, DATE + timedelta(days=1)) != fixed


def test_make_reproducible_takes_aware_dates_as_utc() -> None:
    one = fake_pdf("20261124230525", "DFF58B370F36EAE185A6302E5E659ECB")
    aware = datetime(2003, 4, 28, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert make_reproducible(one, aware) == make_reproducible(one, DATE.replace(tzinfo=UTC))


@pytest.fixture(scope="module")
def example_pdfs(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's three papers exported in one call."""
    require_tool("soffice")
    folder = tmp_path_factory.mktemp("example-pdf")
    jobs = [job(paper(built_example, doc), folder / f"{doc}.pdf", title=f"Example {doc}") for doc in DOCUMENTS]
    export_pdfs(jobs)
    return {doc: folder / f"{doc}.pdf" for doc in DOCUMENTS}


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_example_paper_pdf_is_tagged_and_numbers_its_pages(example_pdfs: dict[str, Path], doc: str) -> None:
    info = pdfinfo(example_pdfs[doc])
    assert (info["Tagged"], info["Title"]) == ("yes", f"Example {doc}")
    pages = page_texts(example_pdfs[doc])
    count = len(pages)
    assert count == int(info["Pages"]) > 1
    assert f"Page 1 of {count}" in pages[0]
    assert f"Page {count} of {count}" in pages[-1]


def test_example_plan_contents_entries_point_at_their_headings(example_pdfs: dict[str, Path]) -> None:
    pages = page_texts(example_pdfs["plan"])
    entries = contents_entries(pages)
    assert len(entries) >= 10, "the plan's contents list should give a page for every section and promise"
    for text, number, on_page in entries:
        assert number >= on_page, f"{text!r}: page {number} is before the contents"
        assert flat(text) in flat(pages[number - 1]), f"{text!r} is not on page {number}"


def test_export_refuses_a_paper_whose_contents_list_was_lost(tmp_path: Path) -> None:
    require_tool("soffice")
    doc = Document()
    doc.add_paragraph("Contents", style="Title")
    add_field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', "")  # LibreOffice 7.4 drops this field
    doc.add_paragraph("Alpha", style="Heading 1")
    doc.save(str(tmp_path / "empty-toc.docx"))
    with pytest.raises(LibreOfficeError, match="its contents list \\(TOC field\\) did not survive"):
        export_pdfs([job(tmp_path / "empty-toc.docx", tmp_path / "out" / "empty-toc.pdf")])
    assert not (tmp_path / "out").exists()
