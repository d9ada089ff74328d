"""Build what each template receives, and the facts snippets may name: pure, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from collections.abc import Mapping
from typing import Any

from .fingerprint import short_digest
from .config import Config, Meeting, PlanDocument, ReportDocument
from .formats import financial_year, format_date, format_long_date, format_month, format_time, meeting_heading
from .indicators import Indicator, Workbook
from .model import Block, Narrative, Paragraph, Span
from .tables import annex_table, promise_tables
from .sanitize import sanitize_text



def make_facts(config: Config) -> dict[str, str]:
    """Return every scalar in the configuration as display text, keyed by its dotted name.

    `plan.outturn-year` (the year before the plan year) is derived.

    Dates also get `.long` (`Wednesday 7 May 2003`) and `.month` (`May 2003`) forms.
    """
    facts: dict[str, str] = {}
    data = config.model_dump(by_alias=True, exclude={"schema_"})
    _flatten(data, "", facts, derived=True)
    facts["plan.outturn-year"] = _outturn_year(config)
    return facts


def config_values(config: Config) -> dict[str, str]:
    """Return every scalar the configuration holds, as written, keyed by its dotted name."""
    values: dict[str, str] = {}
    _flatten(config.model_dump(by_alias=True, exclude={"schema_"}), "", values, derived=False)
    return values


def _outturn_year(config: Config) -> str:
    """Return the financial year before the plan year, whose outturn the plan reports."""
    return financial_year(int(config.plan.year[:4]) - 1)


def _flatten(value: Any, prefix: str, out: dict[str, str], derived: bool) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out, derived)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if not derived:  # list items are not facts, but they are configuration
                _flatten(item, f"{prefix}[{index}]", out, derived)
    elif isinstance(value, dt.date):
        out[prefix] = format_date(value)
        if derived:
            out[f"{prefix}.long"] = format_long_date(value)
            out[f"{prefix}.month"] = format_month(value)
    elif isinstance(value, dt.time):
        out[prefix] = format_time(value)
    elif isinstance(value, str | int) and not isinstance(value, bool):
        out[prefix] = sanitize_text(str(value))


def build_contexts(
    config: Config, narratives: Mapping[str, Narrative], workbook: Workbook | None = None
) -> dict[str, dict[str, Any]]:
    """Return the template context of every document, keyed by document id, in config order."""
    shared = _shared_context(config)
    plan_sections = _plan_sections(config, narratives, workbook)
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
        "plan": {"year": config.plan.year, "outturn_year": _outturn_year(config), "title": _text(config.plan.title)},
        "meetings": {key: _meeting(m) for key, m in config.meetings.items()},
        "dates": {key: _date(day) for key, day in config.dates.items()},
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
        **_date(meeting.date),
    }


def _date(day: dt.date) -> dict[str, str]:
    return {"date": format_date(day), "date_long": format_long_date(day), "date_month": format_month(day)}


def _plan_sections(
    config: Config, narratives: Mapping[str, Narrative], workbook: Workbook | None
) -> dict[str, dict[str, Any]]:
    """Return every plan section as the templates show it, keyed by section id, in order."""
    sections: dict[str, dict[str, Any]] = {}
    for section in config.plan.sections:
        parts = [narratives[path] for path in section.snippet_list()]
        narrative = Narrative(
            source=section.id,
            blocks=tuple(b for part in parts for b in part.blocks),
            facts=tuple(f for part in parts for f in part.facts),
        )
        added = _generated(config, section.content, workbook)
        if added:
            narrative = replace(narrative, blocks=narrative.blocks + added)
        sections[section.id] = {"id": section.id, "title": _text(section.title), "body": narrative}
    return sections


def _generated(config: Config, content: str, workbook: Workbook | None) -> tuple[Block, ...]:
    """Return the blocks a section's `content` adds after its snippet."""
    if content == "contents":
        titles = [s.title for s in config.plan.sections if s.content != "contents"]
        return tuple(Paragraph((Span(_text(t)),), kind="number", list_no=1) for t in titles)
    if content == "promises":
        return tuple(Paragraph((Span(_text(p.title)),), kind="number", list_no=1) for p in config.promises)
    if content == "indicators" and workbook is not None:
        return promise_tables(workbook, config.promises)
    if content == "indicator-annex" and workbook is not None:
        return annex_table(workbook, config.promises)
    return ()


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
            "sections": [_placed(plan_sections[ref], 2) for ref in doc.appendix],
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
        "sections": [_placed(s, 1) for s in plan_sections.values()],
    }


def _placed(section: Mapping[str, Any], heading_base: int) -> dict[str, Any]:
    return {**section, "body": section["body"].under(heading_base)}


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
        "sections": [f"documents.{doc_id}.sections", "plan.sections", "promises"],
        "appendix": [f"documents.{doc_id}.appendix", "plan.sections", "promises"],
        "version": ["versions."],
    }
    prefixes = [p for name, scope in scopes.items() if names is None or name in names for p in scope]
    prefixes += [_config_key(fact) for narrative in narratives for fact in narrative.facts]
    return {
        f"config:{key}": short_digest(value)
        for key, value in sorted(values.items())
        if key.startswith(tuple(prefixes))
    }


def data_sources(workbook: Workbook | None) -> dict[str, str]:
    """Return `data:<ref>` → short digest of every indicator row's values."""
    if workbook is None:
        return {}
    return {f"data:{ind.ref}": short_digest(_row_values(ind)) for ind in workbook.indicators}


def _row_values(ind: Indicator) -> list[Any]:
    """Return what an indicator row says (not where it stands), for its digest."""
    figures = [[v.kind, str(v.number), v.estimate] for v in (*ind.outturns, ind.previous_target, *ind.targets)]
    return [ind.ref, ind.title, ind.promise, ind.unit, ind.direction, ind.decimals, figures, ind.notes]


def _config_key(fact: str) -> str:
    """Return the config key a fact comes from (`x.date.long` from `x.date`)."""
    if fact == "plan.outturn-year":
        return "plan.year"
    return fact.removesuffix(".long").removesuffix(".month")
