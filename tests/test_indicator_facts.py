"""Figures in the prose come from the workbook: `[[BV82a.outturn.2002/03]]` in Word and Markdown snippets.

The expected figures are the example workbook's, as a reader sees them in its indicator table
(BV82a: 17% in 2001/02, 18% in 2002/03, target 18.6% for 2003/04, one decimal place).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
from docx import Document

from bvpp_docgen.ooxml.regions import read_marks, region_text

from .conftest import edit_config, paper, run_bvpp
from .readback import body_tables, pandoc_text
from .wordfiles import body_snippet

WORD_SENTENCE = ("Recycling reached [[BV82a.outturn.2002/03]] in 2002/03, up from [[BV82a.outturn.2001/02]]: "
                 "[[BV82a.travel]].")
MARKDOWN_SENTENCE = "The target for *2003/04* is [[BV82a.target.2003/04]] ([[BV82a.title]])."


def word_paragraphs(path: Path, *texts: str) -> None:
    body_snippet(path, "".join(f"<w:p><w:r><w:t xml:space='preserve'>{t}</w:t></w:r></w:p>" for t in texts))


def set_figure(root: Path, ref: str, column: str, value: float) -> None:
    """Change one figure of the example workbook, as the performance team would in Excel."""
    path = root / "inputs/indicators.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Indicators"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == ref)
    col = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(1, c).value == column)
    sheet.cell(row, col).value = value
    book.save(path)


def table_cell(docx: Path, ref: str, header: str) -> str:
    """Return what the paper's indicator table shows for `ref` in the column headed `header`."""
    for table in body_tables(Document(str(docx))):
        heads = [" ".join(c.text.split()) for c in table.rows[0].cells]
        if header in heads:
            for row in table.rows[1:]:
                if row.cells[0].text == ref:
                    return row.cells[heads.index(header)].text
    raise AssertionError(f"no table cell {ref}, {header}")


def test_facts_in_word_and_markdown_snippets_read_as_the_table_shows_them(project: Path) -> None:
    word_paragraphs(project / "inputs/cabinet/purpose.docx", "Opening words.", WORD_SENTENCE)
    (project / "inputs/plan/performance.md").write_text(f"Intro.\n\n{MARKDOWN_SENTENCE}\n", encoding="utf-8")
    result = run_bvpp(project, "build")
    assert result.exit_code == 0, result.stderr
    cabinet = " ".join(pandoc_text(paper(project, "cabinet")).split())
    assert "Recycling reached 18.0% in 2002/03, up from 17.0%: improved." in cabinet
    plan = paper(project, "plan")
    shown = " ".join(pandoc_text(plan).split())
    title = "% of the total tonnage of household waste arisings that has been recycled"
    assert f"The target for 2003/04 is 18.6% ({title})." in shown
    assert table_cell(plan, "BV82a", "Outturn 2002/03") == "18.0%"
    assert table_cell(plan, "BV82a", "Target 2003/04") == "18.6%"
    marked = {(r.value, region_text(r)) for r in read_marks(plan.read_bytes(), "plan").regions if r.kind == "fact"}
    assert {("BV82a.target.2003/04", "18.6%"), ("BV82a.title", title)} <= marked
    marked = {(r.value, region_text(r)) for r in read_marks(paper(project, "cabinet").read_bytes(), "c").regions
              if r.kind == "fact"}
    assert {("BV82a.outturn.2002/03", "18.0%"), ("BV82a.outturn.2001/02", "17.0%"), ("BV82a.travel", "improved")} <= marked


