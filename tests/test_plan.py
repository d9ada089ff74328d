"""The full plan and the covering reports' appendices: sections defined once, sheets
validated to the cell, the contents field filled in, landscape pages, the compliance check."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from .conftest import DOCUMENTS, edit_config, paper, run_bvpp
from .readback import NS, body_paragraphs, pandoc_text, paragraphs_by_style, pdf_text, require_tool, xml_part

W = NS["w"]
PLAN_DATA = "inputs/plan-data.xlsx"


def _table_texts(docx: Path) -> list[list[list[str]]]:
    """Return every table's cell texts, row by row."""
    body = xml_part(docx)
    return [
        [[cell.xpath("string(.)", namespaces=NS) for cell in row.xpath("w:tc", namespaces=NS)]
         for row in table.xpath("w:tr", namespaces=NS)]
        for table in body.xpath("//w:body//w:tbl[not(ancestor::w:tbl)]", namespaces=NS)
    ]


def _toc_entries(docx: Path) -> tuple[str, list[tuple[str, str]]]:
    """Return the TOC field's instruction and its entries as (text, bookmark it links to)."""
    body = xml_part(docx)
    instr = body.xpath("//w:instrText[starts-with(normalize-space(.), 'TOC')]", namespaces=NS)
    assert len(instr) == 1, "expected exactly one contents field"
    paragraphs = body.xpath("//w:body//w:p[not(ancestor::w:tbl)]", namespaces=NS)
    start = next(i for i, p in enumerate(paragraphs) if p.xpath(".//w:instrText[starts-with(normalize-space(.), 'TOC')]", namespaces=NS))
    entries = []
    for p in paragraphs[start:]:
        links = p.xpath("w:hyperlink", namespaces=NS)
        entries += [(link.xpath("string(.)", namespaces=NS), link.get(f"{{{W}}}anchor")) for link in links]
        if p.xpath("w:r/w:fldChar[@w:fldCharType='end']", namespaces=NS):
            break
    else:
        pytest.fail("the contents field never ends")
    return instr[0].text, entries


