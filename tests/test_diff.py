"""`bvpp diff` on the example plan: the redline between two built versions, and the change summary."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from docx.oxml.ns import qn

from .conftest import copy_example, edit_config, paper, run_bvpp
from .readback import NS, all_xml_parts, convert_to_pdf, pdf_text, xml_part
from .test_redline import check_revisions, pandoc, tracked_changes, words

AUTHOR = "Performance Team"
CHANGES = [
    "config changed: meetings.cabinet.date: 28 April 2003 → 29 April 2003",
    "data changed: BV82b outturn 2002/03: n/a → 14.2%",
    "data changed: BV82b quartile 2002/03: n/a → Top",  # the same edit: with an outturn, BV82b has a quartile
    "data changed: budget Fire and rescue 2003/04: £35.9m → £45.9m",
    "narrative changed: inputs/plan/cpa.md",
]


def _stamp(project: Path) -> str:
    """Return version 2's date as the redline's revisions carry it."""
    register = json.loads((project / "bvpp-register.json").read_text(encoding="utf-8"))
    return register["documents"]["plan"]["versions"][1]["made"][:10] + "T00:00:00Z"


def _set_cell(path: Path, sheet: str, key: str, column: int, value: object) -> None:
    """Set the cell in `column` of the row whose first cell is `key`."""
    book = openpyxl.load_workbook(path)
    row = next(r for r in book[sheet].iter_rows() if r[0].value == key)
    row[column - 1].value = value
    book.save(path)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built as v1 (BV82b's outturn not yet in), then v2 after four changes, then diffed."""
    root = copy_example(tmp_path_factory.mktemp("diff") / "project")
    edit_config(root, lambda t: t.replace("[[plan.sections]]", f'[diff]\nauthor = "{AUTHOR}"\n\n[[plan.sections]]', 1))
    _set_cell(root / "inputs/indicators.xlsx", "Indicators", "BV82b", 9, "not yet available")
    assert run_bvpp(root, "build").exit_code == 0
    cpa = root / "inputs/plan/cpa.md"
    cpa.write_text(cpa.read_text(encoding="utf-8").replace("The assessors said of", "The assessors said this of"),
                   encoding="utf-8")
    data = root / "inputs/plan-data.xlsx"
    _set_cell(data, "Budget", "Fire and rescue", 3, 45.9)
    _set_cell(data, "Budget", "Total", 3, 949.5)  # the lines must still add up
    edit_config(root, lambda t: t.replace("date = 2003-04-28", "date = 2003-04-29"))
    _set_cell(root / "inputs/indicators.xlsx", "Indicators", "BV82b", 9, 14.2)
    result = run_bvpp(root, "build")
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def redline_file(project: Path) -> Path:
    result = run_bvpp(project, "diff", "plan")
    assert result.exit_code == 0, result.stderr
    path = project / "build/plan/plan-changes-v001-v002.docx"
    assert result.stdout.splitlines()[0].startswith("wrote build/plan/plan-changes-v001-v002.docx (v1 to v2: ")
    assert result.stdout.splitlines()[1:] == [f"  {c}" for c in CHANGES]
    return path


def test_summary_lists_exactly_the_four_changes(project: Path, redline_file: Path) -> None:
    register = json.loads((project / "bvpp-register.json").read_text(encoding="utf-8"))
    assert register["documents"]["plan"]["versions"][1]["changes"] == CHANGES
    data = json.loads(run_bvpp(project, "diff", "plan", "--json").stdout)
    assert data["changes"] == CHANGES
    assert data["path"] == "build/plan/plan-changes-v001-v002.docx"
    spans = tracked_changes(redline_file, _stamp(project))
    footers = _footer_changes(redline_file)  # the version line: pandoc reads no footers
    assert footers["ins"] >= 1 and footers["del"] >= 1
    assert data["insertions"] == sum(1 for kind, _ in spans if kind == "insertion") + footers["ins"]
    assert data["deletions"] == sum(1 for kind, _ in spans if kind == "deletion") + footers["del"]


