"""`bvpp diff`: a tracked-changes paper between two recorded versions, and what changed in words.

Returns a report and raises DocgenError; never prints.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ..core.fingerprint import sha256
from ..core.text import shown_change
from ..core.versioning import describe_changes
from ..errors import Location, Notice, ProjectError, UnknownVersionError, raise_all
from ..read.config_toml import load_config
from ..store.files import file_sha256, locked
from ..store.layout import REGISTER_NAME, redline_path
from ..store.register import VersionRecord, load_register
from ..store.transaction import Transaction, recover, write_problem
from .queries import output_state, select_documents
from .reports import DiffReport


def diff(
    root: Path, doc_id: str, old: int | None = None, new: int | None = None, progress: Callable[[str], None] | None = None
) -> DiffReport:
    """Compare two recorded versions of a paper (default: the one before the latest, and the latest)."""
    from ..redline import redline

    config = load_config(root)
    select_documents(config, [doc_id])
    register = load_register(root)
    records = register.versions(doc_id)
    first, second = _pick(doc_id, records, old, new)
    changes = _changes(records, first, second)
    if first.version == second.version:
        return DiffReport(doc_id, first.version, second.version, None, 0, 0, 0, ())
    author = config.diff.author if config.diff.author else config.council.name
    with tempfile.TemporaryDirectory(prefix="bvpp-diff-") as scratch:
        warnings: list[Notice] = []
        paths = [_readable(root, record, records[-1], Path(scratch), warnings) for record in (first, second)]
        if progress:
            progress(f"comparing {doc_id} v{first.version} with v{second.version}")
        result = redline(paths[0], paths[1], author=author, date=second.made.date())
    if result.identical:
        return DiffReport(doc_id, first.version, second.version, None, 0, 0, 0, changes, tuple(warnings))
    target = redline_path(doc_id, first.version, second.version, config.plan.year if register.earlier_years else None)
    _write(root, target, result.docx)
    return DiffReport(doc_id, first.version, second.version, target, result.insertions, result.deletions,
                      result.formatting, changes, tuple(warnings))


def _pick(doc_id: str, records: list[VersionRecord], old: int | None, new: int | None) -> tuple[VersionRecord, VersionRecord]:
    known = ", ".join(str(r.version) for r in records)
    if not records:
        raise UnknownVersionError(f"no versions of {doc_id!r} yet; run 'bvpp build' first", location=Location(REGISTER_NAME))
    by_number = {r.version: r for r in records}
    second_number = new if new is not None else records[-1].version
    first_number = old if old is not None else second_number - 1
    where = Location(REGISTER_NAME, key=f"documents.{doc_id}")
    for number in (second_number, first_number):
        if number not in by_number:
            if number == 0 and old is None:
                msg = f"version {second_number} is the first of {doc_id!r}: nothing before it to compare (versions: {known})"
            else:
                msg = f"no version {number} of {doc_id!r} (versions: {known})"
            raise UnknownVersionError(msg, location=where)
    if first_number > second_number:
        raise UnknownVersionError(f"--from {first_number} comes after --to {second_number}: name the earlier version "
                                  "with --from", location=where)
    return by_number[first_number], by_number[second_number]


def _changes(records: list[VersionRecord], first: VersionRecord, second: VersionRecord) -> tuple[str, ...]:
    """Return what changed from `first` to `second`: the register's own words for consecutive versions."""
    if first.version == second.version:
        return ()
    if second.version == first.version + 1:
        return tuple(shown_change(line) for line in second.changes)
    return describe_changes(first.sources, second.sources, first.values, second.values)


def _readable(root: Path, record: VersionRecord, latest: VersionRecord, scratch: Path, warnings: list[Notice]) -> Path:
    """Return a file holding the version: its own, or (missing, but the latest and up to date) rendered again."""
    state = output_state(root, record)
    if state == "ok":
        return root / record.output
    if state == "edited":
        warnings.append(Notice("edited since it was built; the comparison uses the edited file", Location(record.output)))
        return root / record.output
    data = _render_again(root, record) if record is latest else None
    if data is None:
        msg = ("missing, and it cannot be made again because its inputs have changed since; restore it from a "
               "backup to compare it")
        raise ProjectError(msg, location=Location(record.output))
    message = "missing; compared as rendered again from the register (run 'bvpp build' to restore it)"
    warnings.append(Notice(message, Location(record.output)))
    path = scratch / Path(record.output).name
    path.write_bytes(data)
    return path


def _render_again(root: Path, record: VersionRecord) -> bytes | None:
    """Render a recorded version from the current inputs, if they still give exactly its bytes."""
    from .load import load  # only here: comparing recorded papers loads no inputs
    from .rendering import render_version

    loaded = load(root)
    doc_id = Path(record.output).parent.name
    candidate = loaded.candidates.get(doc_id)
    if candidate is None or candidate.fingerprint != record.fingerprint:
        return None
    data = render_version(loaded, candidate, record)
    return data if sha256(data) == record.sha256 else None


def _write(root: Path, target: str, data: bytes) -> None:
    """Write the redline; never replace a different file of the same name (someone may have edited it)."""
    path = root / target
    existing = file_sha256(path)
    if existing == sha256(data):
        return
    if existing is not None:
        msg = "exists and differs from the comparison made now (edited by hand?); move it away, then run bvpp diff again"
        raise ProjectError(msg, location=Location(target))
    transaction = Transaction(root)
    transaction.add(target, data)
    try:
        with locked(root):
            register = load_register(root)
            recover(root, {v.output for history in register.documents.values() for v in history.versions})
            raise_all(transaction.collisions(vouched=set()))
            transaction.commit()  # the redline whole, or nothing
    except OSError as exc:
        raise write_problem(root, exc, target) from None
