"""`bvpp explain DOC REF`: every figure a paper shows, traced to its workbook cell, as an auditor checks it.

The expected cells and raw values come from the example's workbooks opened with openpyxl; the
expected texts from the built paper read back with python-docx.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from docx import Document

from .conftest import paper, run_bvpp
from .readback import body_tables


def _row_of(path: Path, sheet: str, first: str) -> tuple[int, dict[str, str], list[Any]]:
    """Return the row whose first cell is `first`: its number, the column letter per header, the cells."""
    ws = openpyxl.load_workbook(path)[sheet]
    letters = {str(c.value): c.column_letter for c in ws[1] if c.value is not None}
    for row in ws.iter_rows(min_row=2):
        if row[0].value == first:
            return row[0].row, letters, list(row)
    raise AssertionError(f"{first} not in {sheet}")


def _explain(project: Path, *args: str) -> dict[str, Any]:
    result = run_bvpp(project, "explain", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _paper_rows(docx: Path, first: str) -> list[list[str]]:
    """Return every table row of the paper whose first cell reads `first`, with the header of its table."""
    found = []
    for table in body_tables(Document(str(docx))):
        header = [" ".join(c.text.split()) for c in table.rows[0].cells]
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            if cells[0] == first:
                found.append(list(zip(header, cells, strict=True)))
    return found


def test_an_indicator_is_traced_in_its_promise_table_and_the_annex(project: Path) -> None:
    number, letters, cells = _row_of(project / "inputs/indicators.xlsx", "Indicators", "BV8")
    assert run_bvpp(project, "build").exit_code == 0
    report = _explain(project, "plan", "BV8")
    assert report["reference"] == "BV8" and report["row"] == f"inputs/indicators.xlsx:Indicators!{number}:{number}"
    tables = list(dict.fromkeys(f["table"] for f in report["figures"]))
    assert len(tables) == 2
    assert tables[0].startswith("Strategic objectives") and "Promise 6:" in tables[0]
    assert tables[1] == "Performance data and targets"
    # what the paper shows, table by table, is what explain says it shows
    shown = [[(f["column"], f["shown"]) for f in report["figures"] if f["table"] == t] for t in tables]
    assert shown == _paper_rows(paper(project, "plan"), "BV8")
    for figure in report["figures"]:
        if figure["column"].startswith(("Outturn", "Target")):
            (source,) = figure["sources"]
            cell = cells[ord(letters[figure["column"]]) - ord("A")]
            assert source["cell"] == f"inputs/indicators.xlsx:Indicators!{letters[figure['column']]}{number}"
            assert source["value"] == cell.value and source["number_format"] == cell.number_format
    status = next(f for f in report["figures"] if f["column"] == "Status")
    assert {s["cell"].rsplit("!", 1)[1] for s in status["sources"]} == {
        f"{letters[h]}{number}" for h in ("Outturn 2002/03", "Outturn 2001/02", "Target 2002/03", "Direction")
    }


def test_a_percentage_cell_shows_its_raw_fraction_and_number_format_also_from_the_cache(project: Path) -> None:
    path = project / "inputs/indicators.xlsx"
    number, letters, _ = _row_of(path, "Indicators", "BV8")
    book = openpyxl.load_workbook(path)
    cell = book["Indicators"][f"{letters['Outturn 2001/02']}{number}"]
    cell.value, cell.number_format = 0.831, "0.0%"
    book.save(path)
    for _ in range(2):  # the second time, the sheet comes from build/.cache
        assert run_bvpp(project, "build").exit_code == 0
        report = _explain(project, "plan", "bv 8")
        figure = next(f for f in report["figures"] if f["column"] == "Outturn 2001/02")
        assert figure["shown"] == "83.1%"
        assert figure["sources"][0]["value"] == 0.831 and figure["sources"][0]["number_format"] == "0.0%"
    text = run_bvpp(project, "explain", "plan", "BV8").stdout
    assert f"'83.1%'  ← inputs/indicators.xlsx:Indicators!{letters['Outturn 2001/02']}{number} = 0.831 [0.0%]" in text


def test_a_budget_line_and_its_change_are_traced_to_both_years(project: Path) -> None:
    number, letters, cells = _row_of(project / "inputs/plan-data.xlsx", "Budget", "Education")
    assert run_bvpp(project, "build").exit_code == 0
    report = _explain(project, "plan", "budget education")
    assert report["reference"] == "budget Education"
    assert [(f["column"], f["shown"]) for f in report["figures"]] == _paper_rows(paper(project, "plan"), "Education")[0]
    by_column = {f["column"]: f for f in report["figures"]}
    year_cells = [f"inputs/plan-data.xlsx:Budget!{letters[h]}{number}" for h in ("Budget 2002/03 £m", "Budget 2003/04 £m")]
    assert [s["cell"] for s in by_column["2002/03 £m"]["sources"]] == year_cells[:1]
    assert by_column["2003/04 £m"]["sources"][0]["value"] == cells[2].value
    assert [s["cell"] for s in by_column["Change £m"]["sources"]] == year_cells
    assert [s["cell"] for s in by_column["Change %"]["sources"]] == year_cells


def test_a_cpa_block_and_the_category_are_traced(project: Path) -> None:
    number, letters, cells = _row_of(project / "inputs/plan-data.xlsx", "CPA", "Education")
    report = _explain(project, "plan", "CPA Education")
    score = next(f for f in report["figures"] if f["column"].startswith("Score"))
    assert score["shown"] == str(cells[1].value)
    assert score["sources"][0]["cell"] == f"inputs/plan-data.xlsx:CPA!{letters['Score']}{number}"
    category_row, _, category = _row_of(project / "inputs/plan-data.xlsx", "CPA", "Overall category")
    report = _explain(project, "plan", "CPA category")
    shown = {f["column"]: (f["shown"], f["sources"][0]["cell"]) for f in report["figures"]}
    assert shown["Score (1 to 4)"] == (category[1].value, f"inputs/plan-data.xlsx:CPA!B{category_row}")


def test_a_covering_report_is_explained_from_its_appendix(project: Path) -> None:
    report = _explain(project, "cabinet", "BV8")
    assert {f["table"] for f in report["figures"]} >= {"Performance data and targets"}


def test_unknown_references_and_documents_are_located_errors_with_a_hint(project: Path) -> None:
    result = run_bvpp(project, "explain", "plan", "BV 999")
    assert result.exit_code == 1
    assert result.stderr.startswith("inputs/indicators.xlsx:Indicators: no figure 'BV 999' in the sheet (references: BV1a,")
    assert result.stderr.rstrip().endswith("did you mean 'BV99'?")
    result = run_bvpp(project, "explain", "plan", "budget Educaton")
    assert result.exit_code == 1 and result.stderr.startswith("inputs/plan-data.xlsx:Budget: no figure 'budget Educaton'")
    assert "BV8" not in result.stderr and result.stderr.rstrip().endswith("did you mean 'budget Education'?")
    result = run_bvpp(project, "explain", "plna", "BV8")
    assert result.exit_code == 1 and "no document 'plna' in this project (documents: cabinet, topic-group, plan)" in result.stderr
    result = run_bvpp(project, "explain", "cabinet", "CPA category", "--json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem == {"location": "bvpp.toml:documents.cabinet",
                       "message": "'cabinet' shows no figure of CPA category (papers that show it: plan)"}
