"""Figures as Excel shows them: half away from zero, on the stored value to 15 significant digits.

Each expected text below is what Excel (and LibreOffice) shows for the cell with that number
format; Python's own rounding (half to even, on the binary value) shows several differently.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bvpp_docgen.core.data import PlanData
from bvpp_docgen.core.formats import excel_round, format_millions, format_number
from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.judgements import format_value, status_text
from bvpp_docgen.core.narrative import Cell, Paragraph, Sheet, Table
from bvpp_docgen.core.plan_data import Budget, BudgetLine, read_budget
from bvpp_docgen.core.plan_sections import budget_table
from bvpp_docgen.core.sources import data_values
from bvpp_docgen.errors import DocgenError

from .helpers import make_config

ROUNDING_NOTE = "Figures may not add up because of rounding."


def stored(value: float) -> Decimal:
    """Return a cell's float as the reader hands it on: `Decimal(str(value))`."""
    return Decimal(str(value))


@pytest.mark.parametrize(("value", "decimals", "excel_shows"), [
    (77.45, 1, "77.5"),            # stored 77.4500000000000028...; Python's round() gives 77.4 (half to even)
    (12.25, 1, "12.3"),            # exactly half in binary: half to even would give 12.2
    (591.65, 1, "591.7"),          # a budget total: stored 591.6499999999999773...
    (0.125, 2, "0.13"),
    (1.005, 2, "1.01"),            # stored 1.00499999999999989...
    (1.15 - 0.1, 1, "1.1"),        # a formula's result 1.0499999999999998: Excel shows 1.05, so 1.1
    (0.1 + 0.2, 2, "0.30"),        # 0.30000000000000004
    (2.5, 0, "3"),
    (3.5, 0, "4"),
    (1234.45, 1, "1,234.5"),
    (22981, 1, "22,981.0"),
    (-0.05, 1, "-0.1"),            # negative values round away from zero too
    (-12.25, 1, "-12.3"),
    (-2.5, 0, "-3"),
    (-0.04, 1, "-0.0"),            # Excel keeps the sign of a negative that rounds to nothing
    (0, 1, "0.0"),
])
def test_numbers_show_as_excel_shows_them(value: float, decimals: int, excel_shows: str) -> None:
    assert format_number(stored(value), decimals) == excel_shows


def test_fifteen_significant_digits_then_half_away_from_zero() -> None:
    assert excel_round(stored(1.15 - 0.1), 2) == Decimal("1.05")
    assert excel_round(Decimal("0.30000000000000004"), 17) == Decimal("0.30000000000000000")
    assert format_number(Decimal("123456789012345678"), 0) == "123,456,789,012,346,000"  # Excel's 15 digits
    assert format_number(stored(0.25), 1, sign=True) == "+0.3"
    assert format_number(stored(-0.25), 1, sign=True) == "-0.3"


def test_budget_millions_round_as_excel_shows_them() -> None:
    assert format_millions(stored(591.65)) == "£591.7m"
    assert format_millions(stored(-0.45)) == "-£0.5m"


# --- indicator figures, read from an in-memory sheet --------------------------------------------

HEADERS = list(column_names(Years.for_plan("2003/04")).values())


def indicator_sheet(*rows: list[Any]) -> Sheet:
    """A sheet whose figures (columns G to M) are percent-formatted where `percent` is True in the row."""
    body = [(1, tuple(Cell(h) for h in HEADERS))]
    for number, (values, percent) in enumerate(rows, start=2):
        body.append((number, tuple(Cell(v, percent=percent and 6 <= i <= 12) for i, v in enumerate(values))))
    return Sheet("inputs/data.xlsx", "Indicators", tuple(body))


def row(ref: str, unit: str, decimals: int, figures: list[Any], direction: str = "higher is better") -> list[Any]:
    return [ref, "An indicator", 1, unit, direction, decimals, *figures, ""]


