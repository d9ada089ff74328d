"""Change lists cut to a screen: counts per kind, the first few, every line at most 200 characters."""

from __future__ import annotations

from bvpp_docgen.core.summary import kind_counts, shorten, summary_lines


def test_counts_per_kind_in_order_of_appearance() -> None:
    changes = ["data changed: a", "narrative changed: b", "data changed: c", "new"]
    assert kind_counts(changes) == {"data changed": 2, "narrative changed": 1, "new": 1}


def test_a_long_line_is_cut_with_an_ellipsis() -> None:
    assert shorten("x" * 300) == "x" * 199 + "…"
    assert shorten("short\nand split") == "short and split"


def test_more_than_five_changes_are_summarised() -> None:
    changes = [f"data changed: BV{i} target 2003/04: {i} → {i + 1}" for i in range(1200)] + ["config changed: x: a → b"]
    lines = summary_lines(changes, indent="  ")
    assert lines[0] == "  1,201 changes: 1,200 data changed, 1 config changed"
    assert lines[1:6] == [f"  {c}" for c in changes[:5]]
    assert lines[6] == "  … and 1,196 more (--all lists every one)"


def test_everything_wraps_long_changes_and_keeps_every_word() -> None:
    long = "config changed: promises#1.title: " + "word " * 100
    lines = summary_lines(["data changed: a", long], everything=True, indent="    ")
    assert lines[0] == "    data changed: a"
    assert all(len(line) <= 200 for line in lines)
    assert len(lines) > 3 and all(line.startswith("        ") for line in lines[2:])
    assert " ".join(" ".join(lines[1:]).split()) == " ".join(long.split())
