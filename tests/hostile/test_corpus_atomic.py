"""Corpus, class 4: a failed build writes nothing; every collision is named before anything is written.

Each case starts from the built example (v1 of cabinet, topic-group and plan, in that order).
Most change the promises snippet, which all three papers show, so that a build would write a v2
of each; then they put something in the way: a file at a version's path, a register that cannot
be read or written, a locked folder, a full disk, a build killed half way. A refusal must leave
build/ and the register byte-identical (the harness checks); a case may check more afterwards.
Cases that lock files (chattr +i) or mount a small tmpfs need root, as the CI has.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from ..conftest import REPO
from .harness import Case, check

PROMISES = "inputs/plan/promises.md"  # shown by all three papers
REGISTER = "bvpp-register.json"
V2 = {doc: f"build/{doc}/{doc}-v002.docx" for doc in ("cabinet", "topic-group", "plan")}
LOCKED = "cannot write (Operation not permitted), so nothing was written: not allowed to change it or its folder"
UNREGISTERED = "not in the register (left by an interrupted build, or put there by hand), so it was not overwritten"


def _lost_register_older_papers(root: Path) -> None:
    """The register is lost, and the cabinet paper is not what a build would make today (saved again in Word)."""
    import docx

    (root / REGISTER).unlink()
    paper = root / "build/cabinet/cabinet-v001.docx"
    docx.Document(str(paper)).save(str(paper))


@dataclass(frozen=True)
class AtomicCase(Case):
    """A case with what must hold afterwards, beyond the harness's checks."""

    after: Callable[[Path], object] | None = None


def _change(root: Path) -> None:
    path = root / PROMISES
    path.write_text(path.read_text(encoding="utf-8") + "\nWe will publish this plan on time.\n", encoding="utf-8")


