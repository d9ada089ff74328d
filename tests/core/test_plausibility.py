"""Figures that look wrong (a pasted fraction, a figure a hundred times its row) are warnings at their cells."""

from __future__ import annotations

from typing import Any

import pytest

from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.judgements import format_value
from bvpp_docgen.core.narrative import Cell, Sheet
from bvpp_docgen.core.plausibility import parse_confirmation
from bvpp_docgen.errors import Location

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
YEARS = 6  # column G: Outturn 2000/01; then H, I (Outturn 2002/03), J (Target 2002/03), K, L, M


def indicator_row(unit: str, *figures: Any, ref: str = "BV2b", decimals: int = 1) -> list[Any]:
    return [ref, "An indicator", 1, unit, "higher is better", decimals, *figures, ""]


HINT = "; if it is right, add '"


def warnings_of(*rows: list[Any], percent_cells: tuple[str, ...] = (), confirmed: tuple[str, ...] = (),
                hints: bool = False) -> list[str]:
    """Read the rows as the indicator sheet (cells in `percent_cells` formatted `0.0%`) and return the warnings.

    Each warning on a figure ends by saying how to confirm it; that ending is left off unless `hints`.
    """
    def cell(value: Any, ref: str) -> Cell:
        return Cell(value, True, None, "0.0%") if ref in percent_cells else Cell(value)

    sheet_rows = [(1, tuple(Cell(h) for h in HEADERS))]
    for number, row in enumerate(rows, start=2):
        sheet_rows.append((number, tuple(cell(v, f"{chr(65 + i)}{number}") for i, v in enumerate(row))))
    sheet = Sheet("inputs/indicators.xlsx", "Indicators", tuple(sheet_rows))
    read = read_indicators(sheet, "2003/04", [1], confirmed=[parse_confirmation(c) for c in confirmed],
                           confirmed_at=Location("bvpp.toml", key="indicators.confirmed"))
    return [str(w) if hints else str(w).split(HINT)[0] for w in read.warnings]


def test_a_fraction_pasted_without_its_percent_format_is_named_at_its_cell() -> None:
    row = indicator_row("percent", "new indicator", 59.1, 0.661, 63.6, 69.7, 74.6, 79.1)
    assert warnings_of(row) == [
        "inputs/indicators.xlsx:Indicators!I2: 0.661 looks like a fraction of 1: the row's other figures read "
        "59.1 to 79.1; enter 66.1, or format the cell as a percentage",
    ]


def test_a_row_of_pasted_fractions_names_each_and_not_the_right_figures() -> None:
    row = indicator_row("percent", 0.591, 0.661, 0.7, 0.72, 75, 78, 80)
    warned = dict(w.removeprefix("inputs/indicators.xlsx:Indicators!").split(": ", 1) for w in warnings_of(row))
    assert list(warned) == ["G2", "H2", "I2", "J2"]  # 75, 78 and 80 are right: not questioned
    assert warned["G2"] == ("0.591 looks like a fraction of 1: the row's other figures read 75.0 to 80.0; "
                            "enter 59.1, or format the cell as a percentage")


def test_a_figure_a_hundred_times_its_neighbours_or_a_hundredth_of_them() -> None:
    big = indicator_row("days", 9.4, 9.1, 860, 8.4, 8.2, 7.7, 7.5, ref="BV12")
    small = indicator_row("number", 24855609, 26994171, 295798.84, 28538217, 30905394, 33731882, 36316206,
                          ref="BV102", decimals=0)
    assert warnings_of(big, small) == [
        "inputs/indicators.xlsx:Indicators!I2: 860 is about 100 times the middle of the row's other figures "
        "(7.5 to 9.4): check it; was 8.6 meant?",
        "inputs/indicators.xlsx:Indicators!I3: 295798.84 is about 1/100 of the middle of the row's other figures "
        "(24,855,609 to 36,316,206): check it; was 29579884 meant?",
    ]


def test_a_percentage_with_its_sign_a_hundredth_of_its_row_is_questioned() -> None:
    row = indicator_row("percent", "0.661%", 59.1, 66, 63.6, 69.7, 74.6, 79.1)
    assert warnings_of(row) == [
        "inputs/indicators.xlsx:Indicators!G2: 0.661 is about 1/100 of the middle of the row's other figures "
        "(59.1 to 79.1): check it; was 66.1 meant?",
    ]


def test_a_percentage_format_in_a_row_of_plain_numbers() -> None:
    one = indicator_row("number", 338, 313, 0.301, 293, 284, 265, 255, ref="BV180a", decimals=0)
    every = indicator_row("number", 0.38, 0.31, 0.30, 0.29, 0.28, 0.26, 0.25, ref="BV180b", decimals=0)
    percent_cells = ("I2", *(f"{c}3" for c in "GHIJKLM"))
    assert warnings_of(one, every, percent_cells=percent_cells) == [
        "inputs/indicators.xlsx:Indicators!I2: 0.301 is in a cell formatted as a percentage (Excel shows 30.1%), "
        "but the unit is 'number', so the paper prints 0, not 30.1%: format the cell as a number (entering the "
        "figure meant), or set the unit to percent",
        "inputs/indicators.xlsx:Indicators!D3: every figure of the row is in a cell formatted as a percentage, "
        "but the unit is 'number': set the unit to percent (or format the cells as numbers)",
    ]


def test_a_warned_figure_is_still_read_and_shown_as_written() -> None:
    row = indicator_row("percent", "new indicator", 59.1, 0.661, 63.6, 69.7, 74.6, 79.1)
    sheet = Sheet("inputs/indicators.xlsx", "Indicators",
                  ((1, tuple(Cell(h) for h in HEADERS)), (2, tuple(Cell(v) for v in row))))
    ind = read_indicators(sheet, "2003/04", [1]).indicators[0]
    assert format_value(ind.outturns[2], ind) == "0.7%"  # a warning, not a change: the team decides


