"""The build, read as its pipeline: load all, validate all, decide, render, write, record.

Returns reports and raises DocgenError; never prints.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .cache import Cache
from .accessibility import Finding, check_accessibility
from .compliance import Requirement, check_plan
from .config import CONFIG_NAME, Config, PlanDocument, ReportDocument, load_config
from .context import (
    build_contexts, config_shown_values, config_sources, config_values, data_values, make_facts, section_bodies,
    version_context,
)
from .errors import DocgenError, InputError, Location, ProjectError, TemplateError, raise_all
from .files import LockBusyError, file_sha256, locked, package_digest, write_atomic
from .fingerprint import fingerprint, sha256, short_digest
from .indicators import Missing, missing_figures, read_indicators
from .model import Narrative, Sheet
from .plan_sections import PlanData
from .register import REGISTER_NAME, Register, VersionRecord, load_register, save_register
from .sanitize import sanitize_text
from .tags import template_names
from .versioning import Decision, Recorded, decide

BUILD_DIR = "build"
STAGING = f"{BUILD_DIR}/.staging"
CACHE = f"{BUILD_DIR}/.cache"  # cells of unchanged workbooks; safe to delete
JOURNAL = f"{STAGING}/writing.json"  # the papers a build is about to write, with their checksums


class UnknownDocumentError(DocgenError):
    """A document id on the command line that the project does not define."""


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What a build did with one document."""

    document: str
    path: str
    status: str
    version: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, and what it warns about."""

    documents: tuple[DocumentResult, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` looked at; it raised if anything was wrong."""

    documents: tuple[str, ...]
    snippets: tuple[str, ...]
    templates: tuple[str, ...]
    indicators: int = 0
    missing: dict[int, list[Missing]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    compliance: dict[str, list[Requirement]] = field(default_factory=dict)  # per plan document
    accessibility: dict[str, list[Finding]] = field(default_factory=dict)  # per paper

    def unmet(self) -> list[tuple[str, Requirement]]:
        """Return `(document, requirement)` for every requirement not met."""
        return [(doc, r) for doc, items in self.compliance.items() for r in items if not r.met]

    def findings(self) -> list[Finding]:
        """Return every accessibility finding, paper by paper."""
        return [f for items in self.accessibility.values() for f in items]


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
    data: PlanData = PlanData()
    narratives: dict[str, Narrative] = field(default_factory=dict)
    cache: Cache | None = None  # what was read from unchanged inputs, saved after a successful build
    warnings: tuple[str, ...] = ()


def load(root: Path) -> Loaded:
    """Read and validate the configuration and every input; fingerprint every paper."""
    config = load_config(root)
    errors: list[DocgenError] = []
    cache = Cache(root / CACHE)
    templates: dict[str, str] = _collect(errors, _template_digests, root, config) or {}
    read: tuple[dict[str, Narrative], dict[str, str], list[str]] = _collect(
        errors, _read_narratives, root, config, cache
    ) or ({}, {}, [])
    narratives, snippet_digests, snippet_warnings = read
    data: PlanData = _collect(errors, _read_plan_data, root, config, cache) or PlanData()
    raise_all(errors)
    workbook = data.workbook
    contexts = build_contexts(config, narratives, data)
    names = {path: template_names(root / path) for path in templates}
    values = config_values(config)
    candidates = {}
    for doc_id, context in contexts.items():
        doc = config.documents[doc_id]
        used = names[doc.template]
        shown = {key: value for key, value in context.items() if used is None or key in used}
        settings = _settings(config, doc_id)
        snippets = config.snippets_of(doc_id)
        sources = {f"template:{doc.template}": templates[doc.template]}
        sources |= {f"snippet:{path}": snippet_digests.get(path, "missing") for path in snippets}
        shown_narratives = [narratives[path] for path in snippets if path in narratives]
        sources |= config_sources(config, values, doc_id, used, shown_narratives)
        shown_data = data_values(config, doc_id, data)
        sources |= {name: short_digest(fields) for name, fields in shown_data.items()}
        shown_values = {**config_shown_values(sources, values), **shown_data}
        candidates[doc_id] = Candidate(
            doc_id, doc.template, context, settings, fingerprint(templates[doc.template], shown, settings), sources,
            shown_values,
        )
    warnings = (*snippet_warnings, *(workbook.warnings if workbook else ()))
    return Loaded(root, config, candidates, data, narratives, cache, warnings)


def _collect(errors: list[DocgenError], step: Any, *args: Any) -> Any:
    """Run one loading step; keep its errors with the others so that all are reported at once."""
    try:
        return step(*args)
    except DocgenError as exc:
        errors.append(exc)
        return None


def _read_plan_data(root: Path, config: Config, cache: Cache) -> PlanData:
    """Read and validate every sheet the configuration names; report all their problems at once."""
    from .plan_data import read_budget, read_cpa, read_improvements

    year, promises = config.plan.year, [p.number for p in config.promises]
    errors: list[DocgenError] = []
    workbook = budget = cpa = improvements = None
    if config.indicators is not None:
        sheet = _collect(errors, _read_sheet, root, config.indicators, "indicators", cache)
        workbook = sheet and _collect(errors, read_indicators, sheet, year, promises)
    if config.budget is not None:
        sheet = _collect(errors, _read_sheet, root, config.budget, "budget", cache)
        budget = sheet and _collect(errors, read_budget, sheet, year)
    if config.cpa is not None:
        sheet = _collect(errors, _read_sheet, root, config.cpa, "cpa", cache)
        cpa = sheet and _collect(errors, read_cpa, sheet)
    if config.improvements is not None:
        sheet = _collect(errors, _read_sheet, root, config.improvements, "improvements", cache)
        improvements = sheet and _collect(errors, read_improvements, sheet, year, promises)
    raise_all(errors)
    return PlanData(workbook, budget, cpa, improvements)


def _read_sheet(root: Path, source: Any, key: str, cache: Cache) -> Sheet:
    from .excel import read_sheet_cached

    if not (root / source.workbook).is_file():
        msg = f"workbook {source.workbook!r} not found"
        raise InputError(msg, location=Location(CONFIG_NAME, key=f"{key}.workbook"))
    return read_sheet_cached(root / source.workbook, source.workbook, source.sheet, cache)


def check(root: Path) -> CheckReport:
    """Validate the whole project, rendering every paper in memory; write nothing."""
    loaded = load(root)
    made = dt.datetime(2000, 1, 1)
    errors: list[DocgenError] = []
    accessibility: dict[str, list[Finding]] = {}
    with tempfile.TemporaryDirectory(prefix="bvpp-check-") as scratch:
        for candidate in loaded.candidates.values():
            try:
                data = _render(loaded, candidate, 1, made, None)
            except DocgenError as exc:
                errors.append(exc)
                continue
            rendered = Path(scratch) / f"{candidate.document}.docx"
            rendered.write_bytes(data)
            language = loaded.config.publish.language
            accessibility[candidate.document] = check_accessibility(rendered, candidate.document, language=language)
    raise_all(errors)
    config = loaded.config
    workbook = loaded.data.workbook
    bodies = section_bodies(config, loaded.narratives, loaded.data)
    compliance = {
        doc_id: check_plan(config, doc_id, loaded.data, loaded.narratives, bodies)
        for doc_id, doc in config.documents.items() if isinstance(doc, PlanDocument)
    }
    return CheckReport(
        documents=tuple(config.documents),
        snippets=tuple(dict.fromkeys(
            [path for _, path in config.snippet_paths()]
            + [path for _, path in config.promise_snippet_paths() if path in loaded.narratives]
        )),
        templates=tuple(dict.fromkeys(doc.template for doc in config.documents.values())),
        indicators=len(workbook.indicators) if workbook else 0,
        missing=missing_figures(workbook) if workbook else {},
        warnings=(*loaded.warnings, *unused_snippets(root, config)),
        compliance=compliance,
        accessibility=accessibility,
    )


def status(root: Path) -> list[Decision]:
    """Return, per paper, what a build would do and why; write nothing."""
    loaded = load(root)
    register = load_register(root)
    return [_decide(loaded, register, d, _output_sha256(root, register, d)) for d in loaded.candidates]


def history(root: Path, doc_id: str | None = None) -> dict[str, list[VersionRecord]]:
    """Return the recorded versions of one paper or all, newest first."""
    config = load_config(root)
    if doc_id is not None:
        select_documents(config, [doc_id])
    register = load_register(root)
    ids = [doc_id] if doc_id else list(dict.fromkeys([*config.documents, *register.documents]))
    return {d: list(reversed(register.documents[d].versions)) if d in register.documents else [] for d in ids}


def output_state(root: Path, record: VersionRecord) -> str:
    """Return `ok`, `missing` or `edited` for a recorded version's file."""
    actual = file_sha256(root / record.output)
    return "missing" if actual is None else ("ok" if actual == record.sha256 else "edited")


def build(
    root: Path,
    only: Sequence[str] = (),
    *,
    made: dt.datetime,
    label: str | None = None,
    force: bool = False,
    discard_edits: bool = False,
) -> BuildReport:
    """Build the named papers (all when none is named): new versions for changed ones."""
    loaded = load(root)
    doc_ids = select_documents(loaded.config, only)
    if (root / BUILD_DIR).exists() and not (root / BUILD_DIR).is_dir():
        raise ProjectError("is a file, not a folder: move it away, then build again", location=Location(BUILD_DIR))
    try:
        with locked(root):
            return _build_locked(loaded, doc_ids, made, label, force, discard_edits)
    except LockBusyError:
        msg = "another build is running in this project; try again when it has finished"
        raise ProjectError(msg, location=Location(BUILD_DIR)) from None
    except OSError as exc:
        where = Path(exc.filename).relative_to(root) if exc.filename and Path(exc.filename).is_relative_to(root) else BUILD_DIR
        raise ProjectError(f"cannot write ({exc.strerror})", location=Location(str(where))) from None


def _build_locked(
    loaded: Loaded, doc_ids: list[str], made: dt.datetime, label: str | None, force: bool, discard_edits: bool
) -> BuildReport:
    root = loaded.root
    register = load_register(root)
    _recover(root, register)
    actuals = {d: _output_sha256(root, register, d) for d in doc_ids}
    decisions = [_decide(loaded, register, d, actuals[d], force=force, discard_edits=discard_edits) for d in doc_ids]
    _refuse_edited(register, decisions)
    rendered = _render_decided(loaded, register, decisions, made, label)
    results = []
    warnings = [*loaded.warnings, *_edit_warnings(register, decisions, actuals)]
    if rendered:
        write_atomic(root / JOURNAL, json.dumps({r.output: r.sha256 for r, _ in rendered.values()}).encode())
    for decision in decisions:
        if decision.document not in rendered:
            latest = register.history(decision.document).latest
            assert latest is not None
            results.append(DocumentResult(decision.document, latest.output, "up to date", latest.version, decision.reasons))
            continue
        record, data = rendered[decision.document]
        _write_output(root, record, data, decision)
        _record(root, register, decision, record)
        status_word = "built" if decision.action == "new version" else "rebuilt"
        results.append(DocumentResult(decision.document, record.output, status_word, record.version, decision.reasons))
    shutil.rmtree(root / STAGING, ignore_errors=True)
    if loaded.cache:
        loaded.cache.save()
    return BuildReport(tuple(results), tuple(warnings))


def _recover(root: Path, register: Register) -> None:
    """Undo what a killed build left: papers it wrote but never recorded, and its staging files."""
    try:
        pending = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pending = {}
    recorded = {v.output for history in register.documents.values() for v in history.versions}
    for output, checksum in pending.items() if isinstance(pending, dict) else ():
        if output not in recorded and file_sha256(root / output) == checksum:
            (root / output).unlink()  # ours, byte for byte, and never recorded
    shutil.rmtree(root / STAGING, ignore_errors=True)


def select_documents(config: Config, only: Sequence[str]) -> list[str]:
    """Return the document ids to work on, in config order; reject unknown ones."""
    known = list(config.documents)
    unknown = [doc for doc in only if doc not in known]
    if unknown:
        msg = f"no document {unknown[0]!r} in this project (documents: {', '.join(known)})"
        raise UnknownDocumentError(msg, location=Location(CONFIG_NAME))
    return [doc for doc in known if not only or doc in only]


def output_path(doc_id: str, version: int) -> str:
    """Return where version `version` of a paper lives, relative to the project."""
    return f"{BUILD_DIR}/{doc_id}/{doc_id}-v{version:03d}.docx"


def _latest(register: Register, doc_id: str) -> VersionRecord | None:
    return register.documents[doc_id].latest if doc_id in register.documents else None


def _output_sha256(root: Path, register: Register, doc_id: str) -> str | None:
    """Return the SHA-256 of the latest version's file as it is now (None: no such file)."""
    latest = _latest(register, doc_id)
    return file_sha256(root / latest.output) if latest else None


def _decide(loaded: Loaded, register: Register, doc_id: str, actual: str | None, **options: bool) -> Decision:
    candidate = loaded.candidates[doc_id]
    latest = _latest(register, doc_id)
    recorded = Recorded(latest.version, latest.fingerprint, latest.sha256, latest.sources, latest.values) if latest else None
    return decide(doc_id, recorded, candidate.fingerprint, candidate.sources, actual, values=candidate.values, **options)


def _refuse_edited(register: Register, decisions: list[Decision]) -> None:
    errors: list[DocgenError] = []
    for decision in decisions:
        if decision.action == "refuse":
            latest = register.documents[decision.document].latest
            assert latest is not None
            msg = (
                "edited since it was built, so it was not overwritten; to keep the edit, move the file "
                "out of build/ first; to discard it, build with --discard-edits"
            )
            errors.append(ProjectError(msg, location=Location(latest.output)))
    raise_all(errors)


def _edit_warnings(register: Register, decisions: list[Decision], actuals: dict[str, str | None]) -> list[str]:
    """Name every latest paper edited by hand that this build leaves as it is."""
    warnings = []
    for decision in decisions:
        latest = _latest(register, decision.document)
        actual = actuals[decision.document]
        if latest and decision.action != "rebuild" and actual is not None and actual != latest.sha256:
            warnings.append(f"{latest.output}: edited since it was built; kept as it is")
    return warnings


def _render_decided(
    loaded: Loaded, register: Register, decisions: list[Decision], made: dt.datetime, label: str | None
) -> dict[str, tuple[VersionRecord, bytes]]:
    """Render every paper that needs it, in memory; report every paper's problems at once.

    A re-rendered version whose bytes differ from the recorded ones (the same inputs now render
    differently, e.g. after an upgrade) becomes a new version instead: history is never rewritten.
    """
    records: dict[str, tuple[VersionRecord, bytes]] = {}
    errors: list[DocgenError] = []
    for index, decision in enumerate(list(decisions)):
        if decision.action not in ("new version", "rebuild"):
            continue
        candidate = loaded.candidates[decision.document]
        if decision.action == "rebuild":  # the same version again: its own date and label
            latest = register.documents[decision.document].latest
            assert latest is not None
            version_made, version_label, changes = latest.made, latest.label, latest.changes
        else:
            version_made, version_label, changes = made, label, list(decision.changes)
        try:
            data = _render(loaded, candidate, decision.version, version_made, version_label)
            latest = register.documents[decision.document].latest if decision.action == "rebuild" else None
            if latest is not None and sha256(data) != latest.sha256:
                changes = ["format changed: the same inputs now render differently"]
                decision = replace(decision, action="new version", version=latest.version + 1, changes=tuple(changes))
                decisions[index] = decision
                version_made, version_label = made, label
                data = _render(loaded, candidate, decision.version, version_made, version_label)
        except DocgenError as exc:
            errors.append(exc)
            continue
        record = VersionRecord(
            version=decision.version,
            made=version_made,
            label=version_label,
            fingerprint=candidate.fingerprint,
            output=output_path(decision.document, decision.version),
            sha256=sha256(data),
            sources=candidate.sources,
            values=candidate.values,
            changes=changes,
        )
        records[decision.document] = (record, data)
    raise_all(errors)
    return records


def _write_output(root: Path, record: VersionRecord, data: bytes, decision: Decision) -> None:
    """Write a paper's file; never replace a file the register does not vouch for."""
    path = root / record.output
    existing = file_sha256(path)
    if existing == record.sha256:
        return  # already there, byte for byte (e.g. written by a build killed before recording it)
    if existing is not None and decision.action == "new version":
        msg = (
            "not in the register (left by an interrupted build, or put there by hand), so it was not "
            "overwritten; move it out of build/ and build again"
        )
        raise ProjectError(msg, location=Location(record.output))
    write_atomic(path, data, staging=root / STAGING)


def _record(root: Path, register: Register, decision: Decision, record: VersionRecord) -> None:
    versions = register.history(decision.document).versions
    if decision.action == "rebuild":
        return  # the same version, the same bytes: the register already says so
    versions.append(record)
    save_register(root, register, staging=root / STAGING)


def render_version(loaded: Loaded, candidate: Candidate, record: VersionRecord) -> bytes:
    """Render a recorded version again, with its own number, date and label."""
    return _render(loaded, candidate, record.version, record.made, record.label)


def _render(loaded: Loaded, candidate: Candidate, number: int, made: dt.datetime, label: str | None) -> bytes:
    from .render import Properties, render_document

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
    return render_document(loaded.root / candidate.template, candidate.template, context, properties)


def publish_settings(config: Config, doc_id: str, record: VersionRecord) -> dict[str, Any]:
    """Return a published PDF's metadata: the paper's title, author and subject, language, the version's date."""
    settings = _settings(config, doc_id)
    return {"title": settings["title"], "author": settings["author"], "subject": settings["subject"],
            "language": config.publish.language, "date": record.made}


def _settings(config: Config, doc_id: str) -> dict[str, Any]:
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


def _template_digests(root: Path, config: Config) -> dict[str, str]:
    import zipfile

    digests: dict[str, str] = {}
    errors: list[DocgenError] = []
    for doc_id, doc in config.documents.items():
        if doc.template in digests:
            continue
        path = root / doc.template
        if not path.is_file():
            msg = f"template file {doc.template!r} not found"
            errors.append(TemplateError(msg, location=Location(CONFIG_NAME, key=f"documents.{doc_id}.template")))
            continue
        try:
            digests[doc.template] = package_digest(path)
        except (zipfile.BadZipFile, OSError) as exc:
            errors.append(TemplateError(f"not a readable Word .docx template ({exc})", location=Location(doc.template)))
    raise_all(errors)
    return digests


def resolve_snippet(root: Path, relative: str, key: str) -> str:
    """Return the snippet file a config path means: as written, or by convention `.docx`/`.md`."""
    if Path(relative).suffix:
        if (root / relative).is_file():
            return relative
        raise InputError(f"snippet file {relative!r} not found", location=Location(CONFIG_NAME, key=key))
    found = [f"{relative}{suffix}" for suffix in (".docx", ".md") if (root / f"{relative}{suffix}").is_file()]
    if len(found) == 1:
        return found[0]
    if found:
        msg = f"both {found[0]!r} and {found[1]!r} exist; keep one, or name it at {key}"
        raise InputError(msg, location=Location(found[0]))
    msg = f"snippet not found: expected {relative}.docx or {relative}.md (or name a file at {key} in bvpp.toml)"
    raise InputError(msg, location=Location(CONFIG_NAME, key=key))


def snippet_exists(root: Path, relative: str) -> bool:
    """Return whether a snippet path names a file (as written, or by convention `.docx`/`.md`)."""
    if Path(relative).suffix:
        return (root / relative).is_file()
    return any((root / f"{relative}{suffix}").is_file() for suffix in (".docx", ".md"))


def unused_snippets(root: Path, config: Config) -> list[str]:
    """Return snippet files under inputs/ that no document uses."""
    used = set()
    for key, relative in [*config.snippet_paths(), *config.promise_snippet_paths()]:
        try:
            used.add(resolve_snippet(root, relative, key))
        except InputError:
            continue
    found = sorted(
        str(p.relative_to(root)) for p in (root / "inputs").rglob("*")
        if p.suffix.lower() in (".docx", ".md") and not p.name.startswith(("~$", "."))
    ) if (root / "inputs").is_dir() else []
    return [f"{path}: not used by any document (name it in bvpp.toml, or remove it)" for path in found if path not in used]


def _read_narratives(
    root: Path, config: Config, cache: Cache
) -> tuple[dict[str, Narrative], dict[str, str], list[str]]:
    from .snippets import read_snippet

    facts = make_facts(config)
    narratives: dict[str, Narrative] = {}
    digests: dict[str, str] = {}
    warnings: list[str] = []
    errors: list[DocgenError] = []
    optional = config.promise_snippet_paths()
    for key, relative in [*config.snippet_paths(), *optional]:
        if relative in narratives:
            continue
        if (key, relative) in optional and not snippet_exists(root, relative):
            warnings.append(f"{relative}.docx (or .md): not written yet; the papers say \"To follow.\"")
            continue  # `check` lists it against its promise
        try:
            actual = resolve_snippet(root, relative, key)
            digest = file_sha256(root / actual)
            narratives[relative], found = read_snippet(
                root / actual, actual, facts, config.snippets.accept_changes, cache, digest
            )
            warnings += found
            digests[relative] = f"sha256:{digest}"
        except DocgenError as exc:
            errors.append(exc)
    raise_all(errors)
    return narratives, digests, warnings


__all__ = ["REGISTER_NAME", "build", "check", "history", "load", "output_state", "status"]
