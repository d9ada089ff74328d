"""The command line as a user meets it: help, check, init, JSON, the real console script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from docx import Document

from bvpp_docgen.cli import app

from .conftest import DOCUMENTS, REPO, paper, run_bvpp
from .readback import body_paragraphs


def test_check_validates_without_writing(project: Path) -> None:
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "ok: 3 documents, 2 templates, 41 snippets, 89 indicators checked"
    assert not (project / "build").exists()


def test_check_json(project: Path) -> None:
    result = run_bvpp(project, "check", "--json")
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["documents"] == list(DOCUMENTS)
    assert data["templates"] == ["templates/covering-report.docx", "templates/plan.docx"]


def test_check_json_reports_problems(project: Path) -> None:
    (project / "inputs" / "cabinet" / "purpose.docx").unlink()
    result = run_bvpp(project, "check", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "ok": False,
        "problems": [{
            "location": "bvpp.toml:documents.cabinet.sections#1.snippet",
            "message": "snippet file 'inputs/cabinet/purpose.docx' not found",
        }],
    }


def test_build_json_lists_every_document(project: Path) -> None:
    result = run_bvpp(project, "build", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "ok": True,
        "documents": [
            {"document": d, "path": f"build/{d}/{d}-v001.docx", "status": "built", "version": 1, "reasons": ["new"]}
            for d in DOCUMENTS
        ],
        "warnings": [],
    }


def test_build_named_documents_only(project: Path) -> None:
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0
    assert sorted(p.name for p in (project / "build").rglob("*.docx")) == ["plan-v001.docx"]


def test_init_example_creates_a_project_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "new-council"
    result = run_bvpp(tmp_path, "init", str(target), "--example")
    assert result.exit_code == 0, result.stderr
    assert (target / "bvpp.toml").is_file()
    built = run_bvpp(target, "build")
    assert built.exit_code == 0, built.stderr
    for doc in DOCUMENTS:
        assert body_paragraphs(Document(str(paper(target, doc))))


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_bvpp(tmp_path, "init", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("folder is not empty; nothing was written (choose a new folder)")
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_every_command_has_help_with_an_example() -> None:
    from typer.testing import CliRunner

    for command in ("build", "check", "init"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout, command


def test_readme_documents_every_command_and_option() -> None:
    from typer.main import get_command

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    commands = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        commands.append((name, command))
        commands += [(f"{name} {sub}", c) for sub, c in getattr(command, "commands", {}).items()]
    for name, command in commands:
        assert f"bvpp {name}" in readme, f"'bvpp {name}' is missing from the README"
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in readme, f"'bvpp {name} {option}' is missing from the README"
    for param in group.params:
        for option in param.opts:
            assert option in readme, f"global option {option} is missing from the README"


def test_console_script_runs_as_a_process(project: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "bvpp_docgen", "--project", str(project), "build", "plan"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    usage = subprocess.run([sys.executable, "-m", "bvpp_docgen", "build", "--no-such-option"],
                           capture_output=True, text=True)
    assert usage.returncode == 2
    (project / "inputs" / "plan" / "cpa.md").unlink()
    bad = subprocess.run([sys.executable, "-m", "bvpp_docgen", "--project", str(project), "build"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr == "bvpp.toml:plan.sections#5.snippet: snippet file 'inputs/plan/cpa.md' not found\n"
    assert not re.search(r"Traceback", bad.stderr + bad.stdout)
