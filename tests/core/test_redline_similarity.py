"""The similarity of large block keys: aligned part by part, agreeing with the word-by-word ratio."""

from __future__ import annotations

import difflib

from bvpp_docgen.redline import similarity, split_words
from bvpp_docgen.redline.diff import FLAT_LIMIT


def _table_key(rows: list[list[str]]) -> str:
    """A content control's key as the redline writes it: 's', then its paragraphs' keys joined by \\x1f."""
    return "s" + "\x1f".join("p" + cell for row in rows for cell in row)


def _rows(count: int) -> list[list[str]]:
    return [[f"L{i}", f"Indicator {i} of the plan", "n/a", "higher is better", f"{i * 1.5:.1f}%"] for i in range(count)]


def test_a_large_table_with_one_changed_figure_is_nearly_the_same() -> None:
    old, new = _rows(150), _rows(150)
    new[75][4] = "99.9%"
    a, b = _table_key(old), _table_key(new)
    assert len(split_words(a)) + len(split_words(b)) > FLAT_LIMIT  # the part-by-part path
    exact = difflib.SequenceMatcher(None, split_words(a), split_words(b), autojunk=False).ratio()
    assert abs(similarity(a, b) - exact) < 0.001
    assert similarity(a, b) > 0.99


def test_a_large_table_against_a_different_one_scores_below_pairing() -> None:
    other = [[f"X{i}", f"Budget line {i}", "£1.0m", "£2.0m", "up"] for i in range(600)]
    assert similarity(_table_key(_rows(600)), _table_key(other)) < 0.5


def test_a_large_table_with_rows_added_in_the_middle_still_pairs() -> None:
    old = _rows(600)
    new = old[:300] + [[f"N{i}", "A new indicator", "1", "lower is better", "2%"] for i in range(30)] + old[300:]
    assert 0.9 < similarity(_table_key(old), _table_key(new)) < 1.0
