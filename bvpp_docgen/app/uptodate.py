"""`bvpp status` and `bvpp build` as users run them: answered from the stamp when nothing changed, else in full.

The stamp (store/stamp.py) keeps what the last full load of every input answered: each paper's
decision, each latest version, the load's warnings. When every input file, folder and state file
is as it was, status gives those decisions and an up-to-date build those results, without
reading, parsing or importing what a load needs; on any doubt the command runs in full and, when
it succeeds, stamps what it found. Only this module's own imports are paid on the fast path.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.fingerprint import RENDER_FORMAT, short_digest
from ..core.labels import Labels, resolve_labels
from ..core.versioning import Decision
from ..errors import Location, Notice
from ..store.cache import CACHE_FORMAT
from ..store.files import locked
from ..store.layout import ABSORBED_TRAIL, BUILD_DIR, CONFIG_NAME, REGISTER_NAME, STAGING
from ..store.stamp import make_stamp, save_stamp, stamped_answers, state_digests
from .reports import BuildReport, DocumentResult, StatusReport

if TYPE_CHECKING:
    from .load import Loaded, Progress


def environment() -> dict[str, Any]:
    """Return what besides the files decides the answers: the formats, and this copy of bvpp's code."""
    package = Path(__file__).resolve().parent.parent
    code = []
    for folder, _dirs, names in os.walk(package):
        for name in sorted(n for n in names if n.endswith(".py")):
            st = os.stat(os.path.join(folder, name))
            code.append((os.path.relpath(os.path.join(folder, name), package), st.st_size, st.st_mtime_ns))
    return {"render_format": RENDER_FORMAT, "cache_format": CACHE_FORMAT, "code": short_digest(sorted(code))}


def stamped_status(root: Path) -> StatusReport | None:
    """Return the status the stamp keeps, when every input is as it was; else None."""
    answers = stamped_answers(root, environment())
    if answers is None:
        return None
    return StatusReport(tuple(_decision(d) for d in answers["decisions"]))


def status(root: Path) -> StatusReport:
    """Return, per paper, what a build would do and why; write nothing but the stamp in build/.cache."""
    report = stamped_status(root)
    if report is not None:
        return report
    from ..store.confine import noting
    from .load import load
    from .queries import status as full_status

    started = time.time_ns()
    with noting() as noted:
        loaded = load(root)
    before = _state(root, loaded)
    report = full_status(root, loaded)
    _stamp(loaded, noted, started, before, report.decisions)
    return report


def build(
    root: Path, only: Sequence[str] = (), *, made: dt.datetime, label: Labels = None, force: bool = False,
    discard_edits: bool = False, progress: Progress | None = None,
) -> BuildReport:
    """Build the named papers (all when none is named), as app/build.py does; an up-to-date project
    answers from the stamp."""
    if not force and not discard_edits:
        report = stamped_build(root, only, label)
        if report is not None:
            return report
    from ..store.confine import noting
    from . import build as build_case
    from .load import load
    from .queries import decide_paper, output_sha256

    started = time.time_ns()
    with noting() as noted:
        loaded = load(root, progress)
    report = build_case.build(root, only, made=made, label=label, force=force, discard_edits=discard_edits,
                              progress=progress, loaded=loaded)
    if set(only) >= set(loaded.config.documents) or not only:
        before = _state(root, loaded)
        from ..store.register import load_register

        register = load_register(root)
        decisions = tuple(decide_paper(loaded, register, d, output_sha256(root, register, d)) for d in loaded.candidates)
        _stamp(loaded, noted, started, before, decisions)
    return report


def stamped_build(root: Path, only: Sequence[str] = (), label: Labels = None) -> BuildReport | None:
    """Return the report of a build that finds every named paper up to date, from the stamp; None: build in full."""
    if stamped_answers(root, environment()) is None or (root / STAGING).exists():
        return None
    if (root / BUILD_DIR).exists() and not (root / BUILD_DIR).is_dir():
        return None
    try:
        return _answer_locked(root, only, label)
    except OSError:
        return None  # the full build says what is wrong with the folder


def _answer_locked(root: Path, only: Sequence[str], label: Labels) -> BuildReport | None:
    with locked(root):  # as a build: never answer while another writes
        answers = stamped_answers(root, environment())
        if answers is None or answers["trail"]:  # absorb's trail: a build may prune it
            return None
        documents = list(answers["documents"])
        if any(doc not in documents for doc in only):
            return None
        doc_ids = [doc for doc in documents if not only or doc in only]
        resolve_labels(label, documents, doc_ids)
        decisions = {d["document"]: d for d in answers["decisions"]}
        results = []
        for doc in doc_ids:
            decision, latest = decisions.get(doc), answers["latest"].get(doc)
            if decision is None or latest is None or decision["action"] != "up to date" or decision["adopt"]:
                return None
            if not latest["unedited"]:
                return None
            results.append(DocumentResult(doc, latest["output"], "up to date", latest["version"],
                                          tuple(decision["reasons"])))
    warnings = tuple(Notice(message, Location(**where) if where else None) for message, where in answers["warnings"])
    return BuildReport(tuple(results), warnings)


def _state(root: Path, loaded: Loaded) -> tuple[dict[str, str | None], dict[str, Any]]:
    """Return the state files' digests (the register, absorb's trail, each latest paper) and each latest version."""
    from ..store.register import load_register

    register = load_register(root)
    latest = {doc: record for doc in loaded.candidates if (record := register.latest(doc)) is not None}
    digests = state_digests(root, [REGISTER_NAME, ABSORBED_TRAIL, *(record.output for record in latest.values())])
    shown = {doc: {"output": r.output, "version": r.version, "unedited": digests[r.output] == r.sha256}
             for doc, r in latest.items()}
    return digests, shown


def _stamp(loaded: Loaded, noted: list[Path], started: int, before: tuple[dict[str, str | None], dict[str, Any]],
           decisions: Sequence[Decision]) -> None:
    """Stamp what a full load answered, if nothing it read or decided from changed meanwhile."""
    root = loaded.root
    after = _state(root, loaded)
    if after != before:
        save_stamp(root, None)
        return
    digests, latest = after
    folders = [path.parent for path in noted]
    folders += [(root / ref.path).parent for ref in loaded.config.snippet_refs()]
    answers = {
        "documents": list(loaded.config.documents),
        "decisions": [asdict(decision) for decision in decisions],
        "latest": latest,
        "trail": digests[ABSORBED_TRAIL] is not None,
        "warnings": [[n.message, asdict(n.location) if n.location else None] for n in loaded.warnings],
    }
    inputs = [root / CONFIG_NAME, *noted]
    stamp = make_stamp(root, started, dict.fromkeys(inputs), dict.fromkeys(folders), digests, answers, environment())
    save_stamp(root, stamp)


def _decision(kept: dict[str, Any]) -> Decision:
    """Return a decision as the stamp keeps it."""
    return Decision(kept["document"], kept["action"], kept["version"], tuple(kept["reasons"]), tuple(kept["changes"]),
                    kept["adopt"])
