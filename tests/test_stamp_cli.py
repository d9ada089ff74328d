"""The command line's short way for an up-to-date `bvpp status` and `bvpp build` (cli.py): the same
output and exit code as the Typer app gives, and Typer, pydantic and the load never imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bvpp_docgen import cli
from bvpp_docgen.cli import plain_command

from .conftest import copy_example, edit_config, run_bvpp
from .test_stamp import STAMP, age, without_loading

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("args", "expected"), [
    (["status"], (None, "status", set(), [])),
    (["status", "--json", "--all"], (None, "status", {"--json", "--all"}, [])),
    (["--project", "p", "build"], (Path("p"), "build", set(), [])),
    (["build", "-p", "p", "cabinet", "plan"], (Path("p"), "build", set(), ["cabinet", "plan"])),
    (["build", "--project=p", "--json"], (Path("p"), "build", {"--json"}, [])),
    (["check"], (None, "check", set(), [])),
    (["check", "--strict", "--json"], (None, "check", {"--strict", "--json"}, [])),
    (["diff", "plan"], (None, "diff", set(), ["plan"])),
    (["diff", "--json", "-p", "p", "plan"], (Path("p"), "diff", {"--json"}, ["plan"])),
    (["status", "--all", "cabinet"], None),  # status takes no argument: Typer says so
    (["check", "plan"], None),
    (["diff"], None),
    (["diff", "plan", "cabinet"], None),
    (["diff", "plan", "--from", "1"], None),
    (["build", "--strict"], None),
    (["build", "--label", "x"], None),
    (["build", "--force"], None),
    (["build", "--", "plan"], None),
    (["build", "--help"], None),
    (["--version"], None),
    (["versions"], None),
    ([], None),
    (["-p", "p", "-p", "q", "status"], None),
    (["-p", "--json", "status"], None),
    (["status", "-p"], None),
    (["--project=", "status"], None),
    (["-pp", "status"], None),
], ids=repr)
def test_only_plain_command_lines_take_the_short_way(args: list[str], expected: object) -> None:
    assert plain_command(args) == expected


def run_main(root: Path, args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
             ) -> tuple[int, str, str]:
    """Run `bvpp --project ROOT ARGS` through the entry point, as the `bvpp` script does."""
    monkeypatch.setattr(sys, "argv", ["bvpp", "--project", str(root), *args])
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err.replace("python -m pytest.bvpp", "bvpp")  # click names the program by how it was run


COMMANDS = [["status"], ["status", "--json"], ["status", "--all"], ["build"], ["build", "--json"],
            ["build", "plan", "cabinet"], ["build", "plan", "plan"]]
MISTAKES = [["build", "nosuch"], ["status", "--all", "x"], ["build", "--label", "nosuch=x"]]  # Typer's words, exit 2


def test_the_short_way_prints_what_the_typer_app_prints(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    age(project)
    assert run_bvpp(project, "status").exit_code == 0 and (project / STAMP).is_file()
    expected = {}
    for args in COMMANDS + MISTAKES:
        typer_result = run_bvpp(project, *args)
        expected[tuple(args)] = (typer_result.exit_code, typer_result.stdout, typer_result.stderr)
    with monkeypatch.context() as patch:
        without_loading(patch)
        for args in COMMANDS:
            assert run_main(project, args, capsys, monkeypatch) == expected[tuple(args)], args
    for args in MISTAKES:
        assert run_main(project, args, capsys, monkeypatch) == expected[tuple(args)], args
        assert expected[tuple(args)][0] != 0
    (project / STAMP).unlink()  # no stamp: the Typer app answers in full, as before
    for args in COMMANDS:
        assert run_main(project, args, capsys, monkeypatch) == expected[tuple(args)], args


def test_the_short_way_imports_neither_typer_nor_pydantic(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    age(project)
    assert run_bvpp(project, "status").exit_code == 0 and (project / STAMP).is_file()
    script = ("import sys; sys.argv = ['bvpp', 'build']; from bvpp_docgen.cli import main; main(); "
              "print(sorted(m for m in ('typer', 'pydantic', 'openpyxl', 'jinja2', 'lxml') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert done.stdout.count("up to date") == 3


def test_a_reader_that_goes_away_ends_the_short_way_quietly(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    age(project)
    assert run_bvpp(project, "status").exit_code == 0 and (project / STAMP).is_file()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    reader = subprocess.Popen([sys.executable, "-m", "bvpp_docgen", "status", "--all"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # as `| head -0` does
    with reader.stderr:
        assert (reader.wait(timeout=120), reader.stderr.read()) == (1, b"")


def test_a_plain_build_check_and_diff_run_without_typer_print_what_the_typer_app_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of the example go through the same steps, one through the Typer app, one through the
    entry point: every step prints the same lines with the same exit code."""
    by_typer, by_main = copy_example(tmp_path / "a"), copy_example(tmp_path / "b")
    steps: list[list[str] | str] = [
        ["build", "plan"], ["build"], ["check"], ["check", "--strict"], ["check", "--json"], "edit",
        ["build", "--json", "plan"], ["diff", "plan"], ["diff", "--json", "plan"], ["diff", "cabinet"],
        ["build", "nosuch"], ["diff", "nosuch"], "break", ["build"], ["check", "--json"], ["diff", "plan"],
    ]
    for step in steps:
        if step == "edit":
            for root in (by_typer, by_main):
                snippet = root / "inputs" / "plan" / "performance.md"
                snippet.write_text(snippet.read_text(encoding="utf-8") + "\nA paragraph added.\n", encoding="utf-8")
            continue
        if step == "break":
            for root in (by_typer, by_main):
                edit_config(root, lambda text: text.replace('[council]', '[council]\nnosuch_key = 1', 1))
            continue
        assert isinstance(step, list)
        result = run_bvpp(by_typer, *step)
        expected = (result.exit_code, result.stdout.replace(str(by_typer), "ROOT"), result.stderr.replace(str(by_typer), "ROOT"))
        code, out, err = run_main(by_main, step, capsys, monkeypatch)
        assert (code, out.replace(str(by_main), "ROOT"), err.replace(str(by_main), "ROOT")) == expected, step
    assert (by_typer / "build" / "plan" / "plan-changes-v001-v002.docx").is_file()


def test_a_plain_full_build_does_not_load_typer(project: Path) -> None:
    script = ("import sys; sys.argv = ['bvpp', 'build', 'cabinet']; from bvpp_docgen.cli import main; main(); "
              "print(sorted(m for m in ('typer', 'click') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert "cabinet" in done.stdout and (project / "build" / "cabinet" / "cabinet-v001.docx").is_file()
