"""Quartile positions against other authorities, on in-memory sheets: at and around each threshold,
for higher- and lower-is-better indicators, compared as Excel shows the figures; and the
comparator columns' problems, each at its cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.narrative import Cell, Sheet
from bvpp_docgen.core.quartiles import position_of, quartile_position
from bvpp_docgen.errors import DocgenError

HEADERS = [*column_names(Years.for_plan("2003/04")).values(),
           "Top quartile 2002/03", "Median 2002/03", "Bottom quartile 2002/03", "Quartile 2002/03"]


def _row(outturn: object, top: object = None, median: object = None, bottom: object = None, given: object = None,
         direction: str = "higher is better", ref: str = "BV8", decimals: int = 1, unit: str = "percent") -> list[object]:
    return [ref, "An indicator", 1, unit, direction, decimals, 80, 85, outturn, 88, 92, 93, 94, "",
            top, median, bottom, given]


def _read(*rows: list[object], headers: list[str] = HEADERS):  # type: ignore[no-untyped-def]
    sheet = Sheet("in.xlsx", "Indicators", tuple((n, tuple(Cell(v) for v in r)) for n, r in enumerate([headers, *rows], 1)))
    return read_indicators(sheet, "2003/04", [1])


# thresholds 60 / 50 / 40 for higher is better; 40 / 50 / 60 for lower is better
HIGHER = [(70, "Top"), (60.01, "Top"), (60, "Top"), (59.96, "Top"), (59.94, "Second"), (59.9, "Second"), (50, "Second"),
          (49.9, "Third"), (40, "Third"), (39.95, "Third"), (39.94, "Bottom"), (39.9, "Bottom"), (0, "Bottom")]
LOWER = [(30, "Top"), (40, "Top"), (40.04, "Top"), (40.05, "Second"), (40.1, "Second"), (50, "Second"),
         (50.1, "Third"), (60, "Third"), (60.04, "Third"), (60.05, "Bottom"), (60.1, "Bottom"), (100, "Bottom")]


@pytest.mark.parametrize(("outturn", "expected"), HIGHER)
def test_higher_is_better_a_figure_at_a_threshold_is_in_the_better_quartile(outturn: float, expected: str) -> None:
    (ind,) = _read(_row(outturn, 60, 50, 40)).indicators
    assert quartile_position(ind) == expected


@pytest.mark.parametrize(("outturn", "expected"), LOWER)
def test_lower_is_better_the_top_quartile_is_the_lowest_values(outturn: float, expected: str) -> None:
    (ind,) = _read(_row(outturn, 40, 50, 60, direction="lower is better")).indicators
    assert quartile_position(ind) == expected


@pytest.mark.parametrize(("figure", "thresholds", "direction", "decimals", "expected"), [
    ("77.45", ("77.5", "70", "60"), "higher", 1, "Top"),  # shown as 77.5: at the threshold
    ("77.44999999999999", ("77.5", "70", "60"), "higher", 1, "Top"),  # =77.4+0.05, which Excel shows as 77.5
    ("77.44", ("77.5", "70", "60"), "higher", 1, "Second"),  # shown as 77.4
    ("8.64", ("8.6", "9", "10"), "lower", 1, "Top"),  # shown as 8.6
    ("8.65", ("8.6", "9", "10"), "lower", 1, "Second"),  # shown as 8.7
    ("12", ("12.4", "15", "18"), "lower", 0, "Top"),  # 12.4 shows as 12 with no decimals
])
def test_figures_and_thresholds_are_compared_as_shown(
    figure: str, thresholds: tuple[str, str, str], direction: str, decimals: int, expected: str,
) -> None:
    top, median, bottom = (Decimal(t) for t in thresholds)
    assert position_of(Decimal(figure), (top, median, bottom), direction, decimals) == expected


def test_equal_thresholds_are_allowed_and_place_the_figure_in_the_best_quartile_they_allow() -> None:
    (ind,) = _read(_row(100, 100, 100, 98)).indicators
    assert quartile_position(ind) == "Top"


@pytest.mark.parametrize(("given", "expected"), [("Top", "Top"), ("second", "Second"), ("3rd", "Third"),
                                                 ("Bottom quartile", "Bottom"), ("n/a", None), (None, None)])
def test_a_ready_made_quartile_is_used_as_given(given: str | None, expected: str | None) -> None:
    (ind,) = _read(_row(90, given=given)).indicators
    assert quartile_position(ind) == expected


def test_no_comparators_no_outturn_or_no_comparator_columns_give_no_position() -> None:
    missing, no_outturn, context = _read(
        _row(90), _row("n/a", 60, 50, 40, ref="BV9"), _row(5, ref="BV10", direction="none")).indicators
    assert [quartile_position(i) for i in (missing, no_outturn, context)] == [None, None, None]
    (plain,) = _read(_row(90)[:14], headers=HEADERS[:14]).indicators
    assert plain.comparison is None and quartile_position(plain) is None


def test_percent_cells_are_read_as_the_outturns_are() -> None:
    sheet = Sheet("in.xlsx", "Indicators", (
        (1, tuple(Cell(v) for v in HEADERS)),
        (2, (*(Cell(v) for v in _row(55)[:14]), Cell(0.6, percent=True), Cell("50%"), Cell(0.4, percent=True))),
    ))
    (ind,) = read_indicators(sheet, "2003/04", [1]).indicators
    assert quartile_position(ind) == "Second"


@pytest.mark.parametrize(("row", "cell", "words"), [
    (_row(55, 50, 60, 40), "P2", "the median (60.0%) is above the top quartile threshold (50.0%)"),
    (_row(55, 60, 40, 50), "Q2", "the bottom quartile threshold (50.0%) is above the median (40.0%)"),
    (_row(55, 60, 50, 40, direction="lower is better"), "P2",
     "the median (50.0%) is below the top quartile threshold (60.0%): for a lower-is-better indicator the top "
     "quartile holds the lowest values"),
    (_row(55, given="Upper middle"), "R2", "unknown quartile 'Upper middle': write Top, Second, Third or Bottom"),
    (_row(55, 60, 50, 40, given="Top"), "R2",
     "the Quartile column says Top, but the thresholds (top quartile 60.0%, median 50.0%, bottom quartile 40.0%) "
     "place the 2002/03 outturn 55.0% in the Second quartile"),
    (_row(55, 60, None, 40), "P2", "missing median for 2002/03: give all three thresholds"),
    (_row(55, "sixty", 50, 40), "O2", "expected a number, not 'sixty'"),
    (_row(55, 60, 50, 40, direction="none"), "O2", "a context indicator (direction none) has no quartile position"),
])
def test_comparator_problems_are_located_at_their_cells(row: list[object], cell: str, words: str) -> None:
    with pytest.raises(DocgenError) as caught:
        _read(row)
    assert f"in.xlsx:Indicators!{cell}: {words}" in str(caught.value)


def test_both_kinds_agreeing_are_accepted() -> None:
    (ind,) = _read(_row(55, 60, 50, 40, given="Second")).indicators
    assert quartile_position(ind) == "Second"
