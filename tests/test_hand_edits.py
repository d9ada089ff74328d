"""A clerk's hand edits of a built paper: named with the heading and the snippet, kept when discarded,
and every piece of advice the build and publish give about them works when followed literally."""

from __future__ import annotations

import json
from hashlib import sha256
from pathlib import Path

from docx import Document

from .conftest import paper, run_bvpp
from .readback import body_paragraphs, body_tables, require_tool

ORIGINAL = "In 2003/04 Hertfordshire County Council promises to:"  # inputs/plan/promises.md, first line
EDITED = "In 2003/04 the County Council promises, after listening to residents, to:"
HEADING = "Our promises to Hertfordshire for the year ahead"


def texts(path: Path) -> list[str]:
    return [p.text for p in body_paragraphs(Document(str(path)))]


def edit_paragraph(path: Path, old: str, new: str) -> None:
    """Edit one paragraph of a paper as a clerk would in Word (python-docx here)."""
    document = Document(str(path))
    found = next(p for p in body_paragraphs(document) if p.text == old)
    found.runs[0].text = new
    for run in found.runs[1:]:
        run.text = ""
    document.save(str(path))


def build_ok(root: Path, *args: str):
    result = run_bvpp(root, "build", *args)
    assert result.exit_code == 0, result.stderr
    return result


def recorded_sha(root: Path, doc: str, version: int) -> str:
    register = json.loads((root / "bvpp-register.json").read_text(encoding="utf-8"))
    return next(v["sha256"] for v in register["documents"][doc]["versions"] if v["version"] == version)


def change_an_input(root: Path) -> None:
    with (root / "inputs" / "plan" / "budget.md").open("a", encoding="utf-8") as handle:
        handle.write("\nThe budget was agreed by the County Council in February.\n")


def test_a_new_version_says_it_lacks_the_edit_names_the_paragraph_and_the_snippet(project: Path) -> None:
    build_ok(project)
    edit_paragraph(paper(project, "plan"), ORIGINAL, EDITED)
    change_an_input(project)
    result = build_ok(project)
    lines = result.stderr.splitlines()
    assert (
        "warning: build/plan/plan-v001.docx: edited by hand since it was built; the new version v2 "
        "(build/plan/plan-v002.docx) does NOT contain these hand edits, which stay in this file only; to carry "
        "them into the next version, run 'bvpp absorb build/plan/plan-v001.docx' (or make each edit where it says "
        "below), then run 'bvpp build' again"
    ) in lines
    named = [line for line in lines if "now reads" in line]
    assert named == [
        f"warning: build/plan/plan-v001.docx: paragraph under '{HEADING}' now reads "
        f"'In 2003/04 the County Council promises, after listening to…' (was '{ORIGINAL}'): "
        "make this edit in inputs/plan/promises.md"
    ]
    assert EDITED in texts(paper(project, "plan", 1)) and ORIGINAL in texts(paper(project, "plan", 2))
    assert EDITED not in texts(paper(project, "plan", 2))
    # following the advice literally: the edit made in the snippet, then a build
    snippet = project / "inputs" / "plan" / "promises.md"
    snippet.write_text(snippet.read_text(encoding="utf-8").replace(
        "In [[plan.year]] Hertfordshire County Council promises to:", EDITED), encoding="utf-8")
    again = build_ok(project)
    assert EDITED in texts(paper(project, "plan", 3))
    assert "edited by hand" not in again.stderr  # v1 keeps its edit as history; the latest is intact


def test_an_edited_figure_is_sent_to_the_workbook_or_config(project: Path) -> None:
    build_ok(project, "cabinet")
    path = paper(project, "cabinet")
    document = Document(str(path))
    cell = body_tables(document)[0].rows[1].cells[1]
    before = cell.text
    cell.paragraphs[0].runs[0].text = "edited by hand"
    for run in cell.paragraphs[0].runs[1:]:
        run.text = ""
    document.save(str(path))
    result = build_ok(project, "cabinet")
    assert f"now reads 'edited by hand' (was '{before}'): bvpp made this text from bvpp.toml or the workbooks: " \
           "make the change there" in result.stderr