def _footer_changes(docx: Path) -> dict[str, int]:
    """Count the inserted and deleted stretches of text in the redline's header and footer parts."""
    counts = {"ins": 0, "del": 0}
    for name, root in all_xml_parts(docx).items():
        if name.startswith(("word/footer", "word/header")):
            for kind in counts:
                counts[kind] += sum(1 for e in root.iter(qn(f"w:{kind}")) if e.getparent().tag != qn("w:rPr"))
    return counts


def test_accepting_gives_v2_and_rejecting_gives_v1(project: Path, redline_file: Path) -> None:
    assert words(pandoc(redline_file, "accept")) == words(pandoc(paper(project, "plan", 2), "accept"))
    assert words(pandoc(redline_file, "reject")) == words(pandoc(paper(project, "plan", 1), "accept"))
    check_revisions(redline_file, _stamp(project))  # with the author from bvpp.toml and v2's date


def test_changes_show_where_they_were_made_and_nowhere_else(project: Path, redline_file: Path) -> None:
    spans = tracked_changes(redline_file, _stamp(project))
    assert spans[:2] == [("deletion", "28"), ("insertion", "29")]  # the status line: Draft for Cabinet, 29 April 2003
    assert ("deletion", "35.9") in spans and ("insertion", "45.9") in spans
    assert ("deletion", "939.5") in spans and ("insertion", "949.5") in spans  # the total follows
    # promise 4's table, the annex, and the achievements snippet citing [[BV82b.outturn.2002/03]]
    assert spans.count(("insertion", "14.2%")) == 3
    assert spans.count(("insertion", "Top")) == 2  # BV82b's quartile, in the two tables
    assert spans.count(("deletion", "n/a")) == 5  # the three figures and the two quartiles
    assert ("insertion", "this") in spans
    lines = [line for line in pandoc(redline_file, "all", to="markdown").splitlines()
             if "{.insertion" in line or "{.deletion" in line]
    contexts = ("Draft for Cabinet", "Fire and rescue", "Total", "BV82b", "The assessors said",
                "n/a: not available",  # the note under promise 4's table goes with its only n/a
                "a further",  # the achievements snippet cites BV82b's outturn: "a further 14.2% was composted"
                "Compared with other authorities",  # promise 4's quartile count gains BV82b
                "Quartile n/a")  # and the note on its only quartile n/a goes
    for line in lines:
        assert any(c in line for c in contexts), line


def test_changed_indicator_cell_is_a_change_inside_its_cell(project: Path, redline_file: Path) -> None:
    before = xml_part(paper(project, "plan", 2)).xpath("//w:body//w:tbl[not(ancestor::w:tbl)]", namespaces=NS)
    tables = xml_part(redline_file).xpath("//w:body//w:tbl[not(ancestor::w:tbl)]", namespaces=NS)
    assert len(tables) == len(before)
    for table, v2 in zip(tables, before, strict=True):
        assert len(table.findall("w:tr", NS)) == len(v2.findall("w:tr", NS))
        assert len(table.findall("w:tblGrid/w:gridCol", NS)) == len(v2.findall("w:tblGrid/w:gridCol", NS))
        assert len(table.findall("w:tr/w:trPr/w:tblHeader", NS)) == len(v2.findall("w:tr/w:trPr/w:tblHeader", NS)) >= 1
    cells = [tc for tc in xml_part(redline_file).iter(qn("w:tc")) if tc.find(".//w:del", NS) is not None]
    assert [words("".join(tc.itertext())) for tc in cells].count("n/a14.2%") == 2


def test_two_runs_give_the_same_bytes(project: Path, redline_file: Path) -> None:
    first = redline_file.read_bytes()
    redline_file.unlink()
    assert run_bvpp(project, "diff", "plan", "--from", "1", "--to", "2").exit_code == 0
    assert redline_file.read_bytes() == first


