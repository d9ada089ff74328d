"""Corpus: messages a clerk can act on (issue 14, point 5): each input a council writes, one located line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .harness import Case, check

CONFIG = "bvpp.toml"


def edit(old: str, new: str, file: str = CONFIG) -> Callable[[Path], None]:
    """Replace the first `old` with `new` in a text file of the project."""

    def mutate(root: Path) -> None:
        text = (root / file).read_text(encoding="utf-8")
        assert old in text, old
        (root / file).write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def with_bom(root: Path) -> None:
    (root / CONFIG).write_bytes(b"\xef\xbb\xbf" + (root / CONFIG).read_bytes())


def latin1_config(root: Path) -> None:
    text = (root / CONFIG).read_text(encoding="utf-8").replace("County Hall, Hertford", "County Hall, Hertförd")
    (root / CONFIG).write_bytes(text.encode("latin-1"))


CASES = [
    # bvpp.toml: dates and times as people write them
    Case("date-written-out", edit("date = 2003-04-28", 'date = "28th April 2003"'),
         refused=("bvpp.toml:meetings.cabinet.date: '28th April 2003' is not a date bvpp reads: "
                  "write date = 2003-04-28, without quotes",)),
    Case("date-uk-slashes-quoted", edit("date = 2003-05-07", 'date = "07/05/2003"'),
         refused=("bvpp.toml:meetings.topic-group.date: '07/05/2003' is not a date bvpp reads: "
                  "write date = 2003-05-07, without quotes",)),
    Case("date-uk-slashes-bare", edit("date = 2003-05-07", "date = 07/05/2003"),
         refused=("bvpp.toml:135: '07/05/2003' is not a date bvpp reads: write date = 2003-05-07, without quotes",)),
    Case("time-2pm", edit("time = 14:00:00", 'time = "2pm"'),
         refused=("bvpp.toml:meetings.cabinet.time: '2pm' is not a time bvpp reads: "
                  "write time = 14:00:00 (24-hour clock, without quotes)",)),
    Case("time-dotted-number", edit("time = 14:00:00", "time = 14.30"),
         refused=("bvpp.toml:meetings.cabinet.time: a number (14.3) is not a time: "
                  "write time = 14:30:00 (24-hour clock, without quotes)",)),
    Case("time-no-seconds", edit("time = 10:00:00", "time = 10:00"),
         refused=("bvpp.toml:136: '10:00' is not a time bvpp reads: write time = 10:00:00 (24-hour clock, without quotes)",)),
    Case("config-with-bom", with_bom),
    Case("config-latin-1", latin1_config,
         refused=("bvpp.toml:8: not UTF-8 text: save bvpp.toml with the encoding UTF-8",)),
    Case("meeting-in-1903", edit("date = 2003-04-28", "date = 1903-04-28"),
         refused=("bvpp.toml:meetings.cabinet.date: 1903-04-28 is more than a year from the start of the "
                  "2003/04 plan year (2003-04-01): check the year",)),
    Case("meeting-in-2033", edit("date = 2003-05-20", "date = 2033-05-20"),
         refused=("bvpp.toml:meetings.council.date: 2033-05-20 is more than a year from the start of the "
                  "2003/04 plan year (2003-04-01): check the year",)),
    Case("appendix-twice", edit('appendix = ["contents", "promises", "budget"', 'appendix = ["contents", "promises", "budget", "promises"'),
         refused=("bvpp.toml:documents.cabinet.appendix: names the section 'promises' twice (entries 2 and 4): remove one",)),
    Case("staff-as-words", edit("staff = 38", 'staff = "thirty-eight"'),
         refused=("bvpp.toml:workforce.contracts[0].staff: expected a whole number, not 'thirty-eight'",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
