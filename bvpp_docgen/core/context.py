"""Build what each template receives, and the facts snippets may name: pure, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .data import PlanData
from .facts import Aliased, DateFields, DateText, outturn_year
from .formats import format_date, format_long_date, format_month, format_time, meeting_heading
from .indicator_tables import annex_table, promise_tables
from .narrative import Block, Contents, Narrative, Paragraph, SectionBreak, Span, Table, map_blocks
from .plan_sections import budget_table, cpa_table, improvement_tables, promise_details, workforce_statement
from .settings import Config, Meeting, PlanDocument, PlanSection, ReportDocument
from .text import sanitize_text


def _outturn_year(config: Config) -> str:
    return outturn_year(config.plan.year)


def build_contexts(
    config: Config, narratives: Mapping[str, Narrative], data: PlanData = PlanData()
) -> dict[str, dict[str, Any]]:
    """Return the template context of every document, keyed by document id, in config order.

    `narratives` holds every snippet read, by its config path; an optional snippet not yet
    written (a promise's actions, say) is simply absent.
    """
    shared = _shared_context(config)
    plan_sections = _plan_sections(config, narratives, data)
    contexts: dict[str, dict[str, Any]] = {}
    for doc_id, doc in config.documents.items():
        if isinstance(doc, ReportDocument):
            contexts[doc_id] = {**shared, **_report_context(config, doc_id, doc, narratives, plan_sections)}
        else:
            contexts[doc_id] = {**shared, **_plan_context(config, doc_id, doc, plan_sections)}
    return contexts


def _shared_context(config: Config) -> dict[str, Any]:
    council = config.council
    return {
        "council": {
            "name": _text(council.name),
            "name_upper": _text(council.name).upper(),
            "address": _text(council.address or ""),
        },
        "plan": Aliased(year=config.plan.year, outturn_year=_outturn_year(config), title=_text(config.plan.title)),
        "meetings": {key: _meeting(m) for key, m in config.meetings.items()},
        "dates": {key: DateFields(day) for key, day in config.dates.items()},
    }


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


def section_bodies(config: Config, narratives: Mapping[str, Narrative], data: PlanData) -> dict[str, Narrative]:
    """Return what every plan section shows (snippet and generated content), by section id."""
    return {key: section["body"] for key, section in _plan_sections(config, narratives, data).items()}


def _plan_sections(config: Config, narratives: Mapping[str, Narrative], data: PlanData) -> dict[str, dict[str, Any]]:
    """Return every plan section as the templates show it, keyed by section id, in order."""
    sections: dict[str, dict[str, Any]] = {}
    for section in config.plan.sections:
        parts = [narratives[path] for path in section.snippet_list()]
        added = _generated(config, section, narratives, data)
        narrative = Narrative(
            source=section.id,
            blocks=tuple(b for part in parts for b in part.blocks) + added,
            facts=tuple(f for part in parts for f in part.facts),
        )
        sections[section.id] = {
            "id": section.id, "title": _text(section.title), "body": narrative, "landscape": section.is_landscape,
        }
    return sections


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


def _report_context(
    config: Config,
    doc_id: str,
    doc: ReportDocument,
    narratives: Mapping[str, Narrative],
    plan_sections: Mapping[str, dict[str, Any]],
) -> dict[str, Any]:
    appendix = None
    if doc.appendix:
        appendix = {
            "title": _text(doc.appendix_title),
            "sections": _placed_sections([plan_sections[ref] for ref in doc.appendix], 2),
        }
    return {
        "document": {
            "id": doc_id,
            "title": _text(doc.title),
            "title_upper": _text(doc.title).upper(),
            "report_of": _text(doc.report_of),
            "author": _text(doc.author),
            "telephone": _text(doc.telephone),
            "executive_member": _text(doc.executive_member or ""),
        },
        "meeting": _meeting(config.meetings[doc.meeting]),
        "sections": [
            {"number": i, "heading": _text(s.heading), "body": narratives[s.snippet_path(doc_id)].under(1)}
            for i, s in enumerate(doc.sections, start=1)
        ],
        "appendix": appendix,
    }


def _plan_context(
    config: Config, doc_id: str, doc: PlanDocument, plan_sections: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    status = _text(doc.status)
    if doc.meeting:
        status = f"{status}, {format_date(config.meetings[doc.meeting].date)}"
    return {
        "document": {"id": doc_id, "title": _text(doc.title), "status": status},
        "sections": _placed_sections(list(plan_sections.values()), 1),
    }


def _text(value: str) -> str:
    return sanitize_text(value)


def version_context(config: Config, number: int, made: dt.date, label: str | None) -> dict[str, Any]:
    """Return what templates show of a version: number, date made, label, and the line."""
    values = {"version": str(number), "date": format_date(made), "label": _text(label or "")}
    line = re.sub(r"\{(version|date|label)\}", lambda m: values[m.group(1)], config.versions.line)
    return {"number": number, "date": values["date"], "label": values["label"], "line": _text(line)}
