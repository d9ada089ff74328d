"""Locale-independent display formats for dates and times, as a council paper writes them."""

from __future__ import annotations

import datetime as dt

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
