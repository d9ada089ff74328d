"""`bvpp pack MEETING`: one tagged PDF per meeting (a front sheet, then its papers), every page
numbered in the pack, the front sheet's page numbers right, recorded and never overwritten."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import copy_example, edit_config, run_bvpp
from .readback import require_tool
from .test_libreoffice import page_texts, pdfinfo

PACK = "build/packs/cabinet-2003-04-28-pack-1.pdf"
TITLES = ["Front sheet", "Draft Best Value Performance Plan", "Best Value Performance Plan 2003/04"]


def register(root: Path) -> dict:
    return json.loads((root / "bvpp-register.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built, its cabinet papers published (the pages a member gets alone), then packed."""
    require_tool("soffice")
    root = copy_example(tmp_path_factory.mktemp("pack") / "project")
    edit_config(root, lambda text: text.replace("agenda_item = 4\n", 'agenda_item = 4\nvenue = "Council Chamber, County Hall"\n', 1))
    assert run_bvpp(root, "build").exit_code == 0
    assert run_bvpp(root, "publish", "cabinet", "plan").exit_code == 0
    result = run_bvpp(root, "pack", "cabinet")
    assert result.exit_code == 0, result.stderr
    pages = len(PdfReader(root / PACK).pages)
    assert result.stdout.splitlines() == [f"        packed  {PACK}  ({pages} pages)"]
    return root


def test_the_pack_is_the_front_sheet_then_each_paper_with_every_page_numbered_in_the_pack(packed: Path) -> None:
    pack = page_texts(packed / PACK)
    papers = [page_texts(packed / f"build/{doc}/{doc}-v001.pdf") for doc in ("cabinet", "plan")]
    assert len(pack) == 1 + sum(len(paper) for paper in papers)
    for number, text in enumerate(pack, start=1):
        assert f"Pack page {number} of {len(pack)}" in text, f"page {number}"
    own = [text for paper in papers for text in paper]
    for text, alone in zip(pack[1:], own, strict=True):  # each paper's own pages, as published, with the stamp added
        footer = alone.rstrip().splitlines()[-1].strip()
        assert footer in text
        assert re.sub(r"\s*·\s*Pack page \d+ of \d+", "", " ".join(text.split())) == " ".join(alone.split())


def test_the_front_sheet_names_the_meeting_and_each_papers_first_pack_page(packed: Path) -> None:
    pack = page_texts(packed / PACK)
    front = " ".join(pack[0].split())
    for words in ("HERTFORDSHIRE COUNTY COUNCIL", "Cabinet", "Date: Monday 28 April 2003", "Time: 2.00 p.m.",
                  "Venue: Council Chamber, County Hall"):
        assert words in front
    firsts = [int(n) for n in re.findall(r"Version 1\s+(\d+)", pack[0])]
    cabinet = len(page_texts(packed / "build/cabinet/cabinet-v001.pdf"))
    assert firsts == [2, 2 + cabinet]
    assert "Page 1 of" in pack[firsts[0] - 1] and "Cabinet, 28 April 2003, item 4" in pack[firsts[0] - 1]
    assert "Page 1 of" in pack[firsts[1] - 1] and "Draft for Cabinet" in pack[firsts[1] - 1]


def test_bookmarks_one_per_paper_with_its_headings_under_it(packed: Path) -> None:
    reader = PdfReader(packed / PACK)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == TITLES
    assert [reader.get_destination_page_number(item) + 1 for item in top][:2] == [1, 2]
    children = [item for item in reader.outline if isinstance(item, list)]
    assert len(children) == 3 and all(children)
    assert children[1][0].title == "1. Purpose of the report"


def test_the_pack_is_tagged_with_one_structure_tree_over_every_page(packed: Path) -> None:
    info = pdfinfo(packed / PACK)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Cabinet, Monday 28 April 2003: agenda pack"
    reader = PdfReader(packed / PACK)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    tree = root["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    keys = list(nums[::2])
    assert len(keys) == len(set(keys))
    parents = [page["/StructParents"] for page in reader.pages]
    assert len(set(parents)) == len(parents) and set(parents) <= set(keys)
    for index, page in enumerate(reader.pages):  # each page's marked content belongs to elements on that page
        for element in nums[2 * keys.index(parents[index]) + 1].get_object():
            if element is not None and "/Pg" in element.get_object():
                assert element.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum
    document = tree["/K"].get_object()
    assert document["/S"] == "/Document" and [kid.get_object()["/S"] for kid in document["/K"]] == ["/Part"] * 3


def test_the_register_records_the_pack_and_the_same_papers_make_no_new_pack(packed: Path) -> None:
    data = (packed / PACK).read_bytes()
    [record] = register(packed)["packs"]
    assert record["output"] == PACK and record["versions"] == {"cabinet": 1, "plan": 1}
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    again = run_bvpp(packed, "pack", "cabinet", "--json")
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["status"] == "already packed" and report["path"] == PACK  # reproducible: the very same bytes
    assert sorted(p.name for p in (packed / "build/packs").iterdir()) == ["cabinet-2003-04-28-pack-1.pdf"]
    assert len(register(packed)["packs"]) == 1


def test_a_changed_meeting_makes_a_new_pack_and_keeps_the_old_one(packed: Path) -> None:
    before = (packed / PACK).read_bytes()
    edit_config(packed, lambda text: text.replace("Council Chamber, County Hall", "Committee Room 1, County Hall"))
    result = run_bvpp(packed, "pack", "cabinet")
    assert result.exit_code == 0, result.stderr
    second = "build/packs/cabinet-2003-04-28-pack-2.pdf"
    assert result.stdout.split()[:2] == ["packed", second]
    assert (packed / PACK).read_bytes() == before
    assert "Venue: Committee Room 1, County Hall" in " ".join(page_texts(packed / second)[0].split())
    assert [p["number"] for p in register(packed)["packs"]] == [1, 2]


def test_unknown_meeting_and_a_meeting_without_papers_are_refused_at_their_key(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    result = run_bvpp(root, "pack", "cabinett")
    assert result.exit_code == 1
    assert result.stderr.startswith("bvpp.toml:meetings: no meeting 'cabinett'")
    assert "cabinet, topic-group, cabinet-final, council" in result.stderr
    result = run_bvpp(root, "pack", "council")
    assert result.exit_code == 1
    assert result.stderr.startswith("bvpp.toml:meetings.council: no paper goes to this meeting") and 'meeting = "council"' in result.stderr
    result = run_bvpp(root, "pack", "cabinet")
    assert result.exit_code == 1 and "run 'bvpp build' first" in result.stderr
    assert not (root / "build" / "packs").exists()


def test_papers_never_published_are_counted_by_a_first_export(tmp_path: Path) -> None:
    require_tool("soffice")
    root = copy_example(tmp_path / "project")
    assert run_bvpp(root, "build", "topic-group").exit_code == 0
    result = run_bvpp(root, "pack", "topic-group")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("LibreOffice started") == 2  # counted, then numbered
    pack = page_texts(root / "build/packs/topic-group-2003-05-07-pack-1.pdf")
    assert all(f"Pack page {n} of {len(pack)}" in text for n, text in enumerate(pack, start=1))
    [first] = [int(n) for n in re.findall(r"Version 1\s+(\d+)", pack[0])]
    assert first == 2 and "Page 1 of" in pack[first - 1]
    assert "Best Value Performance Plan Topic Group" in pack[0] and "Resources Scrutiny Committee" in pack[0]
