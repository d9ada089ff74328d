"""The indicator and plan sheet contracts on sheets built in memory: exact messages at their cells."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.judgements import format_value, status_text
from bvpp_docgen.core.narrative import Cell, Sheet
from bvpp_docgen.core.plan_data import read_budget
from bvpp_docgen.errors import DocgenError

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
GOOD = ["BV 8", "Invoices paid on time", 1, "percent", "higher is better", 1, 80, 85, 90.25, 88, 92, 93, 94, ""]


def sheet(*rows: list[Any], name: str = "Indicators") -> Sheet:
    return Sheet("inputs/data.xlsx", name, tuple((n, tuple(Cell(v) for v in row)) for n, row in enumerate(rows, start=1)))


def errors_of(action: Any) -> list[str]:
    with pytest.raises(DocgenError) as caught:
        action()
    return str(caught.value).splitlines()


def test_a_good_row_is_read_and_shown_as_the_paper_shows_it() -> None:
    indicators = read_indicators(sheet(HEADERS, GOOD), "2003/04", [1])
    ind = indicators.indicators[0]
    assert (ind.ref, ind.key) == ("BV 8", "BV8")  # printed as written, matched by its key
    assert [format_value(v, ind) for v in ind.outturns] == ["80.0%", "85.0%", "90.3%"]  # Excel shows 90.25 as 90.3
    assert status_text(ind) == "Improved; target met"


def test_unknown_promise_and_bad_figure_are_reported_at_their_cells() -> None:
    row = list(GOOD)
    row[2], row[8] = 9, "lots"
    assert errors_of(lambda: read_indicators(sheet(HEADERS, row), "2003/04", [1, 2])) == [
        "inputs/data.xlsx:Indicators!C2: promise 9 is not defined in bvpp.toml [[promises]] (promises: 1, 2)",
        "inputs/data.xlsx:Indicators!I2: expected a number, not 'lots'",
    ]


def test_missing_column_names_the_nearest_header_and_unknown_ones_are_warnings() -> None:
    headers = [h.replace("Target 2005/06", "Target 2005/6") for h in HEADERS]
    assert errors_of(lambda: read_indicators(sheet(headers, GOOD), "2003/04", [1])) == [
        "inputs/data.xlsx:Indicators!1:1: missing column 'Target 2005/06' (nearest header: 'Target 2005/6')",
    ]
    read = read_indicators(sheet([*HEADERS, "Owner"], [*GOOD, "Jo"]), "2003/04", [1])
    assert [str(w) for w in read.warnings] == [
        "inputs/data.xlsx:Indicators!O1: column 'Owner' is not part of the workbook contract; ignored"
    ]


def test_a_column_twice_is_an_error_at_the_second() -> None:
    assert errors_of(lambda: read_indicators(sheet([*HEADERS, "Ref"], [*GOOD, "x"]), "2003/04", [1])) == [
        "inputs/data.xlsx:Indicators!O1: column 'Ref' appears twice (also at A1)",
    ]


def test_budget_figures_read_with_their_total() -> None:
    budget = read_budget(sheet(["Service", "Budget 2002/03 £m", "Budget 2003/04 £m"], ["Education", 10.0, 11.5],
                               ["Total", 10, 11.5], name="Budget"), "2003/04")
    assert (budget.lines[0].service, budget.total.current) == ("Education", Decimal("11.5"))
