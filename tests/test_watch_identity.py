"""A `bvpp watch` rebuild writes exactly what `bvpp build` writes from the same inputs: the same papers,
register and built texts, byte for byte (the watch loop driven in-process, with its own clock)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

from bvpp_docgen import Project
from bvpp_docgen.app.watch import WatchEvent, WatchOptions, watch_loop

from .conftest import copy_example
from .test_stamp import built_files

MADE = dt.datetime(2004, 3, 1, 9, 30, tzinfo=dt.UTC)
SNIPPET = "inputs/plan/cpa.md"  # shown by the plan only


def edit(root: Path, n: int) -> None:
    path = root / SNIPPET
    path.write_text(path.read_text(encoding="utf-8") + f"\nSaved {n} times.\n", encoding="utf-8")


def test_a_watch_rebuild_is_byte_identical_to_a_build(tmp_path: Path) -> None:
    watched, built = copy_example(tmp_path / "watched"), copy_example(tmp_path / "built")
    events: list[WatchEvent] = []

    def saves() -> Iterator[frozenset[Path]]:
        for n in (1, 2):
            edit(watched, n)
            yield frozenset({watched / SNIPPET})
            yield frozenset()  # a quiet moment: the watch rebuilds

    clock = itertools.count()  # every reading a second later: each quiet moment is long enough
    report = watch_loop(watched, WatchOptions(made=lambda: MADE), saves(), lambda: float(next(clock)), events.append)
    assert (report.rounds, report.papers, report.problems) == (3, 5, 0), events
    Project(built).build(made=MADE)
    for n in (1, 2):
        edit(built, n)
        Project(built).build(made=MADE)
    assert (watched / "build/plan/plan-v003.docx").is_file()
    assert built_files(watched) == built_files(built)
