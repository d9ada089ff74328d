"""Corpus cases for `bvpp pack`: a meeting the project does not have, or one no paper goes to."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Case, check

CASES = [
    Case("pack-unknown-meeting", lambda root: None, command=("pack", "cabinett"),
         refused=("bvpp.toml:meetings: no meeting 'cabinett': name one of these meetings",)),
    Case("pack-meeting-without-papers", lambda root: None, command=("pack", "council"),
         refused=("bvpp.toml:meetings.council: no paper goes to this meeting",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
