"""Up-to-date `bvpp status` and `bvpp build` answered from the stamp give exactly the answers of a full load.

Two copies of the example project take the same edits; one keeps its stamp (build/.cache/stamp.json),
the other has build/.cache deleted before every command. Their reports, registers and papers must agree.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from bvpp_docgen import DocgenError, Project
from bvpp_docgen.app import load as load_module

from .conftest import copy_example, edit_config, paper, run_bvpp

MADE = dt.datetime(2004, 3, 1, 9, 30, tzinfo=dt.UTC)
STAMP = Path("build/.cache/stamp.json")
OLD = time.time() - 3600  # inputs saved an hour ago: a load stamps them


def age(root: Path) -> None:
    """Make every file and folder of a project an hour old, as inputs saved earlier are."""
    for folder, _dirs, names in os.walk(root):
        for name in names:
            os.utime(Path(folder) / name, (OLD, OLD))
        os.utime(folder, (OLD, OLD))


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """Return a command's report as JSON, or the error it raised, as users read it."""
    try:
        return "ok", call().to_json()
    except DocgenError as exc:
        return "error", str(exc)


def built_files(root: Path) -> dict[str, bytes]:
    """Every paper and record a build leaves (not the cache), with its bytes."""
    files = {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file() and ".cache" not in p.parts}
    files[root / "bvpp-register.json"] = (root / "bvpp-register.json").read_bytes()
    return {str(p.relative_to(root)): data for p, data in files.items()}


def without_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any full load fail: what still answers, answered from the stamp."""
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("loaded every input")

    monkeypatch.setattr(load_module, "load", refuse)


def touch(root: Path) -> None:
    (root / "inputs/plan/budget.md").touch()


def change_snippet(root: Path) -> None:
    path = root / "inputs/plan/budget.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThe budget was set in February.\n", encoding="utf-8")


def change_cell(root: Path) -> None:
    path = root / "inputs/plan-data.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Budget"]
    sheet["C2"] = 560.4  # Education's 2003/04 budget, and the total with it
    sheet["C9"] = 943.5
    book.save(path)


def rename_snippet(root: Path) -> None:
    """Replace a promise's Word snippet, found by its name, with a Markdown one saved earlier: only the
    folder's listing says so (the new file keeps its old time, and bvpp.toml does not name it)."""
    folder = root / "inputs/plan/promise-1"
    (folder / "achievements.docx").rename(root / "achievements-old.docx")
    (folder / "achievements.md").write_text("Every library now opens on Sundays.\n", encoding="utf-8")
    os.utime(folder / "achievements.md", (OLD, OLD))


def open_in_word(root: Path) -> None:
    """Word's lock file appears beside a snippet: only the folder's listing says so; the build warns."""
    lock = root / "inputs/cabinet/~$rpose.docx"
    lock.write_bytes(b"\x00" * 162)
    os.utime(lock, (OLD, OLD))


def add_markdown_beside_word(root: Path) -> None:
    """A Markdown snippet saved earlier appears beside the Word one of the same name: both cannot be meant."""
    beside = root / "inputs/plan/promise-2/actions.md"
    beside.write_text("Open two more libraries on Sundays.\n", encoding="utf-8")
    os.utime(beside, (OLD, OLD))


def edit_paper(root: Path) -> None:
    """Add a paragraph by hand, saved with fixed zip times: both projects' edited papers are then the same bytes."""
    import io
    import zipfile

    path = paper(root, "cabinet")
    document = Document(str(path))
    document.add_paragraph("Added by hand after the meeting.")
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2003, 4, 28, 0, 0, 0)), source.read(info),
                            zipfile.ZIP_DEFLATED)


def delete_paper(root: Path) -> None:
    paper(root, "topic-group").unlink()


def change_config(root: Path) -> None:
    edit_config(root, lambda text: text.replace('title = "', 'title = "Draft: ', 1))


EDITS = [touch, change_snippet, change_cell, rename_snippet, open_in_word, edit_paper, delete_paper, change_config,
         add_markdown_beside_word]  # the last leaves the project in error


def test_status_and_build_agree_with_a_full_load_through_a_series_of_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamped, full = copy_example(tmp_path / "stamped"), copy_example(tmp_path / "full")
    for root in (stamped, full):
        assert Project(root).build(made=MADE).documents
    for edit in EDITS:
        age(stamped)
        age(full)
        first = Project(stamped).status()  # a full load: stamps what it found
        assert (stamped / STAMP).is_file(), edit.__name__
        with monkeypatch.context() as patch:
            without_loading(patch)
            assert Project(stamped).status() == first  # from the stamp
        edit(stamped)
        edit(full)
        for _ in range(2):  # the second time, from the stamp the first one wrote (if it could)
            shutil.rmtree(full / "build/.cache", ignore_errors=True)
            assert outcome(Project(stamped).status) == outcome(Project(full).status), edit.__name__
        shutil.rmtree(full / "build/.cache", ignore_errors=True)
        assert outcome(lambda: Project(stamped).build(made=MADE)) == outcome(lambda: Project(full).build(made=MADE))
        assert built_files(stamped) == built_files(full), edit.__name__
        shutil.rmtree(full / "build/.cache", ignore_errors=True)
        assert outcome(Project(stamped).status) == outcome(Project(full).status), edit.__name__


def test_an_up_to_date_build_and_status_read_no_input(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    age(project)
    loaded = run_bvpp(project, "status")
    assert loaded.exit_code == 0 and (project / STAMP).is_file()
    before = built_files(project)
    without_loading(monkeypatch)
    status = run_bvpp(project, "status")
    assert (status.exit_code, status.stdout) == (0, loaded.stdout)
    build = run_bvpp(project, "build")
    assert build.exit_code == 0, build.stderr
    assert build.stdout.count("up to date") == 3
    assert built_files(project) == before
    assert run_bvpp(project, "build", "--label", "nosuch=Cabinet").exit_code != 0  # refused as a full build does


def test_a_damaged_stamp_is_read_past(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    age(project)
    expected = run_bvpp(project, "status").stdout
    for damage in (b"{", b"[]", b'{"format": 1}', b"\xff" * 10):
        (project / STAMP).write_bytes(damage)
        assert run_bvpp(project, "status").stdout == expected


def test_status_of_a_project_never_built_creates_no_build_folder(project: Path) -> None:
    age(project)
    assert run_bvpp(project, "status").exit_code == 0
    assert not (project / "build").exists()


def test_a_file_saved_just_before_the_load_is_not_stamped(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    age(project)
    touch(project)  # saved now: the load may have read it mid-save
    assert run_bvpp(project, "status").exit_code == 0
    assert not (project / STAMP).exists()