def test_a_changed_figure_makes_a_new_version_of_each_paper_citing_it(project: Path) -> None:
    # the cabinet report shows no indicator table: only its prose cites BV82a
    edit_config(project, lambda t: t.replace(
        'appendix = ["contents", "promises", "budget", "promise-statements", "improvement", "performance"]\nsections = [\n'
        '  { heading = "Purpose of the report", snippet = "inputs/cabinet/purpose.docx" }',
        'appendix = ["promises"]\nsections = [\n  { heading = "Purpose of the report", snippet = "inputs/cabinet/purpose.docx" }', 1))
    word_paragraphs(project / "inputs/cabinet/purpose.docx", WORD_SENTENCE)
    assert run_bvpp(project, "build").exit_code == 0
    set_figure(project, "BV8", "Outturn 2002/03", 84.4)  # a figure the cabinet report does not show
    status = {d["document"]: d["action"] for d in json.loads(run_bvpp(project, "status", "--json").stdout)["documents"]}
    assert status == {"cabinet": "up to date", "topic-group": "new version", "plan": "new version"}
    set_figure(project, "BV82a", "Outturn 2002/03", 18.44)
    result = run_bvpp(project, "build")
    assert result.exit_code == 0, result.stderr
    assert paper(project, "cabinet", 2).is_file()
    assert "Recycling reached 18.4% in 2002/03" in " ".join(pandoc_text(paper(project, "cabinet", 2)).split())
    register = json.loads((project / "bvpp-register.json").read_text())
    cabinet = register["documents"]["cabinet"]["versions"][-1]
    assert "data:BV82a" in cabinet["sources"] and "data:BV8" not in cabinet["sources"]
    assert cabinet["changes"] == ["data changed: BV82a outturn 2002/03: 18.0% → 18.4%"]


def unknown_errors(project: Path) -> list[str]:
    result = run_bvpp(project, "check")
    assert result.exit_code != 0
    return [line.strip() for line in result.stderr.splitlines() if "unknown fact" in line]


def test_unknown_indicator_facts_are_errors_at_their_line_or_paragraph(project: Path) -> None:
    (project / "inputs/plan/performance.md").write_text(
        "Intro.\n\nRecycling: [[BV82aa.outturn.2002/03]].\n\n"
        "Target: [[BV82a.target.2009/10]] and [[BV82a.outturn]].\n", encoding="utf-8")
    word_paragraphs(project / "inputs/cabinet/purpose.docx", "Opening.", "", "Rate: [[BV82a.outtun.2002/03]].",
                    "Title: [[BV82a.title.2002/03]].")
    where = "inputs/indicators.xlsx:Indicators"
    assert unknown_errors(project) == [
        "inputs/cabinet/purpose.docx: paragraph 3: unknown fact '[[BV82a.outtun.2002/03]]': no kind 'outtun' (did you "
        "mean '[[BV82a.outturn.2002/03]]'?); an indicator fact is [[BV82a.outturn.YEAR]], [[BV82a.target.YEAR]], "
        "[[BV82a.title]], [[BV82a.travel]], [[BV82a.quartile]]",
        "inputs/cabinet/purpose.docx: paragraph 4: unknown fact '[[BV82a.title.2002/03]]': title takes no year; "
        "write [[BV82a.title]]",
        f"inputs/plan/performance.md:3: unknown fact '[[BV82aa.outturn.2002/03]]': no indicator 'BV82aa' in {where} "
        "(the nearest: 'BV82a'); write a reference the workbook's Reference column holds",
        "inputs/plan/performance.md:5: unknown fact '[[BV82a.target.2009/10]]': the workbook has no target for "
        "'2009/10' (target years: 2002/03, 2003/04, 2004/05, 2005/06)",
        "inputs/plan/performance.md:5: unknown fact '[[BV82a.outturn]]': outturn needs a year, e.g. "
        "[[BV82a.outturn.2002/03]] (outturn years: 2000/01, 2001/02, 2002/03)",
    ]


def test_a_reference_in_any_spelling_finds_the_indicator(project: Path) -> None:
    (project / "inputs/plan/performance.md").write_text("Rate: [[BV 82a.outturn.2002/03]].\n", encoding="utf-8")
    assert run_bvpp(project, "build").exit_code == 0
    assert re.search(r"Rate: 18\.0%\.", pandoc_text(paper(project, "plan")))


