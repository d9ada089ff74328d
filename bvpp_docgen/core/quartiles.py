"""Comparison with other authorities: each indicator's quartile position in the outturn year. Pure.

The indicator sheet may give, for the outturn year (the year before the plan year), the
thresholds `Top quartile YYYY/YY`, `Median YYYY/YY` and `Bottom quartile YYYY/YY`, or a
ready-made `Quartile YYYY/YY` (Top, Second, Third, Bottom), or both (they must agree).

The convention at a threshold: a figure equal to a threshold is in the better of the two
quartiles it separates, whichever way the indicator runs. For a higher-is-better indicator:
Top when the figure >= the top quartile threshold, Second when >= the median, Third when
>= the bottom quartile threshold, else Bottom. For a lower-is-better one the top quartile is
the lowest values: Top when <= the top quartile threshold, Second when <= the median, Third
when <= the bottom quartile threshold, else Bottom. Figures and thresholds are compared as
Excel shows them: rounded to the indicator's decimal places (`formats.excel_round`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from .formats import excel_round, format_number

if TYPE_CHECKING:
    from .indicators import Indicator, Value
    from .sheet_rows import RowCells

QUARTILES = ("Top", "Second", "Third", "Bottom")
Position = Literal["Top", "Second", "Third", "Bottom"]
QUARTILE_WORDS: dict[str, Position] = {
    "top": "Top", "top quartile": "Top", "upper": "Top", "upper quartile": "Top", "first": "Top", "1st": "Top", "1": "Top",
    "second": "Second", "second quartile": "Second", "2nd": "Second", "2": "Second",
    "third": "Third", "third quartile": "Third", "3rd": "Third", "3": "Third",
    "bottom": "Bottom", "bottom quartile": "Bottom", "lower": "Bottom", "lower quartile": "Bottom",
    "fourth": "Bottom", "4th": "Bottom", "4": "Bottom",
}
NO_QUARTILE = {"", "n/a", "na", "n.a.", "not available", "not yet available", "to follow", "tbc", "-", "–"}
THRESHOLDS = ("top", "median", "bottom")
THRESHOLD_HEADERS = {
    "top": ("top quartile", "upper quartile", "top quartile threshold"),
    "median": ("median", "median quartile"),
    "bottom": ("bottom quartile", "lower quartile", "bottom quartile threshold"),
    "quartile": ("quartile", "quartile position", "our quartile"),
}
THRESHOLD_NAMES = {"top": "top quartile threshold", "median": "median", "bottom": "bottom quartile threshold"}


@dataclass(frozen=True, slots=True)
class Comparison:
    """The comparator figures of one indicator for `year`: thresholds (None: not given) and/or a position."""

    year: str
    top: Decimal | None = None
    median: Decimal | None = None
    bottom: Decimal | None = None
    given: Position | None = None  # the sheet's ready-made `Quartile` column

    @property
    def thresholds(self) -> tuple[Decimal, Decimal, Decimal] | None:
        """Return the three thresholds (top, median, bottom), or None unless all three are given."""
        if self.top is None or self.median is None or self.bottom is None:
            return None
        return self.top, self.median, self.bottom


# --- the columns -------------------------------------------------------------------------------


def comparison_names(outturn_year: str) -> dict[str, str]:
    """Return each comparator column's key and the header a blank workbook gives it, in sheet order."""
    return {f"top:{outturn_year}": f"Top quartile {outturn_year}", f"median:{outturn_year}": f"Median {outturn_year}",
            f"bottom:{outturn_year}": f"Bottom quartile {outturn_year}", f"quartile:{outturn_year}": f"Quartile {outturn_year}"}


def comparison_key(rest: str, year: str) -> str | None:
    """Return the column key of a header naming `year` whose other words are `rest` (`median` → `median:2002/03`)."""
    return next((f"{key}:{year}" for key, aliases in THRESHOLD_HEADERS.items() if rest in aliases), None)


def has_comparators(columns: Iterable[str]) -> bool:
    """Return whether a sheet's column keys include any comparator column."""
    return any(key.split(":", 1)[0] in THRESHOLD_HEADERS for key in columns)


# --- a row -------------------------------------------------------------------------------------


