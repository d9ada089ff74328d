"""Figures that look wrong are named at their cells by `bvpp check` and `bvpp build`; `--strict` fails on them."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import paper, run_bvpp
from .test_indicators import table_rows

WB = "inputs/indicators.xlsx"
FRACTION = (f"{WB}:Indicators!I4: 0.661 looks like a fraction of 1: the row's other figures read 59.1 to 79.1; "
            "enter 66.1, or format the cell as a percentage"
            "; if it is right, add 'BV2b outturn 2002/03 = 0.661' to confirmed under [indicators] in bvpp.toml")
HUNDRED = (f"{WB}:Indicators!H10: 910 is about 110 times the middle of the row's other figures (7.5 to 9.4): "
           "check it; was 9.1 meant?; if it is right, add 'BV12 outturn 2001/02 = 910' to confirmed under [indicators] in bvpp.toml")
PERCENT_FORMAT = (f"{WB}:Indicators!G{{row}}: 0.42 is in a cell formatted as a percentage (Excel shows 42%), but the "
                  "unit is 'number', so the paper prints 0, not 42%: format the cell as a number (entering the "
                  "figure meant), or set the unit to percent; if it is right, add 'L406 outturn 2000/01 = 0.42' to confirmed "
                  "under [indicators] in bvpp.toml")


def write_slips(project: Path) -> int:
    """In the example workbook, as a performance team might slip: paste a fraction without its % format
    (BV2b 2002/03: 66.1% as 0.661), lose a decimal point (BV12 2001/02: 9.1 as 910), and format a count
    as a percentage (L406 2000/01: 0.42 shown as 42%). Return L406's row."""
    import openpyxl

    path = project / WB
    book = openpyxl.load_workbook(path)
    sheet = book["Indicators"]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    assert (rows["BV2b"], sheet["I4"].value, rows["BV12"], sheet["H10"].value) == (4, 66.1, 10, 9.1)
    sheet["I4"], sheet["H10"] = 0.661, 910
    cell = sheet.cell(rows["L406"], 7)
    cell.value, cell.number_format = 0.42, "0%"
    book.save(path)
    return rows["L406"]


def test_check_names_each_figure_that_looks_wrong_and_strict_fails(project: Path) -> None:
    l406 = write_slips(project)
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [f"warning: {FRACTION}", f"warning: {HUNDRED}", f"warning: {PERCENT_FORMAT.format(row=l406)}"]

    strict = run_bvpp(project, "check", "--strict")
    assert strict.exit_code == 1
    errors = [line for line in strict.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {FRACTION}", f"error: {HUNDRED}", f"error: {PERCENT_FORMAT.format(row=l406)}"]
    data = json.loads(run_bvpp(project, "check", "--strict", "--json").stdout)
    assert data["ok"] is False
    assert {"location": f"{WB}:Indicators!H10", "message": HUNDRED.split("!H10: ")[1]} in data["warnings"]


def test_build_still_builds_and_prints_the_warnings(project: Path) -> None:
    write_slips(project)
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    assert f"warning: {FRACTION}" in result.stderr.splitlines()
    assert f"warning: {HUNDRED}" in result.stderr.splitlines()
    rows = table_rows(paper(project, "plan"))
    assert rows["BV2b"][2:5] == ["new", "59.1%", "0.7%"]  # shown as written: the warning is the team's cue
    assert rows["BV12"][3] == "910.0"
    assert rows["L406"][2] == "0"


def test_the_example_workbook_raises_no_plausibility_warning(project: Path) -> None:
    result = run_bvpp(project, "check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr and "error" not in result.stderr


def test_a_figure_confirmed_as_it_stands_raises_no_warning_until_it_changes(project: Path) -> None:
    import openpyxl

    write_slips(project)
    config = project / "bvpp.toml"
    text = config.read_text(encoding="utf-8")
    assert "[indicators]\n" in text
    config.write_text(text.replace("[indicators]\n", "[indicators]\nconfirmed = ['BV 12 Outturn 2001/02 = 910']\n", 1),
                      encoding="utf-8")
    result = run_bvpp(project, "check")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert f"warning: {HUNDRED}" not in warnings and f"warning: {FRACTION}" in warnings and len(warnings) == 2

    book = openpyxl.load_workbook(project / WB)
    book["Indicators"]["H10"] = 920  # the figure changes after it was confirmed: the confirmation no longer holds
    book.save(project / WB)
    strict = run_bvpp(project, "check", "--strict")
    assert strict.exit_code == 1
    errors = [line for line in strict.stderr.splitlines() if line.startswith("error: ")]
    assert "error: bvpp.toml:indicators.confirmed: 'BV 12 Outturn 2001/02 = 910' confirms a figure the indicators " \
           "sheet no longer holds (it changed, or its row went): remove it from the list" in errors
    assert any(line.startswith(f"error: {WB}:Indicators!H10: 920 is about 110 times") for line in errors)


def test_a_confirmation_not_written_as_one_is_a_config_error(project: Path) -> None:
    config = project / "bvpp.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[indicators]\n", "[indicators]\nconfirmed = ['BV12 2001/02 910']\n", 1),
                      encoding="utf-8")
    result = run_bvpp(project, "check")
    assert result.exit_code == 1
    assert "bvpp.toml:indicators.confirmed" in result.stderr
    assert "'BV12 2001/02 910' is not a confirmation" in result.stderr
    assert "Traceback" not in result.stderr