def test_discard_edits_keeps_the_edited_copy_and_says_where(project: Path) -> None:
    build_ok(project, "plan")
    path = paper(project, "plan")
    edit_paragraph(path, ORIGINAL, EDITED)
    edited = path.read_bytes()
    told = build_ok(project, "plan")  # inputs unchanged: left as it is, with the way to discard
    assert "to drop them, run 'bvpp build --discard-edits' to put back the paper as built" in told.stderr
    assert path.read_bytes() == edited
    result = build_ok(project, "--discard-edits")  # the advice, literally
    kept = sorted((project / "build" / ".discarded").iterdir())
    assert len(kept) == 1 and kept[0].name.startswith("plan-v001-") and kept[0].suffix == ".docx"
    assert kept[0].read_bytes() == edited and EDITED in texts(kept[0])
    where = kept[0].relative_to(project).as_posix()
    assert f"kept your edited copy at {where}, and put back v1 as built" in result.stderr
    assert "make this edit in inputs/plan/promises.md" in result.stderr
    assert sha256(path.read_bytes()).hexdigest() == recorded_sha(project, "plan", 1)
    assert ORIGINAL in texts(path)
    # a second discard never replaces the first copy
    edit_paragraph(path, ORIGINAL, "A second edit.")
    build_ok(project, "--discard-edits")
    copies = sorted((project / "build" / ".discarded").iterdir())
    assert len(copies) == 2 and kept[0].read_bytes() == edited
    assert "A second edit." in texts(next(c for c in copies if c != kept[0]))


def test_force_on_an_edited_paper_is_refused_with_advice_that_works(project: Path) -> None:
    build_ok(project, "plan")
    path = paper(project, "plan")
    edit_paragraph(path, ORIGINAL, EDITED)
    refused = run_bvpp(project, "build", "plan", "--force")
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert lines[0] == (
        "build/plan/plan-v001.docx: edited by hand since it was built, so --force did not overwrite it; to drop "
        "the edits, run 'bvpp build --discard-edits' to put back the paper as built (your edited copy is kept in "
        "build/.discarded/); to keep them, run 'bvpp absorb build/plan/plan-v001.docx' (or make each edit where it "
        "says below), then run 'bvpp build'"
    )
    assert lines[1].endswith("make this edit in inputs/plan/promises.md") and f"under '{HEADING}'" in lines[1]
    assert EDITED in texts(path)
    build_ok(project, "--discard-edits")
    assert sha256(path.read_bytes()).hexdigest() == recorded_sha(project, "plan", 1)
    assert build_ok(project, "plan", "--force").stdout.split()[0] == "rebuilt"


def test_an_edited_older_version_gets_advice_that_works(project: Path) -> None:
    build_ok(project, "cabinet")
    path = paper(project, "cabinet")
    Document(str(path)).save(str(path))  # saved again by Word: different bytes, same text
    told = build_ok(project, "cabinet")
    assert "(no paragraph's text changed: only formatting, or Word saved it again)" in told.stderr
    edit_config_date(project)
    build_ok(project, "cabinet")  # v2; v1 is now an older, edited version
    refused = run_bvpp(project, "publish", "cabinet", "--version", "1")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "build/cabinet/cabinet-v001.docx: edited by hand since it was built, and v1 is not the latest version, so "
        "no build can make it again as built: put back its file as built (from a backup) to publish it, or "
        "publish the latest version: bvpp publish cabinet"
    ]
    require_tool("soffice")
    followed = run_bvpp(project, "publish", "cabinet")
    assert followed.exit_code == 0, followed.stderr
    assert (project / "build" / "cabinet" / "cabinet-v002.pdf").is_file()


def edit_config_date(root: Path) -> None:
    config = root / "bvpp.toml"
    text = config.read_text(encoding="utf-8")
    assert "date = 2003-04-28" in text
    config.write_text(text.replace("date = 2003-04-28", "date = 2003-04-29", 1), encoding="utf-8")
