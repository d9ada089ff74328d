"""Write files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import Location, LockBusyError
from .layout import BUILD_DIR


def write_atomic(path: Path, data: bytes, staging: Path | None = None) -> None:
    """Write `data` to `path` via a temporary file and an atomic rename.

    The temporary file goes in `staging` (same file system) or beside `path`, so a reader
    never sees half a file, even if the process is killed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = staging or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """Return the process umask (mkstemp creates files readable by the owner only)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_sha256(path: Path) -> str | None:
    """Return the SHA-256 of a file's bytes as hex, or None if there is no such file (nothing, or a folder)."""
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):  # no file there
        return None


LOCK_WAIT_SECONDS = 120.0


def locked(path: Path, wait: float = LOCK_WAIT_SECONDS):
    """Return a context manager holding an exclusive lock on the folder `path`.

    The lock is taken on the folder itself, so no lock file is ever left behind; it waits
    up to `wait` seconds for another holder, then raises LockBusyError.
    """
    import contextlib
    import fcntl
    import time

    @contextlib.contextmanager
    def hold():
        fd = os.open(path, os.O_RDONLY)
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        msg = "another bvpp command (a build, diff or publish) is using this project; try again when it has finished"
                        raise LockBusyError(msg, location=Location(BUILD_DIR)) from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    return hold()
