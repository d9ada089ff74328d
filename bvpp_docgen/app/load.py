"""Load a project: read and validate every input at once, and fingerprint each paper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.charts import chart_problems
from ..core.context import noted_contexts
from ..core.data import PlanData
from ..core.facts import Facts, make_facts
from ..core.fingerprint import SharedTables, fingerprint, short_digest
from ..core.indicator_facts import IndicatorFacts
from ..core.indicators import IndicatorSet, read_indicators
from ..core.narrative import Narrative, Paragraph, Sheet, spans_of
from ..core.new_year import year_notices
from ..core.settings import Config, ReportDocument
from ..core.sources import (
    cited_values,
    config_shown_values,
    config_sources,
    config_values,
    data_values,
    reading,
    shown_keys,
)
from ..core.text import sanitize_text
from ..errors import DocgenError, InputError, Location, Notice, TemplateError, raise_all
from ..ooxml.package import check_package
from ..read.config_toml import load_config
from ..read.lock_files import open_in_excel
from ..read.macros import macro_notice
from ..read.snippets import read_narratives
from ..read.template_names import template_margins, template_names
from ..store.cache import Cache
from ..store.confine import confinement
from ..store.layout import CACHE, CONFIG_NAME
from ..store.register import VersionRecord
from ..write.tables import WrittenTables


@dataclass(frozen=True, slots=True)
class Candidate:
    """A paper as the current inputs make it: what it shows, and what decides that."""

    document: str
    template: str
    context: dict[str, Any]
    settings: dict[str, Any]
    fingerprint: str
    sources: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # what each data and config source shows


@dataclass(frozen=True, slots=True)
class Loaded:
    """Everything read from a project and validated, with each paper's candidate."""

    root: Path
    config: Config
    candidates: dict[str, Candidate] = field(default_factory=dict)
    data: PlanData = field(default_factory=PlanData)
    narratives: dict[str, Narrative] = field(default_factory=dict)
    cache: Cache | None = None  # what was read from unchanged inputs, saved after a successful build
    warnings: tuple[Notice, ...] = ()
    config_now: dict[str, str] = field(default_factory=dict)  # every config source's digest as it is now
    written: WrittenTables = field(default_factory=WrittenTables)  # large tables as written, for the other papers


Progress = Callable[[str], None]  # told, in a few words, what a long command is doing now


def _text(block: Paragraph) -> str:
    """Return a paragraph as its author wrote it: a fact as its `[[name]]`, not the text it filled in."""
    return "".join(f"[[{span.fact}]]" if span.fact else span.text for span in spans_of(block))


def load(root: Path, progress: Progress | None = None, *, fingerprints: bool = True) -> Loaded:
    """Read and validate the configuration and every input; fingerprint every paper.

    Without `fingerprints` (`check`, which renders and records nothing), each candidate's fingerprint is "" and
    its sources and values are empty: what decides a paper's version is not worked out.
    """
    say = progress or (lambda _message: None)
    say("reading bvpp.toml and the templates")
    config = load_config(root)
    errors: list[DocgenError] = []
    cache = Cache(root / CACHE)
    templates: dict[str, str] = _collect(errors, _template_digests, root, config) or {}
    say("reading the workbooks")
    data: PlanData = _collect(errors, _read_plan_data, root, config, cache) or PlanData()
    facts = project_facts(config, data.workbook)  # the indicators' facts too: read the workbook first
    say("reading the snippets")
    read: tuple[dict[str, Narrative], dict[str, str], list[Notice]] = _collect(
        errors, read_narratives, root, config, facts, cache
    ) or ({}, {}, [])
    narratives, snippet_digests, snippet_warnings = read
    raise_all(errors)
    contexts, reads = noted_contexts(config, narratives, data)
    warnings = _warnings(root, config, data, narratives, snippet_warnings)
    if not fingerprints:
        return Loaded(root, config, _unprinted(config, contexts), data, narratives, cache, warnings)
    names = {path: template_names(root / path) for path in templates}
    margins = {f"template:{path}": template_margins(root / path) for path in templates}  # for change summaries
    values = config_values(config)
    candidates = {}
    tables = SharedTables()  # the papers share the plan's tables: each is encoded once
    rows: dict[str, dict[str, str]] = {}  # and the indicators' rows: each row's fields worked out once,
    row_digests: dict[int, tuple[dict[str, str], str]] = {}  # and digested once (by the fields' identity)
    for doc_id, context in contexts.items():
        doc = config.documents[doc_id]
        used = names[doc.template]
        shown = {key: value for key, value in context.items() if used is None or key in used}
        read_for_settings: set[str] = set()  # document properties: they decide the bytes too
        settings = paper_settings(reading(config, read_for_settings), doc_id)
        snippets = config.snippets_of(doc_id)
        sources = {f"template:{doc.template}": templates[doc.template]}
        sources |= {f"snippet:{path}": snippet_digests.get(path, "missing") for path in snippets}
        shown_narratives = [narratives[path] for path in snippets if path in narratives]
        keys = shown_keys(reads[doc_id], used, shown_narratives, facts) | read_for_settings
        sources |= config_sources(values, keys)
        shown_data = data_values(config, doc_id, data, rows) | cited_values(shown_narratives, facts, data, rows)
        sources |= {name: _row_digest(row_digests, fields) for name, fields in shown_data.items()}
        shown_values = {**config_shown_values(sources, values), **shown_data}
        shown_values |= {name: texts for name, texts in margins.items() if name in sources and texts}
        candidates[doc_id] = Candidate(
            doc_id, doc.template, context, settings, fingerprint(templates[doc.template], shown, settings, tables), sources,
            shown_values,
        )
    return Loaded(root, config, candidates, data, narratives, cache, warnings, config_sources(values, set(values)))


