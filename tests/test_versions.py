"""Tracked versions: a number that changes exactly when the content does, and nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .conftest import DOCUMENTS, edit_config, paper, point_snippet, run_bvpp
from .readback import pandoc_text

REGISTER = "bvpp-register.json"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under build/ (but build/.cache, only ever a copy: safe to delete) and the register,
    with its bytes and modification time."""
    files = [p for p in (root / "build").rglob("*") if p.is_file() and ".cache" not in p.parts] + [root / REGISTER]
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


def versions_of(root: Path) -> dict[str, list[int]]:
    register = json.loads((root / REGISTER).read_text(encoding="utf-8"))
    return {doc: [v["version"] for v in h["versions"]] for doc, h in register["documents"].items()}


def latest_record(root: Path, doc: str) -> dict:
    return json.loads((root / REGISTER).read_text(encoding="utf-8"))["documents"][doc]["versions"][-1]


def build_ok(root: Path, *args: str):
    result = run_bvpp(root, "build", *args)
    assert result.exit_code == 0, result.stderr
    return result


def test_first_build_makes_version_one_of_each(project: Path) -> None:
    build_ok(project, "--label", "Cabinet 28 April")
    assert versions_of(project) == {doc: [1] for doc in DOCUMENTS}
    record = latest_record(project, "cabinet")
    assert record["label"] == "Cabinet 28 April"
    assert record["changes"] == ["new"]
    assert record["output"] == "build/cabinet/cabinet-v001.docx"
    assert "snippet:inputs/cabinet/purpose.docx" in record["sources"]
    assert "template:templates/covering-report.docx" in record["sources"]
    assert "config:meetings.topic-group.date" in record["sources"]
    assert not any(k.startswith("config:documents.plan.") for k in record["sources"])


def test_unchanged_project_writes_nothing(project: Path) -> None:
    build_ok(project)
    before = snapshot(project)
    result = build_ok(project)
    assert snapshot(project) == before
    assert result.stdout.count("up to date") == 3
    status = json.loads(run_bvpp(project, "status", "--json").stdout)
    assert [(d["document"], d["action"], d["reasons"]) for d in status["documents"]] == [
        (doc, "up to date", []) for doc in DOCUMENTS
    ]


def test_a_snippet_change_makes_new_versions_of_the_papers_that_use_it_only(project: Path) -> None:
    build_ok(project)
    v1 = {doc: paper(project, doc).read_bytes() for doc in DOCUMENTS}
    snippet = project / "inputs" / "cabinet" / "purpose.docx"
    author_copy = Document(str(snippet))
    author_copy.add_paragraph("One more sentence.")
    author_copy.save(str(snippet))  # the author sends a new version of the Word snippet
    status = json.loads(run_bvpp(project, "status", "--json").stdout)["documents"]
    assert [(d["document"], d["action"], d["reasons"]) for d in status] == [
        ("cabinet", "new version", ["narrative changed"]),
        ("topic-group", "up to date", []),
        ("plan", "up to date", []),
    ]
    build_ok(project)
    assert versions_of(project) == {"cabinet": [1, 2], "topic-group": [1], "plan": [1]}
    assert latest_record(project, "cabinet")["changes"] == ["narrative changed: inputs/cabinet/purpose.docx"]
    assert "One more sentence." in pandoc_text(paper(project, "cabinet", 2))
    assert {doc: paper(project, doc).read_bytes() for doc in DOCUMENTS} == v1  # v1 files untouched


def test_a_shared_snippet_changes_every_paper_that_shows_it(project: Path) -> None:
    build_ok(project)
    promises = project / "inputs" / "plan" / "promises.md"
    promises.write_text("In [[plan.year]] we promise to:\n", encoding="utf-8")
    build_ok(project)
    assert versions_of(project) == {doc: [1, 2] for doc in DOCUMENTS}  # the appendices show it too


