"""The build: decide, render every paper in memory, then write and record each; never prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..core.fingerprint import sha256
from ..core.labels import Labels, resolve_labels
from ..core.versioning import Decision
from ..errors import DocgenError, Location, Notice, ProjectError, RegisterError, raise_all
from ..store.files import locked
from ..store.layout import BUILD_DIR, REGISTER_NAME, built_text_path, output_path
from ..store.register import Register, VersionRecord, load_register, register_bytes
from ..store.trail import load_trail, save_trail
from ..store.transaction import Transaction, recover, write_problem
from .edits import DISCARD_ADVICE, built_text, discard_place, edit_notices, edits_of
from .load import Loaded, Progress, load
from .queries import decide_paper, latest_record, output_sha256, select_documents, trail_sources
from .rendering import render_paper, render_version
from .reports import BuildReport, DocumentResult


def build(
    root: Path,
    only: Sequence[str] = (),
    *,
    made: dt.datetime,
    label: Labels = None,
    force: bool = False,
    discard_edits: bool = False,
    progress: Progress | None = None,
    loaded: Loaded | None = None,
) -> BuildReport:
    """Build the named papers (all when none is named): new versions for changed ones.

    All or nothing: every paper is decided and rendered in memory and every path checked before
    anything is written; the files are then staged, placed, and committed by the register's rename.
    `loaded`: the project as a load just read it (default: read now).
    """
    say = progress or (lambda _message: None)
    loaded = loaded or load(root, say)
    doc_ids = select_documents(loaded.config, only)
    labels = resolve_labels(label, list(loaded.config.documents), doc_ids)
    if (root / BUILD_DIR).exists() and not (root / BUILD_DIR).is_dir():
        raise ProjectError("is a file, not a folder: move it away, then build again", location=Location(BUILD_DIR))
    try:
        with locked(root):
            return _build_locked(loaded, doc_ids, made, labels, force, discard_edits, say)
    except OSError as exc:
        raise write_problem(root, exc) from None


def _build_locked(
    loaded: Loaded, doc_ids: list[str], made: dt.datetime, labels: dict[str, str | None], force: bool,
    discard_edits: bool, say: Progress,
) -> BuildReport:
    root = loaded.root
    register = load_register(root)
    recover(root, {v.output for history in register.documents.values() for v in history.versions})
    say("comparing the inputs with the latest versions")
    actuals = {d: output_sha256(root, register, d) for d in doc_ids}
    decisions = [decide_paper(loaded, register, d, actuals[d], force=force, discard_edits=discard_edits) for d in doc_ids]
    _refuse_edited(loaded, register, decisions)
    decisions, rendered = _render_decided(loaded, register, decisions, made, labels, say)
    results = []
    changed = False  # the register gains a version or records new inputs: serialised once, at the end
    warnings = [*loaded.warnings, *_edit_warnings(loaded, register, decisions, actuals)]
    transaction = Transaction(root)
    for decision in decisions:
        if decision.document not in rendered:
            latest = register.latest(decision.document)
            assert latest is not None
            results.append(DocumentResult(decision.document, latest.output, "up to date", latest.version, decision.reasons))
            continue
        record, data, built = rendered[decision.document]
        if decision.action == "rebuild" and "edits discarded" in decision.reasons:
            warnings += _discard(loaded, decision, record, made, transaction)
        transaction.add(record.output, data)
        transaction.add(built_text_path(record.output), built)
        if decision.action != "rebuild":  # a rebuild: the same version, the same bytes, as the register says
            register.add_version(decision.document, record)
            changed = True
        status_word = "built" if decision.action == "new version" else "rebuilt"
        results.append(DocumentResult(decision.document, record.output, status_word, record.version, decision.reasons))
    if _adopt(loaded, register, decisions) or changed:
        transaction.register = register_bytes(register)
    new = {rendered[d.document][0].output for d in decisions if d.action == "new version" and d.document in rendered}
    missing = _missing_register(root)
    raise_all([*missing, *transaction.collisions(vouched=set(transaction.files) - new, register_missing=bool(missing))])
    transaction.commit()
    _prune_trail(loaded, register)
    if loaded.cache:
        loaded.cache.save()
    return BuildReport(tuple(results), tuple(warnings))


def _prune_trail(loaded: Loaded, register: Register) -> None:
    """Drop absorb's trail entries the papers no longer need (store/trail.py): the snippet changed again,
    or every paper that shows it has recorded a version with the bytes absorb wrote."""
    trail = load_trail(loaded.root)
    if not trail:
        return
    keep = {}
    for path, entry in trail.items():
        showing = [d for d, c in loaded.candidates.items() if path in trail_sources(c.sources, {path: entry})]
        pending = [d for d in showing if (latest := register.latest(d)) is None
                   or not trail_sources(latest.sources, {path: entry})]
        if pending:
            keep[path] = entry
    if keep != trail:
        save_trail(loaded.root, keep)


def _missing_register(root: Path) -> list[DocgenError]:
    """Refuse to start the history again beside papers that a lost register recorded."""
    if (root / REGISTER_NAME).exists() or (root / REGISTER_NAME).is_symlink():
        return []
    if not any((root / BUILD_DIR).glob("*/*-v[0-9][0-9][0-9].docx")):
        return []
    msg = (f"{REGISTER_NAME} is missing but {BUILD_DIR}/ holds versions: restore {REGISTER_NAME} from version "
           f"control (or move {BUILD_DIR}/ away to start again)")
    return [RegisterError(msg, location=Location(REGISTER_NAME))]


def _adopt(loaded: Loaded, register: Register, decisions: list[Decision]) -> bool:
    """Record the inputs of papers that changed inputs left the same (no new version: the paper did not change);
    return whether any was recorded (a changed fingerprint: the register changes)."""
    adopted = False
    for decision in decisions:
        if decision.adopt and decision.action != "new version":
            candidate = loaded.candidates[decision.document]
            register.adopt_inputs(decision.document, candidate.fingerprint, candidate.sources, candidate.values)
            adopted = True
    return adopted


def _refuse_edited(loaded: Loaded, register: Register, decisions: list[Decision]) -> None:
    """Refuse --force on a paper edited by hand: name each edited paragraph and where it must go."""
    errors: list[DocgenError] = []
    for decision in decisions:
        if decision.action == "refuse":
            latest = register.latest(decision.document)
            assert latest is not None
            head = (f"edited by hand since it was built, so --force did not overwrite it; to drop the edits, "
                    f"{DISCARD_ADVICE}; to keep them, run 'bvpp absorb {latest.output}' (or make each edit {{where}}), "
                    f"then run 'bvpp build'")
            notices = edit_notices(edits_of(loaded, decision.document, latest), head, latest.output)
            errors += [ProjectError(n.message, location=n.location) for n in notices]
    raise_all(errors)


def _edit_warnings(
    loaded: Loaded, register: Register, decisions: list[Decision], actuals: dict[str, str | None]
) -> list[Notice]:
    """Name every latest paper edited by hand that this build leaves as it is, each edit, and where it must go."""
    warnings = []
    for decision in decisions:
        latest = latest_record(register, decision.document)
        actual = actuals[decision.document]
        if latest is None or decision.action == "rebuild" or actual is None or actual == latest.sha256:
            continue
        if decision.action == "new version":
            new = output_path(decision.document, decision.version, year_of(loaded, register))
            head = (f"edited by hand since it was built; the new version v{decision.version} ({new}) does NOT "
                    f"contain these hand edits, which stay in this file only; to carry them into the next version, "
                    f"run 'bvpp absorb {latest.output}' (or make each edit {{where}}), then run 'bvpp build' again")
        else:
            head = (f"edited by hand since it was built, and left as it is; a new version will NOT contain these "
                    f"hand edits: to keep them, run 'bvpp absorb {latest.output}' (or make each edit {{where}}); "
                    f"to drop them, {DISCARD_ADVICE}")
        warnings += edit_notices(edits_of(loaded, decision.document, latest), head, latest.output)
    return warnings


def _discard(loaded: Loaded, decision: Decision, record: VersionRecord, made: dt.datetime,
             transaction: Transaction) -> list[Notice]:
    """Keep a hand-edited paper's copy in build/.discarded/ as it is put back as built; say where."""
    edits = edits_of(loaded, decision.document, record)
    kept = discard_place(loaded.root, record.output, made)
    transaction.add(kept, (loaded.root / record.output).read_bytes())
    head = (f"edited by hand since it was built: kept your edited copy at {kept}, and put back "
            f"v{record.version} as built, without the edits; to have them in a new version, make each edit "
            f"{{where}}, then run 'bvpp build'")
    return edit_notices(edits, head, record.output)


