"""Moving a project on to next year's plan: which years move, which columns shift, what goes stale.

Pure rules; `app/new_year.py` applies them to `bvpp.toml` and the workbooks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import Location, Notice
from .formats import YEAR, financial_year
from .settings import Config
from .text import item_key


def next_plan_year(plan_year: str) -> str:
    """Return the plan year after `plan_year` (`2003/04` → `2004/05`)."""
    return financial_year(int(plan_year[:4]) + 1)


def shift_years(text: str) -> str:
    """Return `text` with every financial year it names moved on by one, written as it was (`2003/04`, `2003-2004`)."""

    def moved(match: re.Match[str]) -> str:
        start, end = int(match.group(1)), match.group(2)
        after = match.string[match.end():match.end() + 2]
        if (start + 1) % 100 != int(end[-2:]) or re.match(r"[-/]\d", after):
            return match.group(0)  # not a financial year (a range of calendar years, a date): left as written
        separator = match.group(0)[len(match.group(1)):-len(end)]
        new_end = str(start + 2) if len(end) == 4 else f"{(start + 2) % 100:02d}"
        return f"{start + 1}{separator}{new_end}"

    return YEAR.sub(moved, text)


FACT_NAME = re.compile(r"\[\[([^\[\]<>]*)\]\]")


def shift_fact_years(text: str) -> str:
    """Return `text` with the years of its indicator facts moved on (`[[BV82a.outturn.2002/03]]` →
    `[[BV82a.outturn.2003/04]]`), so a sentence keeps citing the same year relative to the plan."""
    return FACT_NAME.sub(lambda m: f"[[{shift_years(m.group(1))}]]", text)


@dataclass(frozen=True, slots=True)
class ColumnMove:
    """A header naming a year: its new header, and the column whose figures it takes (None: left blank to fill)."""

    column: int
    header: str
    source: int | None


def rolled_columns(headers: Sequence[object]) -> list[ColumnMove]:
    """Return, for each header naming a financial year, the column it becomes next year.

    `Outturn 2000/01` becomes `Outturn 2001/02` and takes the figures of the column headed
    `Outturn 2001/02` now; a header whose next year no column holds (`Outturn 2002/03` →
    `Outturn 2003/04`) is left blank for the team to fill. The sheet keeps its shape: only
    headers and figures move, so the team's formatting, widths and other columns stay.
    """
    now = {" ".join(str(h).lower().split()): i for i, h in enumerate(headers) if isinstance(h, str)}
    moves = []
    for i, header in enumerate(headers):
        if not isinstance(header, str) or not YEAR.search(header):
            continue
        new = shift_years(header)
        if new == header:
            continue
        moves.append(ColumnMove(i, new, now.get(" ".join(new.lower().split()))))
    return moves


# --- what `bvpp check` flags after the move --------------------------------------------------------

_PLAN_WORDS = r"(?:plan|plans|actions?|targets?|priorities|promises?|aims?|objectives?|budget)"


def stale_year_phrases(text: str, plan_year: str) -> list[str]:
    """Return the phrases of `text` that name the previous plan year where the plan year is meant.

    Precise rather than clever: only "plan 2003/04", "2003/04 plan" and "actions (targets,
    priorities, ...) for 2003/04" count, since for next year's plan the previous plan year is
    also the outturn year, which narrative rightly names ("in 2003/04 we recycled 18%").
    """
    previous = int(plan_year[:4]) - 1
    year = rf"{previous}\s*[/-]\s*(?:{(previous + 1) % 100:02d}|{previous + 1})\b"
    patterns = (
        rf"\bplan\s+(?:for\s+)?{year}",
        rf"\b{year}\s+(?:best value performance\s+)?plan\b",
        rf"\b{_PLAN_WORDS}\s+for\s+{year}",
        rf"\b(?:this|the coming|the current)\s+year\s*\(?\s*{year}",
    )
    found: list[tuple[int, str]] = []
    for pattern in patterns:
        found += [(m.start(), m.group(0)) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    return [phrase for _, phrase in sorted(dict(found).items())]


def timetable_start_end(plan_year: str) -> tuple[dt.date, dt.date]:
    """Return the window a plan's meetings fall in: 1 January before the plan year to 30 June, its publication deadline."""
    start = int(plan_year[:4])
    return dt.date(start, 1, 1), dt.date(start, 6, 30)


def timetable_notes(plan_year: str, meetings: Mapping[str, dt.date], dates: Mapping[str, dt.date]) -> list[tuple[str, str]]:
    """Return (key, message) for each meeting outside the plan's timetable and each date left from an earlier plan.

    A plan must be published by 30 June of its year (SI 2002/305), so its meetings fall between
    1 January and 30 June; a date in `[dates]` on or before the previous plan's deadline belongs to
    an earlier plan (left there when the project moved on a year).
    """
    first, deadline = timetable_start_end(plan_year)
    notes = []
    for name, day in meetings.items():
        if not first <= day <= deadline:
            notes.append((f"meetings.{name}.date",
                          f"{day.isoformat()} is outside the {plan_year} plan's timetable ({_long(first)} to "
                          f"{_long(deadline)}, when the plan must be published): set the meeting's date"))
    earlier = deadline.replace(year=deadline.year - 1)
    for name, day in dates.items():
        if day <= earlier:
            notes.append((f"dates.{name}",
                          f"{day.isoformat()} is on or before {_long(earlier)}, the previous plan's publication "
                          f"deadline, so it belongs to an earlier plan: set this year's date"))
    return notes


def _long(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def config_strings(data: object, key: str = "") -> list[tuple[str, str]]:
    """Return (key, text) for every string of a configuration as dumped to plain data, keys as users read them."""
    if isinstance(data, str):
        return [(key, data)]
    if isinstance(data, Mapping):
        return [pair for name, value in data.items() for pair in config_strings(value, f"{key}.{name}" if key else str(name))]
    if isinstance(data, list | tuple):
        return [pair for i, value in enumerate(data) for pair in config_strings(value, item_key(key, i))]
    return []


def year_notices(config: Config, texts: Mapping[str, Sequence[str]], config_name: str) -> list[Notice]:
    """Warn about meetings outside the plan's timetable, dates from an earlier plan, and text naming the previous plan year.

    `texts` holds each snippet's paragraphs; the text of `config` (read from `config_name`) is read too.
    """
    year = config.plan.year
    meetings = {name: meeting.date for name, meeting in config.meetings.items()}
    notices = [Notice(msg, Location(config_name, key=key)) for key, msg in timetable_notes(year, meetings, dict(config.dates))]
    new = f"the {year} plan"
    for key, text in config_strings(config.model_dump(mode="json", by_alias=True)):
        for phrase in stale_year_phrases(text, year):
            notices.append(Notice(f"'{phrase}' names the previous plan year where {new} is meant: write {year}",
                                  Location(config_name, key=key)))
    for path, paragraphs in texts.items():
        for number, text in enumerate(paragraphs, 1):
            for phrase in stale_year_phrases(text, year):
                notices.append(Notice(f"paragraph {number}: '{phrase}' names the previous plan year where {new} is "
                                      f"meant: write [[plan.year]] (or {year})", Location(path)))
    return notices