def _bookmarked_headings(docx: Path, levels: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (heading text, bookmark name on it) for headings of the given styles, after the contents field."""
    doc = Document(str(docx))
    found, seen_contents = [], False
    for p in body_paragraphs(doc):
        if p._p.xpath(".//w:instrText[starts-with(normalize-space(.), 'TOC')]"):
            seen_contents = True
        if seen_contents and p.style.name in levels:
            marks = p._p.xpath("w:bookmarkStart/@w:name")
            found.append((p.text, marks[0] if marks else ""))
    return found


def test_plan_contents_is_a_filled_in_toc_field(built_example: Path) -> None:
    plan = paper(built_example, "plan")
    instruction, entries = _toc_entries(plan)
    assert re.search(r'TOC \\o "1-2" \\h', instruction)
    headings = _bookmarked_headings(plan, ("Heading 1", "Heading 2"))
    assert [text for text, _ in entries] == [text for text, _ in headings]
    assert [anchor for _, anchor in entries] == [mark for _, mark in headings]
    titles = [text for text, _ in entries]
    for expected in ("How our budget is spent", "Comprehensive Performance Assessment",
                     "Statement on contracts and workforce matters", "Performance data and targets",
                     "Promise 8: Work with partners to reduce youth crime and its effect on local communities"):
        assert expected in titles
    settings = xml_part(plan, "word/settings.xml")
    assert settings.xpath("w:updateFields", namespaces=NS) == []  # Word opens it without asking to update fields


def test_report_appendix_contents_lists_the_appendix_sections(built_example: Path) -> None:
    cabinet = paper(built_example, "cabinet")
    instruction, entries = _toc_entries(cabinet)
    # by style (LibreOffice ignores \\o's lower bound), within the appendix's bookmark (Word honours \\b)
    assert instruction.strip() == 'TOC \\h \\z \\t "Heading 2,1,Heading 3,2" \\b bvpp_contents_1'
    titles = [text for text, _ in entries]
    assert titles[:3] == ["Our promises to Hertfordshire for the year ahead", "How our budget is spent",
                          "Strategic objectives, recent achievements and actions for 2003/04"]
    assert "Purpose of the report" not in " ".join(titles)  # the covering report's own sections are not the plan's
    assert "Contents" not in titles


@pytest.mark.parametrize(("doc", "listed"), [("plan", ("Heading1", "Heading2")), ("cabinet", ("Heading2", "Heading3"))])
def test_contents_field_is_scoped_to_a_bookmark_around_exactly_its_entries(built_example: Path, doc: str, listed: tuple[str, ...]) -> None:
    """After any update, Word lists the headings inside the bookmark the field names: exactly the list's own."""
    docx = paper(built_example, doc)
    instruction, entries = _toc_entries(docx)
    name = re.search(r"\\b (\S+)", instruction).group(1)
    body = xml_part(docx).xpath("//w:body", namespaces=NS)[0]
    inside, mark = [], None
    for node in body.iter(f"{{{W}}}p", f"{{{W}}}bookmarkStart", f"{{{W}}}bookmarkEnd"):
        if node.tag == f"{{{W}}}bookmarkStart" and node.get(f"{{{W}}}name") == name:
            mark = node.get(f"{{{W}}}id")
        elif node.tag == f"{{{W}}}bookmarkEnd" and mark is not None and node.get(f"{{{W}}}id") == mark:
            break
        elif node.tag == f"{{{W}}}p" and mark is not None and node.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) in listed:
            inside.append(node.xpath("string(.)", namespaces=NS))
    else:
        pytest.fail(f"no bookmark {name} around a range")
    assert inside and [text for text, _ in entries] == inside
    contents = body.xpath("//w:p[normalize-space(.)='Contents']", namespaces=NS)
    assert len(contents) == 1 and contents[0].xpath("w:pPr/w:outlineLvl/@w:val", namespaces=NS) == ["9"]  # body text


def test_appendices_show_the_plan_sections_with_the_same_figures(built_example: Path) -> None:
    plan_tables = _table_texts(paper(built_example, "plan"))
    indicator_tables = [t for t in plan_tables if t[0][0] == "Ref"]
    assert len(indicator_tables) == 9  # one per promise, and the annex
    budget = [t for t in plan_tables if t[0][0] == "Service"]
    assert len(budget) == 1
    for doc in ("cabinet", "topic-group"):
        tables = _table_texts(paper(built_example, doc))
        assert [t for t in tables if t[0][0] == "Ref"] == indicator_tables, doc
        assert [t for t in tables if t[0][0] == "Service"] == budget, doc


def test_budget_table_is_computed_from_the_sheet(built_example: Path) -> None:
    sheet = openpyxl.load_workbook(built_example / PLAN_DATA)["Budget"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True)]
    (table,) = [t for t in _table_texts(paper(built_example, "plan")) if t[0][0] == "Service"]
    assert [r[0] for r in table[1:]] == [r[0] for r in rows]
    education = next(r for r in rows if r[0] == "Education")
    change = education[2] - education[1]
    assert table[1] == ["Education", f"{education[1]:.1f}", f"{education[2]:.1f}", f"{change:+.1f}",
                        f"{change / education[1] * 100:+.1f}%"]


def test_plan_sections_carry_the_sheets_and_statements(built_example: Path) -> None:
    text = " ".join(pandoc_text(paper(built_example, "plan")).split())
    assert "placed the council in the category: Excellent" in text
    assert "Education 4" in text or "| Education | 4" in text or re.search(r"Education\s+4", text)
    assert "Act on the Ofsted inspection of the LEA" in text  # progress, 2002/03
    assert "Set the second Local Transport Plan's congestion targets" in text  # plans, 2005/06
    assert "comply, where applicable, with the requirements of the Code of Practice on Workforce Matters" in text.replace("complies", "comply")
    assert "Highway maintenance term contract" in text


