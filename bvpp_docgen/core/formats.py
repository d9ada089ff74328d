"""Locale-independent display formats for dates, times, numbers and financial years: the one copy.

A council paper writes them this way; the register's values use the same functions, so that
what it says changed reads as the paper shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

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


def format_number(number: Decimal | int, decimals: int) -> str:
    """Return `1,234.5` for 1234.5 with one decimal place (no rounding beyond the format's own)."""
    return f"{number:,.{decimals}f}"


def format_millions(number: Decimal) -> str:
    """Return `£12.3m`: a budget figure in millions of pounds, to one decimal place."""
    return f"£{format_number(number, 1)}m"