def test_check_warns_on_prose_the_workbook_does_not_support_and_strict_fails(project: Path) -> None:
    (project / "inputs/plan/improvement.md").write_text(
        "Recycling news. BV82a rose to 19% in 2002/03.\n\nBV82a rose to 18% in 2002/03, and bv82a to 25%.\n",
        encoding="utf-8")
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    expected = ("inputs/plan/improvement.md: 'BV82a rose to 19% in 2002/03.' does not match the workbook: BV82a's "
                "outturn for 2002/03 is 18.0% (inputs/indicators.xlsx:Indicators!I52); cite it as "
                "[[BV82a.outturn.2002/03]] and the paper shows the workbook's figure")
    said = [line for line in (result.stdout + result.stderr).splitlines() if "does not match the workbook" in line]
    assert said == [f"warning: {expected}"]
    strict = run_bvpp(project, "check", "--strict")
    assert strict.exit_code != 0
    assert f"error: {expected}" in strict.stderr


def test_explain_traces_a_cited_figure_to_its_cell(project: Path) -> None:
    word_paragraphs(project / "inputs/cabinet/purpose.docx", WORD_SENTENCE)
    sheet = openpyxl.load_workbook(project / "inputs/indicators.xlsx")["Indicators"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "BV82a")
    letter = {sheet.cell(1, c).value: sheet.cell(1, c).column_letter for c in range(1, sheet.max_column + 1)}
    result = run_bvpp(project, "explain", "cabinet", "BV82a", "--json")
    assert result.exit_code == 0, result.stderr
    prose = [f for f in json.loads(result.stdout)["figures"] if f["table"] == "Purpose of the report › prose"]
    assert [(f["column"], f["shown"]) for f in prose] == [
        ("[[BV82a.outturn.2002/03]]", "18.0%"), ("[[BV82a.outturn.2001/02]]", "17.0%"), ("[[BV82a.travel]]", "improved")]
    assert [s["cell"] for s in prose[0]["sources"]] == [f"inputs/indicators.xlsx:Indicators!{letter['Outturn 2002/03']}{row}"]
    assert prose[0]["sources"][0]["value"] == sheet[f"{letter['Outturn 2002/03']}{row}"].value
    assert {s["cell"].rsplit("!", 1)[1] for s in prose[2]["sources"]} == {
        f"{letter[h]}{row}" for h in ("Outturn 2002/03", "Outturn 2001/02", "Direction")}


def test_a_cited_figure_edited_in_a_returned_paper_is_not_absorbed_and_names_its_cell(project: Path) -> None:
    from .test_absorb import absorb, paragraph, snapshot

    assert run_bvpp(project, "build").exit_code == 0
    document = Document(str(paper(project, "plan")))
    run = next(r for r in paragraph(document, "For example, the share").runs if r.text == "18.0%")
    run.text = "19.0%"
    returned = project.parent / "returned.docx"
    document.save(str(returned))
    before = snapshot(project)
    data = json.loads(absorb(project, returned, "--json").stdout)
    assert snapshot(project) == before
    sheet = openpyxl.load_workbook(project / "inputs/indicators.xlsx")["Indicators"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "BV82a")
    letter = next(sheet.cell(1, c).column_letter for c in range(1, sheet.max_column + 1)
                  if sheet.cell(1, c).value == "Outturn 2002/03")
    assert [r["message"] for r in data["reported"]] == [
        "plan: the fact [[BV82a.outturn.2002/03]] in inputs/plan/performance.md reads '19.0%' in the paper, '18.0%' in "
        f"the workbook: an edited fact is not absorbed; change inputs/indicators.xlsx:Indicators!{letter}{row}"]


def test_a_cited_quartile_reads_as_the_quartile_column_shows_it(project: Path) -> None:
    snippet = project / "inputs/plan/performance.md"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\nBV82a sits in the [[BV82a.quartile]] quartile; "
                       "BV82b in the [[BV82b.quartile]].\n", encoding="utf-8")
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    shown = {}
    for table in body_tables(Document(str(paper(project, "plan")))):
        header = [c.text for c in table.rows[0].cells]
        column = next((i for i, h in enumerate(header) if h.startswith("Quartile")), None)
        if column is None:
            continue
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            shown.setdefault(cells[0], cells[column])
    assert shown["BV82a"] in {"Top", "Second", "Third", "Bottom", "n/a"}
    text = " ".join(pandoc_text(paper(project, "plan")).split())
    assert f"BV82a sits in the {shown['BV82a']} quartile; BV82b in the {shown['BV82b']}." in text
