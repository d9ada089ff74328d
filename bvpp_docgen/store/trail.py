"""absorb's trail (`build/.absorbed/absorbed.json`): which snippet bytes absorb wrote, from which paper.

One entry per snippet path: the SHA-256 of the bytes absorb wrote and where they came from (the
returned file, its document and version, when). The next build names them in its change summary
while the snippet still holds exactly those bytes; the build drops an entry once every paper
showing the snippet has recorded a version with those bytes, or once the snippet changed again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from .files import write_atomic
from .layout import ABSORBED_TRAIL


@dataclass(frozen=True, slots=True)
class Absorbed:
    """One paper a snippet's text was absorbed from."""

    source: str  # the returned file, as absorb was given it (relative to the project when inside it)
    document: str
    version: int
    made: str  # ISO time of the absorb


@dataclass(frozen=True, slots=True)
class TrailEntry:
    """What absorb last wrote into one snippet: its bytes' SHA-256 and the papers they came from, oldest first."""

    sha256: str
    sources: tuple[Absorbed, ...]

    def note(self) -> str:
        """Return `absorbed from FILE, doc vN` (several papers joined by '; ')."""
        return "absorbed from " + "; ".join(f"{s.source}, {s.document} v{s.version}" for s in self.sources)


def load_trail(root: Path) -> dict[str, TrailEntry]:
    """Return the trail by snippet path; an unreadable or damaged trail counts as empty (it only adds words)."""
    try:
        raw = json.loads((root / ABSORBED_TRAIL).read_text(encoding="utf-8"))
        return {str(path): TrailEntry(str(entry["sha256"]), tuple(
            Absorbed(str(s["source"]), str(s["document"]), int(s["version"]), str(s["made"])) for s in entry["sources"]))
            for path, entry in raw["snippets"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_trail(root: Path, trail: Mapping[str, TrailEntry]) -> None:
    """Write the trail atomically (remove it when empty)."""
    path = root / ABSORBED_TRAIL
    if not trail:
        path.unlink(missing_ok=True)
        return
    body = {"snippets": {name: {"sha256": e.sha256, "sources": [asdict(s) for s in e.sources]}
                         for name, e in sorted(trail.items())}}
    write_atomic(path, (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def record_absorbed(root: Path, snippet: str, before: bytes, written: bytes, absorbed: Absorbed) -> None:
    """Record that absorb replaced `before` with `written` in `snippet`; an entry for `before` is extended."""
    import hashlib

    trail = load_trail(root)
    old = trail.get(snippet)
    kept = old.sources if old is not None and old.sha256 == hashlib.sha256(before).hexdigest() else ()
    trail[snippet] = TrailEntry(hashlib.sha256(written).hexdigest(), (*kept, absorbed))
    save_trail(root, trail)