def _unprinted(config: Config, contexts: dict[str, dict[str, Any]]) -> dict[str, Candidate]:
    """Return each paper's candidate without what decides its version (no fingerprint, sources nor values)."""
    return {doc_id: Candidate(doc_id, config.documents[doc_id].template, context,
                              paper_settings(config, doc_id), "", {})
            for doc_id, context in contexts.items()}


def _warnings(root: Path, config: Config, data: PlanData, narratives: dict[str, Narrative],
              snippet_warnings: list[Notice]) -> tuple[Notice, ...]:
    """Return what the load warns of: workbooks open in Excel or with macros, the snippets', the sheet's, the years'."""
    workbooks = list(dict.fromkeys(source.workbook for source in config.sheet_sources()))
    macros = [notice for name in workbooks if (notice := macro_notice(root / name, name))]
    open_books = open_in_excel(root, workbooks)
    texts = {path: [_text(block) for block in n.blocks if isinstance(block, Paragraph)] for path, n in narratives.items()}
    years = year_notices(config, texts, CONFIG_NAME)
    workbook = data.workbook
    return (*open_books, *snippet_warnings, *(workbook.warnings if workbook else ()), *macros, *years)


def _row_digest(digests: dict[int, tuple[dict[str, str], str]], fields: dict[str, str]) -> str:
    """Return the short digest of a row's fields, worked out once for the fields every paper shares."""
    known = digests.get(id(fields))
    if known is None:
        known = digests[id(fields)] = (fields, short_digest(fields))  # the fields held: their id stays theirs
    return known[1]


def project_facts(config: Config, workbook: IndicatorSet | None) -> Facts:
    """Return the facts snippets may name: `bvpp.toml`'s, and each indicator's (`[[BV82a.outturn.2002/03]]`)."""
    if config.indicators is None:
        return Facts(make_facts(config))
    where = f"{config.indicators.workbook}:{config.indicators.sheet}"
    return Facts(make_facts(config), [IndicatorFacts(workbook, where, tuple(config.indicators.local_prefixes))])


def _collect(errors: list[DocgenError], step: Any, *args: Any) -> Any:
    """Run one loading step; keep its errors with the others so that all are reported at once."""
    try:
        return step(*args)
    except DocgenError as exc:
        errors.append(exc)
        return None


