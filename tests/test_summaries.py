"""`bvpp status` and `bvpp versions` fit a screen: counts per kind of change, the first few
changes, one line each, never a line over 200 characters; --all lists every change in full."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from .conftest import edit_config, run_bvpp

LONG_TITLE = "Raise standards in our schools " + "and improve the life chances of children and young people " * 12


def change_many_figures(root: Path) -> int:
    """Add 1 to every numeric target for 2003/04 in the indicator workbook; return how many changed."""
    path = root / "inputs" / "indicators.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Indicators"]
    column = [c.value for c in sheet[1]].index("Target 2003/04") + 1
    changed = 0
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
            cell.value = cell.value + 1
            changed += 1
    book.save(path)
    return changed


def test_a_long_change_list_is_summarised(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    assert change_many_figures(project) > 40
    edit_config(project, lambda t: t.replace(
        '"Raise standards in our schools and improve the life chances of children and young people"', f'"{LONG_TITLE}"'))

    status = run_bvpp(project, "status")
    assert status.exit_code == 0, status.stderr
    lines = status.stdout.splitlines()
    assert max(map(len, lines)) <= 200
    plan = lines.index(next(line for line in lines if line.startswith("plan ")))
    counts = lines[plan + 1].strip()
    assert counts.startswith(f"{len(json.loads(run_bvpp(project, 'status', '--json').stdout)['documents'][2]['changes'])}"
                             " changes: ")
    assert "data changed" in counts and "1 config changed" in counts
    shown = lines[plan + 2: plan + 7]
    assert all(line.startswith(" " * 15) for line in shown)
    assert lines[plan + 7].strip().startswith("… and ") and "bvpp status --all" in lines[plan + 7]
    assert len(status.stdout) < 3000

    everything = run_bvpp(project, "status", "--all").stdout
    assert max(map(len, everything.splitlines())) <= 200
    changes = json.loads(run_bvpp(project, "status", "--json").stdout)["documents"][2]["changes"]
    title_change = next(c for c in changes if c.startswith("config changed: promises#1.title"))
    assert len(title_change) > 600
    assert " ".join(title_change.split()) in " ".join(everything.split())  # whole, wrapped onto its lines
    for change in changes:
        assert " ".join(change.split()) in " ".join(everything.split())

    assert run_bvpp(project, "build").exit_code == 0
    listing = run_bvpp(project, "versions", "plan").stdout.splitlines()
    assert listing[0] == "plan: 2 versions"
    assert listing[1].startswith("  v2  ")
    assert listing[2].strip() == counts
    assert [line.strip()[:150] for line in listing[3:8]] == [line.strip()[:150] for line in shown]
    assert all(line.startswith(" " * 8) for line in listing[3:8])
    assert "bvpp versions --all" in listing[8]
    assert max(map(len, listing)) <= 200
    shortened = [line for line in listing if line.strip().startswith("config changed: promises#1.title")]
    assert shortened == [] or shortened[0].endswith("…")

    full = run_bvpp(project, "versions", "plan", "--all").stdout
    assert max(map(len, full.splitlines())) <= 200
    assert " ".join(title_change.split()) in " ".join(full.split())


def test_a_short_change_list_is_shown_whole(project: Path) -> None:
    assert run_bvpp(project, "build").exit_code == 0
    edit_config(project, lambda t: t.replace("date = 2003-05-07", "date = 2003-05-09"))
    lines = run_bvpp(project, "status").stdout.splitlines()
    assert "config changed: meetings.topic-group.date: 7 May 2003 → 9 May 2003" in [line.strip() for line in lines]
    assert not any("changes:" in line or "more" in line for line in lines)
