"""The public API: what `bvpp_docgen` exports, the script in docs/api.md, and reports' JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

import bvpp_docgen
from bvpp_docgen import ConfigError, DocgenError, Notice, Project, StrictError, UnknownDocumentError

from .conftest import REPO, copy_example, edit_config, run_bvpp

MADE = dt.datetime(2003, 4, 14, 9, 0, tzinfo=dt.UTC)


def test_every_exported_name_resolves_and_nothing_else_is_public() -> None:
    for name in bvpp_docgen.__all__:
        assert getattr(bvpp_docgen, name) is not None, name
    assert sorted(dir(bvpp_docgen)) == sorted(bvpp_docgen.__all__)
    with pytest.raises(AttributeError):
        bvpp_docgen.pipeline  # noqa: B018 - the old internal module is not an API


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = "import sys, bvpp_docgen; print(sorted(m for m in ('docx', 'docxtpl', 'openpyxl', 'pydantic', 'lxml') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"


def test_every_error_class_is_in_the_drawn_tree() -> None:
    tree = bvpp_docgen.errors.__doc__ or ""
    classes = [n for n in bvpp_docgen.__all__ if n.endswith("Error") or n == "ValidationFailed"]
    for name in classes:
        assert re.search(rf"\b{name}\b", tree), f"{name} is missing from errors.py's tree"
        assert issubclass(getattr(bvpp_docgen, name), DocgenError), name


def test_the_script_in_docs_api_runs_against_the_example(tmp_path: Path) -> None:
    script = re.search(r"## A council script.*?```python\n(.*?)```", (REPO / "docs/api.md").read_text(), re.S)
    assert script, "docs/api.md lost its council script"
    project = copy_example(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", script.group(1)], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "cabinet: v1 built (build/cabinet/cabinet-v001.docx)" in result.stdout
    assert "plan: 1 version, latest v1 (ok)" in result.stdout
    assert "cabinet new version new" in result.stdout
    # the build really happened, with the script's label and date
    register = json.loads((project / "bvpp-register.json").read_text())
    latest = register["documents"]["plan"]["versions"][-1]
    assert (latest["label"], latest["made"]) == ("Nightly", "2003-04-14T09:00:00Z")
    assert Document(str(project / "build/plan/plan-v001.docx")).core_properties.revision == 1


def test_a_script_builds_and_reads_back_what_the_cli_would(tmp_path: Path) -> None:
    project = Project.open(copy_example(tmp_path / "project"))
    built = project.build(["cabinet"], label="Cabinet 28 April", made=MADE)
    assert [(r.document, r.status, r.version) for r in built.documents] == [("cabinet", "built", 1)]
    assert [d.action for d in project.status().decisions] == ["up to date", "new version", "new version"]
    versions = project.versions("cabinet").to_json()
    assert versions["documents"]["cabinet"][0]["label"] == "Cabinet 28 April"
    assert versions["documents"]["cabinet"][0]["state"] == "ok"
    # the CLI prints the same object the report makes
    shown = json.loads(run_bvpp(project.root, "versions", "cabinet", "--json").stdout)
    assert shown == versions


def test_errors_carry_their_places(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    edit_config(root, lambda text: text.replace('author = "Judith Sharples"', 'autor = "Judith Sharples"', 1))
    with pytest.raises(DocgenError) as caught:
        Project.open(root)
    assert all(isinstance(p, ConfigError) for p in caught.value.problems)
    found = {str(p) for p in caught.value.problems}
    assert "bvpp.toml:documents.cabinet.autor: unknown key (did you mean 'author'?)" in found
    with pytest.raises(UnknownDocumentError, match="no document 'minutes'"):
        Project(copy_example(tmp_path / "other")).build(["minutes"], made=MADE)


def test_warnings_are_notices_that_strict_turns_into_errors(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    (root / "inputs/plan/stray.md").write_text("Nobody uses this.\n", encoding="utf-8")
    report = Project.open(root).check()
    notice = Notice("not used by any document (name it in bvpp.toml, or remove it)",
                    bvpp_docgen.Location("inputs/plan/stray.md"))
    assert notice in report.warnings
    assert report.to_json()["warnings"] == [notice.to_json()] and report.to_json()["ok"] is True
    strict = report.strict_problems()
    assert [str(p) for p in strict] == [str(notice)] and isinstance(strict[0], StrictError)
    assert report.to_json(strict=True)["ok"] is False
    # the CLI: a warning without --strict, an error (exit 1) with it
    assert run_bvpp(root, "check").exit_code == 0
    failed = run_bvpp(root, "check", "--strict", "--json")
    assert failed.exit_code == 1
    assert json.loads(failed.stdout)["problems"] == [notice.to_json()]