def test_a_config_change_is_named_in_the_change_summary(project: Path) -> None:
    build_ok(project)
    edit_config(project, lambda t: t.replace("date = 2003-05-07", "date = 2003-05-09"))
    build_ok(project, "--label", "new Topic Group date")
    assert versions_of(project) == {"cabinet": [1, 2], "topic-group": [1, 2], "plan": [1]}
    changed = "config changed: meetings.topic-group.date: 7 May 2003 → 9 May 2003"
    assert latest_record(project, "topic-group")["changes"] == [changed]
    listing = run_bvpp(project, "versions", "topic-group")
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0] == "topic-group: 2 versions"
    assert lines[1].startswith("  v2  ") and '"new Topic Group date"' in lines[1]
    assert lines[2].strip() == changed
    assert lines[3].startswith("  v1  ")


def test_every_shown_config_value_changed_is_named_with_old_and_new(project: Path) -> None:
    build_ok(project)
    edits = [
        ('name = "Hertfordshire County Council"', 'name = "Herts County Council"'),
        ('title = "Improve roads and pavements and tackle congestion"', 'title = "Improve roads and pavements"'),
        ('heading = "Conclusion"', 'heading = "Conclusions"'),
        ('title = "Best Value Performance Plan 2003/04"\n\n', 'title = "Performance Plan 2003/04"\n\n'),
        ("schema = 1\n", 'schema = 1\n\n[versions]\nline = "Version {version}"\n'),
    ]
    for old, new in edits:
        edit_config(project, lambda t, old=old, new=new: t.replace(old, new, 1))
    build_ok(project)
    assert versions_of(project) == {doc: [1, 2] for doc in DOCUMENTS}
    everywhere = [
        "config changed: council.name: Hertfordshire County Council → Herts County Council",
        "config changed: plan.title: Best Value Performance Plan 2003/04 → Performance Plan 2003/04",  # the subject
        "config changed: promises#3.title: Improve roads and pavements and tackle congestion → Improve roads and pavements",
        "config changed: versions.line: Draft version {version} – {date} → Version {version}",
    ]
    heading = "config changed: documents.cabinet.sections#2.heading: Conclusion → Conclusions"
    assert latest_record(project, "cabinet")["changes"] == [everywhere[0], heading, *everywhere[1:]]
    assert latest_record(project, "topic-group")["changes"] == everywhere
    assert latest_record(project, "plan")["changes"] == everywhere


def test_force_rerenders_the_same_version_with_the_same_bytes(project: Path) -> None:
    build_ok(project)
    before = {doc: paper(project, doc).read_bytes() for doc in DOCUMENTS}
    paper(project, "plan").unlink()
    result = build_ok(project, "--force")
    assert "rebuilt" in result.stdout
    assert versions_of(project) == {doc: [1] for doc in DOCUMENTS}
    assert {doc: paper(project, doc).read_bytes() for doc in DOCUMENTS} == before


def test_a_missing_output_is_rebuilt_identically(project: Path) -> None:
    build_ok(project)
    before = paper(project, "cabinet").read_bytes()
    paper(project, "cabinet").unlink()
    status = json.loads(run_bvpp(project, "status", "--json").stdout)["documents"]
    assert status[0]["reasons"] == ["output missing"]
    build_ok(project)
    assert paper(project, "cabinet").read_bytes() == before
    assert versions_of(project)["cabinet"] == [1]


def test_the_version_shows_in_footer_core_and_custom_properties(project: Path) -> None:
    build_ok(project)
    (project / "inputs" / "plan" / "cpa.md").write_text("Rated excellent.\n", encoding="utf-8")
    build_ok(project)
    path = paper(project, "plan", 2)
    document = Document(str(path))
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    made = latest_record(project, "plan")["made"][:10]
    assert footer.startswith("Draft version 2 – ")
    assert footer.split("\n")[0].endswith(_long_date(made))
    props = document.core_properties
    assert (props.version, props.revision, props.title) == ("2", 2, "Best Value Performance Plan 2003/04")
    assert custom_properties(document) == {"BVPP Version": "2", "BVPP Document": "plan"}
    assert "Draft version 2" in pandoc_text(path) or footer  # pandoc omits footers; the XML holds it


def test_the_version_line_wording_comes_from_the_config(project: Path) -> None:
    edit_config(project, lambda t: t.replace("schema = 1\n", 'schema = 1\n\n[versions]\nline = "Version {version} ({label})"\n', 1))
    build_ok(project, "--label", "for Cabinet")
    footer = Document(str(paper(project, "cabinet"))).sections[0].footer.paragraphs[0].text
    assert footer == "Version 1 (for Cabinet)"


