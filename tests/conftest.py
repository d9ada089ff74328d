"""Shared fixtures: copies of the example project, the CLI, and real readers."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bvpp_docgen.cli import app

from .readback import require_tool

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PARTS = ("bvpp.toml", "templates", "inputs")
DOCUMENTS = ("cabinet", "topic-group", "plan")


@dataclass
class Result:
    """What one CLI run returned."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def paper(root: Path, doc: str, version: int = 1) -> Path:
    """Return the path of version `version` of paper `doc` in a project."""
    return root / "build" / doc / f"{doc}-v{version:03d}.docx"


def copy_example(target: Path) -> Path:
    """Copy the example project (config, templates, inputs; no build/) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for part in EXAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copyfile(source, target / part)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the example project."""
    return copy_example(tmp_path / "project")


def run_bvpp(project_dir: Path, *args: str) -> Result:
    """Run `bvpp --project DIR ARGS` in-process and return its exit code and output."""
    result = CliRunner().invoke(app, ["--project", str(project_dir), *args])
    return Result(result.exit_code, result.stdout, result.stderr, result.exception)


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, built once for the tests that only read its papers."""
    root = copy_example(tmp_path_factory.mktemp("built") / "project")
    result = run_bvpp(root, "build")
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def pdfs(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's papers converted to PDF by LibreOffice, in one run."""
    from .readback import convert_to_pdf

    require_tool("soffice")
    papers = [paper(built_example, doc) for doc in DOCUMENTS]
    converted = convert_to_pdf(papers, tmp_path_factory.mktemp("pdf"))
    return {doc: converted[path.stem] for doc, path in zip(DOCUMENTS, papers, strict=True)}


Edit = Callable[[str], str]


def edit_config(root: Path, edit: Edit) -> None:
    """Rewrite the project's bvpp.toml through `edit`, failing if it changes nothing."""
    path = root / "bvpp.toml"
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before, "the edit did not apply"
    path.write_text(after, encoding="utf-8")


def point_snippet(root: Path, old: str, new: str) -> None:
    """Point every config entry naming snippet `old` at `new` (paths relative to the project)."""
    if old != new:
        edit_config(root, lambda text: text.replace(f'"{old}"', f'"{new}"'))
