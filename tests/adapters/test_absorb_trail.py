"""absorb's trail (store/trail.py): what absorb wrote into each snippet, and from which paper."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bvpp_docgen.store.trail import Absorbed, load_trail, record_absorbed

CHAIR = Absorbed("returned/plan-v002-chair.docx", "plan", 2, "2003-04-01T10:00:00")
LEADER = Absorbed("returned/cabinet-v001-leader.docx", "cabinet", 1, "2003-04-02T09:00:00")


def test_a_second_absorb_into_what_the_first_wrote_names_both_papers(tmp_path: Path) -> None:
    record_absorbed(tmp_path, "inputs/a.md", b"one", b"two", CHAIR)
    record_absorbed(tmp_path, "inputs/a.md", b"two", b"three", LEADER)
    entry = load_trail(tmp_path)["inputs/a.md"]
    assert entry.sha256 == hashlib.sha256(b"three").hexdigest()
    assert entry.note() == ("absorbed from returned/plan-v002-chair.docx, plan v2; "
                            "returned/cabinet-v001-leader.docx, cabinet v1")


def test_an_absorb_into_a_snippet_an_author_changed_meanwhile_starts_afresh(tmp_path: Path) -> None:
    record_absorbed(tmp_path, "inputs/a.md", b"one", b"two", CHAIR)
    record_absorbed(tmp_path, "inputs/a.md", b"two, then an author's edit", b"three", LEADER)
    assert load_trail(tmp_path)["inputs/a.md"].sources == (LEADER,)


def test_a_damaged_trail_only_loses_the_words(tmp_path: Path) -> None:
    path = tmp_path / "build" / ".absorbed" / "absorbed.json"
    path.parent.mkdir(parents=True)
    for text in ("{", "[]", '{"snippets": {"a.md": {"sha256": "x"}}}'):
        path.write_text(text, encoding="utf-8")
        assert load_trail(tmp_path) == {}
