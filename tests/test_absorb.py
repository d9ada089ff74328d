"""`bvpp absorb`: a paper marked up in Word (python-docx here) or saved by LibreOffice flows back into its snippets."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path

import openpyxl
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .conftest import paper, run_bvpp
from .readback import body_paragraphs, body_tables, require_tool

BUDGET = "inputs/plan/budget.md"
PERFORMANCE = "inputs/plan/performance.md"
COUNCIL_TAX = "Each 1% on council tax raises about £3m."


def build_ok(root: Path, *args: str):
    result = run_bvpp(root, "build", *args)
    assert result.exit_code == 0, result.stderr
    return result


def absorb(root: Path, path: Path, *args: str):
    return run_bvpp(root, "absorb", str(path), *args)


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def paragraph(document, start: str):
    return next(p for p in body_paragraphs(document) if p.text.startswith(start))


def replace_in_run(document, start: str, old: str, new: str) -> None:
    """Replace a word as Word does: inside the run that holds it."""
    run = next(r for r in paragraph(document, start).runs if old in r.text)
    run.text = run.text.replace(old, new)


def add_paragraph_after(document, start: str, text: str) -> None:
    """Press Enter at the end of a paragraph and type: a new paragraph in the same place (content control)."""
    p = OxmlElement("w:p")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    p.append(r)
    paragraph(document, start)._p.addnext(p)


def bold_word(document, start: str, word: str) -> None:
    """Select one word of a run and press Ctrl+B: the run is split in three, the middle one bold."""
    run = next(r for r in paragraph(document, start).runs if word in r.text)
    before, _, after = run.text.partition(word)
    middle, tail = copy.deepcopy(run._r), copy.deepcopy(run._r)
    run.text = before
    run._r.addnext(middle)
    middle.addnext(tail)
    for element, text in ((middle, word), (tail, after)):
        element.find(qn("w:t")).text = text
    rpr = middle.get_or_add_rPr()
    rpr.append(OxmlElement("w:b"))


def test_edits_in_markdown_snippets_are_absorbed_and_the_next_version_shows_exactly_them(project: Path) -> None:
    build_ok(project)
    budget, performance = (project / BUDGET).read_bytes(), (project / PERFORMANCE).read_text(encoding="utf-8")
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    add_paragraph_after(document, "Each 1% on council tax", "Reserves stand at £12m.")
    bold_word(document, "Figures received by", "included")
    returned = project.parent / "plan-v001-chair.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    # the snippets now read as the paper does: facts still references, the bold word in Markdown
    assert (project / BUDGET).read_text(encoding="utf-8") == budget.decode().replace("about £3m", "about £3.1m").rstrip("\n") + \
        "\n\nReserves stand at £12m.\n"
    assert (project / PERFORMANCE).read_text(encoding="utf-8") == performance.replace("are included.", "are **included**.")
    # nothing lost: the snippets as they were are kept
    kept = sorted((project / "build" / ".absorbed").rglob("*.md"))
    assert [p.relative_to(kept[0].parents[2]).as_posix() for p in kept] == [BUDGET, PERFORMANCE]
    assert kept[0].read_bytes() == budget
    lines = result.stdout.splitlines()
    assert lines[0] == f"{returned}: plan v1"
    stamp = kept[0].relative_to(project / "build" / ".absorbed").parts[0]
    assert f"    absorbed  {BUDGET}: rewritten from the paper (plan v1) (kept the old one as build/.absorbed/{stamp}/{BUDGET})" in lines

    build_ok(project)
    texts = [p.text for p in body_paragraphs(Document(str(paper(project, "plan", 2))))]
    at = next(n for n, t in enumerate(texts) if t.startswith("Each 1% on council tax raises about £3.1m."))
    assert texts[at] == ("Each 1% on council tax raises about £3.1m. The government's changes to the grant formula for "
                         "2003/04 left the council with about £19m less grant than it would otherwise have received.")
    assert texts[at + 1] == "Reserves stand at £12m."
    figures = paragraph(Document(str(paper(project, "plan", 2))), "Figures received by")
    assert [r.text for r in figures.runs if r.bold] == ["included"]


def test_an_unedited_paper_changes_nothing(project: Path) -> None:
    build_ok(project)
    before = snapshot(project)
    result = absorb(project, paper(project, "plan"))
    assert result.exit_code == 0, result.stderr
    assert snapshot(project) == before
    assert not (project / "build" / ".absorbed").exists()
    assert result.stdout.splitlines()[-1].lstrip().startswith("unchanged")
    data = json.loads(absorb(project, paper(project, "cabinet"), "--json").stdout)
    assert {s["status"] for s in data["snippets"]} == {"unchanged"} and data["reported"] == []


def test_a_fact_a_figure_and_the_masthead_edited_are_reported_with_their_source_not_absorbed(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    fact = next(r for r in paragraph(document, "Each 1% on council tax").runs if r.text == "2003/04")
    fact.text = "2004/05"
    table = next(t for t in body_tables(document) if any(row.cells[0].text == "BV82a" for row in t.rows))
    header = [" ".join(c.text.split()) for c in table.rows[0].cells]
    row = next(row for row in table.rows if row.cells[0].text == "BV82a")
    cell = row.cells[header.index("Outturn 2002/03")]
    old = cell.text
    cell.paragraphs[0].runs[0].text = "15.0%"
    masthead = paragraph(document, "HERTFORDSHIRE COUNTY COUNCIL")
    masthead.runs[0].text = masthead.text.replace("HERTFORDSHIRE", "HERTS")
    for run in masthead.runs[1:]:
        run.text = ""
    returned = project.parent / "returned.docx"
    document.save(str(returned))
    before = snapshot(project)

    data = json.loads(absorb(project, returned, "--json").stdout)
    assert snapshot(project) == before  # nothing absorbed, nothing written
    sheet = openpyxl.load_workbook(project / "inputs/indicators.xlsx")["Indicators"]
    at = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "BV82a")
    column = next(c for c in range(1, sheet.max_column + 1) if "2002/03" in str(sheet.cell(1, c).value) and
                  "outturn" in str(sheet.cell(1, c).value).lower())
    cell_ref = f"{openpyxl.utils.get_column_letter(column)}{at}"
    messages = [r["message"] for r in data["reported"]]
    assert messages[0] == ("plan: the fact [[plan.year]] in inputs/plan/budget.md reads '2004/05' in the paper, '2003/04' "
                           "in bvpp.toml: an edited fact is not absorbed; change plan.year in bvpp.toml")
    assert re.fullmatch(rf"plan: table '.*How we measure progress', BV82a, Outturn 2002/03: {re.escape(old)} changed to "
                        rf"15\.0% in the paper; the figure comes from inputs/indicators\.xlsx:Indicators!{cell_ref}", messages[1])
    assert messages[2] == ("plan: 'HERTFORDSHIRE COUNTY COUNCIL' changed to 'HERTS COUNTY COUNCIL' in the paper; this text is "
                           "not from a snippet: it comes from the template templates/plan.docx or bvpp.toml: make the change there")
    assert len(messages) == 3
    assert {r["location"] for r in data["reported"]} == {str(returned)}


def test_a_snippet_changed_since_the_version_is_a_conflict_written_beside_it(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    returned = project.parent / "returned.docx"
    document.save(str(returned))
    authored = (project / BUDGET).read_text(encoding="utf-8") + "\nThe budget was set on 20 February.\n"
    (project / BUDGET).write_text(authored, encoding="utf-8")

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    assert (project / BUDGET).read_text(encoding="utf-8") == authored  # never overwritten
    beside = "inputs/plan/budget.absorbed-plan-v001.md"
    assert COUNCIL_TAX.replace("£3m", "£3.1m") in (project / beside).read_text(encoding="utf-8")
    assert (f"    conflict  {BUDGET}: changed since v1 was built, and edited in the paper too: not overwritten; the paper's "
            f"text of it is in {beside}: merge it into {BUDGET} by hand, then delete it") in result.stdout.splitlines()
    assert not (project / "build" / ".absorbed").exists()


def test_dry_run_writes_nothing_and_json_lists_every_snippet(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    returned = project.parent / "returned.docx"
    document.save(str(returned))
    before = snapshot(project)
    result = absorb(project, returned, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert snapshot(project) == before
    assert result.stdout.splitlines()[0] == f"{returned}: plan v1 (dry run: nothing written)"
    assert f"would be absorbed  {BUDGET}: rewritten from the paper (plan v1)" in [line.strip() for line in result.stdout.splitlines()]
    data = json.loads(absorb(project, returned, "--dry-run", "--json").stdout)
    assert snapshot(project) == before
    statuses = {s["snippet"]: s["status"] for s in data["snippets"]}
    assert statuses[BUDGET] == "absorbed" and data["dry_run"] is True
    assert set(statuses.values()) == {"absorbed", "unchanged"}
    assert "inputs/plan/promise-1/objectives.docx" in statuses


def test_a_word_snippet_edit_is_absorbed_into_the_word_snippet(project: Path) -> None:
    build_ok(project)
    source = Document(str(project / "inputs/plan/promise-1/objectives.docx"))
    first = next(p.text for p in source.paragraphs if p.text.strip())
    document = Document(str(paper(project, "plan")))
    target = paragraph(document, first)
    target.runs[0].text = "Edited: " + target.runs[0].text
    returned = project.parent / "returned.docx"
    document.save(str(returned))
    data = json.loads(absorb(project, returned, "--json").stdout)
    changed = [s for s in data["snippets"] if s["status"] != "unchanged"]
    assert [(s["snippet"], s["status"]) for s in changed] == [("inputs/plan/promise-1/objectives.docx", "absorbed")]
    snippet = Document(str(project / "inputs/plan/promise-1/objectives.docx"))
    assert next(p.text for p in snippet.paragraphs if p.text.strip()) == "Edited: " + first  # more in test_absorb_word.py


def test_a_deleted_region_is_reported_never_guessed_at(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    region = paragraph(document, "Each 1% on council tax")._p
    while region.tag != qn("w:sdt"):
        region = region.getparent()
    region.getparent().remove(region)
    returned = project.parent / "returned.docx"
    document.save(str(returned))
    before = snapshot(project)
    data = json.loads(absorb(project, returned, "--json").stdout)
    assert snapshot(project) == before
    budget = next(s for s in data["snippets"] if s["snippet"] == BUDGET)
    assert budget["status"] == "missing"
    assert budget["message"] == ("its part of the paper was deleted or damaged beyond recognition (its marks are gone): "
                                 "nothing absorbed from it; if the reader changed it, copy the change into "
                                 "inputs/plan/budget.md by hand")


def test_a_document_bvpp_did_not_build_is_refused_at_the_file(project: Path, tmp_path: Path) -> None:
    build_ok(project)
    other = tmp_path / "minutes.docx"
    document = Document()
    document.add_paragraph("Minutes of the meeting")
    document.save(str(other))
    result = absorb(project, other)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{other}: not a paper bvpp built: it has no 'BVPP Document' and 'BVPP Version' properties; absorb takes a "
        "paper made by 'bvpp build' (or a copy of one)"]


def test_a_paper_saved_by_libreoffice_absorbs_its_edit(project: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    build_ok(project)
    budget = (project / BUDGET).read_text(encoding="utf-8")
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    edited = tmp_path / "edited" / "plan-v001.docx"
    edited.parent.mkdir()
    document.save(str(edited))
    out = tmp_path / "saved"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "docx",
                    "--outdir", str(out), str(edited)], check=True, capture_output=True, timeout=300)
    saved = out / "plan-v001.docx"
    result = absorb(project, saved)
    assert result.exit_code == 0, result.stderr
    assert (project / BUDGET).read_text(encoding="utf-8") == budget.replace("about £3m", "about £3.1m")
    changed = [line.split()[0] for line in result.stdout.splitlines()[1:-1] if not line.startswith("not absorbed")]
    assert changed.count("absorbed") == 1
    assert "not absorbed" not in result.stdout  # LibreOffice's own changes are not taken for a reader's


def test_the_next_build_says_which_snippets_were_absorbed_from_which_file(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    (project / "returned").mkdir()
    document.save(str(project / "returned" / "plan-v001-chair.docx"))
    assert absorb(project, project / "returned" / "plan-v001-chair.docx").exit_code == 0
    line = f"narrative changed: {BUDGET} (absorbed from returned/plan-v001-chair.docx, plan v1)"

    status = json.loads(run_bvpp(project, "status", "--json").stdout)
    plan = next(d for d in status["documents"] if d["document"] == "plan")
    assert plan["changes"] == [line]
    assert line in run_bvpp(project, "status").stdout
    built = build_ok(project).stdout.splitlines()
    assert ("     built  plan         v2  build/plan/plan-v002.docx  (narrative changed, absorbed from "
            "returned/plan-v001-chair.docx, plan v1)") in built
    register = json.loads((project / "bvpp-register.json").read_text(encoding="utf-8"))
    assert register["documents"]["plan"]["versions"][-1]["changes"] == [line]
    assert line in run_bvpp(project, "versions", "plan").stdout
    # recorded in every paper showing the snippet: the trail forgets it; a later author's edit reads plainly
    assert not (project / "build" / ".absorbed" / "absorbed.json").exists()
    (project / BUDGET).write_text((project / BUDGET).read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert json.loads(run_bvpp(project, "status", "--json").stdout)["documents"][2]["changes"] == [
        f"narrative changed: {BUDGET}"]


def test_a_snippet_edited_after_absorb_is_not_credited_to_the_returned_paper(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    returned = project.parent / "plan-v001-chair.docx"
    document.save(str(returned))
    assert absorb(project, returned).exit_code == 0
    trail = json.loads((project / "build" / ".absorbed" / "absorbed.json").read_text(encoding="utf-8"))
    assert [s["source"] for s in trail["snippets"][BUDGET]["sources"]] == [str(returned)]
    (project / BUDGET).write_text((project / BUDGET).read_text(encoding="utf-8") + "\nAn author's line.\n", encoding="utf-8")
    plan = next(d for d in json.loads(run_bvpp(project, "status", "--json").stdout)["documents"] if d["document"] == "plan")
    assert plan["changes"] == [f"narrative changed: {BUDGET}"]
    build_ok(project)
    assert not (project / "build" / ".absorbed" / "absorbed.json").exists()
