"""Build what each template receives, and the facts snippets may name: pure, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .facts import Aliased, DateFields, DateText, outturn_year
from .fingerprint import short_digest
from .formats import format_date, format_long_date, format_month, format_time, meeting_heading
from .indicator_tables import annex_table, promise_tables
from .indicators import format_value
from .narrative import Block, Contents, Narrative, Paragraph, SectionBreak, Span, Table, map_blocks
from .plan_sections import PlanData, budget_table, cpa_table, improvement_tables, promise_details, workforce_statement
from .settings import Config, Meeting, PlanDocument, PlanSection, ReportDocument
from .text import sanitize_text


def config_values(config: Config) -> dict[str, str]:
    """Return every scalar the configuration holds, as written, keyed by its dotted name."""
    values: dict[str, str] = {}
    _flatten(config.model_dump(by_alias=True, exclude={"schema_"}), "", values)
    return values


def _outturn_year(config: Config) -> str:
    return outturn_year(config.plan.year)


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for index, item in enumerate(value):  # list items are not facts, but they are configuration
            _flatten(item, f"{prefix}[{index}]", out)
    elif isinstance(value, dt.date):
        out[prefix] = format_date(value)
    elif isinstance(value, dt.time):
        out[prefix] = format_time(value)
    elif isinstance(value, str | int) and not isinstance(value, bool):
        out[prefix] = sanitize_text(str(value))


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


def config_sources(
    config: Config, values: Mapping[str, str], doc_id: str, names: frozenset[str] | None, narratives: list[Narrative]
) -> dict[str, str]:
    """Return `config:<key>` → short digest for every config value a paper can show.

    `values` are `config_values(config)`; `names` are the top-level names its template uses (None: all of them); the facts
    its snippets name count too.
    """
    doc = config.documents[doc_id]
    meeting = [f"meetings.{doc.meeting}."] if doc.meeting else []
    scopes = {
        "council": ["council."],
        "plan": ["plan.year", "plan.title"],
        "promises": ["promises"],
        "meetings": ["meetings."],
        "dates": ["dates."],
        "document": [f"documents.{doc_id}.", *meeting],
        "meeting": meeting,
        "sections": [f"documents.{doc_id}.sections", "plan.sections", "plan.year", "promises", "cpa.", "workforce."],
        "appendix": [f"documents.{doc_id}.appendix", "plan.sections", "plan.year", "promises", "cpa.", "workforce."],
        "version": ["versions."],
    }
    prefixes = [p for name, scope in scopes.items() if names is None or name in names for p in scope]
    prefixes += [_config_key(fact) for narrative in narratives for fact in narrative.facts]
    return {
        f"config:{key}": short_digest(value)
        for key, value in sorted(values.items())
        if key.startswith(tuple(prefixes))
    }


def data_values(config: Config, doc_id: str, data: PlanData) -> dict[str, dict[str, str]]:
    """Return, for every sheet row a paper shows, `data:<name>` → its fields as the paper shows them.

    Names read as the change summary says them: `BV82a`, `budget Education`, `CPA Education`,
    `improvement 2003/04 Schools: <action>`; a budget's total row is left out (it must equal
    the sum of the lines).
    """
    values: dict[str, dict[str, str]] = {}
    if data.workbook is not None and config.shows_indicators(doc_id):
        years = data.workbook.years
        for ind in data.workbook.indicators:
            figures = zip(
                [*(f"outturn {y}" for y in years.outturn), f"target {years.outturn[-1]}", *(f"target {y}" for y in years.target)],
                (*ind.outturns, ind.previous_target, *ind.targets), strict=True,
            )
            values[f"data:{ind.ref}"] = {
                "title": ind.title, "promise": str(ind.promise), "unit": ind.unit, "direction": ind.direction,
                **{name: format_value(value, ind) for name, value in figures}, "notes": ind.notes,
            }
    if data.budget is not None and config.shows(doc_id, "budget"):
        previous, current = data.budget.years
        for line in data.budget.lines:
            values[f"data:budget {line.service}"] = {previous: f"£{line.previous:,.1f}m", current: f"£{line.current:,.1f}m"}
    if data.cpa is not None and config.shows(doc_id, "cpa"):
        values["data:CPA category"] = {"": data.cpa.category}
        for block in data.cpa.blocks:
            values[f"data:CPA {block.block}"] = {"": str(block.score) if block.score is not None else "n/a"}
    if data.improvements is not None and config.shows(doc_id, "improvements"):
        for item in data.improvements.items:
            name = f"data:improvement {item.year} {item.area}: {item.action}"
            name = name if name not in values else f"{name} (row {item.row})"
            values[name] = {
                "source": item.source, "status": item.status, "outcome": item.outcome, "promise": str(item.promise or ""),
            }
    return values


def config_shown_values(sources: Mapping[str, str], values: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Return `config:<key>` → the value as written, for the config sources a paper has."""
    return {name: {"": values[name[len("config:"):]]} for name in sources if name.startswith("config:")}


def _config_key(fact: str) -> str:
    """Return the config key a fact comes from (`x.date.long` from `x.date`)."""
    if fact == "plan.outturn-year":
        return "plan.year"
    return fact.removesuffix(".long").removesuffix(".month")
