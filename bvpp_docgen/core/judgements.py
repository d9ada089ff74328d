"""Judgements on each indicator (direction of travel, target met, status) and its figures as papers show them. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from .formats import excel_round, format_number
from .indicators import Indicator, IndicatorSet, Missing, Value

# --- judgements --------------------------------------------------------------------------------

Travel = Literal["improved", "worse", "no change", "not comparable"]


def direction_of_travel(indicator: Indicator) -> Travel:
    """Compare the latest outturn with the year before, by the indicator's direction."""
    before, latest = indicator.outturns[1], indicator.outturns[2]
    if indicator.direction == "none" or before.number is None or latest.number is None:
        return "not comparable"
    old, new = _rounded(before.number, indicator), _rounded(latest.number, indicator)
    if old == new:
        return "no change"
    better = new > old if indicator.direction == "higher" else new < old
    return "improved" if better else "worse"


def target_met(indicator: Indicator) -> bool | None:
    """Return whether the latest outturn met its target, or None when it cannot be told."""
    latest, target = indicator.outturns[2], indicator.previous_target
    if indicator.direction == "none" or latest.number is None or target.number is None:
        return None
    actual, aim = _rounded(latest.number, indicator), _rounded(target.number, indicator)
    return actual >= aim if indicator.direction == "higher" else actual <= aim


def status_text(indicator: Indicator) -> str:
    """Return the status in words, e.g. `Improved; target met` (never colour alone)."""
    if indicator.direction == "none":
        return "Context only"
    if indicator.outturns[2].number is None:
        return "Awaiting outturn"
    travel = direction_of_travel(indicator)
    met = target_met(indicator)
    target = {True: "target met", False: "target not met", None: "no target to compare"}[met]
    return f"{travel.capitalize()}; {target}"


def _rounded(number: Decimal, indicator: Indicator) -> Decimal:
    """Return the figure as the tables show it: the judgements compare what members can see."""
    return excel_round(number, indicator.decimals)


# --- display -----------------------------------------------------------------------------------


def format_value(value: Value, indicator: Indicator) -> str:
    """Return a figure as the paper shows it: `62.5%`, `£1,234`, `9.8`, `6,900`, `Yes`, `n/a`."""
    if value.kind == "missing":
        return "n/a"
    if value.kind == "new":
        return "new"
    assert value.number is not None
    if indicator.unit == "yes/no":
        text = "Yes" if value.number else "No"
    else:
        number = format_number(value.number, indicator.decimals)
        if indicator.unit == "percent":
            text = f"{number}%"
        elif indicator.unit in ("£", "£ per head"):
            text = f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
        else:
            text = number
    return f"{text} (e)" if value.estimate else text


def missing_figures(indicators: IndicatorSet) -> dict[int, list[Missing]]:
    """Return, per promise, the latest outturns and the targets still missing."""
    result: dict[int, list[Missing]] = {}
    years = indicators.years
    for ind in indicators.indicators:
        wanted: Sequence[tuple[str, Value]] = [
            (f"outturn {years.outturn[-1]}", ind.outturns[-1]),
            *((f"target {y}", v) for y, v in zip(years.target, ind.targets, strict=True)),
        ]
        for what, value in wanted:
            if value.kind == "missing":
                result.setdefault(ind.promise, []).append(Missing(ind.ref, what, f"row {ind.row}"))
    return result
