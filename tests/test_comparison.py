"""Comparison with other authorities, LPSA and joint working, as a user meets them: the example
plan built and read back with python-docx, a workbook edited with openpyxl, a blank workbook."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl

from .conftest import paper, run_bvpp
from .readback import body_paragraphs, body_tables

WORKBOOK = "inputs/indicators.xlsx"


def _cells(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _rows_by_ref(plan: Path) -> dict[str, dict[str, str]]:
    """Return every indicator row of the plan's per-promise tables, by reference, cell by header."""
    rows: dict[str, dict[str, str]] = {}
    for table in body_tables(docx.Document(str(plan))):
        cells = _cells(table)
        if cells[0][:2] == ["Ref", "Indicator"] and "Promise" not in cells[0]:
            rows |= {row[0]: dict(zip(cells[0], row, strict=True)) for row in cells[1:]}
    return rows


def _set(root: Path, ref: str, **cells: object) -> None:
    """Change cells of the row of `ref` in the example's indicator sheet, by header."""
    book = openpyxl.load_workbook(root / WORKBOOK)
    sheet = book["Indicators"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == ref:
            for header, value in cells.items():
                row[headers.index(header)].value = value
    book.save(root / WORKBOOK)


def test_the_example_plan_shows_each_indicators_quartile_by_its_direction(built_example: Path) -> None:
    rows = _rows_by_ref(paper(built_example, "plan"))
    column = "Quartile\n2002/03"
    # from the workbook: BV8 84.1% against 81.5 / 77.5 / 73.5 (higher is better); BV12 8.6 days against
    # 8.7 / 9.1 / 9.4 (lower is better: the top quartile is the lowest); BV11a 34.0% under 34.3
    assert rows["BV8"][column] == "Top"
    assert rows["BV12"][column] == "Top"
    assert rows["BV11a"][column] == "Bottom"
    assert rows["BV181a"][column] in ("Top", "Second", "Third", "Bottom")  # the sheet's ready-made quartile
    assert rows["BV3"][column] == "n/a"  # no 2002/03 outturn (a survey year)
    assert rows["L406"][column] == "n/a"  # a local indicator: no comparators
    texts = [p.text for p in body_paragraphs(docx.Document(str(paper(built_example, "plan"))))]
    assert any(t.startswith("Compared with other authorities in 2002/03, ") and "indicators with comparator figures" in t
               for t in texts)
    assert any(t.startswith("Quartile n/a: no comparator figures for 2002/03") for t in texts)


def test_the_example_plan_shows_lpsa_progress_and_joint_working(built_example: Path) -> None:
    document = docx.Document(str(paper(built_example, "plan")))
    texts = [p.text for p in body_paragraphs(document)]
    assert "Local Public Service Agreement" in texts and "Working with town and parish councils" in texts
    assert "Progress on the council's 6 Local Public Service Agreement targets: 1 achieved, 3 on track, 2 at risk." in texts
    lpsa = next(_cells(t) for t in body_tables(document) if _cells(t)[0][0] == "Target")
    assert lpsa[0] == ["Target", "Baseline", "Without stretch", "Stretch target", "Latest", "Progress"]
    assert lpsa[4] == ["Road casualties killed or seriously injured", "812", "700", "650", "742", "At risk"]


def test_a_figure_at_a_threshold_is_in_the_better_quartile(project: Path) -> None:
    _set(project, "BV8", **{"Top quartile 2002/03": 84.1, "Median 2002/03": 80, "Bottom quartile 2002/03": 70})
    _set(project, "BV12", **{"Top quartile 2002/03": 8.5, "Median 2002/03": 8.6, "Bottom quartile 2002/03": 9})
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    rows = _rows_by_ref(paper(project, "plan"))
    assert rows["BV8"]["Quartile\n2002/03"] == "Top"  # 84.1 at the top quartile threshold
    assert rows["BV12"]["Quartile\n2002/03"] == "Second"  # 8.6 days at the median, lower is better


def test_thresholds_out_of_order_are_refused_at_their_cell(project: Path) -> None:
    _set(project, "BV12", **{"Top quartile 2002/03": 9.4, "Median 2002/03": 9.1, "Bottom quartile 2002/03": 8.7})
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert ("inputs/indicators.xlsx:Indicators!P10: the median (9.1) is below the top quartile threshold (9.4): "
            "for a lower-is-better indicator the top quartile holds the lowest values") in result.stderr
    assert not (project / "build" / "plan").exists()


def test_the_checklist_item_is_met_and_not_met_without_comparators(project: Path) -> None:
    data = json.loads(run_bvpp(project, "check", "--json").stdout)
    items = {r["id"]: r for r in data["compliance"]["plan"]}
    assert items["comparison"]["met"] and items["lpsa"]["met"] and items["joint-working"]["met"]
    book = openpyxl.load_workbook(project / WORKBOOK)
    book["Indicators"].delete_cols(15, 4)  # the four comparator columns
    book.save(project / WORKBOOK)
    (project / "inputs/plan/joint-working.md").write_text("", encoding="utf-8")
    strict = run_bvpp(project, "check", "--strict")
    assert strict.exit_code == 1
    assert ("error: plan: not met: Comparison with other authorities (quartiles for 2002/03): the indicator workbook "
            "has no comparator columns") in strict.stderr
    assert "error: plan: not met: Joint working with town and parish councils" in strict.stderr
    build = run_bvpp(project, "build", "plan")
    assert build.exit_code == 0, build.stderr
    assert all("Quartile\n2002/03" not in row for row in _rows_by_ref(paper(project, "plan")).values())


def test_blank_workbooks_carry_the_comparator_columns_and_the_lpsa_sheet(project: Path) -> None:
    assert run_bvpp(project, "workbook", "new", str(project / "blank.xlsx")).exit_code == 0
    headers = [c.value for c in openpyxl.load_workbook(project / "blank.xlsx")["Indicators"][1]]
    assert headers[-4:] == ["Top quartile 2002/03", "Median 2002/03", "Bottom quartile 2002/03", "Quartile 2002/03"]
    assert run_bvpp(project, "workbook", "new", str(project / "plan.xlsx"), "--plan-data").exit_code == 0
    lpsa = openpyxl.load_workbook(project / "plan.xlsx")["LPSA"]
    assert [c.value for c in lpsa[1]] == ["Target", "Baseline", "Target without stretch", "Stretch target", "Latest", "Progress"]
