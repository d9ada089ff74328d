"""The build: decide, render every paper in memory, then write and record each; never prints."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..core.fingerprint import sha256
from ..core.versioning import Decision
from ..errors import DocgenError, Location, Notice, ProjectError, raise_all
from ..store.files import file_sha256, locked, write_atomic
from ..store.layout import BUILD_DIR, JOURNAL, STAGING, output_path
from ..store.register import Register, VersionRecord, load_register, save_register
from .edits import DISCARD_ADVICE, discard, edit_notices, edits_of, record_built
from .load import Loaded, load
from .queries import decide_paper, latest_record, output_sha256, select_documents
from .rendering import render_paper
from .reports import BuildReport, DocumentResult


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
    except OSError as exc:
        where = Path(exc.filename).relative_to(root) if exc.filename and Path(exc.filename).is_relative_to(root) else BUILD_DIR
        raise ProjectError(f"cannot write ({exc.strerror})", location=Location(str(where))) from None


def _build_locked(
    loaded: Loaded, doc_ids: list[str], made: dt.datetime, label: str | None, force: bool, discard_edits: bool
) -> BuildReport:
    root = loaded.root
    register = load_register(root)
    _recover(root, register)
    actuals = {d: output_sha256(root, register, d) for d in doc_ids}
    decisions = [decide_paper(loaded, register, d, actuals[d], force=force, discard_edits=discard_edits) for d in doc_ids]
    _refuse_edited(loaded, register, decisions)
    decisions, rendered = _render_decided(loaded, register, decisions, made, label)
    results = []
    warnings = [*loaded.warnings, *_edit_warnings(loaded, register, decisions, actuals)]
    if rendered:
        write_atomic(root / JOURNAL, json.dumps({r.output: r.sha256 for r, _ in rendered.values()}).encode())
    for decision in decisions:
        if decision.document not in rendered:
            latest = register.latest(decision.document)
            assert latest is not None
            results.append(DocumentResult(decision.document, latest.output, "up to date", latest.version, decision.reasons))
            continue
        record, data = rendered[decision.document]
        if decision.action == "rebuild" and "edits discarded" in decision.reasons:
            warnings += _discard(loaded, decision, record, made)
        _write_output(root, record, data, decision)
        record_built(loaded, decision.document, record.output, data)
        _record(root, register, decision, record)
        status_word = "built" if decision.action == "new version" else "rebuilt"
        results.append(DocumentResult(decision.document, record.output, status_word, record.version, decision.reasons))
    _adopt(loaded, register, decisions)
    shutil.rmtree(root / STAGING, ignore_errors=True)
    if loaded.cache:
        loaded.cache.save()
    return BuildReport(tuple(results), tuple(warnings))


def _adopt(loaded: Loaded, register: Register, decisions: list[Decision]) -> None:
    """Record the inputs of papers that changed inputs left the same (no new version: the paper did not change)."""
    adopted = [d.document for d in decisions if d.adopt and d.action != "new version"]
    for doc_id in adopted:
        candidate = loaded.candidates[doc_id]
        register.adopt_inputs(doc_id, candidate.fingerprint, candidate.sources, candidate.values)
    if adopted:
        save_register(loaded.root, register, staging=loaded.root / STAGING)


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


def _refuse_edited(loaded: Loaded, register: Register, decisions: list[Decision]) -> None:
    """Refuse --force on a paper edited by hand: name each edited paragraph and where it must go."""
    errors: list[DocgenError] = []
    for decision in decisions:
        if decision.action == "refuse":
            latest = register.latest(decision.document)
            assert latest is not None
            head = (f"edited by hand since it was built, so --force did not overwrite it; to drop the edits, "
                    f"{DISCARD_ADVICE}; to keep them, make each edit {{where}}, then run 'bvpp build'")
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
            new = output_path(decision.document, decision.version)
            head = (f"edited by hand since it was built; the new version v{decision.version} ({new}) does NOT "
                    f"contain these hand edits, which stay in this file only; to carry them into the next version, "
                    f"make each edit {{where}}, then run 'bvpp build' again")
        else:
            head = (f"edited by hand since it was built, and left as it is; a new version will NOT contain these "
                    f"hand edits: to keep them, make each edit {{where}}; to drop them, {DISCARD_ADVICE}")
        warnings += edit_notices(edits_of(loaded, decision.document, latest), head, latest.output)
    return warnings


def _discard(loaded: Loaded, decision: Decision, record: VersionRecord, made: dt.datetime) -> list[Notice]:
    """Keep a hand-edited paper's copy in build/.discarded/ before it is put back as built; say where."""
    edits = edits_of(loaded, decision.document, record)
    kept = discard(loaded.root, record.output, made)
    head = (f"edited by hand since it was built: kept your edited copy at {kept}, and put back "
            f"v{record.version} as built, without the edits; to have them in a new version, make each edit "
            f"{{where}}, then run 'bvpp build'")
    return edit_notices(edits, head, record.output)


def _render_decided(
    loaded: Loaded, register: Register, decisions: list[Decision], made: dt.datetime, label: str | None
) -> tuple[list[Decision], dict[str, tuple[VersionRecord, bytes]]]:
    """Render every paper that needs it, in memory; report every paper's problems at once.

    Returns the decisions as they finally stand: a re-rendered version whose bytes differ from
    the recorded ones (the same inputs now render differently, e.g. after an upgrade) becomes a
    new version instead, since history is never rewritten.
    """
    final: list[Decision] = []
    records: dict[str, tuple[VersionRecord, bytes]] = {}
    errors: list[DocgenError] = []
    for decision in decisions:
        if decision.action not in ("new version", "rebuild"):
            final.append(decision)
            continue
        try:
            decided, record, data = _render_one(loaded, register.latest(decision.document), decision, made, label)
        except DocgenError as exc:
            errors.append(exc)
            continue
        final.append(decided)
        records[decision.document] = (record, data)
    raise_all(errors)
    return final, records


def _render_one(
    loaded: Loaded, latest: VersionRecord | None, decision: Decision, made: dt.datetime, label: str | None
) -> tuple[Decision, VersionRecord, bytes]:
    """Render one paper as decided; a rebuild that no longer gives the recorded bytes becomes a new version."""
    candidate = loaded.candidates[decision.document]
    if decision.action == "rebuild":  # the same version again: its own date and label
        assert latest is not None
        version_made, version_label, changes = latest.made, latest.label, latest.changes
    else:
        version_made, version_label, changes = made, label, list(decision.changes)
    data = render_paper(loaded, candidate, decision.version, version_made, version_label)
    if decision.action == "rebuild" and latest is not None and sha256(data) != latest.sha256:
        changes = ["format changed: the same inputs now render differently"]
        decision = replace(decision, action="new version", version=latest.version + 1, changes=tuple(changes))
        version_made, version_label = made, label
        data = render_paper(loaded, candidate, decision.version, version_made, version_label)
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
    return decision, record, data


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
    if decision.action == "rebuild":
        return  # the same version, the same bytes: the register already says so
    register.add_version(decision.document, record)
    save_register(root, register, staging=root / STAGING)
