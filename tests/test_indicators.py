"""The indicator workbook: every validation case to the cell, values as councils write them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from .conftest import paper, run_bvpp
from .readback import NS, body_paragraphs, pandoc_text, xml_part
from .workbooks import GOOD_ROW, HEADER, make_workbook, row, without_example_indicators

WB = "inputs/indicators.xlsx"


def use_workbook(project: Path, rows, **kwargs) -> Path:
    path = project / WB
    path.unlink()
    return make_workbook(path, rows, **kwargs)


def errors_of(project: Path) -> list[str]:
    result = run_bvpp(project, "build")
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert not (project / "build").exists()
    return result.stderr.splitlines()


CASES = {
    "not a number": (
        [row(**{"Outturn_2002/03": "abc"})],
        {},
        f"{WB}:Indicators!I2: expected a number, not 'abc'",
    ),
    "duplicate reference (another spelling)": (
        [row(), row(Reference="BV 008")],
        {},
        f"{WB}:Indicators!A3: duplicate reference 'BV 008' (also at A2, written 'BV8')",
    ),
    "undefined promise": (
        [row(Promise=9)],
        {},
        f"{WB}:Indicators!C2: promise 9 is not defined in bvpp.toml [[promises]] (promises: 1, 2, 3, 4, 5, 6, 7, 8)",
    ),
    "percentage over 100": (
        [row(**{"Target_2003/04": 104.5})],
        {},
        f"{WB}:Indicators!K2: 104.5% is over 100%",
    ),
    "unknown unit": (
        [row(Unit="percnt")],
        {},
        f"{WB}:Indicators!D2: unknown unit 'percnt' (did you mean 'percent'?)",
    ),
    "Excel error value": (
        [row(**{"Outturn_2001/02": "#DIV/0!"})],
        {},
        f"{WB}:Indicators!H2: Excel error '#DIV/0!' in the cell",
    ),
    "formula without a saved value": (
        [row(**{"Outturn_2001/02": "=G2*1.1"})],
        {},
        f"{WB}:Indicators!H2: formula '=G2*1.1' has no saved value (open and save the workbook in Excel to calculate it)",
    ),
    "bad reference": (
        [row(Reference="XY12")],
        {},
        f"{WB}:Indicators!A2: not an indicator reference: 'XY12' (expected a BV code such as BV8, BV 82a, "
        "BVPI 82ai, BV82a(i) or BV99b(ii), or a local code: L, then a number, e.g. L406 or L 12b; "
        "to accept 'XY12', add its prefix in bvpp.toml: [indicators] local_prefixes = [\"L\", \"XY\"])",
    ),
    "bad direction": (
        [row(Direction="upwards")],
        {},
        f"{WB}:Indicators!E2: expected 'higher is better', 'lower is better' or 'none', not 'upwards'",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_problem_names_its_cell(project: Path, case: str) -> None:
    rows, kwargs, expected = CASES[case]
    use_workbook(project, rows, **kwargs)
    assert errors_of(project) == [expected]


def test_missing_column_names_the_nearest_header(project: Path) -> None:
    header = [h if h != "Target 2005/06" else "Target 2005/6" for h in HEADER]
    use_workbook(project, [GOOD_ROW], header=header)
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{WB}:Indicators!1:1: missing column 'Target 2005/06' (nearest header: 'Target 2005/6')",
    ]


def test_unknown_columns_are_warnings(project: Path) -> None:
    use_workbook(project, [[*GOOD_ROW, "x"]], header=[*HEADER, "Owner"])
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    assert f"warning: {WB}:Indicators!O1: column 'Owner' is not part of the workbook contract; ignored" in result.stderr


def test_headers_are_found_by_name_in_any_order_and_case(project: Path) -> None:
    order = [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    header = [" ".join(HEADER[i].upper().split()) if i % 2 else HEADER[i].lower() for i in order]
    header[order.index(8)] = "2002-03 outturn"
    header[order.index(11)] = "target 2004/2005"
    use_workbook(project, [[GOOD_ROW[i] for i in order]], header=header)
    assert run_bvpp(project, "build", "plan").exit_code == 0


def test_every_problem_is_reported_in_one_run(project: Path) -> None:
    use_workbook(project, [row(Unit="furlongs"), row(Reference="BV9", Promise=0, **{"Outturn_2000/01": "lots"})])
    lines = errors_of(project)
    assert lines == [
        f"{WB}:Indicators!D2: unknown unit 'furlongs' (units: percent, days, number, £, £ per head, rate per 1,000, "
        "rate per 10,000, rate per 100,000, yes/no, level, hours, kwh per m2, watts)",
        f"{WB}:Indicators!C3: promise 0 is not defined in bvpp.toml [[promises]] (promises: 1, 2, 3, 4, 5, 6, 7, 8)",
        f"{WB}:Indicators!G3: expected a number, not 'lots'",
    ]


def test_a_file_that_is_not_a_workbook(project: Path) -> None:
    (project / WB).write_text("ref,title\n", encoding="utf-8")
    assert errors_of(project) == [f"{WB}: not an Excel .xlsx workbook"]


def test_a_password_protected_workbook(project: Path) -> None:
    (project / WB).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    assert errors_of(project) == [
        f"{WB}: the workbook is password-protected (or an old .xls file); save an unprotected .xlsx copy"
    ]


def test_a_missing_sheet(project: Path) -> None:
    use_workbook(project, [GOOD_ROW], sheet="Indicator")
    assert errors_of(project) == [f"{WB}: no sheet 'Indicators' (sheets: 'Indicator'); did you mean 'Indicator'?"]


def table_rows(path: Path) -> dict[str, list[str]]:
    """Return each indicator table row's cell texts, keyed by reference."""
    body = xml_part(path)
    rows = {}
    for tr in body.xpath("//w:tbl/w:tr[not(w:trPr/w:tblHeader)]", namespaces=NS):
        cells = ["\n".join("".join(p.xpath(".//w:t/text() | .//w:br/self::*", namespaces=NS) and
                                   [t if isinstance(t, str) else "\n" for t in p.xpath(".//w:t/text() | .//w:br", namespaces=NS)]
                                   ) for p in tc.xpath("w:p", namespaces=NS)) for tc in tr.xpath("w:tc", namespaces=NS)]
        rows.setdefault(cells[0], cells)
    return rows


