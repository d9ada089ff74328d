"""Build what each template receives, and the facts snippets may name: pure, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, cast

from .data import PlanData
from .facts import Aliased, DateFields, DateText, outturn_year
from .formats import format_date, format_long_date, format_month, format_time, meeting_heading
from .indicator_tables import annex_table, promise_tables
from .lpsa import lpsa_section
from .narrative import Block, Contents, Narrative, Paragraph, SectionBreak, Span, Table, map_blocks, with_origin
from .plan_sections import budget_table, cpa_table, improvement_tables, promise_details, workforce_statement
from .settings import Config, Meeting, PlanDocument, PlanSection, ReportDocument
from .sources import reading
from .text import sanitize_text

Reads = dict[str, frozenset[str]]  # per top-level context name: the config keys read to make it
Part = tuple[Any, frozenset[str]]  # a context value, and the config keys read to make it


def _outturn_year(config: Config) -> str:
    return outturn_year(config.plan.year)


def build_contexts(
    config: Config, narratives: Mapping[str, Narrative], data: PlanData = PlanData()
) -> dict[str, dict[str, Any]]:
    """Return the template context of every document, keyed by document id, in config order.

    `narratives` holds every snippet read, by its config path; an optional snippet not yet
    written (a promise's actions, say) is simply absent.
    """
    return noted_contexts(config, narratives, data)[0]


def noted_contexts(
    config: Config, narratives: Mapping[str, Narrative], data: PlanData = PlanData()
) -> tuple[dict[str, dict[str, Any]], dict[str, Reads]]:
    """Return `build_contexts`, and per document and top-level name the config keys read to make it.

    Each name is built from a view of the configuration that notes what it reads (`sources.reading`),
    so a paper's config sources are what its context was made from, not a list kept by hand.
    The version (made at render time) is noted under `version`.
    """
    built = _plan_sections(config, narratives, data)
    sections = {key: value for key, (value, _) in built.items()}
    shared = {
        "council": _noted(config, _council), "plan": _noted(config, _plan),
        "meetings": _noted(config, _meetings), "dates": _noted(config, _dates),
    }
    version = _noted(config, lambda c: version_context(c, 1, dt.date.min, None))[1]
    contexts: dict[str, dict[str, Any]] = {}
    reads: dict[str, Reads] = {}
    for doc_id, doc in config.documents.items():
        if isinstance(doc, ReportDocument):
            own, shown = _report_parts(config, doc_id, narratives, sections), list(doc.appendix)
        else:
            own, shown = _plan_parts(config, doc_id, sections), list(sections)
        parts = {**shared, **own}
        contexts[doc_id] = {name: value for name, (value, _) in parts.items()}
        reads[doc_id] = {name: keys for name, (_, keys) in parts.items()} | {"version": version}
        sections_name = "appendix" if isinstance(doc, ReportDocument) else "sections"
        reads[doc_id][sections_name] |= frozenset().union(*(built[ref][1] for ref in shown))
    return contexts, reads


def _noted(config: Config, make: Callable[[Config], Any]) -> Part:
    """Return what `make` builds from the configuration, and the config keys it read."""
    keys: set[str] = set()
    return make(reading(config, keys)), frozenset(keys)


def _council(config: Config) -> dict[str, str]:
    council = config.council
    return {"name": _text(council.name), "name_upper": _text(council.name).upper(), "address": _text(council.address or "")}


def _plan(config: Config) -> Aliased:
    return Aliased(year=config.plan.year, outturn_year=_outturn_year(config), title=_text(config.plan.title))


def _meetings(config: Config) -> dict[str, Any]:
    return {key: _meeting(m) for key, m in config.meetings.items()}


def _dates(config: Config) -> dict[str, DateFields]:
    return {key: DateFields(day) for key, day in config.dates.items()}


def _meeting(meeting: Meeting) -> dict[str, Any]:
    name = _text(meeting.committee)
    if meeting.part_of:
        name = f"{name} of the {_text(meeting.part_of)}"
    return {
        "committee": _text(meeting.committee),
        "name": name,
        "name_upper": name.upper(),
        "heading": meeting_heading(meeting.date, meeting.time),
        "time": format_time(meeting.time) if meeting.time else "",
        "agenda_item": _text(str(meeting.agenda_item or "")),
        "date": DateText(meeting.date),
        "date_long": format_long_date(meeting.date),
        "date_month": format_month(meeting.date),
    }


def section_bodies(plan: Mapping[str, Any]) -> dict[str, Narrative]:
    """Return what every plan section shows (snippet and generated content), by section id, from a plan's context
    (as placed in the plan: its headings' levels and page turns play no part in what it shows)."""
    return {section["id"]: section["body"] for section in plan["sections"]}


def _plan_sections(config: Config, narratives: Mapping[str, Narrative], data: PlanData) -> dict[str, Part]:
    """Return every plan section as the templates show it, and the config keys read, by section id, in order."""

    def section(index: int) -> Callable[[Config], dict[str, Any]]:
        return lambda c: _plan_section(c, c.plan.sections[index], narratives, data)

    return {s.id: _noted(config, section(index)) for index, s in enumerate(config.plan.sections)}


def _plan_section(config: Config, section: PlanSection, narratives: Mapping[str, Narrative], data: PlanData) -> dict[str, Any]:
    parts = [narratives[path] for path in section.snippet_list()]
    added = with_origin(_generated(config, section, narratives, data), f"generated:{section.content}")
    narrative = Narrative(
        source=section.id,
        blocks=tuple(b for part in parts for b in part.blocks) + added,
        facts=tuple(f for part in parts for f in part.facts),
    )
    return {"id": section.id, "title": _text(section.title), "body": narrative, "landscape": section.is_landscape}


def _generated(config: Config, section: PlanSection, narratives: Mapping[str, Narrative], data: PlanData) -> tuple[Block, ...]:
    """Return the blocks a section's `content` adds after its snippet."""
    content, workbook = section.content, data.workbook
    if content == "contents":
        return (Contents(depth=2),)
    if content == "promises":
        return tuple(Paragraph((Span(_text(p.title)),), kind="number", list_no=1) for p in config.promises)
    if content == "promise-details":
        return promise_details(config.promises, narratives, workbook, config.plan.year)
    if content == "budget" and data.budget is not None:
        return budget_table(data.budget)
    if content == "cpa" and data.cpa is not None:
        published = format_date(config.cpa.published) if config.cpa and config.cpa.published else None
        return cpa_table(data.cpa, published)
    if content == "improvements" and data.improvements is not None:
        return improvement_tables(data.improvements)
    if content == "lpsa" and data.lpsa is not None:
        return lpsa_section(data.lpsa)
    if content == "workforce" and config.workforce is not None:
        return workforce_statement(config.workforce, _outturn_year(config))
    if content == "indicators" and workbook is not None:
        return promise_tables(workbook, config.promises)
    if content == "indicator-annex" and workbook is not None:
        return annex_table(workbook, config.promises, wide=section.is_landscape)
    return ()


def _placed_sections(sections: list[Mapping[str, Any]], heading_base: int) -> list[dict[str, Any]]:
    """Place sections under `heading_base`; end the pages before and after a landscape one.

    A section's pages turn at the end of the section before it, so its heading starts the
    landscape pages; the first section of a list cannot turn (nothing of its own precedes it).
    """
    placed = [{**s, "body": s["body"].under(heading_base)} for s in sections]
    for index, section in enumerate(placed):
        if not section["landscape"]:
            continue
        if index == 0:  # stays on portrait pages: its tables take the portrait width
            section["body"] = map_blocks(section["body"], lambda _, b: _widened(b, wide=False))
            section["landscape"] = False
            continue
        before = placed[index - 1]
        if not before["landscape"]:
            before["body"] = _ending(before["body"], landscape=False)
        section["body"] = _ending(section["body"], landscape=True)
    return placed


def _ending(narrative: Narrative, landscape: bool) -> Narrative:
    """Return `narrative` ending its run of pages (landscape or not); on landscape pages its tables widen."""
    blocks = tuple(b for b in narrative.blocks if not isinstance(b, SectionBreak))
    widened = map_blocks(replace(narrative, blocks=blocks), lambda _, b: _widened(b, True) if landscape else b)
    return replace(widened, blocks=(*widened.blocks, SectionBreak(landscape)))


def _widened(block: Block, wide: bool) -> Block:
    return replace(block, wide=wide) if isinstance(block, Table) else block


def _report_parts(
    config: Config, doc_id: str, narratives: Mapping[str, Narrative], sections: Mapping[str, dict[str, Any]]
) -> dict[str, Part]:
    """Return a covering report's own names: the plan sections its appendix shows are noted by the caller."""

    def report(c: Config) -> ReportDocument:
        return cast(ReportDocument, c.documents[doc_id])  # the caller has seen its kind

    def document(c: Config) -> dict[str, Any]:
        doc = report(c)
        return {
            "id": doc_id,
            "title": _text(doc.title),
            "title_upper": _text(doc.title).upper(),
            "report_of": _text(doc.report_of),
            "author": _text(doc.author),
            "telephone": _text(doc.telephone),
            "executive_member": _text(doc.executive_member or ""),
        }

    def numbered(c: Config) -> list[dict[str, Any]]:
        return [
            {"number": i, "heading": _text(s.heading), "body": narratives[s.snippet_path(doc_id)].under(1)}
            for i, s in enumerate(report(c).sections, start=1)
        ]

    def appendix(c: Config) -> dict[str, Any] | None:
        doc = report(c)
        if not doc.appendix:
            return None
        return {"title": _text(doc.appendix_title), "sections": _placed_sections([sections[ref] for ref in doc.appendix], 2)}

    return {
        "document": _noted(config, document),
        "meeting": _noted(config, lambda c: _meeting(c.meetings[report(c).meeting])),
        "sections": _noted(config, numbered),
        "appendix": _noted(config, appendix),
    }


def _plan_parts(config: Config, doc_id: str, sections: Mapping[str, dict[str, Any]]) -> dict[str, Part]:
    """Return the plan's own names: the plan sections it shows are noted by the caller."""

    def document(c: Config) -> dict[str, Any]:
        doc = cast(PlanDocument, c.documents[doc_id])  # the caller has seen its kind
        status = _text(doc.status)
        if doc.meeting:
            status = f"{status}, {format_date(c.meetings[doc.meeting].date)}"
        return {"id": doc_id, "title": _text(doc.title), "status": status}

    return {"document": _noted(config, document), "sections": (_placed_sections(list(sections.values()), 1), frozenset())}


def _text(value: str) -> str:
    return sanitize_text(value)


def version_context(config: Config, number: int, made: dt.date, label: str | None) -> dict[str, Any]:
    """Return what templates show of a version: number, date made, label, and the line."""
    values = {"version": str(number), "date": format_date(made), "label": _text(label or "")}
    line = re.sub(r"\{(version|date|label)\}", lambda m: values[m.group(1)], config.versions.line)
    return {"number": number, "date": values["date"], "label": values["label"], "line": _text(line)}
