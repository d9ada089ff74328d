"""`check`: validate everything and render every paper in memory; write nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..accessibility import Finding, check_accessibility
from ..accessibility.held import Run
from ..core.compliance import check_plan
from ..core.context import (
    section_bodies,
)
from ..core.contradictions import prose_contradictions
from ..core.judgements import missing_figures
from ..core.settings import PlanDocument
from ..errors import DocgenError, raise_all
from ..read.snippets import unused_snippets
from .load import Progress, load
from .rendering import render_paper
from .reports import CheckReport


def check(root: Path, progress: Progress | None = None) -> CheckReport:
    """Validate the whole project, rendering every paper in memory; write nothing."""
    say = progress or (lambda _message: None)
    loaded = load(root, say, fingerprints=False)  # nothing is recorded: what decides a version is not worked out
    made = dt.datetime(2000, 1, 1)
    errors: list[DocgenError] = []
    accessibility: dict[str, list[Finding]] = {}
    told: dict[str, Run | None] = {}  # papers share their annexes' rows: each run is told once
    loaded.written.describe = True  # rows of plain text are told by the writer, not read back from their text
    for number, candidate in enumerate(loaded.candidates.values(), 1):
        say(f"rendering and checking {candidate.document} ({number} of {len(loaded.candidates)})")
        held: list[str] = []  # the large tables' rows, never zipped nor parsed unless a rule must see them
        try:
            data = render_paper(loaded, candidate, 1, made, None, held=held)
        except DocgenError as exc:
            errors.append(exc)
            continue
        for text, (columns, paragraphs, style) in loaded.written.plain.items():
            told.setdefault(text, Run(columns, paragraphs, frozenset([style] if style else [])))
        language = loaded.config.publish.language
        accessibility[candidate.document] = check_accessibility(data, candidate.document, language=language, held=held, told=told)
    raise_all(errors)
    config = loaded.config
    workbook = loaded.data.workbook
    prose = prose_contradictions(loaded.narratives.values(), workbook, f"{config.indicators.workbook}:"
                                 f"{config.indicators.sheet}") if workbook and config.indicators else []
    compliance = {
        doc_id: check_plan(config, doc_id, loaded.data, loaded.narratives, section_bodies(loaded.candidates[doc_id].context))
        for doc_id, doc in config.documents.items() if isinstance(doc, PlanDocument)
    }
    return CheckReport(
        documents=tuple(config.documents),
        snippets=tuple(dict.fromkeys(
            ref.path for ref in config.snippet_refs() if ref.required or ref.path in loaded.narratives
        )),
        templates=tuple(dict.fromkeys(doc.template for doc in config.documents.values())),
        indicators=len(workbook.indicators) if workbook else 0,
        missing=missing_figures(workbook) if workbook else {},
        warnings=(*loaded.warnings, *unused_snippets(root, config), *prose),
        compliance=compliance,
        accessibility=accessibility,
    )
