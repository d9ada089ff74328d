"""A cache of what was read from unchanged input files, kept in build/.cache.

Only ever a copy: an entry is keyed by the file's SHA-256, a damaged or missing entry is
simply read again, and new entries are written only when a build has succeeded.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .files import write_atomic

CACHE_FORMAT = 3  # raise when what is cached changes shape
MAX_ENTRY = 64 * 1024 * 1024  # bytes; a larger entry (a bounded sheet never makes one) is read from its file again


class Cache:
    """JSON entries by kind and key; `save()` writes the ones added since loading."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pending: dict[Path, Any] = {}

    def key(self, digest: str | None, *extra: str) -> str | None:
        """Return a key for a file's SHA-256 `digest` (and `extra`); None if there is no digest."""
        if digest is None:
            return None
        return hashlib.sha256("\0".join((str(CACHE_FORMAT), digest, *extra)).encode()).hexdigest()[:32]

    def get(self, kind: str, key: str | None) -> Any | None:
        """Return the cached value (one kept since loading included), or None."""
        if key is None:
            return None
        pending = self._pending.get(self.folder / f"{kind}-{key}.json")
        if pending is not None:
            if callable(pending):  # made when first needed
                pending = self._pending[self.folder / f"{kind}-{key}.json"] = pending()
            return pending
        try:
            path = self.folder / f"{kind}-{key}.json"
            if path.stat().st_size > MAX_ENTRY:
                return None
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, kind: str, key: str | None, value: Any) -> None:
        """Keep a value to write when the build succeeds (a function is called then: `check` never pays for it)."""
        if key is not None:
            self._pending[self.folder / f"{kind}-{key}.json"] = value

    def save(self) -> None:
        """Write the values kept since loading; a cache that cannot be written only costs time."""
        for path, value in self._pending.items():
            try:
                write_atomic(path, json.dumps(value() if callable(value) else value, ensure_ascii=False).encode("utf-8"))
            except OSError:
                break
        self._pending.clear()