def _render_decided(
    loaded: Loaded, register: Register, decisions: list[Decision], made: dt.datetime, labels: dict[str, str | None],
    say: Progress = lambda _message: None,
) -> tuple[list[Decision], dict[str, tuple[VersionRecord, bytes, bytes]]]:
    """Render every paper that needs it, in memory; report every paper's problems at once.

    Returns the decisions as they finally stand: a re-rendered version whose bytes differ from
    the recorded ones (the same inputs now render differently, e.g. after an upgrade) becomes a
    new version instead, since history is never rewritten.
    """
    final: list[Decision] = []
    records: dict[str, tuple[VersionRecord, bytes, bytes]] = {}
    errors: list[DocgenError] = []
    todo = [d.document for d in decisions if d.action in ("new version", "rebuild")]
    for decision in decisions:
        if decision.action not in ("new version", "rebuild"):
            final.append(decision)
            continue
        say(f"rendering {decision.document} ({todo.index(decision.document) + 1} of {len(todo)})")
        try:
            latest = register.latest(decision.document)
            decided, record, data, built = _render_one(loaded, latest, decision, made, labels[decision.document],
                                                       year_of(loaded, register))
        except DocgenError as exc:
            errors.append(exc)
            continue
        final.append(decided)
        records[decision.document] = (record, data, built)
    raise_all(errors)
    return final, records


