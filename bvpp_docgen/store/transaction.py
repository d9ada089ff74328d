"""All of a command's files, or none: checked, staged, placed, then committed by the register.

A build (or publish, or diff) gathers every file it will write in memory, then:

1. `collisions()`: every path is checked before anything is written, all problems at once;
2. `commit()`: every file is written to `build/.staging/` (each fsynced), the journal names
   what is about to be placed, each file is moved into place (a file it replaces is kept in
   staging until the end), and the register is renamed into place last: that rename is the
   commit point. Any failure before it puts back what was placed, and leaves `build/` and the
   register as they were.

A process killed in the middle leaves the journal; `recover()` at the start of the next
command finishes the job: undone before the commit point, kept after it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from ..errors import DocgenError, Location, ProjectError
from .files import file_sha256
from .layout import BUILD_DIR, JOURNAL, REGISTER_NAME, STAGING

JOURNAL_FORMAT = 2
_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space on it, then run the command again",
    errno.EDQUOT: "your disk quota is used up: free some space, then run the command again",
    errno.EROFS: "the disk is read-only: build on a writable copy of the project",
    errno.EACCES: "permission denied: ask for write access to the project folder, then run the command again",
    errno.EPERM: ("not allowed to change it or its folder (locked: marked immutable, which 'lsattr' shows as 'i', "
                  "or on a read-only share): unlock it, then run the command again"),
}


def write_problem(root: Path, exc: OSError, where: str = BUILD_DIR, named: bool = False) -> ProjectError:
    """Return a located, plain message for a file that could not be written, with what to do.

    `where` is the place to name when `named`, or when the error names no file of the project.
    """
    if exc.filename and not named:
        path = Path(os.fsdecode(exc.filename))
        if path.is_relative_to(root / STAGING):  # our own scratch folder: name the folder the user knows
            where = BUILD_DIR
        elif path.is_relative_to(root):
            where = path.relative_to(root).as_posix()
    advice = _ADVICE.get(exc.errno or 0, "then run the command again")
    reason = exc.strerror or str(exc)
    return ProjectError(f"cannot write ({reason}), so nothing was written: {advice}", location=Location(where))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Transaction:
    """The files one command writes, relative to the project `root`, placed together or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, bytes] = {}
        self.register: bytes | None = None

    def add(self, rel: str, data: bytes) -> None:
        """Write `data` at `rel` (relative to the project) when the transaction commits."""
        self.files[rel] = data

    def collisions(self, vouched: set[str], register_missing: bool = False) -> list[DocgenError]:
        """Return every path that cannot be written: a file where a folder must be, a folder where a file
        must be, or a file the command may not replace (not in `vouched` and not already these bytes).

        With `register_missing`, such a file is named as a version the lost register recorded.
        """
        problems: dict[str, DocgenError] = {}
        for rel, data in self.files.items():
            parts = rel.split("/")
            for depth in range(1, len(parts)):
                parent = "/".join(parts[:depth])
                if (self.root / parent).is_file() or (self.root / parent).is_symlink():
                    msg = f"is a file where bvpp keeps a folder (for {rel}): move it away, then build again"
                    problems.setdefault(parent, ProjectError(msg, location=Location(parent)))
                    break
            else:
                path = self.root / rel
                if path.is_dir() and not path.is_symlink():
                    msg = "is a folder where bvpp writes a file: move it away, then build again"
                    problems.setdefault(rel, ProjectError(msg, location=Location(rel)))
                elif rel not in vouched and path.exists() and file_sha256(path) != _sha(data):
                    msg = ("not in the register (left by an interrupted build, or put there by hand), so it was not "
                           "overwritten; move it out of build/ and build again")
                    if register_missing:
                        msg = (f"a version the missing register recorded, so it was not overwritten: restore "
                               f"{REGISTER_NAME} from version control")
                    problems.setdefault(rel, ProjectError(msg, location=Location(rel)))
        staging = self.root / STAGING
        if staging.is_symlink() or (staging.exists() and not staging.is_dir()):
            problems.setdefault(STAGING, ProjectError("is a file where bvpp keeps its scratch folder: move it away, then "
                                                      "build again", location=Location(STAGING)))
        return list(problems.values())

    def commit(self) -> None:
        """Stage, place and record every file; on any failure put everything back and raise a located error."""
        todo = {rel: data for rel, data in self.files.items() if file_sha256(self.root / rel) != _sha(data)}
        clear_staging(self.root)
        if not todo and self.register is None:
            return
        staging = self.root / STAGING
        try:
            staged = self._stage(staging, todo)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise write_problem(self.root, exc) from None
        journal: dict[str, Any] = {"format": JOURNAL_FORMAT, "register_before": file_sha256(self.root / REGISTER_NAME),
                   "register_after": _sha(self.register) if self.register is not None else None,
                   "placed": [], "made": []}
        where = BUILD_DIR
        try:
            _write_journal(self.root, journal)
            for rel, data in todo.items():
                where = rel
                _place(self.root, rel, staged[rel], _sha(data), journal)
            if self.register is not None:
                where = REGISTER_NAME
                os.replace(staged[REGISTER_NAME], self.root / REGISTER_NAME)  # the commit point
        except OSError as exc:
            _undo(self.root, journal)
            shutil.rmtree(staging, ignore_errors=True)
            raise write_problem(self.root, exc, where, named=True) from None
        _fsync_dir(self.root)
        shutil.rmtree(staging, ignore_errors=True)

    def _stage(self, staging: Path, todo: dict[str, bytes]) -> dict[str, Path]:
        staging.mkdir(parents=True, exist_ok=True)
        staged = {}
        items = [*todo.items(), *([(REGISTER_NAME, self.register)] if self.register is not None else [])]
        for number, (rel, data) in enumerate(items):
            path = staging / f"{number:04d}-{Path(rel).name}"
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(path, 0o666 & ~_umask())
            staged[rel] = path
        return staged