def _word_file(path: Path, text: str) -> None:
    """A real Word document someone saved at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = Document()
    document.add_paragraph(text)
    document.save(str(path))


def _chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True)


def _killed_build(root: Path, at_rename: int, renames: str = "rename,renameat,renameat2") -> None:
    """Run a build that is killed (SIGKILL, injected by strace) at its `at_rename`-th call of `renames`."""
    command = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={renames}",
               "-e", f"inject={renames}:signal=KILL:when={at_rename}",
               sys.executable, "-m", "bvpp_docgen", "--project", str(root), "build"]
    done = subprocess.run(command, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert done.returncode != 0, "the build was meant to be killed"


def _changed_with(*steps: Callable[[Path], object]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        _change(root)
        for step in steps:
            step(root)
    return mutate


def _unregistered(doc: str) -> Callable[[Path], None]:
    return lambda root: _word_file(root / V2[doc], "Draft put here by hand.")


UNLINK = "unlinkat"  # how the build clears its staging folder (shutil.rmtree), after the commit


def _removals_before_commit(root: Path) -> int:
    """Count the build's calls of UNLINK before it renames the register into place, on a twin of `root`.

    A build may remove files of its own before the commit (scratch files of the libraries that write
    the papers), and strace counts an injection's calls per process and per system call, so "the
    first removal after the register is written" is found by a traced twin run.
    """
    twin = Path(tempfile.mkdtemp(prefix="atomic-twin-")) / "p"
    shutil.copytree(root, twin, symlinks=True)
    trace = twin.parent / "trace"
    command = ["strace", "-f", "-qq", "-o", str(trace), "-e", f"trace={UNLINK},rename,renameat,renameat2",
               sys.executable, "-m", "bvpp_docgen", "--project", str(twin), "build"]
    subprocess.run(command, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    lines = trace.read_text(encoding="utf-8").splitlines()
    main = lines[0].split()[0]  # strace counts an injection's calls per process: the build's own
    count = 0
    for line in (x for x in lines if x.split()[0] == main):
        call = line.split(maxsplit=1)[1]
        if call.startswith("rename") and f"{REGISTER}\"" in call.rsplit(",", 1)[-1]:
            shutil.rmtree(twin.parent)
            return count
        if call.split("(", 1)[0] == UNLINK:
            count += 1
    raise AssertionError("the twin build never renamed the register into place")


def _killed_after_commit(root: Path) -> None:
    _change(root)
    _killed_build(root, _removals_before_commit(root) + 1, UNLINK)
    assert (root / "build/.staging/writing.json").exists(), "killed too early or too late to leave a journal"


def _killed_then_edited(root: Path) -> None:
    _change(root)
    _killed_build(root, at_rename=5)  # the cabinet v2 placed, not recorded
    assert (root / V2["cabinet"]).exists()
    _word_file(root / V2["cabinet"], "Edited after the crash.")


def _killed(at_rename: int, renames: str = "rename,renameat,renameat2") -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        _change(root)
        _killed_build(root, at_rename, renames)
        assert (root / "build/.staging/writing.json").exists(), "killed too early or too late to leave a journal"
    return mutate


def _old_journal(root: Path) -> None:
    """A killed build of an earlier release: its journal names the unrecorded paper it wrote."""
    import hashlib

    _change(root)
    stray = root / V2["cabinet"]
    shutil.copyfile(root / "build/cabinet/cabinet-v001.docx", stray)
    staging = root / "build/.staging"
    staging.mkdir()
    checksum = hashlib.sha256(stray.read_bytes()).hexdigest()
    (staging / "writing.json").write_text(json.dumps({V2["cabinet"]: checksum}), encoding="utf-8")
    (staging / ".cabinet-v002.docx.x1y2.tmp").write_bytes(b"PK\x03\x04half a paper")


def _full_disk(root: Path) -> None:
    """Move the project onto a 4 MB tmpfs and fill it, leaving room for less than one paper."""
    keep = Path(tempfile.mkdtemp(prefix="atomic-full-"))
    shutil.copytree(root, keep / "p", symlinks=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(root)], check=True)
    shutil.copytree(keep / "p", root, symlinks=True, dirs_exist_ok=True)
    shutil.rmtree(keep)
    _change(root)
    free = shutil.disk_usage(root).free
    (root / "filler.bin").write_bytes(b"\0" * max(0, free - 40_000))


def _no_folder_for(doc: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        shutil.rmtree(root / "build" / doc)
        (root / "build" / doc).write_text("a note someone saved here\n", encoding="utf-8")
    return mutate


def _gone(*paths: str) -> Callable[[Path], None]:
    def after(root: Path) -> None:
        for rel in paths:
            assert not (root / rel).exists(), rel
        staging = root / "build/.staging"
        assert not staging.exists() or not any(staging.iterdir()), "a stray journal or staged file was left"
        register = json.loads((root / REGISTER).read_text(encoding="utf-8"))
        assert [v["version"] for v in register["documents"]["cabinet"]["versions"]] == [1, 2]
    return after


def _rebuilt_all(root: Path) -> None:
    register = json.loads((root / REGISTER).read_text(encoding="utf-8"))
    assert all(len(h["versions"]) == 1 for h in register["documents"].values())
    assert not (root / "build/.staging").exists()


CASES = [
    AtomicCase("unregistered-file-at-third-papers-v2", _changed_with(_unregistered("plan")),
               refused=(f"{V2['plan']}: {UNREGISTERED}; move it out of build/ and build again",)),
    AtomicCase("two-collisions-named-at-once", _changed_with(_unregistered("cabinet"), _unregistered("plan")),
               refused=(f"{V2['cabinet']}: {UNREGISTERED}", f"{V2['plan']}: {UNREGISTERED}")),
    AtomicCase("folder-at-a-versions-path", _changed_with(lambda r: (r / V2["topic-group"]).mkdir()),
               refused=(f"{V2['topic-group']}: is a folder where bvpp writes a file: move it away, then build again",)),
    AtomicCase("file-where-a-papers-folder-must-be", _no_folder_for("topic-group"),
               refused=("build/topic-group: is a file where bvpp keeps a folder (for "
                        "build/topic-group/topic-group-v001.docx): move it away, then build again",)),
    AtomicCase("build-is-a-file", lambda r: (shutil.rmtree(r / "build"), (r / "build").write_text("x\n")),
               refused=("build: is a file, not a folder: move it away, then build again",)),
    AtomicCase("staging-is-a-file", _changed_with(lambda r: (r / "build/.staging").write_text("x\n")),
               refused=("build/.staging: is a file where bvpp keeps its scratch folder: move it away",)),
    AtomicCase("register-missing-beside-versions", lambda r: (r / REGISTER).unlink(),
               refused=(f"{REGISTER}: {REGISTER} is missing but build/ holds versions: restore {REGISTER} from "
                        "version control (or move build/ away to start again)",)),
    AtomicCase("register-missing-beside-older-versions", _lost_register_older_papers,
               refused=(f"{REGISTER}: {REGISTER} is missing but build/ holds versions",
                        f"build/cabinet/cabinet-v001.docx: a version the missing register recorded, so it was not "
                        f"overwritten: restore {REGISTER} from version control")),
    AtomicCase("register-missing-and-build-moved-away",
               lambda r: ((r / REGISTER).unlink(), shutil.move(r / "build", r / "old-build")), after=_rebuilt_all),
    AtomicCase("register-corrupt-json", lambda r: (r / REGISTER).write_text('{"schema": 1,\n  "documents": {\n'),
               refused=(f"{REGISTER}:3: not valid JSON",)),
    AtomicCase("register-half-written", lambda r: (r / REGISTER).write_bytes((r / REGISTER).read_bytes()[:500]),
               refused=(f"{REGISTER}:", "not valid JSON", "restore it from version control or a backup")),
    AtomicCase("register-is-a-folder", lambda r: ((r / REGISTER).unlink(), (r / REGISTER).mkdir()),
               refused=(f"{REGISTER}: cannot read the register",)),
    AtomicCase("register-immutable", _changed_with(lambda r: _chattr("+i", r / REGISTER)),
               refused=(f"{REGISTER}: {LOCKED}",)),
    AtomicCase("register-immutable-nothing-to-write", lambda r: _chattr("+i", r / REGISTER)),
    AtomicCase("build-folder-immutable", _changed_with(lambda r: _chattr("+i", r / "build")),
               refused=(f"build: {LOCKED}",)),
    AtomicCase("last-papers-folder-immutable", _changed_with(lambda r: _chattr("+i", r / "build/plan")),
               refused=(f"{V2['plan']}: {LOCKED}",)),
    AtomicCase("built-text-folder-immutable", _changed_with(lambda r: _chattr("+i", r / "build/.built")),
               refused=(f"build/.built/cabinet-v002.json: {LOCKED}",)),
    AtomicCase("project-folder-immutable", _changed_with(lambda r: _chattr("+i", r)),
               refused=(f"{REGISTER}: {LOCKED}",)),
    AtomicCase("disk-full", _full_disk,
               refused=("build: cannot write (No space left on device), so nothing was written: the disk is full: "
                        "free some space on it, then run the command again",)),
    AtomicCase("killed-build-recovered", _killed(at_rename=5), after=_gone()),
    AtomicCase("killed-after-the-register-was-written", _killed_after_commit,
               after=_gone()),
    AtomicCase("killed-build-paper-edited-since", _killed_then_edited,
               refused=(f"{V2['cabinet']}: {UNREGISTERED}",)),
    AtomicCase("journal-of-an-earlier-release", _old_journal, after=_gone()),
]


def _unlock(root: Path) -> None:
    subprocess.run(["chattr", "-R", "-i", str(root)], capture_output=True, check=False)
    subprocess.run(["chattr", "-i", str(root)], capture_output=True, check=False)
    if os.path.ismount(root):
        subprocess.run(["umount", str(root)], check=True)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: AtomicCase, built: Path) -> None:
    try:
        check(case, built)
        if case.after is not None:
            case.after(built)
    finally:
        _unlock(built)