def year_of(loaded: Loaded, register: Register) -> str | None:
    """Return the plan year that names new papers' files: none until the project has moved on a year."""
    return loaded.config.plan.year if register.earlier_years else None


def _render_one(
    loaded: Loaded, latest: VersionRecord | None, decision: Decision, made: dt.datetime, label: str | None,
    year: str | None,
) -> tuple[Decision, VersionRecord, bytes, bytes]:
    """Render one paper as decided; a rebuild that no longer gives the recorded bytes becomes a new version.

    Returns the decision as it stands, the version's record, its bytes and its text as built.
    """
    candidate = loaded.candidates[decision.document]
    if decision.action == "rebuild":  # the same version again: its own date and label
        assert latest is not None
        version_made, version_label, changes = latest.made, latest.label, latest.changes
    else:
        version_made, version_label, changes = made, label, list(decision.changes)
    read: list = []  # the paper's paragraphs, as the render tells them: the written paper need not be read back
    if decision.action == "rebuild" and latest is not None:  # as recorded, page numbers of a published one included
        data = render_version(loaded, candidate, latest)
    else:
        data = render_paper(loaded, candidate, decision.version, version_made, version_label, read=read)
    if decision.action == "rebuild" and latest is not None and sha256(data) != latest.sha256:
        changes = ["format changed: the same inputs now render differently"]
        decision = replace(decision, action="new version", version=latest.version + 1, changes=tuple(changes))
        version_made, version_label = made, label
        data = render_paper(loaded, candidate, decision.version, version_made, version_label, read=read)
    record = VersionRecord(
        version=decision.version,
        made=version_made,
        label=version_label,
        fingerprint=candidate.fingerprint,
        output=output_path(decision.document, decision.version, year),
        sha256=sha256(data),
        sources=candidate.sources,
        values=candidate.values,
        changes=changes,
    )
    built = built_text(loaded, decision.document, record.output, data, read[-1] if read else None)
    return decision, record, data, built
