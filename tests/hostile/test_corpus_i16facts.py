"""Corpus cases for indicator facts in snippets: a fact the workbook cannot give is refused at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Case, check, edit

PERFORMANCE = "inputs/plan/performance.md"

CASES = [
    Case("indicator-fact-unknown-year", edit("Figures received by", "Target [[BV82a.target.2009/10]]. Figures received by",
                                            PERFORMANCE),
         refused=(f"{PERFORMANCE}:3: unknown fact '[[BV82a.target.2009/10]]': the workbook has no target for '2009/10' "
                  "(target years: 2002/03, 2003/04, 2004/05, 2005/06)",)),
    Case("prose-contradicts-workbook", edit("Figures received by", "BV82a rose to 19% in 2002/03. Figures received by",
                                           PERFORMANCE),
         warned=("does not match the workbook: BV82a's outturn for 2002/03 is 18.0%",), command=("check",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
