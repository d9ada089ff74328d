"""Progress on stderr as a user sees it: on a terminal while a command works, never with --json or into a pipe."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, paper
from .readback import require_tool

ENV = {**os.environ, "PYTHONPATH": str(REPO), "BVPP_PROGRESS_AFTER": "0", "COLUMNS": "100", "TERM": "xterm"}


def run_on_terminal(project: Path, *args: str) -> tuple[int, str, str]:
    """Run bvpp with stderr on a pseudo terminal (stdout a pipe); return exit code, stdout and what the terminal got."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "bvpp_docgen", "--project", str(project), *args],
                               stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, env=ENV)
    os.close(slave)
    screen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other end closed: the process has ended
                break
            if not chunk:
                break
            screen += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    assert process.stdout is not None
    with process.stdout:
        out = process.stdout.read().decode()
    return process.wait(timeout=600), out, screen.decode(errors="replace")


def test_build_and_check_show_progress_on_a_terminal(project: Path) -> None:
    code, out, screen = run_on_terminal(project, "build")
    assert code == 0, screen
    assert "rendering plan (3 of 3)" in screen
    assert "reading the workbooks" in screen or "rendering cabinet (1 of 3)" in screen
    assert "built  plan" in out and "rendering" not in out
    assert paper(project, "plan").is_file()

    code, _out, screen = run_on_terminal(project, "check")
    assert code == 0 and "rendering and checking plan (3 of 3)" in screen


def test_publish_shows_its_exports_on_a_terminal(project: Path) -> None:
    require_tool("soffice")
    assert run_on_terminal(project, "build", "plan")[0] == 0
    code, out, screen = run_on_terminal(project, "publish", "plan")
    assert code == 0, screen
    assert "LibreOffice started; exporting 1 paper" in screen or "exported plan-v001.docx" in screen
    assert "published" in out and "LibreOffice" not in out


def test_no_progress_with_json_or_into_a_pipe(project: Path) -> None:
    code, out, screen = run_on_terminal(project, "build", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    assert screen == ""  # nothing on the terminal at all

    (project / "inputs" / "plan" / "budget.md").write_text("Changed.\n", encoding="utf-8")
    piped = subprocess.run([sys.executable, "-m", "bvpp_docgen", "--project", str(project), "build"],
                           capture_output=True, text=True, env=ENV, check=False)
    assert piped.returncode == 0 and piped.stderr == ""
    assert "v2" in piped.stdout
