"""Render one paper in memory, with its version's number, date and label."""

from __future__ import annotations

import datetime as dt

from ..core.context import (
    version_context,
)
from ..store.register import VersionRecord
from .load import Candidate, Loaded


def render_version(loaded: Loaded, candidate: Candidate, record: VersionRecord) -> bytes:
    """Render a recorded version again, with its own number, date and label (and its contents' page numbers, once published)."""
    data = render_paper(loaded, candidate, record.version, record.made, record.label)
    if record.contents_pages:
        from ..write.contents import with_contents_pages

        data = with_contents_pages(data, record.contents_pages)
    return data


def render_paper(loaded: Loaded, candidate: Candidate, number: int, made: dt.datetime, label: str | None, *,
                 read: list | None = None, held: list[str] | None = None) -> bytes:
    """Render a paper as version `number`, made on `made`'s day.

    `read`: an empty list gets the paper's paragraphs as built (write/rows.py `read_back`). `held`: an empty list
    gets the large tables' inner rows, left out of the returned paper as their placeholder rows (for `check`).
    """
    from ..write.render import Properties, render_document

    day = made.date()
    context = {**candidate.context, "version": version_context(loaded.config, number, day, label)}
    settings = candidate.settings
    properties = Properties(
        title=settings["title"],
        subject=settings["subject"],
        author=settings["author"],
        keywords=settings["keywords"],
        created=dt.datetime.combine(day, dt.time()),
        version=number,
        document=candidate.document,
    )
    return render_document(loaded.root / candidate.template, candidate.template, context, properties, read=read, held=held,
                           tables=loaded.written)
