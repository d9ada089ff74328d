"""Next year's plan: `bvpp new-year` moves the plan year on, keeps the old year's figures and papers, and
`bvpp check` names what the clerk and the team still have to do."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from bvpp_docgen.core.new_year import shift_years, stale_year_phrases, timetable_notes

from .conftest import DOCUMENTS, run_bvpp
from .readback import pandoc_text

REGISTER = "bvpp-register.json"


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "build").rglob("*.docx"))}


def _fill_budget(root: Path) -> None:
    """Enter the new year's budget, as the finance team would: the plan cannot go out without it."""
    book = openpyxl.load_workbook(root / "inputs/plan-data.xlsx")
    sheet = book["Budget"]
    total = 0.0
    for row in range(2, sheet.max_row):
        sheet.cell(row, 3).value = round(sheet.cell(row, 2).value + 10, 1)
        total += sheet.cell(row, 3).value
    sheet.cell(sheet.max_row, 3).value = round(total, 1)
    book.save(root / "inputs/plan-data.xlsx")


@pytest.fixture
def moved_on(project: Path) -> tuple[Path, dict[str, str], bytes]:
    """The example built for 2003/04, then moved on to 2004/05."""
    assert run_bvpp(project, "build").exit_code == 0
    before = _digests(project)
    original = (project / "inputs/indicators.xlsx").read_bytes()
    result = run_bvpp(project, "new-year")
    assert result.exit_code == 0, result.stderr
    assert "the 2003/04 plan moved on to 2004/05" in result.stdout
    return project, before, original


def test_the_new_years_plan_builds_from_version_1_with_the_years_moved_on(moved_on) -> None:
    project, before, _ = moved_on
    _fill_budget(project)
    result = run_bvpp(project, "build")
    assert result.exit_code == 0, result.stderr
    for doc in DOCUMENTS:
        assert f"build/{doc}/{doc}-2004-05-v001.docx  (new)" in result.stdout
    register = json.loads((project / REGISTER).read_text(encoding="utf-8"))
    assert {doc: [v["version"] for v in h["versions"]] for doc, h in register["documents"].items()} == \
        {doc: [1] for doc in DOCUMENTS}
    text = pandoc_text(project / "build/plan/plan-2004-05-v001.docx")
    assert "Best Value Performance Plan 2004/05" in text
    assert "Progress over the last three years (2001/02 to 2003/04)" in text
    assert "Improvement plans for the next three years (2004/05 to 2006/07)" in text
    headers = [line.split() for line in text.splitlines() if line.split()[:1] == ["2001/02"] and "2006/07" in line]
    assert headers and all(h[:7] == ["2001/02", "2002/03", "2003/04", "2003/04", "2004/05", "2005/06", "2006/07"]
                           for h in headers)  # every indicator table (then the quartile column's year)
    # the 2003/04 papers are untouched, and still listed
    assert {path: digest for path, digest in _digests(project).items() if path in before} == before
    old = run_bvpp(project, "versions", "--year", "2003/04")
    assert old.exit_code == 0, old.stderr
    assert "build/plan/plan-v001.docx" in old.stdout and "[missing]" not in old.stdout and "[edited]" not in old.stdout
    now = run_bvpp(project, "versions")
    assert "plan-2004-05-v001.docx" in now.stdout and "plan-v001.docx" not in now.stdout


def test_the_workbooks_move_on_and_the_old_ones_are_kept(moved_on) -> None:
    project, _, original = moved_on
    assert (project / "inputs/archive/2003-04/indicators.xlsx").read_bytes() == original
    assert (project / "inputs/archive/2003-04/plan-data.xlsx").is_file()
    old = openpyxl.load_workbook(project / "inputs/archive/2003-04/indicators.xlsx")["Indicators"]
    new = openpyxl.load_workbook(project / "inputs/indicators.xlsx")["Indicators"]
    headers = [c.value for c in new[1]]
    assert headers[6:13] == ["Outturn 2001/02", "Outturn 2002/03", "Outturn 2003/04", "Target 2003/04",
                             "Target 2004/05", "Target 2005/06", "Target 2006/07"]
    old_headers = [c.value for c in old[1]]
    for row in range(2, old.max_row + 1):
        for header in ("Outturn 2001/02", "Outturn 2002/03", "Target 2003/04", "Target 2004/05", "Target 2005/06"):
            assert new.cell(row, headers.index(header) + 1).value == old.cell(row, old_headers.index(header) + 1).value
        assert new.cell(row, headers.index("Outturn 2003/04") + 1).value is None
        assert new.cell(row, headers.index("Target 2006/07") + 1).value is None
        assert new.cell(row, 1).value == old.cell(row, 1).value  # the team's other columns stay
    snippet = (project / "inputs/plan/performance.md").read_text(encoding="utf-8")
    kept = (project / "inputs/archive/2003-04/plan/performance.md").read_text(encoding="utf-8")
    assert "[[BV82a.outturn.2002/03]]" in kept and "[[BV82a.outturn.2002/03]]" not in snippet
    assert snippet == kept.replace("2003/04]]", "2004/05]]").replace("2002/03]]", "2003/04]]")
    word = Document(str(project / "inputs/plan/promise-4/achievements.docx"))
    assert "[[BV82a.outturn.2003/04]]" in " ".join(p.text for p in word.paragraphs)
    config = (project / "bvpp.toml").read_text(encoding="utf-8")
    assert 'year = "2004/05"' in config and "2003/04" not in config.split("\n", 3)[3]
    assert "# The meetings the papers go to." in config  # comments kept


