"""A paper opened and saved by LibreOffice headless, with and without an edit, absorbs correctly.

LibreOffice 7.4 drops the content controls' tags and moves bookmarks about; every snippet region of
the three example papers must still be found with its exact extent, an unedited copy must change
nothing, and a reader's edit (made before or after LibreOffice saved the paper) must be absorbed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from docx import Document

from bvpp_docgen.ooxml.regions import read_marks, region_text

from .conftest import DOCUMENTS, copy_example, paper, run_bvpp
from .readback import body_paragraphs, require_tool

BUDGET = "inputs/plan/budget.md"  # a Markdown snippet of the plan
ACHIEVEMENTS = "inputs/plan/promise-1/achievements.docx"  # a Word snippet of the plan


def libreoffice_save(papers: list[Path], outdir: Path) -> dict[str, Path]:
    """Open and save each paper with LibreOffice headless (`--convert-to docx`); return the copies by file stem."""
    soffice = require_tool("soffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{outdir / 'profile'}", "--headless", "--convert-to", "docx",
                    "--outdir", str(outdir), *map(str, papers)], check=True, capture_output=True, timeout=600)
    return {p.stem: outdir / p.name for p in papers}


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The example built once, and its three papers as LibreOffice saved them (outside the project)."""
    root = copy_example(tmp_path_factory.mktemp("lo") / "project")
    assert run_bvpp(root, "build").exit_code == 0
    copies = libreoffice_save([paper(root, doc) for doc in DOCUMENTS], root.parent / "saved")
    return root, {doc: copies[f"{doc}-v001"] for doc in DOCUMENTS}


def marked(path: Path) -> list[tuple[str, str, tuple[str, ...], str]]:
    """Each marked region in document order: kind, value, its elements' names (first to last block), and text."""
    found = read_marks(path.read_bytes(), str(path)).regions
    return [(r.kind, r.value, tuple(e.tag.rpartition("}")[2] for e in r.elements), region_text(r)) for r in found]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def absorb_json(root: Path, returned: Path) -> dict:
    result = run_bvpp(root, "absorb", str(returned), "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_region_is_found_again_with_its_extent(saved: tuple[Path, dict[str, Path]], doc: str) -> None:
    root, copies = saved
    built = marked(paper(root, doc))
    assert len([r for r in built if r[0] == "snippet"]) > 25
    assert {r[0] for r in built} == {"snippet", "generated", "fact"}
    assert marked(copies[doc]) == built  # snippets, tables of figures (one starts with its table) and facts


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_an_unedited_copy_saved_by_libreoffice_absorbs_as_a_no_op(saved: tuple[Path, dict[str, Path]], doc: str) -> None:
    root, copies = saved
    before = snapshot(root)
    data = absorb_json(root, copies[doc])
    assert snapshot(root) == before  # no file written or touched
    assert data["snippets"] and {s["status"] for s in data["snippets"]} == {"unchanged"}
    assert all(s["message"] == "" for s in data["snippets"])  # found by its marks, not by its text
    assert data["reported"] == []


def edit_plan(document) -> None:
    """A reader's two edits: one word in the Markdown snippet budget.md, one in the Word snippet achievements.docx."""
    for start, old, new in (("Each 1% on council tax", "about £3m", "about £3.1m"),
                            ("GCSE results improved again", "improved", "rose")):
        paragraph = next(p for p in body_paragraphs(document) if p.text.startswith(start))
        run = next(r for r in paragraph.runs if old in r.text)
        run.text = run.text.replace(old, new, 1)


def check_absorbed(root: Path, returned: Path) -> None:
    """Exactly the two edited snippets are absorbed, and the next build shows both edits."""
    budget = (root / BUDGET).read_text(encoding="utf-8")
    data = absorb_json(root, returned)
    statuses = {s["snippet"]: s["status"] for s in data["snippets"]}
    assert {k for k, v in statuses.items() if v != "unchanged"} == {BUDGET, ACHIEVEMENTS}
    assert statuses[BUDGET] == statuses[ACHIEVEMENTS] == "absorbed"
    assert data["reported"] == []
    assert (root / BUDGET).read_text(encoding="utf-8") == budget.replace("about £3m", "about £3.1m")
    assert any(p.text.startswith("GCSE results rose again") for p in Document(str(root / ACHIEVEMENTS)).paragraphs)
    assert run_bvpp(root, "build").exit_code == 0
    shown = [p.text for p in body_paragraphs(Document(str(paper(root, "plan", 2))))]
    assert any(t.startswith("Each 1% on council tax raises about £3.1m. The government's") for t in shown)
    assert any(t.startswith("GCSE results rose again in 2002") for t in shown)
    assert not any("about £3m" in t or "GCSE results improved" in t for t in shown)


def test_an_edit_made_before_libreoffice_saved_the_paper_is_absorbed(project: Path, tmp_path: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    document = Document(str(paper(project, "plan")))
    edit_plan(document)
    edited = tmp_path / "edited" / "plan-v001.docx"
    edited.parent.mkdir()
    document.save(str(edited))
    check_absorbed(project, libreoffice_save([edited], tmp_path / "saved")["plan-v001"])


def test_an_edit_made_after_libreoffice_saved_the_paper_is_absorbed(project: Path, tmp_path: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    copy = libreoffice_save([paper(project, "plan")], tmp_path / "saved")["plan-v001"]
    document = Document(str(copy))
    edit_plan(document)
    returned = tmp_path / "plan-v001-chair.docx"
    document.save(str(returned))
    check_absorbed(project, returned)
