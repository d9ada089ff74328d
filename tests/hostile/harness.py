"""The hostile-input corpus: mutations of the built example project, each with what bvpp must do.

Every case starts from a copy of the example project already built once (papers, register),
with a folder `outside/` beside the project holding files whose text is `SECRET`. The case
mutates the project, then runs the bvpp command in a child process under a memory limit and a
time limit. Either the command refuses (exit 1, each expected message on an error line,
`build/` and the register byte-identical to before, the cache aside) or it succeeds (exit 0,
each expected warning on a `warning:` line). In both, no traceback is printed and no paper
holds `SECRET`: nothing outside the project reaches a paper.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bvpp_docgen.store.layout import BUILD_DIR, CACHE, REGISTER_NAME

from ..conftest import REPO, copy_example

SECRET = "OUTSIDE-THE-PROJECT-7f3a9c"  # the text of every file outside the project
OUTSIDE = "outside"  # the folder beside the project that holds them


@dataclass(frozen=True)
class Case:
    """One input and what bvpp must do with it.

    `refused`: texts that must each appear on an error line of stderr (any line that is not a
    warning; errors are printed as `file:place: message`), empty: the command must succeed;
    `warned`: texts that must each appear on a `warning:` line.
    """

    id: str
    mutate: Callable[[Path], object]
    refused: tuple[str, ...] = ()
    warned: tuple[str, ...] = ()
    command: tuple[str, ...] = ("build",)
    memory_mb: int = 2048
    seconds: float = 120


@dataclass(frozen=True)
class Outcome:
    """What the command did."""

    exit_code: int
    stdout: str
    stderr: str

    def warnings(self) -> list[str]:
        """Return the `warning:` lines, without the prefix."""
        return [line.removeprefix("warning: ") for line in self.stderr.splitlines() if line.startswith("warning: ")]

    def errors(self) -> list[str]:
        """Return the other lines of stderr: the errors, each `file:place: message`."""
        return [line for line in self.stderr.splitlines() if line.strip() and not line.startswith("warning: ")]


def edit(old: str, new: str, file: str = "bvpp.toml") -> Callable[[Path], None]:
    """Return a mutation replacing the first `old` with `new` in a text file of the project."""

    def mutate(root: Path) -> None:
        text = (root / file).read_text(encoding="utf-8")
        assert old in text, old
        (root / file).write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def built_project(base: Path) -> Path:
    """Copy the example into `base/project`, build it, and put the outside files beside it."""
    root = copy_example(base / "project")
    outside = base / OUTSIDE
    outside.mkdir()
    (outside / "secret.md").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    done = run(root, ("build",), memory_mb=2048, seconds=300)
    assert done.exit_code == 0, done.stderr
    return root


def copy_built(source: Path, base: Path) -> Path:
    """Copy a built project (and the outside folder beside it) into `base`; return the new root."""
    shutil.copytree(source.parent / OUTSIDE, base / OUTSIDE, symlinks=True)
    return Path(shutil.copytree(source, base / "project", symlinks=True))


def run(root: Path, command: tuple[str, ...], *, memory_mb: int, seconds: float) -> Outcome:
    """Run `bvpp --project ROOT COMMAND` in a child process with its address space and time bounded."""
    limit = memory_mb * 1024 * 1024

    def bound() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "bvpp_docgen", "--project", str(root), *command],
        capture_output=True, text=True, timeout=seconds, env=env, preexec_fn=bound, check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def snapshot(root: Path) -> dict[str, str]:
    """Return the sha256 of every file under build/ (the cache aside) and of the register."""
    files = {}
    for path in sorted((root / BUILD_DIR).rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(CACHE + "/"):
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    register = root / REGISTER_NAME
    files[REGISTER_NAME] = hashlib.sha256(register.read_bytes()).hexdigest() if register.is_file() else "missing"
    return files


def papers_holding(root: Path, text: str) -> list[str]:
    """Return every .docx under build/ with `text` in any of its parts."""
    found = []
    for path in sorted((root / BUILD_DIR).rglob("*.docx")):
        if not path.is_file():
            continue
        try:
            with zipfile.ZipFile(path) as package:
                if any(text.encode() in package.read(name) for name in package.namelist()):
                    found.append(path.relative_to(root).as_posix())
        except zipfile.BadZipFile:
            continue
    return found


def check(case: Case, root: Path) -> Outcome:
    """Mutate the project as the case says, run its command, and assert what bvpp must do."""
    case.mutate(root)
    before = snapshot(root)
    outcome = run(root, case.command, memory_mb=case.memory_mb, seconds=case.seconds)
    assert "Traceback" not in outcome.stderr + outcome.stdout, outcome.stderr
    if case.refused:
        assert outcome.exit_code == 1, (outcome.exit_code, outcome.stderr)
        errors = outcome.errors()
        for expected in case.refused:
            assert any(expected in line for line in errors), (expected, outcome.stderr)
        assert snapshot(root) == before, "a refused command changed build/ or the register"
    else:
        assert outcome.exit_code == 0, outcome.stderr
    warnings = outcome.warnings()
    for expected in case.warned:
        assert any(expected in line for line in warnings), (expected, outcome.stderr)
    assert papers_holding(root, SECRET) == [], "a file outside the project reached a paper"
    return outcome
