"""What a paper shows, as sources and values for its register entry: which config keys and sheet rows.

Pure. The register keeps a short digest per source (to tell what changed) and the value as
the paper shows it (to say how): `config changed: meetings.cabinet.date: 28 April 2003 → 29 April 2003`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .data import PlanData
from .facts import Fact
from .fingerprint import short_digest
from .formats import format_date, format_millions, format_time
from .judgements import format_value
from .narrative import Narrative
from .settings import Config
from .text import sanitize_text


def config_values(config: Config) -> dict[str, str]:
    """Return every scalar the configuration holds, as written, keyed by its dotted name."""
    values: dict[str, str] = {}
    _flatten(config.model_dump(by_alias=True, exclude={"schema_"}), "", values)
    return values


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


def config_sources(
    config: Config,
    values: Mapping[str, str],
    doc_id: str,
    names: frozenset[str] | None,
    narratives: list[Narrative],
    facts: Mapping[str, Fact],
) -> dict[str, str]:
    """Return `config:<key>` → short digest for every config value a paper can show.

    `values` are `config_values(config)`; `names` are the top-level names its template uses (None: all
    of them), each standing for the config it is built from; the Facts its snippets used count too.
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
    prefixes += [facts[name].config_key for narrative in narratives for name in narrative.facts]
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
            values[f"data:budget {line.service}"] = {previous: format_millions(line.previous), current: format_millions(line.current)}
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