def test_plan_has_a_landscape_annex_with_headers_and_page_numbers(built_example: Path, pdfs: dict[str, Path]) -> None:
    doc = Document(str(paper(built_example, "plan")))
    sections = doc.sections
    assert len(sections) == 2
    assert sections[0].page_width < sections[0].page_height
    assert sections[1].page_width > sections[1].page_height
    refs = [[(ref.tag, ref.get(f"{{{NS['r']}}}id"), ref.get(f"{{{W}}}type"))
             for ref in s._sectPr.xpath("w:headerReference|w:footerReference")] for s in sections]
    assert refs[0] and refs[1] == refs[0]  # the same header and footer parts on both
    assert sections[0].different_first_page_header_footer  # the title page
    assert not sections[1].different_first_page_header_footer
    pdfinfo = require_tool("pdfinfo")
    pages = pdf_text(pdfs["plan"]).split("\f")[:-1]
    count = len(pages)
    annex = [n for n, page in enumerate(pages, start=1) if "Performance data and targets" in page
             and "Promise" in page and "Outturn" in page]
    assert annex, "the annex heading should start a page of its table"
    info = subprocess.run([pdfinfo, "-f", str(annex[0]), "-l", str(count), str(pdfs["plan"])],
                          check=True, capture_output=True, text=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert sizes and all(float(w) > float(h) for w, h in sizes), "annex pages should be landscape"
    for number in (annex[0], count):
        page = pages[number - 1]
        assert f"Page {number} of {count}" in page
        assert "Hertfordshire County Council: Best Value Performance Plan 2003/04" in page
    assert "Page 2 of" in pages[1] and "Hertfordshire County Council: Best" in pages[1]
    assert "Hertfordshire County Council: Best" not in pages[0]  # the title page has no running header


def test_topic_group_report_names_committee_meeting_and_cutoff(built_example: Path) -> None:
    text = " ".join(pandoc_text(paper(built_example, "topic-group")).split())
    assert "BEST VALUE PERFORMANCE PLAN TOPIC GROUP OF THE RESOURCES SCRUTINY COMMITTEE" in text
    assert "WEDNESDAY 7 MAY 2003" in text
    assert "2 May 2003" in text  # the data cut-off
    assert "The Topic Group is asked to" in text
    assert "Appendix: draft sections of the plan" in text


def test_changing_the_cutoff_and_the_meeting_date_changes_every_paper(project: Path) -> None:
    edit_config(project, lambda t: t.replace("data-cutoff = 2003-05-02", "data-cutoff = 2003-05-06")
                .replace("date = 2003-05-07", "date = 2003-05-08"))
    assert run_bvpp(project, "build").exit_code == 0
    texts = {doc: " ".join(pandoc_text(paper(project, doc)).split()) for doc in DOCUMENTS}
    assert "6 May 2003" in texts["topic-group"]
    assert "THURSDAY 8 MAY 2003" in texts["topic-group"]
    for doc, text in texts.items():
        assert "2 May 2003" not in text and "7 May 2003" not in text, doc
    assert "8 May 2003" in texts["cabinet"] and "6 May 2003" in texts["cabinet"]
    assert "6 May 2003" in texts["plan"]


def test_no_contracts_with_staff_transfers_is_stated(project: Path) -> None:
    edit_config(project, lambda t: re.sub(r"contracts = \[\n.*?\n\]", "contracts = []", t, flags=re.S))
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    text = " ".join(pandoc_text(paper(project, "plan")).split())
    assert "The council awarded no contracts during 2002/03 that involved a transfer of staff" in text
    assert "Highway maintenance term contract" not in text
    check = json.loads(run_bvpp(project, "check", "--json").stdout)
    workforce = next(r for r in check["compliance"]["plan"] if r["id"] == "workforce")
    assert workforce["met"] and workforce["reason"] == "no contracts with staff transfers"


# --- validation ------------------------------------------------------------------------------


def _edit_sheet(project: Path, sheet: str, cell: str, value: Any) -> None:
    book = openpyxl.load_workbook(project / PLAN_DATA)
    book[sheet][cell] = value
    book.save(project / PLAN_DATA)


def _find(project: Path, sheet: str, text: str, column: int = 1) -> int:
    book = openpyxl.load_workbook(project / PLAN_DATA)
    return next(r[0].row for r in book[sheet].iter_rows() if r[column - 1].value == text)


def _fails_with(project: Path, expected: list[str]) -> None:
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == expected
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (project / "build" / "plan").exists()


def test_budget_lines_must_add_up_to_the_total(project: Path) -> None:
    row = _find(project, "Budget", "Fire and rescue")
    _edit_sheet(project, "Budget", f"C{row}", 45.9)  # 10.0 more than before; the total is unchanged
    total = _find(project, "Budget", "Total")
    _fails_with(project, [
        f"{PLAN_DATA}:Budget!C{total}: the 2003/04 lines add up to £949.5m, but the total says £939.5m",
    ])


def test_cpa_scores_and_category_are_validated(project: Path) -> None:
    education = _find(project, "CPA", "Education")
    overall = _find(project, "CPA", "Overall category")
    _edit_sheet(project, "CPA", f"B{education}", 5)
    _edit_sheet(project, "CPA", f"B{overall}", "Outstanding")
    _fails_with(project, [
        f"{PLAN_DATA}:CPA!B{overall}: unknown CPA category 'Outstanding' (one of: Excellent, Good, Fair, Weak, Poor)",
        f"{PLAN_DATA}:CPA!B{education}: a CPA score is 1, 2, 3 or 4 (or n/a), not '5'",
    ])


def test_cpa_unknown_block_is_named_with_a_hint(project: Path) -> None:
    row = _find(project, "CPA", "Libraries and leisure")
    _edit_sheet(project, "CPA", f"A{row}", "Libraries and leisur")
    _fails_with(project, [
        f"{PLAN_DATA}:CPA!A{row}: unknown CPA service block 'Libraries and leisur' (did you mean 'libraries and leisure'?)",
    ])


def test_improvement_with_an_unknown_promise_names_the_cell(project: Path) -> None:
    _edit_sheet(project, "Improvements", "G3", 9)
    _edit_sheet(project, "Improvements", "D4", "1998/99")
    _fails_with(project, [
        f"{PLAN_DATA}:Improvements!G3: promise 9 is not defined in bvpp.toml [[promises]] (promises: 1, 2, 3, 4, 5, 6, 7, 8)",
        f"{PLAN_DATA}:Improvements!D4: 1998/99 is outside the years the plan covers (2000/01 to 2005/06)",
    ])


# --- the compliance check ---------------------------------------------------------------------


def test_example_plan_passes_the_strict_compliance_check(project: Path) -> None:
    result = run_bvpp(project, "check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert "NOT MET" not in result.stdout
    data = json.loads(run_bvpp(project, "check", "--strict", "--json").stdout)
    ids = [r["id"] for r in data["compliance"]["plan"]]
    assert ids[:7] == ["outturn", "targets", "budget", "cpa", "progress", "plans", "workforce"]
    assert [i for i in ids if i.startswith("promise-")] == [f"promise-{n}" for n in range(1, 9)]
    assert all(r["met"] for r in data["compliance"]["plan"])


def test_strict_check_fails_on_a_promise_without_actions(project: Path) -> None:
    (project / "inputs/plan/promise-3/actions.docx").unlink()
    lenient = run_bvpp(project, "check")
    assert lenient.exit_code == 0, lenient.stderr
    assert "warning: plan: not met: Promise 3: objectives, achievements, actions and indicators: no actions" in lenient.stderr
    strict = run_bvpp(project, "check", "--strict")
    assert strict.exit_code == 1
    assert ("error: plan: not met: Promise 3: objectives, achievements, actions and indicators: no actions "
            "(inputs/plan/promise-3/actions.docx or .md)") in strict.stderr.splitlines()
    data = json.loads(run_bvpp(project, "check", "--strict", "--json").stdout)
    assert data["ok"] is False
    unmet = [r for r in data["compliance"]["plan"] if not r["met"]]
    assert [r["id"] for r in unmet] == ["promise-3"]
    # the papers still build, saying the actions are to follow
    build = run_bvpp(project, "build", "plan")
    assert build.exit_code == 0, build.stderr
    assert "inputs/plan/promise-3/actions.docx (or .md): not written yet" in build.stderr
    styled = paragraphs_by_style(paper(project, "plan"))
    at = styled.index(("Heading 2", "Promise 3: Improve roads and pavements and tackle congestion"))
    actions = styled.index(("Heading 3", "Actions for 2003/04"), at)
    assert styled[actions + 1] == ("Normal", "To follow.")


def test_unmet_guidance_items_name_their_reason(project: Path) -> None:
    book = openpyxl.load_workbook(project / PLAN_DATA)
    sheet = book["Improvements"]
    for row in list(sheet.iter_rows(min_row=2)):
        if row[3].value == "2004/05":
            sheet.delete_rows(row[0].row)
    book.save(project / PLAN_DATA)
    data = json.loads(run_bvpp(project, "check", "--json").stdout)
    plans = next(r for r in data["compliance"]["plan"] if r["id"] == "plans")
    assert plans == {"id": "plans", "group": "guidance", "title": "Improvement plans for the next three years",
                     "met": False, "reason": "nothing planned for 2004/05"}


def test_budget_figures_must_be_numbers(project: Path) -> None:
    row = _find(project, "Budget", "Education")
    _edit_sheet(project, "Budget", f"B{row}", "lots")
    _edit_sheet(project, "Budget", f"C{row}", None)
    _fails_with(project, [
        f"{PLAN_DATA}:Budget!B{row}: expected a number (2002/03 budget in £m), not 'lots'",
        f"{PLAN_DATA}:Budget!C{row}: missing 2003/04 budget in £m",
    ])


def test_blank_plan_data_workbook_fills_in_and_builds(project: Path) -> None:
    target = project / "inputs/plan-data-new.xlsx"
    result = run_bvpp(project, "workbook", "new", str(target), "--plan-data")
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(target)
    assert [c.value for c in book["Budget"][1]] == ["Service", "Budget 2002/03 £m", "Budget 2003/04 £m"]
    assert [r[0].value for r in book["CPA"].iter_rows(min_row=2)][:3] == ["Overall category", "Education",
                                                                           "Social care (children)"]
    assert book["Budget"]["B12"].value == "=SUM(B2:B11)"  # Excel adds up the lines when it saves
    assert any("Excellent" in (v.formula1 or "") for v in book["CPA"].data_validations.dataValidation)
    for row, (service, before, after) in enumerate([("Education", 500.0, 520.0), ("Fire and rescue", 30.0, 31.5)], 2):
        book["Budget"].cell(row, 1, service), book["Budget"].cell(row, 2, before), book["Budget"].cell(row, 3, after)
    for row, score in enumerate(["Good", 3, 3, 2, 3, "n/a", 2, "n/a", 3, 3, 3], start=2):
        book["CPA"].cell(row, 2, score)
    book["Improvements"].append(["Schools", "Inspection", "Act on Ofsted's report", "2003/04", "planned", "", 1])
    book["LPSA"].append(["Pupils with 5 GCSEs at A*-C (%)", "52.0%", "55.0%", "57.0%", None, "on track"])
    book.save(target)
    edit_config(project, lambda t: t.replace('workbook = "inputs/plan-data.xlsx"', 'workbook = "inputs/plan-data-new.xlsx"'))
    (project / "inputs/plan-data.xlsx").unlink()
    unsaved = run_bvpp(project, "check")
    assert unsaved.exit_code == 1
    assert unsaved.stderr.splitlines()[0] == ("inputs/plan-data-new.xlsx:Budget!B12: formula '=SUM(B2:B11)' has no saved "
                                             "value (open and save the workbook in Excel to calculate it)")
    book = openpyxl.load_workbook(target)
    book["Budget"]["B12"], book["Budget"]["C12"] = 530.0, 551.5  # as Excel saves it
    book.save(target)
    built = run_bvpp(project, "build", "plan")
    assert built.exit_code == 0, built.stderr
    (budget,) = [t for t in _table_texts(paper(project, "plan")) if t[0][0] == "Service"]
    assert budget[1:] == [["Education", "500.0", "520.0", "+20.0", "+4.0%"], ["Fire and rescue", "30.0", "31.5", "+1.5", "+5.0%"],
                          ["Total", "530.0", "551.5", "+21.5", "+4.1%"]]
    text = " ".join(pandoc_text(paper(project, "plan")).split())
    assert "placed the council in the category: Good" in text and "Act on Ofsted's report" in text


def test_landscape_sections_turn_the_pages_and_back(project: Path) -> None:
    edit_config(project, lambda t: t.replace('content = "cpa"\n', 'content = "cpa"\nlandscape = true\n'))
    edit_config(project, lambda t: t.replace(
        'appendix = ["contents", "promises", "budget", "promise-statements", "improvement", "performance"]',
        'appendix = ["performance", "cpa"]', 1))
    result = run_bvpp(project, "build")
    assert result.exit_code == 0, result.stderr
    sections = Document(str(paper(project, "plan"))).sections
    assert [s.page_width > s.page_height for s in sections] == [False, True, False, True]
    assert [s.different_first_page_header_footer for s in sections] == [True, False, False, False]
    # the cabinet appendix starts with the annex: it cannot turn, so it stays portrait at the portrait width;
    # the CPA after it turns the pages, its table at the landscape width
    cabinet = Document(str(paper(project, "cabinet")))
    assert [s.page_width > s.page_height for s in cabinet.sections] == [False, True]
    widths = [sum(int(c.get(f"{{{W}}}w")) for c in t.xpath("w:tblGrid/w:gridCol", namespaces=NS))
              for t in xml_part(paper(project, "cabinet")).xpath("//w:body//w:tbl[not(ancestor::w:tbl)]", namespaces=NS)]
    assert max(widths[:-1]) <= 9638 < widths[-1]


def test_cpa_overall_category_given_twice_is_an_error(project: Path) -> None:
    first = _find(project, "CPA", "Overall category")
    book = openpyxl.load_workbook(project / PLAN_DATA)
    book["CPA"].append(["Overall category", "Poor"])
    last = book["CPA"].max_row
    book["CPA"][f"B{first + 1}"] = None  # and a block left blank
    book.save(project / PLAN_DATA)
    _fails_with(project, [
        f"{PLAN_DATA}:CPA!B{first + 1}: missing score: 1, 2, 3 or 4, or n/a where the block does not apply",
        f"{PLAN_DATA}:CPA!A{last}: 'Overall category' appears twice (also in row {first})",
    ])


def test_a_promise_snippet_named_in_the_config_must_exist(project: Path) -> None:
    edit_config(project, lambda t: t.replace(
        'title = "Improve roads and pavements and tackle congestion"',
        'title = "Improve roads and pavements and tackle congestion"\nactions = "inputs/plan/promise-3/action.docx"'))
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr == "bvpp.toml:promises#3.actions: snippet file 'inputs/plan/promise-3/action.docx' not found\n"


def test_a_plan_without_promise_details_or_contents_is_not_complete(project: Path) -> None:
    edit_config(project, lambda t: t.replace('content = "promise-details"', 'content = "narrative"')
                .replace('content = "contents"', 'content = "narrative"'))
    data = json.loads(run_bvpp(project, "check", "--json").stdout)
    unmet = {r["id"]: r["reason"] for r in data["compliance"]["plan"] if not r["met"]}
    assert unmet == {
        **{f"promise-{n}": 'the plan has no section with content = "promise-details"' for n in range(1, 9)},
        "contents": 'the plan has no section with content = "contents"',
    }