def read_comparison(
    row: RowCells, year: str, read_value: Callable[[str], Value], direction: str, decimals: int, unit: str,
    latest: Value,
) -> Comparison | None:
    """Read one row's comparator cells for the outturn `year`; report each problem at its cell.

    `read_value(key)` reads a figure as the outturn cells are read (percent cells, `n/a` ...);
    `latest` is the outturn the thresholds place, checked against a ready-made quartile.
    Returns None when the row gives no comparator at all.
    """
    keys = {name: f"{name}:{year}" for name in (*THRESHOLDS, "quartile")}
    present = [name for name, key in keys.items() if key in row.columns]
    if not present:
        return None
    numbers: dict[str, Decimal | None] = {}
    for name in THRESHOLDS:
        value = read_value(keys[name]) if name in present else None
        numbers[name] = value.number if value is not None and value.kind == "value" else None
        if value is not None and value.kind == "new":
            row.fail(keys[name], f"expected the {THRESHOLD_NAMES[name]} for {year} as a number, or blank")
    given = _given(row, keys["quartile"]) if "quartile" in present else None
    comparison = Comparison(year, numbers["top"], numbers["median"], numbers["bottom"], given)
    filled = [n for n in THRESHOLDS if numbers[n] is not None]
    if not filled and given is None:
        return None
    if direction == "none":
        row.fail(keys[filled[0]] if filled else keys["quartile"], "a context indicator (direction none) has no quartile position: leave its comparator cells "
                       "blank, or give it a direction")
        return None
    if filled and len(filled) < 3:
        gap = next(n for n in THRESHOLDS if numbers[n] is None)
        where = keys[gap] if keys[gap] in row.columns else keys[filled[0]]
        row.fail(where, f"missing {THRESHOLD_NAMES[gap]} for {year}: give all three thresholds "
                        f"(top quartile, median, bottom quartile) or none")
        return None
    if comparison.thresholds is not None and not _in_order(row, keys, comparison, direction, decimals, unit):
        return None
    if given is not None and comparison.thresholds is not None and latest.number is not None:
        worked = position_of(latest.number, comparison.thresholds, direction, decimals)
        if worked != given:
            top, median, bottom = (_shown(n, decimals, unit) for n in comparison.thresholds)
            row.fail(keys["quartile"], (
                f"the Quartile column says {given}, but the thresholds (top quartile {top}, median {median}, bottom "
                f"quartile {bottom}) place the {year} outturn {_shown(latest.number, decimals, unit)} in the {worked} "
                "quartile: correct one of them, or leave the Quartile column blank"))
            return None
    return comparison


def _given(row: RowCells, key: str) -> Position | None:
    text = row.text(key)
    lowered = " ".join(text.lower().split())
    if lowered in NO_QUARTILE:
        return None
    if lowered in QUARTILE_WORDS:
        return QUARTILE_WORDS[lowered]
    row.fail(key, f"unknown quartile {text!r}: write Top, Second, Third or Bottom (or leave it blank)")
    return None


def _in_order(row: RowCells, keys: dict[str, str], comparison: Comparison, direction: str, decimals: int, unit: str) -> bool:
    """Check the thresholds run the way the indicator does (equal thresholds are allowed)."""
    assert comparison.thresholds is not None
    top, median, bottom = (excel_round(n, decimals) for n in comparison.thresholds)
    higher = direction == "higher"
    best, worst = ("highest", "lowest") if higher else ("lowest", "highest")
    ok = True
    for name, better, worse in (("median", top, median), ("bottom", median, bottom)):
        if (worse > better) if higher else (worse < better):
            above = "above" if higher else "below"
            before = "top quartile threshold" if name == "median" else "median"
            msg = (f"the {THRESHOLD_NAMES[name]} ({_shown(worse, decimals, unit)}) is {above} the {before} "
                   f"({_shown(better, decimals, unit)}): for a {direction}-is-better indicator the top quartile holds "
                   f"the {best} values and the bottom quartile the {worst}; check the order of the thresholds")
            row.fail(keys[name], msg)
            ok = False
    return ok


def _shown(number: Decimal, decimals: int, unit: str) -> str:
    text = format_number(number, decimals)
    return f"{text}%" if unit == "percent" else text


# --- the position ------------------------------------------------------------------------------


def position_of(figure: Decimal, thresholds: tuple[Decimal, Decimal, Decimal], direction: str, decimals: int) -> Position:
    """Return the quartile of `figure` between (top, median, bottom) thresholds, as Excel shows them.

    A figure equal to a threshold is in the better quartile (see the module's docstring).
    """
    value = excel_round(figure, decimals)
    top, median, bottom = (excel_round(n, decimals) for n in thresholds)
    if direction == "lower":
        value, top, median, bottom = -value, -top, -median, -bottom
    if value >= top:
        return "Top"
    if value >= median:
        return "Second"
    if value >= bottom:
        return "Third"
    return "Bottom"


def quartile_position(indicator: Indicator) -> Position | None:
    """Return the council's quartile for the indicator's latest outturn (the outturn year), or None.

    None: no comparator figures, a context indicator, or no outturn to place. The fact a
    snippet cites as `[[BV82a.quartile]]`. The thresholds place the outturn; the ready-made
    position is used when there are no thresholds or no outturn to place (when both can be
    compared they agree: the sheet is refused otherwise).
    """
    comparison = indicator.comparison
    if comparison is None or indicator.direction == "none":
        return None
    latest = indicator.outturns[-1]
    if comparison.thresholds is not None and latest.number is not None:
        return position_of(latest.number, comparison.thresholds, indicator.direction, indicator.decimals)
    return comparison.given
