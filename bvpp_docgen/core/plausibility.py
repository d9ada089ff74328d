"""Plausibility of an indicator row's figures: a fraction pasted without its % format, a figure a
hundred times (or a hundredth of) its neighbours, a percentage format in a row that is not one. Pure.

The rules (docs/workbook.md, "Figures that look wrong"): a row's figures are its year columns
(the three outturns, last year's target and the three targets). Each figure is compared with
the middle (median) of the row's other figures, and only when there are at least two of them;
zero is never questioned (it is a real outturn), and a median of zero compares nothing. The
rules warn; they never stop a build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..errors import Location, Notice
from .formats import excel_value, format_number

SCALE = Decimal(50)  # a figure over 50 times (or under 1/50 of) its neighbours' median is questioned
FRACTION = Decimal(10)  # a % row's plain 0..1 figure under 1/10 of its neighbours' median may be a fraction
MIN_NEIGHBOURS = 2
MARGIN = Decimal("1.5")  # a fraction "sits among" the others if 100 times it is within their range, half as wide again

Written = Literal["plain", "percent format", "percent sign"]

# a figure the performance team has checked, as bvpp.toml's [indicators] confirmed lists it
_CONFIRMATION = re.compile(r"\s*(?P<ref>.+?)\s+(?P<kind>outturn|target)\s+(?P<year>\d{4}/\d{2})\s*=\s*(?P<figure>-?[\d.,]+)\s*",
                           re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A figure confirmed as right though it looks wrong: `BV82c outturn 2000/01 = 910`."""

    text: str
    reference: str
    column: str  # the indicator sheet's column key: `outturn:2000/01`, `target:2003/04`
    figure: Decimal


def parse_confirmation(text: str) -> Confirmation:
    """Read one confirmation; raise ValueError saying the form if it does not fit it."""
    match = _CONFIRMATION.fullmatch(text)
    try:
        figure = Decimal(match.group("figure").replace(",", "")) if match else None
    except ArithmeticError:
        figure = None
    if match is None or figure is None:
        raise ValueError(f"{text!r} is not a confirmation: write the indicator, 'outturn' or 'target', "
                         "the year and the figure, as the warning gives it: 'BV82c outturn 2000/01 = 910'")
    return Confirmation(text, match.group("ref"), f"{match.group('kind').lower()}:{match.group('year')}", figure)