def _place(root: Path, rel: str, staged: Path, checksum: str, journal: dict) -> None:
    """Move one staged file into place, keeping any file it replaces in staging; note each step in the journal."""
    target = root / rel
    missing = []
    parent = target.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    for folder in reversed(missing):
        folder.mkdir()
        journal["made"].append(folder.relative_to(root).as_posix())
    backup = None
    if target.exists():
        backup = staged.with_name(staged.name + ".was")
    entry = {"path": rel, "sha256": checksum, "backup": backup.relative_to(root).as_posix() if backup else None}
    journal["placed"].append(entry)
    _write_journal(root, journal)
    if backup is not None:
        os.replace(target, backup)
    os.replace(staged, target)


def _undo(root: Path, journal: dict) -> bool:
    """Put back what a transaction placed (newest first), and remove the folders it made.

    Return whether a file it names was changed since (edited by hand): such a file is left as it is.
    """
    unresolved = False
    for entry in reversed(journal.get("placed", [])):
        target = root / entry["path"]
        backup = root / entry["backup"] if entry.get("backup") else None
        try:
            if file_sha256(target) == entry["sha256"]:
                if backup is not None and backup.exists():
                    os.replace(backup, target)
                else:
                    target.unlink()
            elif backup is not None and backup.exists() and not target.exists():
                os.replace(backup, target)  # moved aside, the new file not yet in place
            elif target.exists() and (backup is None or backup.exists()):
                unresolved = True  # placed, then changed by hand: not ours to remove
        except OSError:
            continue  # nothing better to do: the next command reports what it finds
    for folder in reversed(journal.get("made", [])):
        try:
            (root / folder).rmdir()
        except OSError:
            continue
    return unresolved


def recover(root: Path, recorded: set[str]) -> None:
    """Finish what a killed command left: undo it before its commit point, keep it after; clear staging.

    `recorded` holds every output the register records (for journals written by earlier releases).
    A file the journal names that was changed since (edited by hand) is never removed; the journal
    then stays, so that a refused command leaves `build/` exactly as it found it.
    """
    try:
        pending = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pending = None
    if isinstance(pending, dict) and pending.get("format") == JOURNAL_FORMAT:
        after, before = pending.get("register_after"), pending.get("register_before")
        committed = after is not None and after != before and file_sha256(root / REGISTER_NAME) == after
        if committed or not _undo(root, pending):
            clear_staging(root)
        return
    unresolved = False
    for output, checksum in pending.items() if isinstance(pending, dict) else ():
        if output in recorded or not isinstance(checksum, str):
            continue
        actual = file_sha256(root / output)
        if actual == checksum:
            (root / output).unlink()  # ours, byte for byte, and never recorded
        elif actual is not None:
            unresolved = True
    if not unresolved:
        clear_staging(root)


def clear_staging(root: Path) -> None:
    """Remove the scratch folder's contents (it is ours: nothing in it is ever needed after recovery)."""
    staging = root / STAGING
    if staging.is_dir() and not staging.is_symlink():
        shutil.rmtree(staging, ignore_errors=True)


def _write_journal(root: Path, journal: dict) -> None:
    path = root / JOURNAL
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(json.dumps(journal).encode())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (after the commit point: a failure here changes nothing)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
