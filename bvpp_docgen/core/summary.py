"""Change lists that fit a screen: counts per kind of change, the first few changes, one line each."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

FIRST = 5  # changes shown before "… and N more"
WIDTH = 200  # no printed line is longer
ELLIPSIS = "…"


def change_kind(change: str) -> str:
    """Return a change line's kind: `data changed` of `data changed: BV82a outturn 2002/03: 70 → 71`."""
    kind, sep, _ = change.partition(": ")
    return kind if sep else change


def kind_counts(changes: Sequence[str]) -> dict[str, int]:
    """Return how many changes there are of each kind, in the order the kinds first appear."""
    counts: dict[str, int] = {}
    for change in changes:
        counts[change_kind(change)] = counts.get(change_kind(change), 0) + 1
    return counts


def shorten(text: str, width: int = WIDTH) -> str:
    """Return `text` on one line of at most `width` characters, cut with an ellipsis if longer."""
    flat = " ".join(text.splitlines())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + ELLIPSIS


def summary_lines(changes: Sequence[str], *, everything: bool = False, indent: str = "", more: str = "--all") -> list[str]:
    """Return the lines that show `changes` under `indent`, none longer than WIDTH.

    More than FIRST changes: a line of counts per kind, the first FIRST changes, each cut to one
    line, and `… and N more (more lists every one)`. With `everything`: the counts, then every
    change in full, a long one wrapped onto indented lines of its own.
    """
    width = WIDTH - len(indent)
    lines: list[str] = []
    if len(changes) > FIRST:
        counts = ", ".join(f"{n:,} {kind}" for kind, n in kind_counts(changes).items())
        lines.append(shorten(f"{len(changes):,} changes: {counts}", width))
    if everything:
        for change in changes:
            lines += textwrap.wrap(" ".join(change.split()), width, subsequent_indent="    ", break_on_hyphens=False) or [""]
        return [indent + line for line in lines]
    lines += [shorten(change, width) for change in changes[:FIRST]]
    if len(changes) > FIRST:
        lines.append(f"{ELLIPSIS} and {len(changes) - FIRST:,} more ({more} lists every one)")
    return [indent + line for line in lines]