@pytest.mark.parametrize(("unit", "decimals", "figures", "percent", "excel_shows"), [
    ("percent", 1, [77.45, 12.25, 0.05, 50, 60, 70, 80], False, ["77.5%", "12.3%", "0.1%", "50.0%"]),
    ("percent", 1, [0.7745, 0.1225, 0.0005, 0.5, 0.6, 0.7, 0.8], True, ["77.5%", "12.3%", "0.1%", "50.0%"]),  # stored as fractions
    ("percent", 2, [0.12345, 0.00125, 0.99995, 0.5, 0.6, 0.7, 0.8], True, ["12.35%", "0.13%", "100.00%", "50.00%"]),
    ("days", 1, [12.25, 9.95, 0.05, 10, 9, 8, 7], False, ["12.3", "10.0", "0.1", "10.0"]),
    ("number", 0, [22980.5, 1234.5, 0.5, 10, 9, 8, 7], False, ["22,981", "1,235", "1", "10"]),
    ("£", 2, [412.505, -0.125, -12.345, 10, 9, 8, 7], False, ["£412.51", "-£0.13", "-£12.35", "£10.00"]),
    ("£ per head", 0, [-2.5, 2.5, 1250.5, 10, 9, 8, 7], False, ["-£3", "£3", "£1,251", "£10"]),
])
def test_indicator_figures_show_as_excel_shows_them(
    unit: str, decimals: int, figures: list[float], percent: bool, excel_shows: list[str]
) -> None:
    ind = read_indicators(indicator_sheet((row("BV8", unit, decimals, figures), percent)), "2003/04", [1]).indicators[0]
    assert [format_value(v, ind) for v in (*ind.outturns, ind.previous_target)] == excel_shows


def test_judgements_compare_the_figures_as_shown() -> None:
    # 77.45 and 77.5 both show as 77.5%: no change, and a 77.5% target is met by what members see.
    ind = read_indicators(indicator_sheet((row("BV8", "percent", 1, [70, 77.5, 77.45, 77.5, 80, 81, 82]), False)),
                          "2003/04", [1]).indicators[0]
    assert status_text(ind) == "No change; target met"


def test_a_percentage_that_shows_as_100_is_not_over_100() -> None:
    figures = [0.7 / 0.7 + 2.2e-16, 0.5, 0.6, 0.5, 0.6, 0.7, 0.8]  # a formula's 1.0000000000000002
    read_indicators(indicator_sheet((row("BV8", "percent", 1, figures), True)), "2003/04", [1])
    with pytest.raises(DocgenError, match=r"Indicators!G2: 100\.1% is over 100%"):
        read_indicators(indicator_sheet((row("BV8", "percent", 1, [1.001, *figures[1:]]), True)), "2003/04", [1])


def test_change_summaries_show_figures_as_the_paper_does() -> None:
    config = make_config(plan={"year": "2003/04", "title": "The plan", "sections": [
        {"id": "performance", "title": "Performance", "content": "indicators"},
        {"id": "budget", "title": "Budget", "content": "budget"},
    ]}, promises=[{"number": 1, "title": "One"}])
    workbook = read_indicators(indicator_sheet((row("BV8", "percent", 1, [0.7745, 0.1225, 0.0005, 0.5, 0.6, 0.7, 0.8]), True)),
                               "2003/04", [1])
    budget = Budget(("2002/03", "2003/04"), (BudgetLine("Education", stored(591.65), stored(12.25)),),
                    BudgetLine("Total", stored(591.65), stored(12.25)))
    values = data_values(config, "plan", PlanData(workbook=workbook, budget=budget))
    assert values["data:BV8"]["outturn 2002/03"] == "0.1%"
    assert values["data:BV8"]["outturn 2000/01"] == "77.5%"
    assert values["data:budget Education"] == {"2002/03": "£591.7m", "2003/04": "£12.3m"}
    shared: dict[str, dict[str, str]] = {}  # the papers of one load work each row's fields out once
    assert data_values(config, "plan", PlanData(workbook=workbook, budget=budget), shared) == values
    assert data_values(config, "plan", PlanData(workbook=workbook, budget=budget), shared) == values
    assert shared == {"data:BV8": values["data:BV8"]}


# --- the budget table ---------------------------------------------------------------------------


def budget_of(lines: list[tuple[str, float, float]], total: tuple[float, float]) -> Budget:
    return Budget(("2002/03", "2003/04"), tuple(BudgetLine(s, stored(a), stored(b)) for s, a, b in lines),
                  BudgetLine("Total", stored(total[0]), stored(total[1])))


