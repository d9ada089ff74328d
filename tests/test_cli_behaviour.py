"""The command line as people type it: --version, --project anywhere, a project found from a
subfolder, examples on every help page, a label per paper, the README's set-up commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from bvpp_docgen import __version__
from bvpp_docgen.cli import app

from .conftest import REPO


def bvpp(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_prints_the_version() -> None:
    code, out, _ = bvpp("--version")
    assert code == 0
    assert out.strip() == f"bvpp {__version__}"


def test_project_is_accepted_after_the_command(project: Path) -> None:
    for args in (["versions", "--project", str(project), "--json"], ["versions", "--json", f"--project={project}"],
                 ["versions", "-p", str(project), "--json"]):
        code, out, err = bvpp(*args)
        assert code == 0, err
        assert list(json.loads(out)["documents"]) == ["cabinet", "topic-group", "plan"]


def test_a_project_is_found_from_a_subfolder(project: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "bvpp_docgen", "versions", "--json"], cwd=project / "inputs" / "plan",
                         env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert list(json.loads(run.stdout)["documents"]) == ["cabinet", "topic-group", "plan"]
    # outside any project, the message still names the missing bvpp.toml
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, "-m", "bvpp_docgen", "versions"], cwd=elsewhere,
                         env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "bvpp.toml" in run.stderr


def test_every_help_page_has_examples() -> None:
    group = get_command(app)
    pages: list[list[str]] = [[]]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        pages.append([name])
        pages += [[name, sub] for sub in getattr(command, "commands", {})]
    for page in pages:
        code, out, _ = bvpp(*page, "--help")
        assert code == 0, page
        assert "Examples:" in out and "  bvpp " in out.split("Examples:")[1], f"no examples on bvpp {' '.join(page)} --help"


def test_a_label_per_paper_stamps_only_that_paper(project: Path) -> None:
    code, _, err = bvpp("--project", str(project), "build", "cabinet", "topic-group",
                        "--label", "cabinet=Cabinet 28 April", "--label", "Circulated")
    assert code == 0, err
    code, out, _ = bvpp("--project", str(project), "versions", "--json")
    labels = {doc: [v["label"] for v in versions] for doc, versions in json.loads(out)["documents"].items()}
    assert labels == {"cabinet": ["Cabinet 28 April"], "topic-group": ["Circulated"], "plan": []}


def test_a_label_for_an_unknown_or_unbuilt_paper_is_refused(project: Path) -> None:
    code, _, err = bvpp("--project", str(project), "build", "--label", "cabnet=Cabinet 28 April")
    assert code == 2
    assert "--label" in err and "no document 'cabnet'" in err and "cabinet, topic-group, plan" in err
    code, _, err = bvpp("--project", str(project), "build", "plan", "--label", "cabinet=Cabinet 28 April")
    assert code == 2
    assert "'cabinet', which this build does not build" in err
    assert not (project / "build").exists()


def test_readme_setup_starts_with_a_virtual_environment() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.startswith("python3 -m venv .venv && . .venv/bin/activate")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && . .venv/bin/activate" in ci


def test_only_the_project_option_moves_and_nothing_after_a_double_dash() -> None:
    from bvpp_docgen.cli_options import project_first

    assert project_first(["build", "plan", "-p", "x", "--label", "y"]) == ["-p", "x", "build", "plan", "--label", "y"]
    assert project_first(["workbook", "new", "a.xlsx", "--plan-data", "--project=x"]) == [
        "--project=x", "workbook", "new", "a.xlsx", "--plan-data"]
    assert project_first(["absorb", "--", "--project", "x"]) == ["absorb", "--", "--project", "x"]


def test_status_and_versions_from_a_subfolder_with_the_project_after_the_command(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    elsewhere = project.parent / "elsewhere" / "deeper"
    elsewhere.mkdir(parents=True)
    run = subprocess.run([sys.executable, "-m", "bvpp_docgen", "versions", "plan", "--project", "../../project"],
                         cwd=elsewhere, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "plan: 0 versions"
