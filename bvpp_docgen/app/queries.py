"""Read-only questions about a project: which documents, what a build would do, what is recorded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..core.fingerprint import sha256
from ..core.settings import Config
from ..core.text import shown_change
from ..core.versioning import SAME_PAPER, Decision, Recorded, decide
from ..errors import DocgenError, Location, UnknownDocumentError, UnknownVersionError
from ..read.config_toml import load_config
from ..store.files import file_sha256
from ..store.layout import CONFIG_NAME, REGISTER_NAME
from ..store.register import Register, VersionRecord, load_register
from ..store.trail import TrailEntry, load_trail
from .reports import StatusReport, VersionsReport, VersionState

if TYPE_CHECKING:  # loading the inputs is imported where it runs: comparing recorded papers needs none
    from .load import Loaded


def configuration(root: Path) -> Config:
    """Read and validate the project's `bvpp.toml`."""
    return load_config(root)


def select_documents(config: Config, only: Sequence[str]) -> list[str]:
    """Return the document ids to work on, in config order; reject unknown ones."""
    known = list(config.documents)
    unknown = [doc for doc in only if doc not in known]
    if unknown:
        msg = f"no document {unknown[0]!r} in this project (documents: {', '.join(known)})"
        raise UnknownDocumentError(msg, location=Location(CONFIG_NAME))
    return [doc for doc in known if not only or doc in only]


def status(root: Path, loaded: Loaded | None = None) -> StatusReport:
    """Return, per paper, what a build would do and why; write nothing."""
    from .load import load

    loaded = loaded or load(root)
    register = load_register(root)
    return StatusReport(tuple(
        decide_paper(loaded, register, d, output_sha256(root, register, d)) for d in loaded.candidates
    ))


def versions(root: Path, doc_id: str | None = None, year: str | None = None) -> VersionsReport:
    """Return the recorded versions of one paper or all (of this plan year, or an earlier `year`), newest first,
    with the state of each file."""
    config = load_config(root)
    if doc_id is not None:
        select_documents(config, [doc_id])
    register = load_register(root)
    if year is not None and year != config.plan.year and year not in register.earlier_years:
        kept = ", ".join(register.earlier_years) or "none yet"
        msg = f"no papers of the {year} plan year in the register (earlier plan years kept: {kept})"
        raise UnknownVersionError(msg, location=Location(REGISTER_NAME))
    papers = register.history_of_year(None if year in (None, config.plan.year) else year)
    ids = [doc_id] if doc_id else list(dict.fromkeys([*config.documents, *papers]))
    return VersionsReport({
        d: [VersionState(_shown(r), output_state(root, r)) for r in reversed(papers[d].versions if d in papers else [])]
        for d in ids
    })


def _shown(record: VersionRecord) -> VersionRecord:
    """Return the record with its change lines as users read them (older registers counted list entries from 0)."""
    return record.model_copy(update={"changes": [shown_change(line) for line in record.changes]})


def output_state(root: Path, record: VersionRecord) -> str:
    """Return `ok`, `missing` or `edited` for a recorded version's file."""
    actual = file_sha256(root / record.output)
    return "missing" if actual is None else ("ok" if actual == record.sha256 else "edited")


def latest_record(register: Register, doc_id: str) -> VersionRecord | None:
    """Return a paper's latest recorded version, if any."""
    return register.latest(doc_id)


def output_sha256(root: Path, register: Register, doc_id: str) -> str | None:
    """Return the SHA-256 of the latest version's file as it is now (None: no such file)."""
    latest = latest_record(register, doc_id)
    return file_sha256(root / latest.output) if latest else None


def decide_paper(loaded: Loaded, register: Register, doc_id: str, actual: str | None, **options: bool) -> Decision:
    """Decide what a build does with one paper, given its file's checksum now (`actual`).

    A version changes exactly when the paper does: inputs that changed (a snippet file renamed, an
    upgrade that fingerprints differently) but render the latest version's very bytes, under its
    own number, date and label, make no new version; the decision says to record them as its inputs.
    """
    candidate = loaded.candidates[doc_id]
    latest = latest_record(register, doc_id)
    recorded = Recorded(latest.version, latest.fingerprint, latest.sha256, latest.sources, latest.values) if latest else None
    absorbed = absorbed_notes(candidate.sources, load_trail(loaded.root))
    decision = decide(doc_id, recorded, candidate.fingerprint, candidate.sources, actual, values=candidate.values,
                      config_now=loaded.config_now, absorbed=absorbed, **options)
    if decision.action != "new version" or latest is None or recorded is None or shows_change(latest.sources, candidate.sources):
        return decision
    if not _renders_as(loaded, doc_id, latest):
        return decision
    same = decide(doc_id, replace(recorded, fingerprint=candidate.fingerprint), candidate.fingerprint, candidate.sources,
                  actual, values=candidate.values, config_now=loaded.config_now, absorbed=absorbed, **options)
    return replace(same, reasons=(SAME_PAPER, *same.reasons), adopt=True)


# the kinds of source whose digest is of what the paper shows: a snippet's text, the figures a paper shows
SHOWN_KINDS = ("snippet:", "data:")


def shows_change(before: Mapping[str, str], after: Mapping[str, str]) -> bool:
    """Return whether a source the paper showed, and still shows under the same name, now holds something else
    (a snippet's text, a shown figure): then the paper changed, and no render under the latest stamp is needed
    to tell. A source renamed, added or dropped, a template or config change, or a release that fingerprints
    differently, says nothing of the bytes: those are rendered to see."""
    return any(name.startswith(SHOWN_KINDS) and name in before and before[name] != digest
               for name, digest in after.items())


def trail_sources(sources: Mapping[str, str], trail: Mapping[str, TrailEntry]) -> dict[str, str]:
    """Return, per trail entry whose snippet still holds exactly the bytes absorb wrote, its source name in `sources`.

    A snippet's source is named by the path `bvpp.toml` gives (with or without its suffix); the trail by the file's.
    """
    found = {}
    for path, entry in trail.items():
        stem = str(PurePosixPath(path).with_suffix(""))
        for name in (f"snippet:{path}", f"snippet:{stem}"):
            if sources.get(name) == f"sha256:{entry.sha256}":
                found[path] = name
                break
    return found


def absorbed_notes(sources: Mapping[str, str], trail: Mapping[str, TrailEntry]) -> dict[str, str]:
    """Return `absorbed from FILE, doc vN` per source name whose snippet holds what absorb wrote."""
    return {name: trail[path].note() for path, name in trail_sources(sources, trail).items()}


def _renders_as(loaded: Loaded, doc_id: str, latest: VersionRecord) -> bool:
    """Return whether the current inputs render exactly the latest version's bytes (under its own stamp)."""
    from .rendering import render_version

    try:
        return sha256(render_version(loaded, loaded.candidates[doc_id], latest)) == latest.sha256
    except DocgenError:
        return False  # the build renders it again and reports the problem with the others