def shown_budget(budget: Budget) -> tuple[list[list[str]], list[str]]:
    table, *notes = budget_table(budget)
    assert isinstance(table, Table)
    texts = [[cell[0].text for cell in r] for r in table.rows]
    return texts, [n.spans[0].text for n in notes if isinstance(n, Paragraph)]


def test_budget_lines_and_totals_round_as_excel_and_changes_come_from_the_exact_values() -> None:
    rows, notes = shown_budget(budget_of([("Education", 300.25, 310.35), ("Highways", 291.40, 281.30)], (591.65, 591.65)))
    assert rows[1:] == [
        ["Education", "300.3", "310.4", "+10.1", "+3.4%"],   # 10.10 / 300.25 = 3.36%
        ["Highways", "291.4", "281.3", "-10.1", "-3.5%"],    # -10.10 / 291.40 = -3.47%
        ["Total", "591.7", "591.7", "+0.0", "+0.0%"],
    ]
    # 300.3 + 291.4 = 591.7 and 310.4 + 281.3 = 591.7; each change is the difference of its shown figures: no note
    assert ROUNDING_NOTE not in notes


def test_a_total_that_is_not_the_sum_of_the_shown_lines_gets_the_rounding_note() -> None:
    rows, notes = shown_budget(budget_of([("Education", 1.25, 2.0), ("Highways", 1.25, 2.0)], (2.5, 4.0)))
    assert [r[1] for r in rows[1:]] == ["1.3", "1.3", "2.5"]  # 1.3 + 1.3 is 2.6
    assert notes[-1] == ROUNDING_NOTE


def test_a_change_that_is_not_the_difference_of_the_shown_figures_gets_the_rounding_note() -> None:
    rows, notes = shown_budget(budget_of([("Education", 10.04, 10.15)], (10.04, 10.15)))
    assert rows[1] == ["Education", "10.0", "10.2", "+0.1", "+1.1%"]  # 10.2 - 10.0 is 0.2; the change is 0.11
    assert notes[-1] == ROUNDING_NOTE


def test_a_budget_whose_figures_add_up_has_no_rounding_note() -> None:
    _, notes = shown_budget(budget_of([("Education", 10.1, 11.2), ("Highways", 5.3, 5.0)], (15.4, 16.2)))
    assert ROUNDING_NOTE not in notes


def test_budget_total_message_shows_figures_that_differ() -> None:
    sheet = Sheet("inputs/plan-data.xlsx", "Budget", tuple((n, tuple(Cell(v) for v in r)) for n, r in enumerate([
        ["Service", "Budget 2002/03 £m", "Budget 2003/04 £m"], ["Education", 10.04, 11.0], ["Highways", 10.04, 5.0],
        ["Total", 20.14, 16.0],
    ], start=1)))
    with pytest.raises(DocgenError) as caught:
        read_budget(sheet, "2003/04")
    assert str(caught.value) == ("inputs/plan-data.xlsx:Budget!B4: the 2002/03 lines add up to £20.08m, "
                                 "but the total says £20.14m")


def test_figures_formatted_once_read_as_formatted_afresh() -> None:
    """A figure is rounded and formatted once and remembered; the remembered text is the text worked
    out afresh, for equal numbers written differently (1.5, 1.50, 3/2), for zero with either sign, and
    for a number seen again with other decimal places or a sign."""
    from bvpp_docgen.core import formats

    numbers: list[Decimal | int] = [
        Decimal("1.5"), Decimal("1.50"), 2, Decimal("2"), Decimal("2.000"), Decimal("0"), Decimal("-0"),
        Decimal("-0.00"), 0, Decimal("0E+3"), Decimal("-0.04"), Decimal("-0.05"), Decimal("77.45"),
        Decimal("77.44999999999999"), Decimal("12345678.9012345678"), Decimal("1E+20"), Decimal("-1234.5"),
        stored(0.1 + 0.2), stored(2.675), Decimal("NaN"),
    ]
    for _ in range(2):  # the second round reads what the first remembered
        for number in numbers:
            for decimals in range(4):
                afresh = formats._excel_round(number, decimals)
                assert str(excel_round(number, decimals)) == str(afresh), (number, decimals)
                for sign in (False, True):
                    assert format_number(number, decimals, sign=sign) == f"{afresh:{'+' if sign else ''},.{decimals}f}"
    assert format_number(Decimal("-0"), 1) == "-0.0" and format_number(Decimal("0"), 1) == "0.0"
