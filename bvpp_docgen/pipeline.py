"""The build, read as its pipeline: load all, validate all, build contexts, render, write.

Returns reports and raises DocgenError; never prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import CONFIG_NAME, Config, ReportDocument, load_config
from .context import build_contexts, make_facts
from .errors import DocgenError, InputError, Location, ProjectError, TemplateError, raise_all
from .files import write_atomic
from .model import Narrative
from .sanitize import sanitize_text

BUILD_DIR = "build"


class UnknownDocumentError(DocgenError):
    """A document id on the command line that the project does not define."""


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What a build did with one document."""

    document: str
    path: str
    status: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` looked at; it raised if anything was wrong."""

    documents: tuple[str, ...]
    snippets: tuple[str, ...]
    templates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Loaded:
    """Everything read from a project, validated, with each document's template context."""

    root: Path
    config: Config
    contexts: dict[str, dict[str, Any]]


def load(root: Path) -> Loaded:
    """Read and validate the configuration and every input; build every document's context."""
    config = load_config(root)
    _check_templates_exist(root, config)
    narratives = _read_narratives(root, config)
    return Loaded(root, config, build_contexts(config, narratives))


def check(root: Path) -> CheckReport:
    """Validate the whole project, rendering every document in memory; write nothing."""
    loaded = load(root)
    _render_all(loaded, list(loaded.config.documents))
    config = loaded.config
    return CheckReport(
        documents=tuple(config.documents),
        snippets=tuple(dict.fromkeys(path for _, path in config.snippet_paths())),
        templates=tuple(dict.fromkeys(doc.template for doc in config.documents.values())),
    )


def build(root: Path, only: Sequence[str] = ()) -> list[DocumentResult]:
    """Build the named documents (all when none is named) into `build/`."""
    loaded = load(root)
    doc_ids = select_documents(loaded.config, only)
    rendered = _render_all(loaded, doc_ids)
    results = []
    for doc_id, data in rendered.items():
        relative = f"{BUILD_DIR}/{doc_id}.docx"
        try:
            write_atomic(root / relative, data)
        except OSError as exc:
            raise ProjectError(f"cannot write the paper: {exc.strerror}", location=Location(relative)) from None
        results.append(DocumentResult(document=doc_id, path=relative, status="built"))
    return results


def select_documents(config: Config, only: Sequence[str]) -> list[str]:
    """Return the document ids to work on, in config order; reject unknown ones."""
    known = list(config.documents)
    unknown = [doc for doc in only if doc not in known]
    if unknown:
        msg = f"no document {unknown[0]!r} in this project (documents: {', '.join(known)})"
        raise UnknownDocumentError(msg, location=Location(CONFIG_NAME))
    return [doc for doc in known if not only or doc in only]


def _check_templates_exist(root: Path, config: Config) -> None:
    errors: list[DocgenError] = []
    for doc_id, doc in config.documents.items():
        if not (root / doc.template).is_file():
            msg = f"template file {doc.template!r} not found"
            errors.append(TemplateError(msg, location=Location(CONFIG_NAME, key=f"documents.{doc_id}.template")))
    raise_all(errors)


def _read_narratives(root: Path, config: Config) -> dict[str, Narrative]:
    from .snippets import read_snippet

    facts = make_facts(config)
    narratives: dict[str, Narrative] = {}
    errors: list[DocgenError] = []
    for key, relative in config.snippet_paths():
        if relative in narratives:
            continue
        path = root / relative
        if not path.is_file():
            msg = f"snippet file {relative!r} not found"
            errors.append(InputError(msg, location=Location(CONFIG_NAME, key=key)))
            continue
        try:
            narratives[relative] = read_snippet(path, relative, facts)
        except DocgenError as exc:
            errors.append(exc)
    raise_all(errors)
    return narratives


def _render_all(loaded: Loaded, doc_ids: Sequence[str]) -> dict[str, bytes]:
    """Render every document in memory; report every document's problems at once."""
    from .render import render_document

    rendered: dict[str, bytes] = {}
    errors: list[DocgenError] = []
    for doc_id in doc_ids:
        doc = loaded.config.documents[doc_id]
        try:
            rendered[doc_id] = render_document(
                loaded.root / doc.template, doc.template, loaded.contexts[doc_id], _properties(loaded.config, doc_id)
            )
        except DocgenError as exc:
            errors.append(exc)
    raise_all(errors)
    return rendered


def _properties(config: Config, doc_id: str) -> Any:
    from .render import Properties

    doc = config.documents[doc_id]
    author = doc.author if isinstance(doc, ReportDocument) else config.council.name
    return Properties(
        title=sanitize_text(doc.title),
        subject=sanitize_text(config.plan.title),
        author=sanitize_text(author),
        keywords=f"Best Value Performance Plan {config.plan.year}",
        created=_paper_date(config, doc_id),
    )


def _paper_date(config: Config, doc_id: str) -> dt.datetime:
    """Return the date a paper carries: its meeting's, else 1 April of the plan year.

    Taken from the inputs, never the clock, so that the same inputs give the same bytes.
    """
    key = config.documents[doc_id].meeting
    day = config.meetings[key].date if key else dt.date(int(config.plan.year[:4]), 4, 1)
    return dt.datetime.combine(day, dt.time())
