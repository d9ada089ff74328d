"""Where a command works: the nearest folder upward holding bvpp.toml, as git finds its repository.

Its own module, so that every command (and `bvpp status` answered from the stamp) finds its
project without importing what `bvpp init` needs.
"""

from __future__ import annotations

from pathlib import Path

from ..store.layout import find_root


def locate(start: Path) -> Path:
    """Return the project folder for a command run in `start`: the nearest one upward holding bvpp.toml."""
    return find_root(start)
