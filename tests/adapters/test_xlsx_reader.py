"""The one-pass workbook reader gives exactly what openpyxl gives, cell by cell (value and its type,
formula, number format, rows, hidden rows), on every workbook the project and its tests use and
on sheets laid out as Excel writes them; what it is unsure of is left to openpyxl, with the same
answer or the same message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from bvpp_docgen.read.config_toml import load_config
from bvpp_docgen.read.excel import read_sheet, read_sheet_openpyxl
from bvpp_docgen.write.next_year import roll_workbook
from bvpp_docgen.write.workbooks import write_plan_data_workbook, write_workbook
from tests.workbooks import GOOD_ROW, make_workbook, row

from .xlsx_packages import assert_same, cells_of, package, takes_fast_path, worksheet

REPO = Path(__file__).resolve().parent.parent.parent
FORMATS = ["General", "0.0%", "dd/mm/yyyy", "h:mm", "[h]:mm:ss", "0.00", '#,##0.0"%"', "mmm-yy", "0.00E+00", "@"]
SHARED = [
    "<t>Reference</t>", "<t>BV82a</t>", "<t>Household waste &amp; recycling &lt;tonnes&gt;</t>",
    '<r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr>'
    '<t>Bold</t></r><r><rPr><sz val="11"/></rPr><t xml:space="preserve"> and plain</t></r>',
    '<t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1" type="noConversion"/>',
    "<t>x005F_x000D_ kept</t>", '<t xml:space="preserve">  two spaces\r\nand a line  </t>', "<t/>",
    "<t>=not a formula</t>", "<t>&#163;m &#x2014; dash</t>",
]
ROWS = (
    '<row r="1" spans="1:11" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c>'
    '<c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>4</v></c><c r="E1" t="s"><v>5</v></c><c r="F1" t="s"><v>6</v></c>'
    '<c r="G1" t="s"><v>7</v></c><c r="H1" t="s"><v>9</v></c></row>'
    '<row r="2" spans="1:11"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>0.915</v></c><c r="C2" s="2"><v>37712</v></c>'
    '<c r="D2" s="3"><v>0.5</v></c><c r="E2" s="4"><v>1.25</v></c><c r="F2" t="b"><v>1</v></c><c r="G2" t="e"><v>#DIV/0!</v></c>'
    '<c r="H2"><f>B2*2</f><v>1.83</v></c><c r="I2" t="str"><f>A2&amp;"x"</f><v>BV82ax</v></c>'
    '<c r="J2" t="e"><f>NA()</f><v>#N/A</v></c><c r="K2" s="6"><v>12.5</v></c></row>'
    '<row r="3" spans="1:11" hidden="1"><c r="B3" s="5"><v>1</v></c><c r="H3"><f t="shared" ref="H3:H5" si="0">B3*2</f><v>2</v></c>'
    '<c r="K3"><f t="array" ref="K3">SUM(B3:B5*2)</f><v>3</v></c></row>'
    '<row r="4"><c r="A4" s="1"/><c r="B4"><v/></c><c r="C4" t="inlineStr"><is><t>inline &lt;text&gt;</t></is></c>'
    '<c r="D4" t="inlineStr"><is/></c><c r="E4"><v>1E-3</v></c><c r="F4"><v>-0</v></c><c r="G4"><v>1.0</v></c>'
    '<c r="H4"><f t="shared" si="0"/><v>4</v></c><c r="I4"><v>12345678901234567890</v></c></row>'
    '<row r="5"><c r="A5" s="7"><v>37712</v></c><c r="H5"><f t="shared" si="0"/><v>6</v></c><c r="J5" s="8"><v>-1.5e10</v></c></row>'
    '<row r="6"><c r="B6"><f>B2+1</f></c></row>'
    '<row r="7" s="1" customFormat="1"><c r="A7" s="1"/><c r="B7" s="2"/></row>'
    '<row r="9" ht="30" customHeight="1"><c r="A9" t="s"><v>8</v></c><c r="B9" s="2"><v>59</v></c><c r="C9" s="2"><v>60</v></c>'
    '<c r="D9" s="2"><v>61</v></c><c r="E9" s="2"><v>0.25</v></c><c r="F9" s="2"><v>1</v></c><c r="G9" s="4"><v>0.000011574</v></c>'
    '<c r="H9" s="9"><v>7</v></c><c r="Z9" s="1"/></row>'
)


@pytest.mark.parametrize("workbook", ["inputs/indicators.xlsx", "inputs/plan-data.xlsx"])
def test_every_sheet_of_the_example_workbooks_reads_alike(workbook: str) -> None:
    path = REPO / workbook
    for sheet in openpyxl.load_workbook(path, read_only=True).sheetnames:
        assert_same(path, sheet)


def test_the_workbooks_bvpp_writes_read_alike(tmp_path: Path) -> None:
    config = load_config(REPO)
    example = openpyxl.load_workbook(REPO / "inputs" / "indicators.xlsx", read_only=True)
    rows = [list(r) for r in example["Indicators"].iter_rows(min_row=2, values_only=True)] * 4
    example.close()
    write_workbook(tmp_path / "indicators.xlsx", "inputs/indicators.xlsx", config, rows, notes=["a note"])
    write_plan_data_workbook(tmp_path / "plan-data.xlsx", "inputs/plan-data.xlsx", config)  # its Total row adds up
    rolled, _ = roll_workbook(REPO / "inputs" / "plan-data.xlsx", ["Budget", "LPSA"], {}, "2001/02")
    (tmp_path / "rolled.xlsx").write_bytes(rolled)
    for name in ("indicators.xlsx", "plan-data.xlsx", "rolled.xlsx"):
        for sheet in openpyxl.load_workbook(tmp_path / name, read_only=True).sheetnames:
            assert_same(tmp_path / name, sheet)


def test_the_tests_workbooks_read_alike(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "book.xlsx", [GOOD_ROW, row(Reference="BV9", Notes="a note"), row(Reference="=BV10")],
                         formats={"G2": "0.0%", "H3": "0.00", "I2": '#,##0.0"%"', "J3": "yyyy-mm-dd"})
    assert_same(path, "Indicators")


def test_a_workbook_saved_by_openpyxl_with_every_kind_of_value_reads_alike(tmp_path: Path) -> None:
    for epoch in (openpyxl.utils.datetime.CALENDAR_WINDOWS_1900, openpyxl.utils.datetime.CALENDAR_MAC_1904):
        book = openpyxl.Workbook()
        book.epoch = epoch
        sheet = book.active
        sheet.title = "Values"
        sheet.append(["text", 1, 1.5, -0.0, True, False, "#N/A", "=SUM(B1:C1)", "=A1", "'=quoted", None, "end"])
        sheet.append([dt.date(2003, 4, 1), dt.datetime(2003, 4, 1, 12, 30, 15), dt.time(9, 30), dt.timedelta(hours=36, minutes=5)])
        sheet.append([CellRichText("plain ", TextBlock(InlineFont(b=True), "bold"), " tail"), 0.915, 1e-7, 10**15])
        sheet.row_dimensions[3].hidden = True
        sheet["B3"].number_format = "0.0%"
        sheet["C3"].number_format = "0.00E+00"
        sheet["A2"].number_format = "dd/mm/yyyy"
        sheet["E5"].number_format = "0.0"  # a blank with a style, in a row of its own
        sheet["A6"] = "after a blank row"
        path = tmp_path / f"values-{epoch.year}.xlsx"
        book.save(path)
        assert_same(path, "Values")


@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_a_sheet_laid_out_as_excel_writes_it_reads_alike(tmp_path: Path, date1904: bool) -> None:
    path = package(tmp_path / "excel.xlsx", {"Data": worksheet(ROWS), "Empty": worksheet("")}, SHARED, FORMATS, date1904)
    cells = assert_same(path, "Data")
    assert cells[3] == (3,)  # the hidden row with data
    assert assert_same(path, "Empty")[2] == ()


def test_without_formulas_in_the_workbook_text_starting_with_equals_is_no_formula(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>8</v></c><c r="B1" t="inlineStr"><is><t>=1+1</t></is></c></row>'
    path = package(tmp_path / "plain.xlsx", {"Data": worksheet(rows)}, SHARED, FORMATS)
    assert assert_same(path, "Data")[2][0][1][0][3] is None


def test_rows_and_cells_written_on_lines_of_their_own_read_alike(tmp_path: Path) -> None:
    pretty = ROWS.replace("<row", "\n  <row").replace("<c ", "\n    <c ").replace("</row>", "\n  </row>") + "\n"
    path = package(tmp_path / "pretty.xlsx", {"Data": worksheet(pretty)}, SHARED, FORMATS)
    assert_same(path, "Data")


UNUSUAL = {
    "comment-in-the-cells": ROWS.replace('<row r="4">', '<row r="4"><!-- a comment -->'),
    "cell-without-a-reference": ROWS.replace('<c r="B6">', "<c>"),
    "rows-out-of-order": ROWS.replace('<row r="9"', '<row r="8"><c r="A8"><v>8</v></c></row><row r="9"').replace(
        '<row r="6">', '<row r="10"><c r="A10"><v>10</v></c></row><row r="6">'),
    "attributes-in-another-order": ROWS.replace('<c r="B2" s="1">', '<c s="1" r="B2">'),
    "iso-date": ROWS.replace('<c r="G4"><v>1.0</v></c>', '<c r="G4" t="d"><v>2003-04-01T00:00:00</v></c>'),
    "cdata": ROWS.replace("<v>BV82ax</v>", "<v><![CDATA[BV82ax]]></v>"),
    "character-reference-in-an-attribute": ROWS.replace('hidden="1"', 'hidden="&#49;"'),
    "rich-text-inline": ROWS.replace("<is><t>inline &lt;text&gt;</t></is>", "<is><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></is>"),
}


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_an_unusual_sheet_is_left_to_openpyxl_with_the_same_answer(tmp_path: Path, name: str) -> None:
    path = package(tmp_path / "unusual.xlsx", {"Data": worksheet(UNUSUAL[name])}, SHARED, FORMATS)
    assert_same(path, "Data", fast=name == "rich-text-inline")


def test_a_prefixed_namespace_is_left_to_openpyxl(tmp_path: Path) -> None:
    xml = worksheet(ROWS).replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace("</worksheet>", "</x:worksheet>")
    for tag in ("sheetData", "row", "c", "v", "f", "is", "t", "dimension", "pageMargins", "r", "rPr", "b"):
        xml = xml.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ").replace(f"<{tag}/>", f"<x:{tag}/>")
        xml = xml.replace(f"</{tag}>", f"</x:{tag}>")
    path = package(tmp_path / "prefixed.xlsx", {"Data": xml}, SHARED, FORMATS)
    assert_same(path, "Data", fast=False)


REFUSED = {
    "row-5001": ('<row r="5001"><c r="A5001"><v>1</v></c></row>', "data in row 5,001"),
    "column-CW": ('<row r="2"><c r="CW2"><v>1</v></c></row>', "data in column CW"),
    "doctype": (None, "not a readable .xlsx workbook"),
    "damaged": (None, "the sheet's XML is damaged"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_sheet_openpyxl_refuses_is_refused_with_the_same_message(tmp_path: Path, name: str) -> None:
    extra, words = REFUSED[name]
    xml = worksheet(ROWS + (extra or ""))
    if name == "doctype":
        xml = xml.replace("\r\n<worksheet", '\r\n<!DOCTYPE worksheet [<!ENTITY e "x">]>\r\n<worksheet')
    if name == "damaged":
        xml = xml[: len(xml) // 2]
    path = package(tmp_path / "refused.xlsx", {"Data": xml}, SHARED, FORMATS)
    refused = assert_same(path, "Data", fast=False)
    assert refused[0] == "refused" and words in refused[1]


def test_a_date_beyond_the_calendar_warns_as_openpyxl_does(tmp_path: Path) -> None:
    path = package(tmp_path / "far.xlsx", {"Data": worksheet('<row r="1"><c r="A1" s="2"><v>99999999</v></c></row>')}, None, FORMATS)
    assert not takes_fast_path(path, "Data")
    for read in (read_sheet, read_sheet_openpyxl):
        with pytest.warns(UserWarning, match="outside the limits for dates"):
            assert read(path, "inputs/far.xlsx", "Data").rows[0][1][0].value == "#VALUE!"


def test_a_missing_sheet_is_named_as_openpyxl_names_it(tmp_path: Path) -> None:
    path = package(tmp_path / "book.xlsx", {"Indicators": worksheet(ROWS)}, SHARED, FORMATS)
    refused = assert_same(path, "Indicator", fast=False)
    assert refused == ("refused", "inputs/book.xlsx: no sheet 'Indicator' (sheets: 'Indicators'); did you mean 'Indicators'?")


def test_a_sheet_read_back_from_the_cache_is_the_sheet_read(tmp_path: Path) -> None:
    from bvpp_docgen.read.excel import read_sheet_cached
    from bvpp_docgen.store.cache import Cache

    path = package(tmp_path / "excel.xlsx", {"Data": worksheet(ROWS)}, SHARED, FORMATS)
    first = Cache(tmp_path / "cache")
    read = read_sheet_cached(path, "inputs/excel.xlsx", "Data", first)
    first.save()
    again = read_sheet_cached(path, "inputs/excel.xlsx", "Data", Cache(tmp_path / "cache"))
    assert cells_of(again) == cells_of(read) == cells_of(read_sheet_openpyxl(path, "inputs/excel.xlsx", "Data"))
    assert len(list((tmp_path / "cache").glob("sheet-*.json"))) == 1


def test_a_sheet_read_twice_in_one_load_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bvpp_docgen.read import excel
    from bvpp_docgen.store.cache import Cache

    path = package(tmp_path / "excel.xlsx", {"Data": worksheet(ROWS)}, SHARED, FORMATS)
    reads = []
    real = excel.read_sheet
    monkeypatch.setattr(excel, "read_sheet", lambda *args: reads.append(args) or real(*args))
    cache = Cache(tmp_path / "cache")
    first = excel.read_sheet_cached(path, "inputs/excel.xlsx", "Data", cache)
    second = excel.read_sheet_cached(path, "inputs/excel.xlsx", "Data", cache)  # before the cache is saved
    assert len(reads) == 1 and cells_of(second) == cells_of(first)
    cache.save()
    assert len(list((tmp_path / "cache").glob("sheet-*.json"))) == 1