def test_values_as_councils_write_them(project: Path) -> None:
    use_workbook(project, [
        row(Reference="BVPI 8", **{"Outturn_2000/01": "new indicator", "Outturn_2002/03": "91.2 (e)",
                                   "Target_2004/05": "to follow", "Target_2005/06": None}),
        row(Reference="BV1a", Indicator="Community Strategy published?", Unit="yes/no", Decimal_places=None,
            **{"Outturn_2000/01": "No", "Outturn_2001/02": "yes", "Outturn_2002/03": True, "Target_2002/03": "Yes",
               "Target_2003/04": "yes", "Target_2004/05": "yes", "Target_2005/06": "yes"}),
        row(Reference="BV12", Indicator="Days lost to sickness", Unit="days", Direction="lower is better",
            **{"Outturn_2000/01": 9.4, "Outturn_2001/02": 9.1, "Outturn_2002/03": 8.7, "Target_2002/03": 8.5,
               "Target_2003/04": 8.4, "Target_2004/05": 8.2, "Target_2005/06": 8.0}),
        row(Reference="BV82a", Indicator="Household waste recycled", Promise=4,
            **{"Outturn_2000/01": 0.125, "Outturn_2001/02": "14.2%", "Outturn_2002/03": "not yet available"}),
        row(Reference="L406", Indicator="PCSOs funded", Unit="number", Decimal_places=0, Promise=8,
            **{"Outturn_2000/01": 6900, "Outturn_2001/02": 7250.4, "Outturn_2002/03": 7100, "Target_2002/03": 7000,
               "Target_2003/04": 7200, "Target_2004/05": 7300, "Target_2005/06": 7400}),
        row(Reference="BV156", Indicator="Buildings accessible", Direction="higher is better", Decimal_places=0,
            **{"Outturn_2001/02": 52, "Outturn_2002/03": 48, "Target_2002/03": 55}),
    ], formats={"G5": "0.0%"})
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    rows = table_rows(paper(project, "plan"))
    assert rows["BVPI 8"][2:] == ["new", "88.4%", "91.2% (e)", "90.0%", "93.0%", "n/a", "n/a", "Improved; target met"]
    assert rows["BV1a"][2:] == ["No", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "No change; target met"]
    assert rows["BV12"][2:] == ["9.4", "9.1", "8.7", "8.5", "8.4", "8.2", "8.0", "Improved; target not met"]
    assert rows["BV82a"][2:5] == ["12.5%", "14.2%", "n/a"]
    assert rows["BV82a"][-1] == "Awaiting outturn"
    assert rows["L406"][2:5] == ["6,900", "7,250", "7,100"]
    assert rows["BV156"][-1] == "Worse; target not met"
    text = " ".join(pandoc_text(paper(project, "plan")).split())
    assert "n/a: not available when this paper was prepared" in text
    assert "(e): estimate." in text
    assert "new: the indicator was introduced that year." in text


def test_lower_is_better_judgements_respect_direction(project: Path) -> None:
    use_workbook(project, [
        row(Reference="BV12", Unit="days", Direction="lower is better",
            **{"Outturn_2001/02": 9.1, "Outturn_2002/03": 9.6, "Target_2002/03": 10.0}),
        row(Reference="BV14", Unit="percent", Direction="lower is better",
            **{"Outturn_2001/02": 0.4, "Outturn_2002/03": 0.3, "Target_2002/03": 0.35}),
        row(Reference="BV16b", Direction="none"),
    ])
    assert run_bvpp(project, "build", "plan").exit_code == 0
    rows = table_rows(paper(project, "plan"))
    assert rows["BV12"][-1] == "Worse; target met"
    assert rows["BV14"][-1] == "Improved; target met"
    assert rows["BV16b"][-1] == "Context only"


