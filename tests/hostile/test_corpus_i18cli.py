"""Corpus cases for `bvpp init`: a mistyped answer for a council's first project is named, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Case, check

NEVER_WRITTEN = "/tmp/bvpp-corpus-i18cli-never-written"  # absolute: the child's working folder is not the project
OPTIONS = ("--council", "Dacorum Borough Council", "--meeting", "cabinet=Cabinet,2004-04-26,14:00",
           "--meeting", "topic-group=Performance Scrutiny Panel,2004-05-05,18:30",
           "--report-of", "Head of Performance", "--author", "Jo Bloggs", "--telephone", "01442 228000")

CASES = [
    Case("init-year-mistyped", lambda root: None, command=("init", NEVER_WRITTEN, "--year", "2004", *OPTIONS),
         refused=("bvpp init:--year: The plan year (e.g. 2004/05): '2004' is not a plan year: write the financial year as 2004/05",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
    assert not Path(NEVER_WRITTEN).exists()