QUIET = {
    "example-like percentages": indicator_row("percent", 81.3, 83.1, 84.1, 83.4, 85.5, 86.6, 88.6),
    "a row whose figures are all small": indicator_row("percent", 0.5, 0.4, 0.4, 0.4, 0.3, 0.3, 0.2),
    "zeros are real outturns and targets": indicator_row("rate per 100,000", 0.4, 0.3, 0.3, 0.3, 0.1, 0, 0),
    "a row of mostly zeros": indicator_row("number", 0, 0, 0, 0, 5, 6, 7, decimals=0),
    "lower is better, 12 down to 0.5": indicator_row("number", 12, 10, 8, 8, 5, 2, 0.5),
    "a percentage under 1 among small ones": indicator_row("percent", 0.9, 1.2, 1.4, 1.5, 1.6, 1.8, 2),
    "a new service ramping up": indicator_row("percent", 0.8, 2.5, 6.2, 9.6, 11.8, 15, 19),
    "a fraction in a percentage cell": indicator_row("percent", 0.625, 59.1, 66, 63.6, 69.7, 74.6, 79.1),
    "a fraction with only one other figure": indicator_row("percent", "n/a", "n/a", 0.5, "n/a", "n/a", 60, "n/a"),
    "large counts": indicator_row("number", 3783, 7178, 8973, 10140, 11860, 13906, 16150, decimals=0),
    "yes and no": indicator_row("yes/no", "No", "Yes", "Yes", "Yes", 1, 1, 1, decimals=0),
    "negative changes": indicator_row("number", -2.5, -1, 0.5, -1.2, 1, 2, 3),
}


@pytest.mark.parametrize("row", QUIET.values(), ids=QUIET.keys())
def test_plausible_rows_raise_no_warning(row: list[Any]) -> None:
    percent_cells = ("G2",) if row[6] == 0.625 else ()
    assert warnings_of(row, percent_cells=percent_cells) == []


def test_a_warning_says_how_to_confirm_the_figure_and_a_confirmation_silences_it_while_it_holds() -> None:
    row = indicator_row("number", 7.5, 910, 8.2, 8.8, 9.0, 9.2, 9.4, ref="BV12")
    assert warnings_of(row, hints=True) == [
        "inputs/indicators.xlsx:Indicators!H2: 910 is about 100 times the middle of the row's other figures "
        "(7.5 to 9.4): check it; was 9.1 meant?; if it is right, add 'BV12 outturn 2001/02 = 910' to confirmed "
        "under [indicators] in bvpp.toml",
    ]
    assert warnings_of(row, confirmed=("BV 12 outturn 2001/02 = 910",)) == []  # matched by key, as references are
    assert warnings_of(row, confirmed=("BV12 outturn 2001/02 = 910.0",)) == []  # the figure, however written
    changed = indicator_row("number", 7.5, 920, 8.2, 8.8, 9.0, 9.2, 9.4, ref="BV12")
    assert warnings_of(changed, confirmed=("BV12 outturn 2001/02 = 910",)) == [
        "inputs/indicators.xlsx:Indicators!H2: 920 is about 100 times the middle of the row's other figures "
        "(7.5 to 9.4): check it; was 9.2 meant?",
        "bvpp.toml:indicators.confirmed: 'BV12 outturn 2001/02 = 910' confirms a figure the indicators sheet no "
        "longer holds (it changed, or its row went): remove it from the list",
    ]


@pytest.mark.parametrize("text", ["BV12 2001/02 = 910", "BV12 outturn 2001/02", "BV12 outturn 2001 = 9", "= 910"])
def test_a_confirmation_must_name_indicator_column_year_and_figure(text: str) -> None:
    with pytest.raises(ValueError, match="is not a confirmation"):
        parse_confirmation(text)


def test_rows_within_a_factor_of_25_are_not_out_of_scale_as_the_full_check_says() -> None:
    """A row whose positive figures lie within a factor of 25 skips the check of each figure against
    the median of the others: on varied rows, the figures questioned are those the full check finds."""
    import random
    from decimal import Decimal

    from bvpp_docgen.core import plausibility
    from bvpp_docgen.core.plausibility import Figure

    def full_check(figures: list[Figure], decimals: int) -> list[tuple[Figure, str]]:
        found = []
        for figure in figures:  # the check as it was: every figure against the median of the others
            others = [f.number for f in figures if f is not figure]
            if figure.number == 0 or len(others) < plausibility.MIN_NEIGHBOURS:
                continue
            middle = abs(plausibility._median(others))
            if middle == 0:
                continue
            ratio = abs(figure.number) / middle
            if ratio > plausibility.SCALE or ratio < 1 / plausibility.SCALE:
                found.append((figure, figure.cell))
        return found

    rng = random.Random(25)
    for _ in range(3000):
        base = Decimal(rng.choice(["0.5", "1", "66.1", "1234.5", "0.0004"]))
        spread = rng.choice([1, 2, 24, 25, 26, 49, 50, 51, 100, 2500])
        numbers = [base * Decimal(rng.uniform(1, spread)).quantize(Decimal("0.001")) for _ in range(rng.randrange(0, 8))]
        if rng.random() < 0.2 and numbers:
            numbers[0] = -numbers[0] if rng.random() < 0.5 else Decimal(0)
        if rng.random() < 0.1:
            numbers = [base, base * 25, base * 25, base]  # the edge: exactly a factor of 25
        figures = [Figure(f"G{i}", n) for i, n in enumerate(numbers)]
        assert [f for f, _ in plausibility._out_of_scale(figures, 1)] == [f for f, _ in full_check(figures, 1)], numbers
