"""`bvpp watch` as an author meets it: a real process on a copy of the example, real saves, Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docx import Document

from bvpp_docgen.store.files import locked

from .conftest import REPO, copy_example, paper
from .readback import body_paragraphs, require_tool

START_SECONDS = 180.0  # generous: eight developers' tests share two cores
SAVE_SECONDS = 90.0


class Watching:
    """A `bvpp watch` process and its output files (kept outside the project)."""

    def __init__(self, project: Path, out: Path, *args: str) -> None:
        self.project, self.out, self.err = project, out / "stdout.txt", out / "stderr.txt"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        with self.out.open("wb") as stdout, self.err.open("wb") as stderr:
            self.process = subprocess.Popen([sys.executable, "-m", "bvpp_docgen", "--project", str(project), "watch", *args],
                                            stdout=stdout, stderr=stderr, env=env)

    def stdout(self) -> str:
        return self.out.read_text()

    def stderr(self) -> str:
        return self.err.read_text()

    def wait_for(self, what: Callable[[], bool], seconds: float = SAVE_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while not what():
            assert self.process.poll() is None, f"watch ended early:\n{self.stdout()}\n{self.stderr()}"
            assert time.monotonic() < deadline, f"timed out:\n{self.stdout()}\n{self.stderr()}"
            time.sleep(0.1)

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Callable[..., Watching]]:
    started: list[Watching] = []

    def start(*args: str) -> Watching:
        w = Watching(copy_example(tmp_path / "project"), tmp_path, *args)
        started.append(w)
        w.wait_for(lambda: "watching for changes" in w.stderr(), START_SECONDS)
        return w

    yield start
    for w in started:
        if w.process.poll() is None:
            w.process.kill()
            w.process.wait()


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in body_paragraphs(Document(str(path))))


def save(path: Path, text: str) -> None:
    """Save as an editor does: a temporary file renamed over the old one."""
    scratch = path.with_name(f"~{path.name}.tmp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def test_watch_rebuilds_on_a_save_survives_a_broken_input_and_stops_cleanly(watching: Callable[..., Watching]) -> None:
    w = watching()
    project = w.project
    assert paper(project, "plan").is_file()  # the first build

    snippet = project / "inputs" / "plan" / "budget.md"
    save(snippet, snippet.read_text(encoding="utf-8") + "\nThe watch saw this sentence.\n")
    w.wait_for(lambda: "plan-v002.docx" in w.stdout())
    assert "The watch saw this sentence." in text_of(paper(project, "plan", 2))
    assert "   built  plan         v2  build/plan/plan-v002.docx  (narrative changed)" in w.stdout().splitlines()

    config = project / "bvpp.toml"
    good = config.read_text(encoding="utf-8")
    save(config, good.replace('year = "2003/04"', 'year = 2003'))
    w.wait_for(lambda: "still watching" in w.stderr())
    assert "bvpp.toml:plan.year" in w.stderr()
    assert w.process.poll() is None

    save(config, good)
    save(snippet, snippet.read_text(encoding="utf-8") + "\nAnd this one, after the fix.\n")
    w.wait_for(lambda: "plan-v003.docx" in w.stdout())
    assert "And this one, after the fix." in text_of(paper(project, "plan", 3))

    assert w.interrupt() == 0
    assert "Traceback" not in w.stderr()
    assert w.stderr().splitlines()[-1] == "stopped watching"
    with locked(project, wait=0):  # the lock is free
        pass
    leftovers = [p for p in (project / "build").rglob("*") if p.name.endswith(".tmp") or ".staging" in p.parts]
    assert leftovers == []


def test_draft_writes_previews_and_records_no_version(watching: Callable[..., Watching]) -> None:
    w = watching("plan", "--draft")
    project = w.project
    preview = project / "build" / ".preview" / "plan.docx"
    assert preview.is_file() and not (project / "bvpp-register.json").exists()
    assert not (project / "build" / "cabinet").exists()

    snippet = project / "inputs" / "plan" / "budget.md"
    save(snippet, snippet.read_text(encoding="utf-8") + "\nA draft sentence.\n")
    w.wait_for(lambda: w.stdout().count("build/.preview/plan.docx") == 2)
    assert "A draft sentence." in text_of(preview)
    assert not (project / "bvpp-register.json").exists() and not (project / "build" / "plan").exists()
    assert w.interrupt() == 0


def office_pids(watch_pid: int) -> set[int]:
    """The LibreOffice processes a watch started (their pipe is named after the watch's process id)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if f"pipe,name=bvpp-{watch_pid}-".encode() in command:
            found.add(int(entry.name))
    return found


def test_publish_keeps_one_libreoffice_running_between_rebuilds(watching: Callable[..., Watching]) -> None:
    require_tool("soffice")
    w = watching("plan", "--publish")
    project = w.project
    w.wait_for(lambda: "plan-v001.pdf" in w.stdout(), START_SECONDS)
    office = office_pids(w.process.pid)
    assert office  # still running (soffice and its soffice.bin), waiting for the next save

    snippet = project / "inputs" / "plan" / "cpa.md"
    save(snippet, snippet.read_text(encoding="utf-8") + "\nA sentence for the PDF.\n")
    w.wait_for(lambda: "plan-v002.pdf" in w.stdout(), START_SECONDS)
    assert (project / "build" / "plan" / "plan-v002.pdf").read_bytes().startswith(b"%PDF")
    assert office_pids(w.process.pid) == office  # the same LibreOffice, not a new one

    assert w.interrupt() == 0
    assert "Traceback" not in w.stderr()
    time.sleep(1)
    assert office_pids(w.process.pid) == set()  # stopped with the watch


def test_a_build_by_another_command_is_waited_for_and_said(watching: Callable[..., Watching]) -> None:
    w = watching("plan", "--draft")
    project = w.project
    snippet = project / "inputs" / "plan" / "cpa.md"
    with locked(project):  # another bvpp command holds the project
        save(snippet, snippet.read_text(encoding="utf-8") + "\nSaved while another command ran.\n")
        w.wait_for(lambda: "another bvpp command is using this project" in w.stderr())
        time.sleep(1)
        assert w.stdout().count("build/.preview/plan.docx") == 1  # nothing written meanwhile
    w.wait_for(lambda: w.stdout().count("build/.preview/plan.docx") == 2)
    assert "Saved while another command ran." in text_of(project / "build" / ".preview" / "plan.docx")
    assert w.interrupt() == 0
