"""Indicator codes as councils write them: bracketed BVPI sub-parts and local prefixes, printed as written."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from .conftest import edit_config, paper, run_bvpp
from .readback import body_tables
from .workbooks import make_workbook, row

WB = "inputs/indicators.xlsx"
PREFIXES = 'sheet = "Indicators"\nlocal_prefixes = ["L", "LPI"]'


def use_rows(project: Path, rows: list[list[object]]) -> None:
    (project / WB).unlink()
    make_workbook(project / WB, rows)


def indicator_rows(path: Path) -> list[list[str]]:
    """Return the rows of every indicator table (the per-promise tables, then the annex), header rows left out."""
    tables = [t for t in body_tables(Document(str(path))) if t.rows and t.rows[0].cells[0].text == "Ref"]
    return [[cell.text for cell in r.cells] for t in tables for r in t.rows[1:]]


def test_bracketed_and_local_codes_appear_in_the_plan_as_the_workbook_writes_them(project: Path) -> None:
    edit_config(project, lambda text: text.replace('sheet = "Indicators"', PREFIXES, 1))
    use_rows(project, [
        row(Reference="BV82a(i)", Indicator="Household waste recycled", Promise=4,
            **{"Outturn_2000/01": 12.5, "Outturn_2001/02": 14.2, "Outturn_2002/03": 16.1, "Target_2002/03": 16,
               "Target_2003/04": 18, "Target_2004/05": 20, "Target_2005/06": 22}),
        row(Reference="BV 82a(ii)", Indicator="Household waste recycled (tonnes)", Promise=4, Unit="number",
            Decimal_places=0, **{"Outturn_2000/01": 61000, "Outturn_2001/02": 65500, "Outturn_2002/03": 70250,
                                 "Target_2002/03": 70000, "Target_2003/04": 75000, "Target_2004/05": 80000,
                                 "Target_2005/06": 85000}),
        row(Reference="LPI 12", Indicator="Anti-social behaviour incidents dealt with", Promise=8, Unit="number",
            Decimal_places=0, **{"Outturn_2000/01": 310, "Outturn_2001/02": 420, "Outturn_2002/03": 515,
                                 "Target_2002/03": 500, "Target_2003/04": 550, "Target_2004/05": 600,
                                 "Target_2005/06": 650}),
        row(Reference="L406", Promise=8),
    ])
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    rows = indicator_rows(paper(project, "plan"))
    per_promise = [r[0] for r in rows[: len(rows) // 2]]
    annex = [r[0] for r in rows[len(rows) // 2:]]
    assert per_promise == ["BV82a(i)", "BV 82a(ii)", "LPI 12", "L406"]
    assert annex == ["BV82a(i)", "BV 82a(ii)", "LPI 12", "L406"]
    by_ref = {r[0]: r for r in rows[: len(rows) // 2]}
    assert by_ref["BV82a(i)"][1] == "Household waste recycled"
    assert by_ref["BV82a(i)"][2:5] == ["12.5%", "14.2%", "16.1%"]
    assert by_ref["LPI 12"][2:5] == ["310", "420", "515"]


def test_another_spelling_of_a_code_is_a_duplicate_and_an_unknown_prefix_says_how_to_add_it(project: Path) -> None:
    use_rows(project, [row(Reference="BV82a(i)"), row(Reference="BV 082ai"), row(Reference="NCC01")])
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{WB}:Indicators!A3: duplicate reference 'BV 082ai' (also at A2, written 'BV82a(i)')",
        f"{WB}:Indicators!A4: not an indicator reference: 'NCC01' (expected a BV code such as BV8, BV 82a, "
        "BVPI 82ai, BV82a(i) or BV99b(ii), or a local code: L, then a number, e.g. L406 or L 12b; "
        'to accept \'NCC01\', add its prefix in bvpp.toml: [indicators] local_prefixes = ["L", "NCC"])',
    ]


def test_the_prefix_setting_is_checked_like_every_key(project: Path) -> None:
    edit_config(project, lambda text: text.replace('sheet = "Indicators"', 'sheet = "Indicators"\nlocal_prefix = ["LPI"]', 1))
    result = run_bvpp(project, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bvpp.toml:indicators.local_prefix: unknown key (did you mean 'local_prefixes'?)",
    ]
    edit_config(project, lambda text: text.replace('local_prefix = ["LPI"]', 'local_prefixes = ["LPI", "BV"]', 1))
    result = run_bvpp(project, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bvpp.toml:indicators.local_prefixes: 'BV' is the prefix of the national BV codes, which are always accepted",
    ]
    edit_config(project, lambda text: text.replace('local_prefixes = ["LPI", "BV"]', 'local_prefixes = ["L P"]', 1))
    assert run_bvpp(project, "check").stderr.splitlines() == [
        "bvpp.toml:indicators.local_prefixes: 'L P' is not a prefix: use 1 to 10 letters, such as 'LPI'",
    ]


def test_a_blank_workbook_tells_the_team_the_councils_prefixes(project: Path) -> None:
    import openpyxl

    edit_config(project, lambda text: text.replace('sheet = "Indicators"', PREFIXES, 1))
    blank = project / "inputs" / "blank.xlsx"
    assert run_bvpp(project, "workbook", "new", str(blank)).exit_code == 0
    lines = [r[0].value for r in openpyxl.load_workbook(blank)["Instructions"].iter_rows()]
    assert ("Reference: a BV code such as BV8, BV82a or BV82a(i), or a local code: L or LPI then a number, "
            "e.g. L406. The papers print it as written here; other local prefixes are added in bvpp.toml "
            "[indicators] local_prefixes.") in lines
