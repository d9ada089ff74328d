"""Excel's number formats and date serials, answered as openpyxl 3.1 answers them.

The fast workbook reader (`read/xlsx_cells.py`) must give exactly the values and number
formats openpyxl gives (the built-in format table is `ooxml/numbers.py`'s): which formats make a number a date or a
duration, and how a serial becomes a date in the 1900 or 1904 date system.
`tests/adapters/test_xlsx_reader.py` compares each with openpyxl's own.
"""

from __future__ import annotations

import datetime as dt
import re

_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text; brackets other than [h] [m] [s]
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)


def is_date_format(code: str | None) -> bool:
    """Return whether a number shown in format `code` is a date or time (its first section decides)."""
    if code is None:
        return False
    return _DATE_PART.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    """Return whether format `code` shows elapsed time (`[h]:mm`): the number is a duration, not a date."""
    if code is None:
        return False
    return _DURATION.search(code.split(";")[0]) is not None


def from_serial(value: float, epoch: dt.datetime, duration: bool) -> dt.datetime | dt.time | dt.timedelta:
    """Return the date, time or duration Excel's serial `value` stands for in the date system of `epoch`.

    Raises OverflowError or ValueError for a serial outside the dates Python holds.
    """
    if duration:
        span = dt.timedelta(days=value)
        if span.microseconds:  # to the millisecond
            span = dt.timedelta(seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's 29 February 1900, which never was
    return epoch + dt.timedelta(days=day) + diff
