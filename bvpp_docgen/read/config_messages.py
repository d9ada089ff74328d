"""Plain-English messages for bvpp.toml: pydantic's errors and dates and times written as people write them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), 1) for name in names}
DATE_TYPES = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
TIME_TYPES = {"time_type", "time_parsing"}
DATE_EXAMPLE, TIME_EXAMPLE = dt.date(2003, 5, 7), dt.time(14, 0)


def human_date(text: str) -> dt.date | None:
    """Return the date `7th May 2003`, `May 7, 2003`, `07/05/2003` or `7.5.03` means (day first), or None."""
    words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().lower()).replace(",", " ")
    parts = [p for p in re.split(r"[\s/.\-]+", words) if p]
    if len(parts) != 3:
        return None
    if parts[0].isdigit() and len(parts[0]) == 4:  # 2003/05/07, 2003-5-7
        year, month, day = parts
    elif parts[0] in MONTHS:  # May 7 2003
        month, day, year = parts
    else:  # 7 May 2003, 07/05/2003: the day first, as in the UK
        day, month, year = parts
    month = str(MONTHS[month]) if month in MONTHS else month
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) in (2, 4)):
        return None
    try:
        return dt.date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError:
        return None


def human_time(text: str) -> dt.time | None:
    """Return the time `2pm`, `2.30 pm`, `14.00`, `14:00` or `1400` means, or None."""
    match = re.fullmatch(r"(\d{1,2})(?:[.:h ]?(\d{2}))?(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", text.strip().lower())
    if not match or (match.group(2) is None and match.group(4) is None):
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    if match.group(4):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(4).startswith("p") else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        return None


def date_advice(key: str, written: Any) -> str:
    """Say how to write the date `written` at `key`: `date = 2003-05-07`, without quotes."""
    name = key.rsplit(".", 1)[-1]
    meant = human_date(str(written)) if not isinstance(written, dt.datetime) else written.date()
    example = meant or DATE_EXAMPLE
    form = f"{name} = {example.isoformat()}"
    said = "" if meant else " (year-month-day)"
    return f"{_shown(written)} is not a date bvpp reads: write {form}{said}, without quotes"


def time_advice(key: str, written: Any) -> str:
    """Say how to write the time `written` at `key`: `time = 14:00:00`, on the 24-hour clock, without quotes."""
    name = key.rsplit(".", 1)[-1]
    meant = human_time(str(written)) if not isinstance(written, dt.datetime) else written.time()
    example = meant or TIME_EXAMPLE
    return f"{_shown(written)} is not a time bvpp reads: write {name} = {example.isoformat('seconds')} (24-hour clock, without quotes)"


def toml_value_advice(line: str) -> str | None:
    """For a TOML line whose value is a date or time written as people write it, say the form to use."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*(#.*)?", line)
    if not match:
        return None
    key, value = match.group(1), match.group(2)
    if human_time(value) is not None and re.search(r"[.:apm]", value) and not re.fullmatch(r"\d\d:\d\d:\d\d", value):
        return time_advice(key, value)
    if human_date(value) is not None:
        return date_advice(key, value)
    return None


def pydantic_message(kind: str, key: str, err: dict[str, Any]) -> str | None:
    """Return a plain message for a pydantic error type about a value, or None for the caller's default."""
    written = err.get("input")
    if kind in DATE_TYPES:
        return date_advice(key, written)
    if kind in TIME_TYPES:
        return time_advice(key, written)
    simple = {
        "int_parsing": "expected a whole number", "int_type": "expected a whole number",
        "int_from_float": "expected a whole number", "bool_parsing": "expected true or false (without quotes)",
        "bool_type": "expected true or false (without quotes)", "string_type": "expected text in quotes",
        "list_type": "expected a list in square brackets, such as [\"a\", \"b\"]",
        "dict_type": "expected a table of keys", "model_type": "expected a table of keys",
    }
    if kind in simple:
        return f"{simple[kind]}, not {_shown(written)}"
    ctx = err.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"expected a number of at least {ctx.get('ge')}, not {_shown(written)}"
    if kind in ("too_short", "string_too_short"):
        return "must not be empty"
    if kind == "literal_error":
        return f"{_shown(written)} is not one of {ctx.get('expected')}"
    return None


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)