def test_check_names_what_is_left_to_do(moved_on) -> None:
    project, _, _ = moved_on
    _fill_budget(project)
    snippet = project / "inputs/plan/budget.md"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\nOur plan for 2003/04 keeps council tax down.\n",
                       encoding="utf-8")
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    assert ("bvpp.toml:meetings.cabinet.date: 2003-04-28 is outside the 2004/05 plan's timetable (1 January 2004 to "
            "30 June 2004, when the plan must be published): set the meeting's date") in result.stderr
    assert ("inputs/plan/budget.md: paragraph 3: 'plan for 2003/04' names the previous plan year where the 2004/05 "
            "plan is meant: write [[plan.year]] (or 2004/05)") in result.stderr
    # the snippet's [[plan.outturn-year]] fact, which now reads 2003/04, is not taken for stale text
    assert "budget for" not in result.stderr
    assert run_bvpp(project, "check", "--strict").exit_code == 1


def test_the_example_as_it_stands_raises_no_year_warnings(project: Path) -> None:
    result = run_bvpp(project, "check", "--strict")
    assert result.exit_code == 0, result.stderr


def test_dry_run_writes_nothing_and_an_unknown_year_is_named(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = run_bvpp(project, "new-year", "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["from"], report["to"], report["dry_run"]) == ("2003/04", "2004/05", True)
    assert "indicators.xlsx: Indicators!I1 'Outturn 2002/03' is now 'Outturn 2003/04', left blank for the team to fill" \
        in report["changes"]
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == files
    unknown = run_bvpp(project, "versions", "--year", "2001/02")
    assert unknown.exit_code == 1
    assert "bvpp-register.json: no papers of the 2001/02 plan year in the register (earlier plan years kept: none yet)" \
        in unknown.stderr


def test_into_a_new_folder_leaves_this_one_as_it_is(project: Path, tmp_path: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    files = {p.relative_to(project): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    target = tmp_path / "next"
    result = run_bvpp(project, "new-year", "--into", str(target))
    assert result.exit_code == 0, result.stderr
    assert {p.relative_to(project): p.read_bytes() for p in project.rglob("*") if p.is_file()} == files
    assert 'year = "2004/05"' in (target / "bvpp.toml").read_text(encoding="utf-8")
    again = run_bvpp(project, "new-year", "--into", str(target))
    assert again.exit_code == 1
    assert f"{target}: already exists and is not empty: name a new folder for next year's project" in again.stderr


@pytest.mark.parametrize(("text", "moved"), [
    ("Best Value Performance Plan 2003/04", "Best Value Performance Plan 2004/05"),
    ("targets for 2003-04 and 2004-2005", "targets for 2004-05 and 2005-2006"),
    ("meeting on 2003-04-28", "meeting on 2003-04-28"),  # a date, not a year
    ("the years 2001-05", "the years 2001-05"),  # not a financial year
    ("1999/00 outturn", "2000/01 outturn"),
])
def test_years_in_text_move_on_by_one(text: str, moved: str) -> None:
    assert shift_years(text) == moved


@pytest.mark.parametrize(("text", "flagged"), [
    ("The Best Value Performance Plan 2003/04 sets out our promises.", ["Plan 2003/04"]),
    ("Our 2003/04 plan keeps council tax down.", ["2003/04 plan"]),
    ("The actions for 2003/04 are listed below.", ["actions for 2003/04"]),
    ("Targets for 2003/04 are shown in the annex.", ["Targets for 2003/04"]),
    ("In 2003/04 we recycled 18% of household waste.", []),  # the outturn year: rightly named
    ("Outturns for 2003/04 were audited in June.", []),
    ("The plan for 2004/05 sets out our promises.", []),
    ("The 2002/03 plan was published in June 2002.", []),  # older than the previous plan year
])
def test_text_naming_last_years_plan_is_flagged_precisely(text: str, flagged: list[str]) -> None:
    assert stale_year_phrases(text, "2004/05") == flagged


def test_meetings_outside_the_timetable_and_old_dates_are_named() -> None:
    import datetime as dt

    notes = timetable_notes("2004/05", {"cabinet": dt.date(2004, 4, 26), "council": dt.date(2004, 7, 1)},
                            {"publication": dt.date(2004, 6, 30), "data-cutoff": dt.date(2003, 6, 30)})
    assert [key for key, _ in notes] == ["meetings.council.date", "dates.data-cutoff"]
