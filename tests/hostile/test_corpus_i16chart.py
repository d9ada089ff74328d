"""Corpus: a promise's `charts = [...]` in bvpp.toml naming what cannot be charted (issue 16, point 2).

Each wrong entry is refused at its key, counted from 1, saying what to do; nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Case, check, edit

CHARTS = 'charts = ["BV99"]'  # promise 3's list in the example

CASES = [
    Case("chart-unknown-reference", edit(CHARTS, 'charts = ["BV99", "BV999"]'),
         refused=("bvpp.toml:promises#3.charts#2: no indicator 'BV999' in the indicators sheet: name one of promise 3's",)),
    Case("chart-of-another-promise", edit(CHARTS, 'charts = ["BV82a"]'),
         refused=("bvpp.toml:promises#3.charts#1: BV82a serves promise 4, not promise 3",)),
    Case("chart-yes-no-indicator", edit("number = 6\n", 'number = 6\ncharts = ["BV1a"]\n'),
         refused=("bvpp.toml:promises#6.charts#1: BV1a is a yes/no indicator",)),
    Case("chart-listed-twice", edit(CHARTS, 'charts = ["BV99", "BV 99"]'),
         refused=("bvpp.toml:promises#3.charts#2: BV99 is listed twice",)),
    Case("chart-same-reference-spelt-differently", edit(CHARTS, 'charts = ["bv 99"]')),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
