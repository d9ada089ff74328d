"""The watch loop on a scripted event source and a fake clock: debounce, scratch files, mistakes, a busy lock."""

from __future__ import annotations

from pathlib import Path

from bvpp_docgen.app.watch import WatchEvent, WatchOptions, is_scratch, watch_loop

ROOT = Path("/project")  # times are binary fractions, so the clock's sums are exact


class Script:
    """Batches of changed paths, each delivered at its time; an empty batch is a quiet tick."""

    def __init__(self, steps: list[tuple[float, list[str]]]) -> None:
        self.steps = steps
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def __iter__(self):  # type: ignore[no-untyped-def]
        for at, names in self.steps:
            self.now = at
            yield frozenset(ROOT / name for name in names)


def ticks(start: float, end: float, step: float = 0.0625) -> list[tuple[float, list[str]]]:
    count = round((end - start) / step)
    return [(start + i * step, []) for i in range(1, count + 1)]


def run(steps: list[tuple[float, list[str]]], results: list[list[WatchEvent]] | None = None):  # type: ignore[no-untyped-def]
    script = Script(steps)
    rounds: list[float] = []
    said: list[WatchEvent] = []
    queue = list(results or [])

    def rebuild() -> tuple[list[WatchEvent], int]:
        rounds.append(script.now)
        events = queue.pop(0) if queue else [WatchEvent("built", "built plan")]
        return events, sum(e.kind == "built" for e in events)

    report = watch_loop(ROOT, WatchOptions(quiet=0.25), script, script.clock, said.append, rebuild)
    return rounds, said, report


def test_a_burst_of_saves_is_one_rebuild_after_a_quiet_spell() -> None:
    steps = [(1.0, ["inputs/plan/budget.md"]), (1.0625, ["inputs/plan/budget.md"]), (1.125, ["inputs/plan/cpa.md"])]
    rounds, _said, report = run(steps + ticks(1.125, 2.0))
    assert rounds == [0.0, 1.375]  # the first build, then one rebuild a quiet 0.25 s after the last save
    assert report.rounds == 2 and report.papers == 2


def test_editor_scratch_files_never_rebuild() -> None:
    scratch = ["inputs/cabinet/~$rpose.docx", "inputs/plan/.~lock.budget.md#", "inputs/plan/~budget.tmp",
               "inputs/plan/budget.md~", "inputs/plan/.budget.md.swp", "build/plan/plan-v002.docx",
               "bvpp-register.json", ".git/index", "nohup.out", "inputs/plan/4913"]
    rounds, _said, _report = run([(1.0, scratch), *ticks(1.0, 2.0)])
    assert rounds == [0.0]


def test_a_save_through_a_temporary_file_and_rename_is_one_rebuild() -> None:
    steps = [(1.0, ["inputs/cabinet/~WRL0001.tmp"]), (1.0625, ["inputs/cabinet/purpose.docx", "inputs/cabinet/~WRL0001.tmp"])]
    rounds, _said, _report = run(steps + ticks(1.0625, 2.0))
    assert rounds == [0.0, 1.3125]


def test_a_mistake_is_reported_and_the_watch_goes_on() -> None:
    broken = [WatchEvent("problem", "bvpp.toml: invalid TOML"), WatchEvent("problem", "fix it and save again")]
    steps = [(1.0, ["bvpp.toml"]), *ticks(1.0, 2.0), (3.0, ["bvpp.toml"]), *ticks(3.0, 4.0)]
    rounds, said, report = run(steps, [[WatchEvent("built", "built plan")], broken, [WatchEvent("built", "built plan v2")]])
    assert rounds == [0.0, 1.25, 3.25]
    assert [e.message for e in said if e.kind == "problem"] == ["bvpp.toml: invalid TOML", "fix it and save again"]
    assert said[-1].message == "built plan v2"
    assert report.problems == 1


def test_a_busy_project_is_said_once_and_retried() -> None:
    busy = [WatchEvent("busy", "another bvpp command is using this project")]
    steps = [(1.0, ["inputs/plan/budget.md"]), *ticks(1.0, 2.0)]
    rounds, said, report = run(steps, [[], busy, busy, [WatchEvent("built", "built plan")]])
    assert rounds == [0.0, 1.25, 1.5, 1.75]  # retried after each quiet spell until the lock is free
    assert [e.kind for e in said].count("busy") == 1
    assert report.rounds == 2


def test_a_project_busy_at_the_start_is_built_when_it_is_free() -> None:
    busy = [WatchEvent("busy", "another bvpp command is using this project")]
    rounds, said, report = run(ticks(0.0, 1.0), [busy, [WatchEvent("built", "built plan")]])
    assert rounds == [0.0, 0.25]
    assert [e.kind for e in said] == ["busy", "watching", "built"]
    assert report.rounds == 1


def test_what_counts_as_an_input() -> None:
    for name in ("bvpp.toml", "inputs/plan/budget.md", "inputs/indicators.xlsx", "templates/plan.docx",
                 "inputs/plan/images/chart.png", "inputs/plan"):
        assert not is_scratch(name), name
    for name in ("~$plan.docx", "inputs/~$rpose.docx", ".~lock.indicators.xlsx#", "build/.preview/plan.docx",
                 "watch.log", "inputs/.hidden/x.md"):
        assert is_scratch(name), name
