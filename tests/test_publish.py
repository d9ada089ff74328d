"""`bvpp publish`: accessible PDFs of recorded versions, with contents and page numbers right,
recorded in the register and never overwritten; and `bvpp check`'s accessibility report."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from .conftest import DOCUMENTS, copy_example, edit_config, point_snippet, run_bvpp
from .readback import require_tool
from .test_libreoffice import contents_entries, flat, page_texts, pdfinfo
from .wordfiles import png


def pdf_of(root: Path, doc: str, version: int = 1) -> Path:
    return root / "build" / doc / f"{doc}-v{version:03d}.pdf"


def register(root: Path) -> dict:
    return json.loads((root / "bvpp-register.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built and published once."""
    require_tool("soffice")
    root = copy_example(tmp_path_factory.mktemp("publish") / "project")
    assert run_bvpp(root, "build").exit_code == 0
    result = run_bvpp(root, "publish")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"        published  {doc:<12} v1  build/{doc}/{doc}-v001.pdf" for doc in DOCUMENTS
    ]
    assert result.stderr == ""  # progress is shown on a terminal only (tests/test_progress.py)
    return root


def test_plan_pdf_is_tagged_with_title_and_the_pages_its_footer_counts(published: Path) -> None:
    pdf = pdf_of(published, "plan")
    info = pdfinfo(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Best Value Performance Plan 2003/04"
    assert info["Author"] == "Hertfordshire County Council"
    pages = page_texts(pdf)
    assert int(info["Pages"]) == len(pages) > 10
    assert re.search(rf"Page {len(pages)} of {len(pages)}\s*$", pages[-1].rstrip())  # the footer counts the same pages
    fonts = subprocess.run([require_tool("pdffonts"), str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), "every font embedded"


def test_every_contents_entry_gives_the_page_its_heading_is_on(published: Path) -> None:
    pages = page_texts(pdf_of(published, "plan"))
    entries = contents_entries(pages)
    titles = [flat(text) for text, _, _ in entries]
    assert any("How our budget is spent" in t for t in titles)
    assert any("Performance data and targets" in t for t in titles)
    assert titles[0] == "Our promises to Hertfordshire for the year ahead"  # not "Contents": LibreOffice updated it
    assert "Contents" not in titles
    assert len(entries) >= 15
    for text, number, _ in entries:
        heading_pages = [n for n, page in enumerate(pages, start=1) if flat(text) in flat(page) and n > 2]
        assert number in heading_pages or number == 2, f"{text!r}: contents says page {number}, found on {heading_pages}"
        assert flat(text) in flat(pages[number - 1])


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_page_x_of_y_is_right_on_the_first_and_last_page(published: Path, doc: str) -> None:
    pages = page_texts(pdf_of(published, doc))
    count = len(pages)
    assert f"Page 1 of {count}" in pages[0]
    assert f"Page {count} of {count}" in pages[-1]


def test_register_records_each_pdf_and_publishing_again_changes_nothing(published: Path) -> None:
    for doc in DOCUMENTS:
        record = register(published)["documents"][doc]["versions"][0]
        data = pdf_of(published, doc).read_bytes()
        import hashlib

        assert record["pdf_sha256"] == hashlib.sha256(data).hexdigest()
    stamp = {doc: pdf_of(published, doc).stat().st_mtime_ns for doc in DOCUMENTS}
    again = run_bvpp(published, "publish", "--json")
    assert again.exit_code == 0, again.stderr
    assert [d["status"] for d in json.loads(again.stdout)["documents"]] == ["already published"] * 3
    assert {doc: pdf_of(published, doc).stat().st_mtime_ns for doc in DOCUMENTS} == stamp


def test_a_pdf_made_again_is_byte_identical(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    original = pdf_of(root, "cabinet").read_bytes()
    pdf_of(root, "cabinet").unlink()
    result = run_bvpp(root, "publish", "cabinet")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "restored  cabinet      v1  build/cabinet/cabinet-v001.pdf"
    assert pdf_of(root, "cabinet").read_bytes() == original
    assert "warning" not in result.stderr


def test_a_pdf_edited_by_hand_is_reported_and_kept(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    edited = pdf_of(root, "plan")
    edited.write_bytes(edited.read_bytes() + b"\n% annotated by hand\n")
    before = edited.read_bytes()
    result = run_bvpp(root, "publish")
    assert result.exit_code == 1
    assert result.stderr == ("build/plan/plan-v001.pdf: edited or replaced since it was published, so it was not "
                             "overwritten; move it out of build/ to publish this version again\n")
    assert edited.read_bytes() == before


def test_an_earlier_version_can_be_published(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    cpa = root / "inputs/plan/cpa.md"
    cpa.write_text(cpa.read_text(encoding="utf-8").replace("The assessors said", "The assessors wrote"), encoding="utf-8")
    assert run_bvpp(root, "build", "plan").exit_code == 0
    result = run_bvpp(root, "publish", "plan", "--version", "1")
    assert result.exit_code == 0 and "already published" in result.stdout
    assert not pdf_of(root, "plan", 2).exists()
    missing = run_bvpp(root, "publish", "plan", "--version", "9")
    assert (missing.exit_code, missing.stderr) == (
        1, "bvpp-register.json:documents.plan: no version 9 of 'plan' (versions: 1, 2)\n")


def test_without_libreoffice_publish_names_the_install_command_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    assert run_bvpp(root, "build").exit_code == 0
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    register_before = (root / "bvpp-register.json").read_bytes()
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    result = subprocess.run([sys.executable, "-m", "bvpp_docgen", "--project", str(root), "publish"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stderr == ("LibreOffice (soffice) not found on the PATH: apt-get install -y libreoffice-writer "
                             "python3-uno, or name the program in bvpp.toml: [publish] soffice = \"/path/to/soffice\"\n")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    assert (root / "bvpp-register.json").read_bytes() == register_before


def test_check_reports_accessibility_problems_with_paper_and_place(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    snippet = Document()
    snippet.add_paragraph("Recycling rose again.")
    snippet.add_paragraph("A detail", style="Heading 3")  # under the section's heading: a skipped level
    image = tmp_path / "chart.png"
    image.write_bytes(png())
    snippet.add_picture(str(image))  # no alt text
    snippet.save(str(root / "inputs/cabinet/purpose-new.docx"))
    point_snippet(root, "inputs/cabinet/purpose.docx", "inputs/cabinet/purpose-new.docx")
    lenient = run_bvpp(root, "check")
    assert lenient.exit_code == 0, lenient.stderr
    assert "accessibility: cabinet: 2 problems, topic-group: no problems, plan: no problems" in lenient.stdout
    warnings = [line for line in lenient.stderr.splitlines() if line.startswith("warning: cabinet: ")]
    assert len(warnings) == 2
    assert any("image-alt-text" in w and "paragraph" in w for w in warnings)
    assert any("heading 'A detail'" in w and "[heading-order]" in w for w in warnings)
    strict = run_bvpp(root, "check", "--strict")
    assert strict.exit_code == 1
    assert "0 requirements not met, 2 accessibility problems; the check fails under --strict" in strict.stderr


def test_example_passes_the_strict_check_with_no_accessibility_problems(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    result = run_bvpp(root, "check", "--strict", "--json")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["accessibility"] == {doc: [] for doc in DOCUMENTS}


def test_report_appendix_contents_lists_the_appendix_with_its_pages(published: Path) -> None:
    pages = page_texts(pdf_of(published, "cabinet"))
    entries = contents_entries(pages)
    titles = [flat(text) for text, _, _ in entries]
    assert not any("Purpose of the report" in t or "Appendix" in t for t in titles), titles
    assert titles[0] == "Our promises to Hertfordshire for the year ahead" and "Contents" not in titles, titles
    assert any("How our budget is spent" in t for t in titles)
    for text, number, on_page in entries:
        assert number >= on_page and flat(text) in flat(pages[number - 1]), (text, number)


def test_a_pdf_left_unrecorded_by_an_interrupted_publish_is_recorded_if_identical(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    data = register(root)
    for doc in DOCUMENTS:  # as if killed after moving the PDFs into place, before saving the register
        data["documents"][doc]["versions"][0].pop("pdf_sha256")
    (root / "bvpp-register.json").write_text(json.dumps(data), encoding="utf-8")
    before = {doc: pdf_of(root, doc).read_bytes() for doc in DOCUMENTS}
    result = run_bvpp(root, "publish")
    assert result.exit_code == 0, result.stderr
    assert {doc: pdf_of(root, doc).read_bytes() for doc in DOCUMENTS} == before
    assert all(register(root)["documents"][doc]["versions"][0]["pdf_sha256"] for doc in DOCUMENTS)
    pdf_of(root, "plan").write_bytes(b"%PDF-1.4 someone else's file")  # not ours, not recorded
    data = register(root)
    data["documents"]["plan"]["versions"][0].pop("pdf_sha256")
    (root / "bvpp-register.json").write_text(json.dumps(data), encoding="utf-8")
    refused = run_bvpp(root, "publish", "plan")
    assert refused.exit_code == 1
    assert refused.stderr.endswith("build/plan/plan-v001.pdf: not in the register (put there by hand?), so it was not "
                                   "overwritten; move it out of build/ first\n")
    assert pdf_of(root, "plan").read_bytes() == b"%PDF-1.4 someone else's file"


def outline_titles(pdf: Path) -> list[str]:
    """Return the titles of the PDF's outline (its bookmarks), read with pypdf if installed."""
    try:
        from pypdf import PdfReader  # type: ignore[import-not-found]
    except ImportError:  # LibreOffice writes outline items as plain objects: << /Title <FEFF...> ... /Parent n 0 R >>
        items = [chunk for chunk in pdf.read_bytes().split(b"endobj") if b"/Parent" in chunk]
        return [bytes.fromhex(hexa.decode()).decode("utf-16-be") for chunk in items
                for hexa in re.findall(rb"/Title\s*<FEFF([0-9A-Fa-f]*)>", chunk)]

    def walk(items: list) -> list[str]:
        return [title for item in items for title in (walk(item) if isinstance(item, list) else [item.title])]

    return walk(PdfReader(str(pdf)).outline)


@pytest.fixture(scope="module")
def headings_before_contents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with headings before each contents list: subheadings in the covering report's
    first section (one with the text of an appendix heading) and a foreword before the plan's
    contents; built and published."""
    require_tool("soffice")
    root = copy_example(tmp_path_factory.mktemp("scoped") / "project")
    (root / "inputs/cabinet/purpose-new.md").write_text(
        "The draft plan is attached.\n\n# Background\n\nThe council agreed its promises.\n\n"
        "## How our budget is spent\n\nThe budget is set in February.\n", encoding="utf-8")
    point_snippet(root, "inputs/cabinet/purpose.docx", "inputs/cabinet/purpose-new.md")
    (root / "inputs/plan/foreword.md").write_text("This plan sets out what we promise.\n", encoding="utf-8")
    edit_config(root, lambda text: text.replace(
        '[[plan.sections]]\nid = "contents"',
        '[[plan.sections]]\nid = "foreword"\ntitle = "Foreword by the Leader"\nsnippet = "inputs/plan/foreword.md"\n\n'
        '[[plan.sections]]\nid = "contents"', 1))
    assert run_bvpp(root, "build", "cabinet", "plan").exit_code == 0
    result = run_bvpp(root, "publish", "cabinet", "plan")
    assert result.exit_code == 0, result.stderr
    return root


def test_appendix_contents_leaves_out_the_report_headings_before_it(headings_before_contents: Path) -> None:
    pdf = pdf_of(headings_before_contents, "cabinet")
    pages = page_texts(pdf)
    entries = contents_entries(pages)
    titles = [flat(text) for text, _, _ in entries]
    assert titles[0] == "Our promises to Hertfordshire for the year ahead", titles
    assert not {"Background", "Contents", "Purpose of the report"} & set(titles), titles
    assert titles.count("How our budget is spent") == 1, titles  # the appendix's heading, not the report's
    report_pages = [n for n, page in enumerate(pages, start=1) if "The budget is set in February." in page]
    for text, number, on_page in entries:  # the page of the heading in the appendix, not in the report
        assert number >= on_page and number not in report_pages and flat(text) in flat(pages[number - 1]), (text, number)
    outline = [flat(title) for title in outline_titles(pdf)]
    assert "Background" in outline and outline.count("How our budget is spent") == 2, outline


def test_plan_contents_leaves_out_a_heading_before_it(headings_before_contents: Path) -> None:
    pdf = pdf_of(headings_before_contents, "plan")
    pages = page_texts(pdf)
    entries = contents_entries(pages)
    titles = [flat(text) for text, _, _ in entries]
    assert titles[0] == "Our promises to Hertfordshire for the year ahead", titles
    assert "Foreword by the Leader" not in titles and "Contents" not in titles, titles
    assert len(entries) >= 15
    for text, number, on_page in entries:
        assert number >= on_page and flat(text) in flat(pages[number - 1]), (text, number)
    assert "Foreword by the Leader" in [flat(title) for title in outline_titles(pdf)]