def test_a_hand_edited_paper_is_never_overwritten(project: Path) -> None:
    build_ok(project)
    path = paper(project, "cabinet")
    document = Document(str(path))
    document.add_paragraph("A clerk's note added in Word.")
    document.save(str(path))
    edited = path.read_bytes()
    # after a change: a new version is made beside it, and the edited file is named
    point_snippet(project, "inputs/cabinet/conclusion.docx", "inputs/cabinet/conclusion.md")
    (project / "inputs" / "cabinet" / "conclusion.md").write_text("Changed.\n", encoding="utf-8")
    result = build_ok(project)
    assert path.read_bytes() == edited
    assert ("build/cabinet/cabinet-v001.docx: edited by hand since it was built; the new version v2 "
            "(build/cabinet/cabinet-v002.docx) does NOT contain these hand edits") in result.stderr
    assert ": 'A clerk's note added in Word.': to keep it, write it into one of this paper's snippets (or its " \
           "template)" in result.stderr
    assert versions_of(project)["cabinet"] == [1, 2]
    # --force on an edited latest version: refused, named, intact
    path2 = paper(project, "cabinet", 2)
    Document(str(path2)).save(str(path2))  # re-saved by another program: different bytes
    edited2 = path2.read_bytes()
    refused = run_bvpp(project, "build", "--force")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "build/cabinet/cabinet-v002.docx: edited by hand since it was built, so --force did not overwrite it; to "
        "drop the edits, run 'bvpp build --discard-edits' to put back the paper as built (your edited copy is kept "
        "in build/.discarded/); to keep them, run 'bvpp absorb build/cabinet/cabinet-v002.docx' (or make each edit in "
        "the snippet files or templates they came from), then run 'bvpp build' (no paragraph's text changed: only formatting, or Word saved it again)",
    ]
    assert path2.read_bytes() == edited2 and path.read_bytes() == edited
    # the explicit option discards the edit of the latest version only
    build_ok(project, "--discard-edits")
    assert path2.read_bytes() != edited2
    assert Path(path2).stat().st_size > 0 and path.read_bytes() == edited
    from hashlib import sha256
    assert sha256(path2.read_bytes()).hexdigest() == latest_record(project, "cabinet")["sha256"]


def test_a_file_not_in_the_register_is_not_overwritten(project: Path) -> None:
    build_ok(project)
    (project / "inputs" / "plan" / "cpa.md").write_text("Changed.\n", encoding="utf-8")
    stranger = paper(project, "plan", 2)
    stranger.write_bytes(b"someone else's file")
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("build/plan/plan-v002.docx: not in the register")
    assert stranger.read_bytes() == b"someone else's file"
    assert versions_of(project)["plan"] == [1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{ not json", "bvpp-register.json:1: not valid JSON"),
        ('{"schema": 99, "documents": {}}', "bvpp-register.json: written by a newer release of bvpp-docgen"),
        ('{"schema": 1, "documents": {"plan": {"versions": [{"version": 2}]}}}', "bvpp-register.json:documents.plan.versions.0.made: not a valid register"),
    ],
    ids=["garbage", "future schema", "invalid entry"],
)
def test_a_bad_register_stops_the_build_and_is_kept(project: Path, content: str, expected: str) -> None:
    (project / REGISTER).write_text(content, encoding="utf-8")
    for command in ("build", "status"):
        result = run_bvpp(project, command)
        assert result.exit_code == 1
        assert result.stderr.startswith(expected)
        assert len(result.stderr.splitlines()) == 1
    assert (project / REGISTER).read_text(encoding="utf-8") == content
    assert not (project / "build").exists()


def test_a_read_only_build_folder_is_reported_and_nothing_changes(project: Path) -> None:
    build_ok(project)
    (project / "inputs" / "plan" / "cpa.md").write_text("Changed.\n", encoding="utf-8")
    before = snapshot(project)
    with read_only(project / "build"):
        result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("build")
    assert "cannot write" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(project) == before


