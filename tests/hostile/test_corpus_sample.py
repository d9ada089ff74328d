"""Sample corpus cases: the pattern every corpus file follows (one parametrised table per class)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Case, check


def _break_toml(root: Path) -> None:
    (root / "bvpp.toml").write_text("[plan\n", encoding="utf-8")


CASES = [
    Case("config-not-toml", _break_toml, refused=("bvpp.toml:1: invalid TOML",)),
    Case("nothing-changed", lambda root: None),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
