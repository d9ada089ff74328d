"""Explain a figure: every place a paper shows an indicator, budget line or CPA score, traced to its cells."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from ..core.narrative import Narrative, Sheet
from ..core.provenance import Figure, Subject, references, resolve, trace, trace_prose
from ..core.settings import Config, ReportDocument
from ..errors import Location, UnknownReferenceError
from ..read.excel import read_sheet_cached
from ..store.cache import Cache
from ..store.layout import CACHE, CONFIG_NAME
from .load import Loaded, load
from .queries import select_documents
from .reports import ExplainReport

SHEETS = {"indicator": "indicators", "budget": "budget", "cpa": "cpa"}  # the bvpp.toml table naming each sheet


def explain(root: Path, document: str, reference: str, loaded: Loaded | None = None) -> ExplainReport:
    """Return every figure paper `document` shows for `reference` (`BV8`, `budget Education`, `CPA category`)."""
    loaded = loaded or load(root)
    config = loaded.config
    select_documents(config, [document])
    subject = resolve(reference, loaded.data)
    if subject is None:
        raise _unknown(config, reference, references(loaded.data))
    source = getattr(config, SHEETS[subject.kind])
    sheet = read_sheet_cached(root / source.workbook, source.workbook, source.sheet, loaded.cache or Cache(root / CACHE))
    figures = _figures(loaded, document, subject, sheet)
    if not figures:
        showing = [doc for doc in loaded.candidates if doc != document and _figures(loaded, doc, subject, sheet)]
        where = f"papers that show it: {', '.join(showing)}" if showing else "no paper shows it"
        msg = f"{document!r} shows no figure of {subject.name} ({where})"
        raise UnknownReferenceError(msg, location=Location(CONFIG_NAME, key=f"documents.{document}"))
    row = Location(sheet.path, sheet=sheet.name, cell=f"{subject.row}:{subject.row}")
    return ExplainReport(document, subject.name, subject.title, row, figures)


def _figures(loaded: Loaded, document: str, subject: Subject, sheet: Sheet) -> tuple[Figure, ...]:
    context = loaded.candidates[document].context
    sections = paper_sections(loaded.config, document, context)
    own = [(s["heading"], s["body"]) for s in context["sections"]] if isinstance(
        loaded.config.documents[document], ReportDocument) else []
    return (*trace(sections, subject, loaded.data, sheet), *trace_prose([*own, *sections], subject, loaded.data, sheet))


def paper_sections(config: Config, document: str, context: dict[str, Any]) -> list[tuple[str, Narrative]]:
    """Return the plan sections a paper shows (a covering report: its appendix), each as (title, body)."""
    if isinstance(config.documents[document], ReportDocument):
        appendix = context.get("appendix")
        sections = appendix["sections"] if appendix else []
    else:
        sections = context["sections"]
    return [(section["title"], section["body"]) for section in sections]


def _unknown(config: Config, reference: str, known: list[str]) -> UnknownReferenceError:
    """Return the error for a reference no sheet holds: where it was looked for, what there is, the nearest."""
    word = reference.split()[0].lower() if reference.split() else ""
    kind = {"budget": "budget", "cpa": "cpa"}.get(word, "indicators")
    source = getattr(config, kind)
    if source is None:
        msg = f"no figure {reference!r}: the project has no [{kind}] sheet in {CONFIG_NAME}"
        return UnknownReferenceError(msg, location=Location(CONFIG_NAME, key=kind))
    prefix = {"budget": "budget ", "cpa": "CPA "}.get(kind)
    known = [k for k in known if k.startswith(prefix)] if prefix else [k for k in known if not k.startswith(("budget ", "CPA "))]
    close = difflib.get_close_matches(reference, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    other = "" if prefix else "; or 'budget <service>', 'CPA <block>', 'CPA category'"
    msg = f"no figure {reference!r} in the sheet (references: {', '.join(known) or 'none'}{other}){hint}"
    return UnknownReferenceError(msg, location=Location(source.workbook, sheet=source.sheet))
