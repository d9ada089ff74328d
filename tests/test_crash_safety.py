"""Killed and concurrent builds, as real processes: the register and build/ stay consistent."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from .conftest import DOCUMENTS, run_bvpp
from .readback import require_tool

REGISTER = "bvpp-register.json"


def start_build(project: Path, capture: bool = True, slow_renames: bool = False) -> subprocess.Popen[bytes]:
    """Start `bvpp build` as a process of its own session (so it can be killed with strace)."""
    output = subprocess.PIPE if capture else subprocess.DEVNULL
    command = [sys.executable, "-m", "bvpp_docgen", "--project", str(project), "build"]
    if slow_renames:
        # Every rename (each paper, journal and register write) takes 0.15 s longer, so that
        # kills spread over the run land between each write and the next, not just before or after.
        renames = "rename,renameat,renameat2"
        command = [require_tool("strace"), "-f", "--seccomp-bpf", "-o", "/dev/null", "-e", f"trace={renames}",
                   "-e", f"inject={renames}:delay_exit=150000", *command]
    return subprocess.Popen(command, stdout=output, stderr=output, start_new_session=True)


def assert_consistent(project: Path) -> dict:
    """Every recorded version's file exists with its checksum; no partial file among the papers."""
    register = json.loads((project / REGISTER).read_text(encoding="utf-8"))
    recorded = set()
    for doc, history in register["documents"].items():
        numbers = [v["version"] for v in history["versions"]]
        assert numbers == list(range(1, len(numbers) + 1)), doc
        for version in history["versions"]:
            path = project / version["output"]
            assert path.is_file(), version["output"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == version["sha256"], version["output"]
            recorded.add(path)
    for path in (project / "build").rglob("*"):
        if path.is_dir() or ".staging" in path.parts or ".cache" in path.parts:
            continue  # an interrupted write stays in build/.staging until the next build clears it
        if ".built" in path.parts:  # a version's paragraphs as built: written whole, or not at all
            assert path.suffix == ".json" and json.loads(path.read_text(encoding="utf-8"))["paragraphs"], path
            continue
        assert path.suffix == ".docx", f"stray file {path}"
        if path not in recorded:  # written, then killed before it was recorded: complete, never partial
            with zipfile.ZipFile(path) as package:
                assert package.testzip() is None
    assert not list(project.glob(".*.tmp")), "partial register left in the project"
    return register


def test_killed_builds_leave_a_consistent_project(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    promises = project / "inputs" / "plan" / "promises.md"  # shown by all three papers
    original = promises.read_text(encoding="utf-8")
    promises.write_text(original + "\nA first change.\n", encoding="utf-8")
    started = time.monotonic()
    whole = start_build(project, capture=False, slow_renames=True)
    assert whole.wait(timeout=120) == 0
    duration = time.monotonic() - started
    kills = [duration * (0.2 + 0.9 * i / 15) for i in range(16)]  # from loading to the last write
    states = set()
    for round_, delay in enumerate(kills):
        promises.write_text(original + f"\nRound {round_} of changes.\n", encoding="utf-8")
        process = start_build(project, capture=False, slow_renames=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        register = assert_consistent(project)
        files = frozenset(str(p.relative_to(project)) for p in (project / "build").rglob("*.docx"))
        states.add((json.dumps(register, sort_keys=True), files))
    assert len(states) >= 3, "the kills all landed at the same point; the test proved little"
    finished = start_build(project)
    _out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err.decode()
    register = assert_consistent(project)
    assert not (project / "build" / ".staging").exists() or not any((project / "build" / ".staging").iterdir())
    status = json.loads(run_bvpp(project, "status", "--json").stdout)
    assert {d["action"] for d in status["documents"]} == {"up to date"}
    assert all(len(register["documents"][doc]["versions"]) >= 2 for doc in DOCUMENTS)


def test_two_builds_at_once_take_turns(project: Path) -> None:
    first, second = start_build(project), start_build(project)
    results = [p.communicate(timeout=180) for p in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), [e.decode() for _, e in results]
    register = assert_consistent(project)
    assert {doc: [v["version"] for v in h["versions"]] for doc, h in register["documents"].items()} == {
        doc: [1] for doc in DOCUMENTS
    }
    outputs = sorted(out.decode().count("up to date") for out, _ in results)
    assert outputs == [0, 3]  # one built everything; the other waited, then found it up to date
