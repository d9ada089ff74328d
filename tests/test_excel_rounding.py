"""Figures as Excel shows them, end to end: a workbook saved with x.x5 values, a build, the plan read back.

The expected texts are what Excel shows for those cells (half away from zero), worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from docx import Document

from .conftest import paper, run_bvpp
from .readback import body_tables

ROUNDING_NOTE = "Figures may not add up because of rounding."


def _set(workbook: Path, sheet: str, key: str, values: dict[int, tuple[float, str]]) -> None:
    """Set cells of the row whose first cell is `key`: column number → (value, number format)."""
    book = openpyxl.load_workbook(workbook)
    row = next(r for r in book[sheet].iter_rows(min_row=2) if r[0].value == key)
    for column, (value, number_format) in values.items():
        row[column - 1].value, row[column - 1].number_format = value, number_format
    book.save(workbook)


def _rows(docx: Path, first: str) -> list[list[str]]:
    """Return the texts of the rows of the tables whose header starts with `first`."""
    tables = [t for t in body_tables(Document(str(docx))) if t.rows[0].cells[0].text == first]
    return [[c.text for c in r.cells] for t in tables for r in t.rows]


def _indicator_rows(docx: Path, ref: str) -> list[dict[str, str]]:
    """Return each row of indicator `ref` in the paper, as column header (one line) → text."""
    found = []
    for table in body_tables(Document(str(docx))):
        header = [" ".join(c.text.split()) for c in table.rows[0].cells]
        if header[0] == "Ref":
            found += [dict(zip(header, (c.text for c in r.cells), strict=True)) for r in table.rows if r.cells[0].text == ref]
    return found


def _notes_under(docx: Path, first: str) -> list[str]:
    """Return the table notes straight under the table whose header starts with `first`."""
    body = Document(str(docx)).element.body
    table = next(t for t in body.xpath(".//w:tbl[not(ancestor::w:tbl)]") if t.xpath("string(./w:tr[1]/w:tc[1])") == first)
    texts = []
    for sibling in table.itersiblings():
        if sibling.xpath("string(./w:pPr/w:pStyle/@w:val)") != "TableNote":
            break
        texts.append(sibling.xpath("string(.)"))
    return texts


def test_the_plan_shows_figures_as_excel_does_and_says_when_they_do_not_add_up(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    indicators, plan_data = project / "inputs" / "indicators.xlsx", project / "inputs" / "plan-data.xlsx"
    # BV2b, percent to 1 decimal place: 2001/02 stored as a fraction in a % cell, 2002/03 as a plain number
    _set(indicators, "Indicators", "BV2b", {8: (0.1225, "0.00%"), 9: (77.45, "0.0"), 10: (77.5, "0.0")})
    # the budget: two lines ending in .x5; the total is their exact sum
    _set(plan_data, "Budget", "Education", {2: (521.65, "0.0")})
    _set(plan_data, "Budget", "Social services", {2: (196.35, "0.0")})
    _set(plan_data, "Budget", "Total", {2: (877.9, "0.0")})
    result = run_bvpp(project, "build")
    assert result.exit_code == 0, result.stderr
    plan = paper(project, "plan", 2)

    bv2b = _indicator_rows(plan, "BV2b")
    assert len(bv2b) == 2  # its promise's table and the annex
    for row in bv2b:
        # Excel shows 12.25% as 12.3% and 77.45 as 77.5: 77.5 meets the 77.5 target as members see it
        assert [row["Outturn 2000/01"], row["Outturn 2001/02"], row["Outturn 2002/03"]] == ["new", "12.3%", "77.5%"]
        assert row["Status"] == "Improved; target met"

    budget = _rows(plan, "Service")
    assert budget[1] == ["Education", "521.7", "556.4", "+34.8", "+6.7%"]  # change 34.75; 34.75 / 521.65 = 6.66%
    assert budget[2] == ["Social services", "196.4", "212.8", "+16.5", "+8.4%"]  # change 16.45; 8.38%
    assert budget[-1] == ["Total", "877.9", "939.5", "+61.6", "+7.0%"]
    shown_lines = sum(float(r[1]) for r in budget[1:-1])
    assert round(shown_lines, 1) == 878.0  # what a reader adding the column gets: not the 877.9 shown
    assert _notes_under(plan, "Service")[-1] == ROUNDING_NOTE

    register = json.loads((project / "bvpp-register.json").read_text(encoding="utf-8"))
    changes = register["documents"]["plan"]["versions"][-1]["changes"]
    assert "data changed: BV2b outturn 2001/02: 59.1% → 12.3%" in changes
    assert "data changed: BV2b outturn 2002/03: 66.1% → 77.5%" in changes
    assert "data changed: budget Education 2002/03: £521.6m → £521.7m" in changes


def test_the_example_budget_adds_up_and_has_no_rounding_note(built_example: Path) -> None:
    assert ROUNDING_NOTE not in _notes_under(paper(built_example, "plan"), "Service")
