"""A meeting pack's page plan: where each part (front sheet, then each paper) starts in the pack."""

from __future__ import annotations

from collections.abc import Sequence


def first_pages(counts: Sequence[int]) -> tuple[list[int], int]:
    """Return each part's first pack page (1-based) and the pack's page count, from the parts' page counts."""
    firsts, page = [], 1
    for count in counts:
        if count < 1:
            raise ValueError(f"a part of a pack has {count} pages")
        firsts.append(page)
        page += count
    return firsts, page - 1


def next_number(taken: Sequence[int]) -> int:
    """Return the number of a meeting's next pack: one past the highest taken (1 for the first)."""
    return max(taken, default=0) + 1