def test_libreoffice_converts_the_redline_showing_the_changes(redline_file: Path, tmp_path: Path) -> None:
    text = pdf_text(convert_to_pdf([redline_file], tmp_path)[redline_file.stem])
    assert "2829 April 2003" in text  # struck-through 28 beside underlined 29
    assert re.search(r"n/a\s*14\.2%", text)


def test_same_version_or_identical_content_writes_nothing(project: Path) -> None:
    result = run_bvpp(project, "diff", "cabinet", "--from", "1", "--to", "1")
    assert (result.exit_code, result.stdout) == (0, "cabinet: no differences between v1 and v1; nothing written\n")
    assert not list((project / "build/cabinet").glob("*changes*"))


def test_unknown_version_or_document_lists_what_there_is(project: Path) -> None:
    result = run_bvpp(project, "diff", "plan", "--to", "7")
    assert result.exit_code == 1
    assert result.stderr == "bvpp-register.json:documents.plan: no version 7 of 'plan' (versions: 1, 2)\n"
    result = run_bvpp(project, "diff", "plans")
    assert result.exit_code == 1
    assert result.stderr == "bvpp.toml: no document 'plans' in this project (documents: cabinet, topic-group, plan)\n"


def test_edited_or_missing_versions(tmp_path: Path, project: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(project, root)
    (root / "build/plan/plan-changes-v001-v002.docx").unlink()
    v1, v2 = paper(root, "plan", 1), paper(root, "plan", 2)
    original = v2.read_bytes()
    v2.unlink()  # the latest, still up to date: rendered again from the register
    result = run_bvpp(root, "diff", "plan")
    assert result.exit_code == 0, result.stderr
    assert "plan-v002.docx: missing; compared as rendered again from the register" in result.stderr
    assert not v2.exists()  # diff writes only its own file
    v2.write_bytes(original)
    with v1.open("ab") as handle:
        handle.write(b"\0")  # edited by hand (here: one byte appended)
    (root / "build/plan/plan-changes-v001-v002.docx").unlink()
    result = run_bvpp(root, "diff", "plan")
    assert "build/plan/plan-v001.docx: edited since it was built; the comparison uses the edited file" in result.stderr
    v1.unlink()  # an earlier version's file is gone, and its inputs have changed since
    result = run_bvpp(root, "diff", "plan")
    assert result.exit_code == 1
    assert result.stderr.startswith("build/plan/plan-v001.docx: missing, and it cannot be made again")


def test_versions_in_the_wrong_order_or_before_the_first(project: Path) -> None:
    result = run_bvpp(project, "diff", "plan", "--from", "2", "--to", "1")
    assert (result.exit_code, result.stderr) == (
        1, "bvpp-register.json:documents.plan: --from 2 comes after --to 1: name the earlier version with --from\n")
    result = run_bvpp(project, "diff", "plan", "--to", "1")
    assert (result.exit_code, result.stderr) == (
        1, "bvpp-register.json:documents.plan: version 1 is the first of 'plan': nothing before it to compare "
           "(versions: 1, 2)\n")


def test_an_added_improvement_is_one_change(tmp_path: Path, project: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(project, root)
    book = openpyxl.load_workbook(root / "inputs/plan-data.xlsx")
    book["Improvements"].insert_rows(2)
    for column, value in enumerate(["Libraries", "Best value review", "Open on Sundays", "2004/05", "Planned", "", 5], 1):
        book["Improvements"].cell(2, column, value)
    book.save(root / "inputs/plan-data.xlsx")
    assert run_bvpp(root, "build", "plan").exit_code == 0
    register = json.loads((root / "bvpp-register.json").read_text(encoding="utf-8"))
    assert register["documents"]["plan"]["versions"][-1]["changes"] == [
        "data changed: improvement 2004/05 Libraries: Open on Sundays"]
