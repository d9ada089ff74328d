"""Sheets as councils write them: title rows above the header, notes under the total, figures stored as text."""

from __future__ import annotations

from decimal import Decimal

from bvpp_docgen.core.indicators import read_indicators
from bvpp_docgen.core.plan_data import read_budget

from .test_sheets import GOOD, HEADERS, errors_of, sheet

BUDGET = ["Service", "Budget 2002/03 £m", "Budget 2003/04 £m"]


def test_a_title_above_the_header_names_the_header_row() -> None:
    titled = sheet(["Performance indicators 2003/04"], [None], HEADERS, GOOD)
    titled = type(titled)(titled.path, titled.name, tuple(r for r in titled.rows if any(c.value for c in r[1])))
    assert errors_of(lambda: read_indicators(titled, "2003/04", [1])) == [
        "inputs/data.xlsx:Indicators!3:3: row 3 looks like the header; the header must be on row 1: delete the rows above it",
    ]
    assert errors_of(lambda: read_budget(sheet(["Budget"], BUDGET, ["Total", 1, 1], name="Budget"), "2003/04")) == [
        "inputs/data.xlsx:Budget!2:2: row 2 looks like the header; the header must be on row 1: delete the row above it",
    ]


def test_a_header_with_a_typo_is_still_named_as_missing_a_column() -> None:
    headers = [h.replace("Unit", "Units of measure") for h in HEADERS]
    assert errors_of(lambda: read_indicators(sheet(headers, GOOD), "2003/04", [1])) == [
        "inputs/data.xlsx:Indicators!1:1: missing column 'Unit'",
    ]


def test_an_empty_promise_or_direction_is_missing_not_none() -> None:
    row = list(GOOD)
    row[2], row[4] = None, None
    assert errors_of(lambda: read_indicators(sheet(HEADERS, row), "2003/04", [1])) == [
        "inputs/data.xlsx:Indicators!C2: missing promise number: the number of the promise in bvpp.toml this indicator serves",
        "inputs/data.xlsx:Indicators!E2: missing direction: 'higher is better', 'lower is better' or 'none'",
    ]


def test_a_note_below_the_total_is_named_at_its_cell() -> None:
    rows = sheet(BUDGET, ["Education", 10, 11], ["Total", 10, 11], ["Figures exclude schools"], name="Budget")
    assert errors_of(lambda: read_budget(rows, "2003/04")) == [
        "inputs/data.xlsx:Budget!A4: a note below the Total row: the plan shows no notes from the sheet; delete the row, "
        "or put the note in the budget section's snippet",
    ]


def test_a_figure_stored_as_text_that_sum_skips_is_named() -> None:
    rows = sheet(BUDGET, ["Education", "10.5", 11], ["Fire", 2, 3], ["Total", 2, 14], name="Budget")
    assert errors_of(lambda: read_budget(rows, "2003/04")) == [
        "inputs/data.xlsx:Budget!B2: 10.5 is stored as text: Excel's SUM leaves it out, so the sheet's total differs; "
        "make it a number (in Excel: the green triangle, Convert to Number)",
    ]
    typed = sheet(BUDGET, ["Education", "10.5", 11], ["Fire", 2, 3], ["Total", 12.5, 14], name="Budget")
    assert read_budget(typed, "2003/04").lines[0].previous == Decimal("10.5")  # a total typed in: it adds up
