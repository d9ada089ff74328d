"""The stamp: what the last full load answered, with the files it read, in build/.cache (safe to delete).

An up-to-date `bvpp status` or `bvpp build` answers from it without reading any input, when every
input file has the size and mtime_ns it had, each folder that decides which file a path means
lists the same names, and each state file (the register, absorb's trail, each latest paper) holds
the same bytes (checked by digest: the build itself writes them). Never trusted blindly: a stamp
of another format, bvpp version or folder, unreadable, or missing anything, is no answer, and
the command loads everything as it would without it.

A stamp is written only when no input it names changed during or just before the load it
describes (every input's and folder's mtime older than the load's start by `SETTLE_NS`): a
file saved while the load read it has a later mtime, so its answers are never kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .files import write_atomic
from .layout import STAMP

STAMP_FORMAT = 1  # raise when what a stamp holds changes shape
SETTLE_NS = 1_000_000_000  # an input changed less than this before a load began: keep no stamp of it
MAX_STAMP = 16 * 1024 * 1024  # bytes; a larger stamp file is no answer


def _key(root: Path, path: Path | str) -> str:
    """Return a path as the stamp names it: relative to the project folder (or absolute, outside it)."""
    return Path(os.path.relpath(Path(path), root)).as_posix()


def _stat(path: Path) -> list[int] | None:
    """Return a file's [size, mtime_ns] (None: no such file)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _listing(folder: Path) -> list[str] | None:
    """Return a folder's names, sorted (None: no such folder)."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


def digest(path: Path) -> str | None:
    """Return a file's SHA-256 as hex (None: no such file)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def state_digests(root: Path, paths: Iterable[str]) -> dict[str, str | None]:
    """Return each state file's digest (None: missing), keyed by its path in the project."""
    return {path: digest(root / path) for path in dict.fromkeys(paths)}


def make_stamp(
    root: Path, started_ns: int, inputs: Iterable[Path], folders: Iterable[Path], state: dict[str, str | None],
    answers: dict[str, Any], environment: dict[str, Any],
) -> dict[str, Any] | None:
    """Return the stamp of a load begun at `started_ns` (time.time_ns()), or None when an input or folder
    changed too recently to be sure the load saw it as it is now."""
    files: dict[str, list[int] | None] = {}
    for path in inputs:
        stat = _stat(path)
        if stat is not None and stat[1] > started_ns - SETTLE_NS:
            return None
        files[_key(root, path)] = stat
    listed: dict[str, list[str] | None] = {}
    for folder in folders:
        stat = _stat(folder)
        if stat is not None and stat[1] > started_ns - SETTLE_NS:
            return None
        listed[_key(root, folder)] = _listing(folder)
    return {"format": STAMP_FORMAT, "environment": environment, "root": str(root.resolve()), "inputs": files,
            "folders": listed, "state": state, "answers": answers}


def save_stamp(root: Path, stamp: dict[str, Any] | None) -> None:
    """Write the stamp (None: remove any old one); a stamp that cannot be written only costs time."""
    path = root / STAMP
    try:
        if stamp is None:
            path.unlink(missing_ok=True)
        elif path.parent.parent.is_dir():  # build/ exists: a stamp never creates the build folder
            write_atomic(path, json.dumps(stamp, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass


def stamped_answers(root: Path, environment: dict[str, Any]) -> dict[str, Any] | None:
    """Return the answers the stamp keeps if every file and folder it names is as it was; else None."""
    try:
        path = root / STAMP
        if path.stat().st_size > MAX_STAMP:
            return None
        stamp = json.loads(path.read_bytes())
        if stamp.get("format") != STAMP_FORMAT or stamp.get("environment") != environment:
            return None
        if stamp.get("root") != str(root.resolve()):
            return None
        if any(_stat(root / name) != stat for name, stat in stamp["inputs"].items()):
            return None
        if any(_listing(root / name) != names for name, names in stamp["folders"].items()):
            return None
        if any(digest(root / name) != sha for name, sha in stamp["state"].items()):
            return None
        answers = stamp["answers"]
        return answers if isinstance(answers, dict) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