def _read_plan_data(root: Path, config: Config, cache: Cache) -> PlanData:
    """Read and validate every sheet the configuration names; report all their problems at once."""
    from ..core.plan_data import read_budget, read_cpa, read_improvements

    year, promises = config.plan.year, [p.number for p in config.promises]
    errors: list[DocgenError] = []
    workbook = budget = cpa = improvements = lpsa = None
    allow = tuple(config.paths.allow)
    if config.indicators is not None:
        sheet = _collect(errors, _read_sheet, root, config.indicators, "indicators", cache, allow)
        prefixes, confirmed = config.indicators.local_prefixes, config.indicators.confirmations()
        where = Location(CONFIG_NAME, key="indicators.confirmed")
        workbook = sheet and _collect(errors, read_indicators, sheet, year, promises, prefixes, confirmed, where)
    if config.budget is not None:
        sheet = _collect(errors, _read_sheet, root, config.budget, "budget", cache, allow)
        budget = sheet and _collect(errors, read_budget, sheet, year)
    if config.cpa is not None:
        sheet = _collect(errors, _read_sheet, root, config.cpa, "cpa", cache, allow)
        cpa = sheet and _collect(errors, read_cpa, sheet)
    if config.improvements is not None:
        sheet = _collect(errors, _read_sheet, root, config.improvements, "improvements", cache, allow)
        improvements = sheet and _collect(errors, read_improvements, sheet, year, promises)
    if config.lpsa is not None:
        from ..core.lpsa import read_lpsa

        sheet = _collect(errors, _read_sheet, root, config.lpsa, "lpsa", cache, allow)
        lpsa = sheet and _collect(errors, read_lpsa, sheet)
    if workbook is not None or config.indicators is None:  # charts need the indicators, read without errors
        problems = chart_problems(config.promises, workbook)
        errors += [InputError(msg, location=Location(CONFIG_NAME, key=key)) for key, msg in problems]
    raise_all(errors)
    return PlanData(workbook, budget, cpa, improvements, lpsa)


def _read_sheet(root: Path, source: Any, key: str, cache: Cache, allow: tuple[str, ...] = ()) -> Sheet:
    from ..read.excel import read_sheet_cached

    where = Location(CONFIG_NAME, key=f"{key}.workbook")
    path = confinement(root, allow).resolve(source.workbook, where, "workbook")
    if not path.is_file():
        raise InputError(f"workbook {source.workbook!r} not found", location=where)
    return read_sheet_cached(path, source.workbook, source.sheet, cache)


def _template_digests(root: Path, config: Config) -> dict[str, str]:
    import zipfile

    digests: dict[str, str] = {}
    errors: list[DocgenError] = []
    for doc_id, doc in config.documents.items():
        if doc.template in digests:
            continue
        where = Location(CONFIG_NAME, key=f"documents.{doc_id}.template")
        try:
            path = confinement(root, config.paths.allow).resolve(doc.template, where, "template", TemplateError)
        except TemplateError as exc:
            errors.append(exc)
            continue
        if not path.is_file():
            msg = f"template file {doc.template!r} not found"
            errors.append(TemplateError(msg, location=Location(CONFIG_NAME, key=f"documents.{doc_id}.template")))
            continue
        try:  # checked as untrusted, like a snippet: a template is any .docx someone dropped in
            digests[doc.template] = check_package(path, doc.template).digest()
        except InputError as exc:
            errors.append(TemplateError(exc.message, location=exc.location))
        except (zipfile.BadZipFile, OSError) as exc:
            errors.append(TemplateError(f"not a readable Word .docx template ({exc})", location=Location(doc.template)))
    raise_all(errors)
    return digests


def paper_settings(config: Config, doc_id: str) -> dict[str, Any]:
    """Return the settings besides the context that decide a paper's bytes."""
    doc = config.documents[doc_id]
    author = doc.author if isinstance(doc, ReportDocument) else config.council.name
    return {
        "document": doc_id,
        "title": sanitize_text(doc.title),
        "subject": sanitize_text(config.plan.title),
        "author": sanitize_text(author),
        "keywords": f"Best Value Performance Plan {config.plan.year}",
        "version_line": config.versions.line,
    }


def publish_settings(config: Config, doc_id: str, record: VersionRecord) -> dict[str, Any]:
    """Return a published PDF's metadata: the paper's title, author and subject, language, the version's date."""
    settings = paper_settings(config, doc_id)
    return {"title": settings["title"], "author": settings["author"], "subject": settings["subject"],
            "language": config.publish.language, "date": record.made}