def confirmation_text(reference: str, column: str, number: Decimal) -> str:
    """Return the line that confirms a figure: `BV82c outturn 2000/01 = 910`."""
    kind, _, year = column.partition(":")
    return f"{reference} {kind} {year} = {_written(number)}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of a row as the cell holds it: where, the number read, and how it was written.

    `plain`: a bare number (or text such as `66.1`); `percent format`: a number in a cell
    formatted as a percentage (for a % row, already multiplied by 100); `percent sign`: text
    such as `66.1%`.
    """

    cell: str
    number: Decimal
    written: Written = "plain"
    column: str = ""  # the sheet's column key, `outturn:2000/01`


def confirmed_notices(
    notices: Sequence[Notice], figures: Sequence[Figure], reference: str, confirmed: Mapping[str, Confirmation],
    used: set[str],
) -> list[Notice]:
    """Drop the warnings on figures confirmed as they stand; tell how to confirm the others.

    `confirmed` holds the row's confirmations by column key; those that match their figure are
    added to `used` (the others are stale: the figure changed since it was confirmed).
    """
    by_cell = {f.cell: f for f in figures}
    for figure in figures:
        confirmation = confirmed.get(figure.column)
        if confirmation is not None and confirmation.figure == Decimal(_written(figure.number)):
            used.add(confirmation.text)
    kept = []
    for notice in notices:
        warned = by_cell.get(notice.location.cell or "") if notice.location else None
        if warned is None:
            kept.append(notice)
        elif confirmed.get(warned.column) is None or confirmed[warned.column].text not in used:
            line = confirmation_text(reference, warned.column, warned.number)
            hint = f"; if it is right, add '{line}' to confirmed under [indicators] in bvpp.toml"
            kept.append(Notice(notice.message + hint, notice.location))
    return kept


def row_notices(
    figures: Sequence[Figure], unit: str, decimals: int, where: Callable[[str], Location], unit_cell: str,
) -> list[Notice]:
    """Return a warning for each figure of one indicator row that looks wrong, at its cell."""
    if unit == "yes/no":
        return []
    notices: dict[str, Notice] = {}
    rest = list(figures)
    if unit != "percent":
        formatted = [f for f in figures if f.written == "percent format"]
        if formatted and len(formatted) == len(figures):
            msg = (f"every figure of the row is in a cell formatted as a percentage, but the unit is {unit!r}: "
                   "set the unit to percent (or format the cells as numbers)")
            return [Notice(msg, where(unit_cell))]
        for figure in formatted:
            notices[figure.cell] = Notice(_percent_format(figure, unit, decimals), where(figure.cell))
        rest = [f for f in figures if f.written != "percent format"]
    else:
        for figure, message in _fractions(rest, decimals):
            notices[figure.cell] = Notice(message, where(figure.cell))
        rest = [f for f in rest if f.cell not in notices]
    for figure, message in _out_of_scale(rest, decimals):
        notices[figure.cell] = Notice(message, where(figure.cell))
    return [notices[f.cell] for f in figures if f.cell in notices]


def _fractions(figures: Sequence[Figure], decimals: int) -> list[tuple[Figure, str]]:
    """Return a % row's plain figures between 0 and 1 that read as fractions of 1 (0.661 for 66.1%).

    One is when the row's other figures (those that are not such candidates) number two or more,
    their median is at least ten times it, and a hundred times it falls between two thirds of
    their lowest and one and a half times their highest (66.1 sits among 59.1 to 79.1).
    """
    candidates = [f for f in figures if f.written == "plain" and 0 < f.number < 1]
    if not candidates:
        return []
    candidate_ids = {id(c) for c in candidates}
    others = [f.number for f in figures if id(f) not in candidate_ids]
    if len(others) < MIN_NEIGHBOURS:
        return []
    middle, low, high = _median(others), min(others), max(others)
    found = []
    for figure in candidates:
        meant = figure.number * 100
        if middle >= FRACTION * figure.number and low / MARGIN <= meant <= high * MARGIN:
            msg = (f"{_written(figure.number)} looks like a fraction of 1: the row's other figures read "
                   f"{_range(others, decimals)}; enter {_written(meant)}, or format the cell as a percentage")
            found.append((figure, msg))
    return found


def _out_of_scale(figures: Sequence[Figure], decimals: int) -> list[tuple[Figure, str]]:
    """Return the figures over 50 times, or under a fiftieth of, the median of the row's others."""
    numbers = [f.number for f in figures]
    if numbers and min(numbers) > 0 and max(numbers) <= min(numbers) * SCALE / 2:
        return []  # all within a factor of 25 of each other: no median of the others is 50 times one, nor a fiftieth
    found = []
    for figure in figures:
        others = [f.number for f in figures if f is not figure]
        if figure.number == 0 or len(others) < MIN_NEIGHBOURS:
            continue
        middle = abs(_median(others))
        if middle == 0:
            continue
        ratio = abs(figure.number) / middle
        if ratio > SCALE:
            size = f"about {_about(ratio)} times"
        elif ratio < 1 / SCALE:
            size = f"about 1/{_about(1 / ratio)} of"
        else:
            continue
        msg = (f"{_written(figure.number)} is {size} the middle of the row's other figures "
               f"({_range(others, decimals)}): check it{_hint(figure.number, ratio, others)}")
        found.append((figure, msg))
    return found


def _percent_format(figure: Figure, unit: str, decimals: int) -> str:
    shown = _written(figure.number * 100)
    return (f"{_written(figure.number)} is in a cell formatted as a percentage (Excel shows {shown}%), but the unit "
            f"is {unit!r}, so the paper prints {format_number(figure.number, decimals)}, not {shown}%: format the "
            "cell as a number (entering the figure meant), or set the unit to percent")


def _hint(number: Decimal, ratio: Decimal, others: Sequence[Decimal]) -> str:
    """Suggest the figure moved by the power of ten nearest the ratio, if that sits among the others."""
    power = round(ratio.log10())
    if power == 0:
        return ""
    meant = number.scaleb(-power)
    low, high = min(others), max(others)
    return f"; was {_written(meant)} meant?" if low / 2 <= meant <= high * 2 else ""


def _median(numbers: Sequence[Decimal]) -> Decimal:
    ordered = sorted(numbers)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _about(ratio: Decimal) -> str:
    """Return a ratio (over 50) to two significant digits: `96`, `1,100`."""
    return f"{int(Decimal(f'{ratio:.2g}')):,}"


def _range(numbers: Sequence[Decimal], decimals: int) -> str:
    low, high = min(numbers), max(numbers)
    if format_number(low, decimals) == format_number(high, decimals):
        return format_number(low, decimals)
    return f"{format_number(low, decimals)} to {format_number(high, decimals)}"


def _written(number: Decimal) -> str:
    """Return a number as a person would type it: `0.661`, `6610`, `66.1` (no exponent, no trailing zeros)."""
    return f"{excel_value(number).normalize():f}"
