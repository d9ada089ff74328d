"""The store's transaction on small files: all of a command's files placed, or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from bvpp_docgen.errors import ProjectError
from bvpp_docgen.store.transaction import Transaction

REGISTER = "bvpp-register.json"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_commit_places_every_file_and_the_register_and_leaves_no_staging(tmp_path: Path) -> None:
    (tmp_path / REGISTER).write_text("{}\n")
    transaction = Transaction(tmp_path)
    transaction.add("build/a/a-v001.docx", b"paper a")
    transaction.add("build/.built/a-v001.json", b"{}")
    transaction.register = b'{"documents": 1}\n'
    transaction.commit()
    assert _files(tmp_path) == {"build/a/a-v001.docx": b"paper a", "build/.built/a-v001.json": b"{}",
                                REGISTER: b'{"documents": 1}\n'}
    assert not (tmp_path / "build/.staging").exists()


def test_a_register_that_cannot_be_written_puts_back_everything_placed(tmp_path: Path) -> None:
    (tmp_path / "build/b").mkdir(parents=True)
    (tmp_path / "build/b/b-v001.docx").write_bytes(b"edited by hand")
    (tmp_path / REGISTER).mkdir()  # a folder: the rename over it fails
    (tmp_path / REGISTER / "keep").write_text("x")
    before = _files(tmp_path)
    transaction = Transaction(tmp_path)
    transaction.add("build/a/a-v002.docx", b"new paper")  # its folder is made, then removed again
    transaction.add("build/b/b-v001.docx", b"as built")  # replaces a file, which is put back
    transaction.register = b"{}\n"
    with pytest.raises(ProjectError) as raised:
        transaction.commit()
    assert str(raised.value.location) == REGISTER
    assert "so nothing was written" in raised.value.message
    assert _files(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["b"]


def test_every_collision_is_named_at_once_and_a_vouched_file_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "build/a").mkdir(parents=True)
    (tmp_path / "build/a/a-v002.docx").write_bytes(b"someone's draft")
    (tmp_path / "build/b").write_text("a file where a folder must be")
    (tmp_path / "build/c").mkdir()
    (tmp_path / "build/c/c-v001.docx").write_bytes(b"edited")
    (tmp_path / "build/d").mkdir()
    (tmp_path / "build/d/d-v002.docx").write_bytes(b"the same bytes")
    transaction = Transaction(tmp_path)
    transaction.add("build/a/a-v002.docx", b"new")
    transaction.add("build/b/b-v002.docx", b"new")
    transaction.add("build/c/c-v001.docx", b"as built")
    transaction.add("build/d/d-v002.docx", b"the same bytes")
    problems = transaction.collisions(vouched={"build/c/c-v001.docx"})
    assert sorted(str(p.location) for p in problems) == ["build/a/a-v002.docx", "build/b"]
