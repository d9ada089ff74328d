"""The one path resolver: every file the project names must resolve inside the project (or an allowed folder)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocgenError, InputError, Location
from .layout import CONFIG_NAME

ALLOW_KEY = "paths.allow"
_NOTED: ContextVar[list[Path] | None] = ContextVar("noted", default=None)
_FIX = f"copy it into the project folder, or list its folder under [paths] allow in {CONFIG_NAME}"


@dataclass(frozen=True, slots=True)
class Confinement:
    """The project folder and the folders outside it that `[paths] allow` lists."""

    root: Path
    allow: tuple[str, ...] = ()

    def folders(self) -> list[Path]:
        """Return the folders a file may resolve into: the project's, then each allowed one (symlinks resolved)."""
        root = self.root.resolve()
        return [root, *((root / folder).resolve() for folder in self.allow)]

    def resolve(
        self, path: str | Path, where: Location, what: str = "file", error: type[DocgenError] = InputError,
        shown: str | None = None,
    ) -> Path:
        """Return the real path of `path` (relative to the project, or absolute), symbolic links followed.

        Refuse it (`error`) when it lies outside the project and every allowed folder: at `where`
        (the config key or snippet line that names it), or, for a file that bvpp.toml names and
        that a symbolic link leads out of the project, at the file. `shown` is the path as written.
        """
        root = self.root.resolve()
        folders = self.folders()
        real = (root / path).resolve()
        if any(real.is_relative_to(folder) for folder in folders):
            if (noted := _NOTED.get()) is not None:
                noted.append(Path(os.path.normpath(self.root / path)))
            return real
        written = Path(os.path.normpath(root / path))
        shown = shown or Path(path).as_posix()
        if not any(written.is_relative_to(os.path.normpath(folder)) for folder in (root, *folders)):
            raise error(f"{what} {shown!r} is outside the project folder; {_FIX}", location=where)
        link = _first_link(root, written)
        if link is None or link == written:
            msg = f"{what} {shown!r} is a symbolic link to {real}, outside the project folder; {_FIX}"
        else:
            through = link.relative_to(root).as_posix()
            msg = (f"{what} {shown!r} is reached through the symbolic link {through!r}, which leads outside "
                   f"the project folder (to {real}); {_FIX}")
        at_file = where.path == CONFIG_NAME and written.is_relative_to(root)
        raise error(msg, location=Location(written.relative_to(root).as_posix()) if at_file else where)


def _first_link(root: Path, path: Path) -> Path | None:
    """Return the first symbolic link on the way from `root` to `path`, if any."""
    for part in [*reversed(path.parents), path]:
        if part.is_relative_to(root) and part != root and part.is_symlink():
            return part
    return None


@contextmanager
def noting() -> Iterator[list[Path]]:
    """Collect, while open, every file resolved (as named: the project's folder joined with the path):
    what a load read, for the stamp (store/stamp.py)."""
    noted: list[Path] = []
    token = _NOTED.set(noted)
    try:
        yield noted
    finally:
        _NOTED.reset(token)


def confinement(root: Path, allow: Sequence[str] = ()) -> Confinement:
    """Return the confinement of a project folder with the folders `[paths] allow` lists."""
    return Confinement(root, tuple(allow))
