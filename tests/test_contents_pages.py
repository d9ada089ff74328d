"""Papers open in Word without a prompt: no field update is asked for, the contents list is filled in
at build, and after `bvpp publish` it shows the page numbers of the published PDF, without the paper
being taken for a hand edit or a new version."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from .conftest import DOCUMENTS, copy_example, paper, run_bvpp
from .readback import NS, body_paragraphs, require_tool, xml_part
from .test_libreoffice import contents_entries, flat, page_texts

VALIDATOR = Path("/work/shared/tools/ooxml_validate.py")


def docx_contents(docx: Path) -> list[tuple[str, str]]:
    """Return the paper's contents entries as Word shows them: (text, page number or "") per "toc N" paragraph."""
    found = []
    for p in body_paragraphs(Document(str(docx))):
        if p.style is not None and p.style.name.lower().startswith("toc "):
            shown = "".join("\t" if node.tag == f"{{{NS['w']}}}tab" else (node.text or "")
                            for node in p._p.xpath(".//w:t | .//w:r/w:tab"))
            text, _, page = shown.partition("\t")
            found.append((flat(text), page))
    return found


def register(root: Path) -> dict:
    return json.loads((root / "bvpp-register.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built and published once."""
    require_tool("soffice")
    root = copy_example(tmp_path_factory.mktemp("contents-pages") / "project")
    assert run_bvpp(root, "build").exit_code == 0
    result = run_bvpp(root, "publish")
    assert result.exit_code == 0, result.stderr
    return root


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_a_built_paper_does_not_ask_word_to_update_its_fields(built_example: Path, doc: str) -> None:
    settings = xml_part(paper(built_example, doc), "word/settings.xml")
    assert settings.xpath("w:updateFields", namespaces=NS) == []


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_the_contents_list_at_build_lists_the_headings_without_page_numbers(built_example: Path, doc: str) -> None:
    entries = docx_contents(paper(built_example, doc))
    texts = [text for text, _ in entries]
    assert texts[:2] == ["Our promises to Hertfordshire for the year ahead", "How our budget is spent"]
    assert "Performance data and targets" in texts
    assert {page for _, page in entries} == {""}  # page numbers need the layout: publish adds them
    headings = [flat(p.text) for p in body_paragraphs(Document(str(paper(built_example, doc))))
                if p.style is not None and p.style.name.startswith("Heading")]
    assert all(text in headings for text in texts)


def headings_by_page(pages: list[str]) -> list[str]:
    """Each page's text without the contents list's lines (those with a dot leader and the line before them)."""
    kept = []
    for text in pages:
        lines = text.splitlines()
        leader = [bool(re.search(r"\.{4,}\s*\d+\s*$", line)) for line in lines]
        wrapped = [i + 1 < len(lines) and leader[i + 1] and not leader[i] and lines[i].startswith(" ")
                   for i in range(len(lines))]
        kept.append(flat(" ".join(line for i, line in enumerate(lines) if not leader[i] and not wrapped[i])))
    return kept


@pytest.mark.parametrize("doc", ["plan", "cabinet"])
def test_after_publishing_the_contents_list_shows_the_pdfs_page_numbers(published: Path, doc: str) -> None:
    pdf = published / "build" / doc / f"{doc}-v001.pdf"
    pages = page_texts(pdf)
    entries = docx_contents(paper(published, doc))
    assert len(entries) >= 15 and all(page.isdigit() for _, page in entries), entries
    body_text = headings_by_page(pages)
    for text, page in entries:  # each heading is on the page the contents list gives
        assert text in body_text[int(page) - 1], (text, page)
    in_pdf = contents_entries(pages)  # the PDF's own contents list agrees (an entry's last line, where it wraps)
    assert len(in_pdf) >= 10
    for text, number, _ in in_pdf:
        assert [page for listed, page in entries if listed.endswith(flat(text))][:1] == [str(number)], (text, number)


def test_a_published_paper_is_not_an_edit_nor_a_new_version(published: Path) -> None:
    before = {doc: paper(published, doc).read_bytes() for doc in DOCUMENTS}
    for doc in DOCUMENTS:
        record = register(published)["documents"][doc]["versions"][0]
        assert record["sha256"] == hashlib.sha256(before[doc]).hexdigest()  # the register vouches for the numbered file
        assert [len(pages) for pages in record["contents_pages"]] == [len(docx_contents(paper(published, doc)))]
    status = run_bvpp(published, "status")
    assert status.exit_code == 0, status.stderr
    assert "edited" not in status.stdout + status.stderr
    assert [line.split() for line in status.stdout.splitlines()] == [[doc, "v1", "up", "to", "date"] for doc in DOCUMENTS]
    build = run_bvpp(published, "build")
    assert build.exit_code == 0, build.stderr
    assert [line.split()[:3] for line in build.stdout.splitlines()] == [["up", "to", "date"]] * 3
    assert "warning" not in build.stderr
    assert {doc: paper(published, doc).read_bytes() for doc in DOCUMENTS} == before
    for doc in ("plan", "cabinet"):
        absorbed = run_bvpp(published, "absorb", str(paper(published, doc)), "--json")
        assert absorbed.exit_code == 0, absorbed.stderr
        data = json.loads(absorbed.stdout)
        assert {s["status"] for s in data["snippets"]} == {"unchanged"} and data["reported"] == []


def test_a_published_paper_made_again_by_a_build_has_its_page_numbers(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    numbered = paper(root, "plan").read_bytes()
    paper(root, "plan").unlink()
    result = run_bvpp(root, "build", "plan")
    assert result.exit_code == 0, result.stderr
    assert paper(root, "plan").read_bytes() == numbered
    assert not paper(root, "plan", 2).exists()


def test_a_hand_edit_after_publishing_is_named_alone(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    document = Document(str(paper(root, "plan")))
    original = "In 2003/04 Hertfordshire County Council promises to:"
    found = next(p for p in body_paragraphs(document) if p.text == original)
    found.runs[0].text = "In 2003/04 the Council promises to:"
    for run in found.runs[1:]:
        run.text = ""
    document.save(str(paper(root, "plan")))
    result = run_bvpp(root, "build", "plan")
    assert result.exit_code == 0, result.stderr
    named = [line for line in result.stderr.splitlines() if "now reads" in line]
    assert len(named) == 1 and "In 2003/04 the Council promises to:" in named[0], result.stderr  # not the contents list


def test_the_published_paper_passes_the_ooxml_validator(published: Path) -> None:
    if not VALIDATOR.is_file():
        pytest.skip("the OOXML validator is not installed here")
    for doc in DOCUMENTS:
        run = subprocess.run([sys.executable, str(VALIDATOR), str(paper(published, doc))], capture_output=True, text=True)
        assert run.returncode == 0 and "0 problems" in run.stdout, run.stdout + run.stderr
