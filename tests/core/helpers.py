"""Small in-memory inputs for the core's fast tests: no files, no build."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bvpp_docgen.core.narrative import Narrative, Paragraph, Span
from bvpp_docgen.core.settings import Config


def make_config(**extra: Any) -> Config:
    """Return a small valid configuration: one meeting, one date, one report, the plan."""
    raw: dict[str, Any] = {
        "schema": 1,
        "council": {"name": "Hertfordshire County Council"},
        "plan": {"year": "2003/04", "title": "Best Value Performance Plan 2003/04",
                 "sections": [{"id": "introduction", "title": "Introduction"}]},
        "meetings": {"cabinet": {"committee": "Cabinet", "date": dt.date(2003, 4, 28), "time": dt.time(14, 0)}},
        "dates": {"data-cutoff": dt.date(2003, 5, 2)},
        "documents": {
            "cabinet": {"kind": "report", "template": "templates/covering-report.docx", "meeting": "cabinet",
                        "title": "Draft plan", "report_of": "Chief Executive", "author": "J Sharples",
                        "telephone": "01992 588318", "sections": [{"heading": "Purpose"}]},
            "plan": {"kind": "plan", "template": "templates/plan.docx", "title": "The plan", "status": "Draft"},
        },
    }
    raw.update(extra)
    return Config.model_validate(raw)


def paragraph(*texts: str) -> Paragraph:
    """Return a body paragraph of one span per text."""
    return Paragraph(tuple(Span(t) for t in texts))


def narrative(*paragraphs: Paragraph, source: str = "inputs/x.docx") -> Narrative:
    """Return a snippet's narrative of these paragraphs."""
    return Narrative(source=source, blocks=paragraphs)