def test_versions_json_reports_file_state(project: Path) -> None:
    build_ok(project)
    paper(project, "plan").unlink()
    data = json.loads(run_bvpp(project, "versions", "--json").stdout)
    assert data["documents"]["plan"][0]["state"] == "missing"
    assert data["documents"]["cabinet"][0]["state"] == "ok"
    assert data["documents"]["cabinet"][0]["version"] == 1


def custom_properties(document) -> dict[str, str]:
    part = next(r.target_part for r in document.part.package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES)
    root = etree.fromstring(part.blob)
    return {p.get("name"): p[0].text for p in root}


def _long_date(iso: str) -> str:
    import datetime as dt

    from bvpp_docgen.core.formats import format_date
    return format_date(dt.date.fromisoformat(iso))


class read_only:
    """Make a folder unwritable, even for root (chattr +i), for the length of a `with`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths = [folder, *(p for p in folder.rglob("*") if p.is_dir())]

    def __enter__(self) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i", *map(str, self.paths)], check=True)
        else:
            for path in self.paths:
                path.chmod(0o555)

    def __exit__(self, *exc: object) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", *map(str, self.paths)], check=True)
        else:
            for path in self.paths:
                path.chmod(0o755)


def test_resaving_the_workbook_unchanged_makes_no_new_version(project: Path) -> None:
    import openpyxl

    build_ok(project)
    workbook = project / "inputs" / "indicators.xlsx"
    before = workbook.read_bytes()
    book = openpyxl.load_workbook(workbook)
    book.save(workbook)  # as the performance team's Excel would: new bytes, same figures
    assert workbook.read_bytes() != before
    status = json.loads(run_bvpp(project, "status", "--json").stdout)
    assert {d["action"] for d in status["documents"]} == {"up to date"}
    build_ok(project)
    assert versions_of(project) == {doc: [1] for doc in DOCUMENTS}


def test_a_changed_figure_is_named_in_the_change_summary(project: Path) -> None:
    import openpyxl

    build_ok(project)
    workbook = project / "inputs" / "indicators.xlsx"
    book = openpyxl.load_workbook(workbook)
    sheet = book["Indicators"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "BV82a")
    before = row[8].value
    row[8].value = 14.2  # a corrected 2002/03 outturn
    book.save(workbook)
    build_ok(project)
    assert versions_of(project) == {"cabinet": [1, 2], "topic-group": [1, 2], "plan": [1, 2]}
    assert latest_record(project, "plan")["changes"] == [
        f"data changed: BV82a outturn 2002/03: {before:.1f}% → 14.2%",
        "data changed: BV82a quartile 2002/03: Top → Third",  # 14.2% lies between the example's bottom quartile (13.9%) and median (15.7%)
        f"data changed: chart BV82a outturn 2002/03: {before:.1f}% → 14.2%",  # the example charts BV82a (docs/charts.md)
    ]


def test_a_version_that_no_longer_renders_the_same_becomes_a_new_version(project: Path) -> None:
    build_ok(project)
    register = json.loads((project / REGISTER).read_text(encoding="utf-8"))
    register["documents"]["cabinet"]["versions"][0]["sha256"] = "0" * 64  # as if an upgrade changed the output
    (project / REGISTER).write_text(json.dumps(register), encoding="utf-8")
    paper(project, "cabinet").unlink()
    build_ok(project)
    assert versions_of(project)["cabinet"] == [1, 2]
    assert latest_record(project, "cabinet")["changes"] == ["format changed: the same inputs now render differently"]
    assert not paper(project, "cabinet").exists()  # v1 is not rewritten under its old number
    assert paper(project, "cabinet", 2).is_file()


def test_a_markdown_paragraph_rewrapped_makes_no_new_version(project: Path) -> None:
    build_ok(project)
    snippet = project / "inputs" / "plan" / "budget.md"
    text = snippet.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if len(line) > 100 and not line.startswith(("#", "|", "-", "*", ">")))
    words = line.split(" ")
    snippet.write_text(text.replace(line, " ".join(words[:5]) + "\n" + " ".join(words[5:]), 1), encoding="utf-8")
    before = snapshot(project)
    result = build_ok(project, "--json")
    plan = next(d for d in json.loads(result.stdout)["documents"] if d["document"] == "plan")
    assert plan["status"] == "up to date" and plan["version"] == 1
    assert snapshot(project) == before  # the paragraph reads the same: nothing is written
