"""Does the plan meet the 2003/04 guidance, and is it complete? Item by item, with reasons. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import plural
from .data import PlanData
from .indicators import Indicator
from .narrative import Contents, Narrative, Table, spans_of
from .quartiles import comparison_names, has_comparators, quartile_position
from .settings import PROMISE_PARTS, Config

COUNTY_CPA_BLOCKS = ("Education", "Social care (children)", "Social care (adults)", "Environment",
                     "Libraries and leisure", "Use of resources")
SHOWN = 5  # names listed in a reason before "and N more"

Group = Literal["guidance", "completeness"]


@dataclass(frozen=True, slots=True)
class Requirement:
    """One item of the checklist: met or not, and why."""

    id: str
    group: Group
    title: str
    met: bool
    reason: str


def check_plan(
    config: Config, doc_id: str, data: PlanData, narratives: Mapping[str, Narrative],
    bodies: Mapping[str, Narrative],
) -> list[Requirement]:
    """Return the checklist for the plan document `doc_id`; `bodies` are its sections as shown."""
    contents: set[str] = {s.content for s in config.sections_of(doc_id)}
    checks: list[Callable[[], Requirement]] = [
        lambda: _outturns(config, data, contents),
        lambda: _targets(config, data, contents),
        lambda: _budget(data, contents),
        lambda: _cpa(data, contents),
        lambda: _progress(data, contents),
        lambda: _plans(data, contents),
        lambda: _workforce(config, contents),
        lambda: _comparison(config, data, contents),
        lambda: _lpsa(data, contents),
        lambda: _joint_working(config, doc_id, bodies),
    ]
    result = [check() for check in checks]
    result += [_promise(config, index, data, narratives, contents) for index in range(len(config.promises))]
    result += [_contents(contents), _sections(config, doc_id, bodies)]
    return result


def _indicators(data: PlanData, contents: set[str]) -> Sequence[Indicator] | str:
    if not contents & {"indicators", "indicator-annex", "promise-details"}:
        return "the plan has no section showing indicators"
    if data.workbook is None:
        return "no indicator workbook"
    return data.workbook.indicators


def _outturns(config: Config, data: PlanData, contents: set[str]) -> Requirement:
    year = _years(config)[0]
    title = f"Outturn data for {year} (not estimates)"
    rows = _indicators(data, contents)
    if isinstance(rows, str):
        return Requirement("outturn", "guidance", title, False, rows)
    missing = [i.ref for i in rows if i.outturns[-1].kind == "missing" and not i.notes]
    estimates = [i.ref for i in rows if i.outturns[-1].estimate]
    problems = []
    if missing:
        problems.append(f"no {year} outturn and no note saying why: {_names(missing)}")
    if estimates:
        problems.append(f"estimates, not outturns: {_names(estimates)}")
    if problems:
        return Requirement("outturn", "guidance", title, False, "; ".join(problems))
    explained = sum(1 for i in rows if i.outturns[-1].kind == "missing")
    note = f" ({explained} not measured that year, each explained in its notes)" if explained else ""
    return Requirement("outturn", "guidance", title, True, f"{len(rows)} indicators{note}")


def _targets(config: Config, data: PlanData, contents: set[str]) -> Requirement:
    years = _years(config)[1]
    title = f"Targets for three years ({years[0]}, {years[1]}, {years[2]})"
    rows = _indicators(data, contents)
    if isinstance(rows, str):
        return Requirement("targets", "guidance", title, False, rows)
    lacking = [i.ref for i in rows if i.direction != "none" and any(t.kind == "missing" for t in i.targets)]
    if lacking:
        return Requirement("targets", "guidance", title, False, f"targets missing for {_names(lacking)}")
    return Requirement("targets", "guidance", title, True, f"all three targets set for {len(rows)} indicators "
                       "(context-only indicators need none)")


def _comparison(config: Config, data: PlanData, contents: set[str]) -> Requirement:
    year = _years(config)[0]
    title = f"Comparison with other authorities (quartiles for {year})"
    rows = _indicators(data, contents)
    if isinstance(rows, str):
        return Requirement("comparison", "guidance", title, False, rows)
    if data.workbook is None or not has_comparators(data.workbook.columns):
        names = ", ".join(repr(n) for n in comparison_names(year).values())
        return Requirement("comparison", "guidance", title, False, f"the indicator workbook has no comparator columns ({names})")
    placed = [q for q in map(quartile_position, rows) if q is not None]
    if not placed:
        return Requirement("comparison", "guidance", title, False, f"no indicator has comparator figures for {year}")
    top = sum(1 for q in placed if q == "Top")
    return Requirement("comparison", "guidance", title, True,
                       f"{len(placed)} of {len(rows)} indicators placed in a quartile, {top} in the top quartile")


def _lpsa(data: PlanData, contents: set[str]) -> Requirement:
    title = "Progress against Local Public Service Agreement (LPSA) targets"
    if "lpsa" not in contents or data.lpsa is None:
        return Requirement("lpsa", "guidance", title, False, 'the plan has no section with content = "lpsa" showing the LPSA sheet')
    return Requirement("lpsa", "guidance", title, True, plural(len(data.lpsa.targets), "target"))


def _joint_working(config: Config, doc_id: str, bodies: Mapping[str, Narrative]) -> Requirement:
    title = "Joint working with town and parish councils"
    sections = [s for s in config.sections_of(doc_id) if s.content == "joint-working"]
    if not sections:
        return Requirement("joint-working", "guidance", title, False, 'the plan has no section with content = "joint-working"')
    if not any(_has_content(bodies.get(s.id)) for s in sections):
        return Requirement("joint-working", "guidance", title, False, f"the {sections[0].id!r} section's snippet is empty")
    return Requirement("joint-working", "guidance", title, True, f"a statement in section {sections[0].id!r}")


def _budget(data: PlanData, contents: set[str]) -> Requirement:
    title = "Budget by service"
    if "budget" not in contents or data.budget is None:
        return Requirement("budget", "guidance", title, False, "the plan has no section showing the budget sheet")
    return Requirement("budget", "guidance", title, True, f"{len(data.budget.lines)} services, adding up to the total")


def _cpa(data: PlanData, contents: set[str]) -> Requirement:
    title = "CPA scores"
    if "cpa" not in contents or data.cpa is None:
        return Requirement("cpa", "guidance", title, False, "the plan has no section showing the CPA sheet")
    given = {b.block for b in data.cpa.blocks}
    missing = [b for b in COUNTY_CPA_BLOCKS if b not in given]
    if missing:
        return Requirement("cpa", "guidance", title, False, f"no score for {_names(missing)}")
    return Requirement("cpa", "guidance", title, True, f"{data.cpa.category}, with {len(given)} scores")


def _progress(data: PlanData, contents: set[str]) -> Requirement:
    title = "Progress on improvement measures over the last three years, with outcomes"
    if "improvements" not in contents or data.improvements is None:
        return Requirement("progress", "guidance", title, False, "the plan has no section showing the improvements sheet")
    items = data.improvements.progress()
    empty = [y for y in data.improvements.past_years if not any(i.year == y for i in items)]
    no_outcome = [f"row {i.row}" for i in items if i.status == "Completed" and not i.outcome]
    problems = ([f"nothing recorded for {_names(empty)}"] if empty else []) + (
        [f"completed without an outcome: {_names(no_outcome)}"] if no_outcome else [])
    if problems:
        return Requirement("progress", "guidance", title, False, "; ".join(problems))
    return Requirement("progress", "guidance", title, True, f"{len(items)} measures over three years")


def _plans(data: PlanData, contents: set[str]) -> Requirement:
    title = "Improvement plans for the next three years"
    if "improvements" not in contents or data.improvements is None:
        return Requirement("plans", "guidance", title, False, "the plan has no section showing the improvements sheet")
    items = data.improvements.plans()
    empty = [y for y in data.improvements.plan_years if not any(i.year == y for i in items)]
    if empty:
        return Requirement("plans", "guidance", title, False, f"nothing planned for {_names(empty)}")
    return Requirement("plans", "guidance", title, True, f"{len(items)} plans over three years")


def _workforce(config: Config, contents: set[str]) -> Requirement:
    title = "Statement on contracts (Code of Practice on Workforce Matters)"
    if "workforce" not in contents or config.workforce is None:
        return Requirement("workforce", "guidance", title, False, "the plan has no section with content = \"workforce\"")
    count = len(config.workforce.contracts)
    return Requirement("workforce", "guidance", title, True,
                       f"{plural(count, 'contract')} with staff transfers" if count else "no contracts with staff transfers")


def _promise(
    config: Config, index: int, data: PlanData, narratives: Mapping[str, Narrative], contents: set[str]
) -> Requirement:
    promise = config.promises[index]
    title = f"Promise {promise.number}: objectives, achievements, actions and indicators"
    if "promise-details" not in contents:
        reason = 'the plan has no section with content = "promise-details"'
        return Requirement(f"promise-{promise.number}", "completeness", title, False, reason)
    problems = []
    for part in PROMISE_PARTS:
        narrative = narratives.get(promise.part_path(part))
        if narrative is None:
            path = promise.part_path(part)
            where = path if "." in path.rsplit("/", 1)[-1] else f"{path}.docx or .md"
            problems.append(f"no {part} ({where})")
        elif not narrative.blocks:
            problems.append(f"{part} snippet is empty ({narrative.source})")
    count = sum(1 for i in data.workbook.indicators if i.promise == promise.number) if data.workbook else 0
    if not count:
        problems.append("no indicators")
    if problems:
        return Requirement(f"promise-{promise.number}", "completeness", title, False, "; ".join(problems))
    return Requirement(f"promise-{promise.number}", "completeness", title, True, plural(count, "indicator"))


def _contents(contents: set[str]) -> Requirement:
    title = "Contents list"
    if "contents" not in contents:
        return Requirement("contents", "completeness", title, False, 'the plan has no section with content = "contents"')
    return Requirement("contents", "completeness", title, True, "a contents field, filled in")


def _sections(config: Config, doc_id: str, bodies: Mapping[str, Narrative]) -> Requirement:
    title = "Every section has content"
    empty = [s.id for s in config.sections_of(doc_id) if not _has_content(bodies.get(s.id))]
    if empty:
        return Requirement("sections", "completeness", title, False, f"empty: {_names(empty)}")
    return Requirement("sections", "completeness", title, True, f"{len(config.sections_of(doc_id))} sections")


def _has_content(body: Narrative | None) -> bool:
    if body is None:
        return False
    return any(isinstance(block, Table | Contents) or any(s.text.strip() or s.picture for s in spans_of(block))
               for block in body.blocks)


def _years(config: Config) -> tuple[str, tuple[str, str, str]]:
    from .indicators import Years

    years = Years.for_plan(config.plan.year)
    return years.outturn[-1], years.target


def _names(items: Sequence[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return f"{shown} and {len(items) - SHOWN} more" if len(items) > SHOWN else shown
