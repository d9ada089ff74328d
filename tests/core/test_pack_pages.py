"""The meeting pack's page plan: each part's first pack page, the total, and the next pack's number."""

from __future__ import annotations

import pytest

from bvpp_docgen.core.pack import first_pages, next_number


def test_each_part_starts_after_the_pages_before_it() -> None:
    assert first_pages([1, 17, 16]) == ([1, 2, 19], 34)
    assert first_pages([2, 1]) == ([1, 3], 3)


def test_a_part_without_pages_is_an_error_not_a_silent_shift() -> None:
    with pytest.raises(ValueError, match="0 pages"):
        first_pages([1, 0])


def test_packs_are_numbered_past_the_highest_taken() -> None:
    assert next_number([]) == 1
    assert next_number([1, 2]) == 3
    assert next_number([3]) == 4
