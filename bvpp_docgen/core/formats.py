"""Locale-independent display formats for dates, times, numbers and financial years: the one copy.

A council paper writes them this way; the register's values use the same functions, so that
what it says changed reads as the paper shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(day: dt.date) -> str:
    """Return `7 May 2003`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_long_date(day: dt.date) -> str:
    """Return `Wednesday 7 May 2003`."""
    return f"{WEEKDAYS[day.weekday()]} {format_date(day)}"


def format_month(day: dt.date) -> str:
    """Return `May 2003`."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def format_time(moment: dt.time) -> str:
    """Return `2.00 p.m.`, `10.30 a.m.` or `12.00 noon`."""
    if moment.hour == 12 and moment.minute == 0:
        return "12.00 noon"
    hour = moment.hour % 12 or 12
    suffix = "a.m." if moment.hour < 12 else "p.m."
    return f"{hour}.{moment.minute:02d} {suffix}"


def meeting_heading(day: dt.date, moment: dt.time | None) -> str:
    """Return the header line `MONDAY 28 APRIL 2003 AT 2.00 P.M.`."""
    text = format_long_date(day)
    if moment is not None:
        text += f" at {format_time(moment)}"
    return text.upper()


def financial_year(start: int) -> str:
    """Return the financial year that starts in April of `start`, as `2003/04`."""
    return f"{start}/{(start + 1) % 100:02d}"


YEAR = re.compile(r"(\d{4})\s*[/-]\s*(\d{4}|\d{2})")


@dataclass(frozen=True, slots=True)
class YearFound:
    """A financial year written in a text, and where."""

    label: str | None  # `2003/04`; None when the second year does not follow the first
    start: int
    end: int


def find_financial_year(text: str) -> YearFound | None:
    """Find `2003/04`, `2003-04`, `2003/2004` or `2003 - 2004` in `text`; None if there is none."""
    match = YEAR.search(text)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2)[-2:])
    return YearFound(financial_year(start) if (start + 1) % 100 == end else None, match.start(), match.end())


# --- figures, rounded as Excel shows them -------------------------------------------------------

EXCEL_DIGITS = 15  # Excel shows a number from its value to 15 significant digits
_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)  # ROUND_HALF_UP is half away from zero, as Excel


def excel_value(number: Decimal | int) -> Decimal:
    """Return `number` to 15 significant digits: the value Excel shows a stored float from.

    A cell holding 77.45 stores 77.4500000000000028...; one holding =77.4+0.05 stores
    77.4499999999999957..., read as `77.44999999999999`; Excel shows both as 77.45.
    """
    value = Decimal(number)
    if not value.is_finite() or value.is_zero():
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - EXCEL_DIGITS + 1), context=_CONTEXT)


def excel_round(number: Decimal | int, decimals: int) -> Decimal:
    """Return `number` rounded as Excel shows it with `decimals` places: half away from zero,
    on its 15-significant-digit value (77.45 → 77.5, 12.25 → 12.3, -0.05 → -0.1).
    """
    key = _key(number, decimals)
    try:
        return _ROUNDED[key]
    except KeyError:
        pass
    except TypeError:  # a signalling NaN cannot be a key: no memo
        return _excel_round(number, decimals)
    if len(_ROUNDED) >= _MEMO_SIZE:
        _ROUNDED.clear()
    rounded = _ROUNDED[key] = _excel_round(number, decimals)
    return rounded


def _excel_round(number: Decimal | int, decimals: int) -> Decimal:
    return excel_value(number).quantize(Decimal(1).scaleb(-decimals), context=_CONTEXT)


def format_number(number: Decimal | int, decimals: int, *, sign: bool = False) -> str:
    """Return `1,234.5` for 1234.45 with one decimal place, rounded as Excel shows it (`excel_round`);
    `sign`: `+1.2`, `-1.2`, as a change is written.
    """
    key = (_key(number, decimals), sign)
    try:
        return _FORMATTED[key]
    except KeyError:
        pass
    except TypeError:
        return f"{_excel_round(number, decimals):{'+' if sign else ''},.{decimals}f}"
    if len(_FORMATTED) >= _MEMO_SIZE:
        _FORMATTED.clear()
    text = _FORMATTED[key] = f"{excel_round(number, decimals):{'+' if sign else ''},.{decimals}f}"
    return text


# A figure is rounded and formatted once: a plan shows each in a table, the annex, the register's
# values and the judgements. Equal numbers round alike (1.50 as 1.5), except zero's sign (-0.0 shows
# as `-0.0`), so a zero is keyed by how it is written.
_MEMO_SIZE = 1 << 16
_ROUNDED: dict[tuple[object, int], Decimal] = {}
_FORMATTED: dict[tuple[tuple[object, int], bool], str] = {}


def _key(number: Decimal | int, decimals: int) -> tuple[object, int]:
    return (number, decimals) if number else (repr(number), decimals)


def format_millions(number: Decimal, decimals: int = 1) -> str:
    """Return `£12.3m` (`-£0.4m`): a budget figure in millions of pounds, to one decimal place."""
    text = format_number(number, decimals)
    return f"-£{text[1:]}m" if text.startswith("-") else f"£{text}m"
