"""Corpus cases: comparator columns (quartiles) and the LPSA sheet that cannot be right."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from .harness import Case, check


def _set(root: Path, name: str, sheet: str, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(root / name)
    for cell, value in cells.items():
        book[sheet][cell] = value
    book.save(root / name)


def _quartile_contradicts(root: Path) -> None:  # BV8 (row 7): 84.1% against 81.5 / 77.5 / 73.5 is Top
    _set(root, "inputs/indicators.xlsx", "Indicators", {"R7": "Bottom"})


def _unknown_quartile(root: Path) -> None:
    _set(root, "inputs/indicators.xlsx", "Indicators", {"R7": "Upper middle"})


def _lpsa_progress(root: Path) -> None:
    _set(root, "inputs/plan-data.xlsx", "LPSA", {"F2": "Going well"})


CASES = [
    Case("quartile-contradicts-thresholds", _quartile_contradicts, refused=(
        "inputs/indicators.xlsx:Indicators!R7: the Quartile column says Bottom, but the thresholds (top quartile 81.5%, "
        "median 77.5%, bottom quartile 73.5%) place the 2002/03 outturn 84.1% in the Top quartile",)),
    Case("quartile-unknown-word", _unknown_quartile, refused=(
        "inputs/indicators.xlsx:Indicators!R7: unknown quartile 'Upper middle': write Top, Second, Third or Bottom",)),
    Case("lpsa-unknown-progress", _lpsa_progress, refused=(
        "inputs/plan-data.xlsx:LPSA!F2: unknown progress 'Going well' (one of: Achieved, On track, At risk, Not achieved)",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