def test_control_characters_and_excel_escapes_never_reach_word(project: Path) -> None:
    # openpyxl, like Excel, stores characters XML cannot hold as _xHHHH_ escapes
    use_workbook(project, [row(Indicator="line one_x000B_line two_x001F_ & <b>{{ x }}</b>", Notes="a_x000B_b")])
    assert run_bvpp(project, "build", "plan").exit_code == 0
    rows = table_rows(paper(project, "plan"))
    assert rows["BV8"][1] == "line one\nline two & <b>{{ x }}</b>"
    assert "BV8: a\nb" in pandoc_text(paper(project, "plan"))


def test_example_plan_shows_every_indicator_by_promise_and_in_the_annex(built_example: Path) -> None:
    body = xml_part(paper(built_example, "plan"))
    tables = body.xpath("//w:tbl[w:tr[1]/w:tc[1]//w:t='Ref']", namespaces=NS)
    per_promise, annex = tables[:-1], tables[-1]
    refs = [tr.xpath("string(w:tc[1])", namespaces=NS) for t in per_promise for tr in t.xpath("w:tr[position()>1]", namespaces=NS)]
    annex_refs = [tr.xpath("string(w:tc[1])", namespaces=NS) for tr in annex.xpath("w:tr[position()>1]", namespaces=NS)]
    assert len(per_promise) == 8
    assert len(refs) >= 60 and sorted(refs) == sorted(annex_refs)
    assert len(set(refs)) == len(refs)
    for table in tables:
        rows = table.xpath("w:tr", namespaces=NS)
        assert rows[0].xpath("w:trPr/w:tblHeader", namespaces=NS)  # repeats on every page
        assert all(not r.xpath("w:trPr/w:tblHeader", namespaces=NS) for r in rows[1:])
        assert all(r.xpath("w:trPr/w:cantSplit", namespaces=NS) for r in rows)
    figures = body.xpath("//w:tbl//w:tc[3]//w:p[w:pPr/w:jc/@w:val='right']", namespaces=NS)
    assert figures, "figures are right-aligned"
    headings = [p.text for p in body_paragraphs(Document(str(paper(built_example, "plan")))) if p.style.name == "Heading 2"]
    assert "Promise 8: Work with partners to reduce youth crime and its effect on local communities" in headings


def test_header_row_repeats_on_page_two_in_libreoffice(pdfs: dict[str, Path]) -> None:
    from .readback import pdf_text

    pages = pdf_text(pdfs["plan"]).split("\f")
    with_header = [p for p in pages if "Outturn" in p and "Status" in p]
    assert len(with_header) >= 4, "the indicator tables' header row should repeat on each page they span"


def test_check_lists_missing_figures_per_promise(project: Path) -> None:
    use_workbook(project, [
        row(**{"Outturn_2002/03": "n/a", "Target_2003/04": None}),
        row(Reference="BV82a", Promise=4, **{"Target_2005/06": "to follow"}),
    ])
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1:8] == [
        "still missing: 3 figures",
        "  promise 4: 0 outturns, 1 target",
        "    BV82a    target 2005/06   (row 3)",
        "  promise 6: 1 outturn, 1 target",
        "    BV8      outturn 2002/03  (row 2)",
        "    BV8      target 2003/04   (row 2)",
        "",
    ]
    data = json.loads(run_bvpp(project, "check", "--json").stdout)
    assert data["missing"] == {
        "4": [{"indicator": "BV82a", "missing": "target 2005/06", "where": "row 3"}],
        "6": [{"indicator": "BV8", "missing": "outturn 2002/03", "where": "row 2"},
              {"indicator": "BV8", "missing": "target 2003/04", "where": "row 2"}],
    }


def test_blank_workbook_can_be_filled_and_built(project: Path) -> None:
    import openpyxl

    blank = project / "inputs" / "blank.xlsx"
    result = run_bvpp(project, "workbook", "new", str(blank))
    assert result.exit_code == 0, result.stderr
    again = run_bvpp(project, "workbook", "new", str(blank))
    assert again.exit_code == 1 and "already exists" in again.stderr
    book = openpyxl.load_workbook(blank)
    sheet = book["Indicators"]
    assert [c.value for c in sheet[1]] == [*HEADER, "Top quartile 2002/03", "Median 2002/03", "Bottom quartile 2002/03",
                                           "Quartile 2002/03"]  # the comparator columns, optional
    assert sheet.freeze_panes == "B2"
    assert book["Lists"].sheet_state == "hidden"
    assert "Instructions" in book.sheetnames
    rules = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert rules["D2:D2000"].startswith("=Lists!$A$2")
    assert rules["C2:C2000"] == "=Lists!$C$2:$C$9"
    sheet.append(GOOD_ROW)
    book.save(blank)
    (project / WB).unlink()
    blank.rename(project / WB)
    without_example_indicators(project)  # its one indicator is none of those the example charts or cites
    assert run_bvpp(project, "build", "plan").exit_code == 0
    assert "BV8" in table_rows(paper(project, "plan"))
