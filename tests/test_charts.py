"""Native Word charts in the plan, as a user meets them: `charts = [...]` on a promise in bvpp.toml,
a build, and the paper read back (python-docx, lxml, openpyxl, the schema validator, LibreOffice)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from lxml import etree

from bvpp_docgen.accessibility import check_accessibility

from .conftest import copy_example, edit_config, paper, run_bvpp
from .readback import pdf_text

VALIDATOR = Path("/work/shared/tools/ooxml_validate.py")
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {
    "c": C, "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"


def _chosen(root: Path) -> list[str]:
    """The references bvpp.toml charts, promise by promise."""
    config = tomllib.loads((root / "bvpp.toml").read_text(encoding="utf-8"))
    return [ref for promise in config["promises"] for ref in promise.get("charts", [])]


def _charts(docx: Path) -> list[dict[str, object]]:
    """Each chart of a paper in document order: its docPr, chart XML and embedded workbook."""
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        rels = {r.get("Id"): r for r in etree.fromstring(z.read("word/_rels/document.xml.rels")).iterfind("rel:Relationship", NS)}
        found = []
        for chart in body.iterfind(".//c:chart", NS):
            rel = rels[chart.get(f"{{{NS['r']}}}id")]
            assert rel.get("Type") == RT_CHART
            name = "word/" + rel.get("Target")
            folder, leaf = name.rsplit("/", 1)
            chart_rels = etree.fromstring(z.read(f"{folder}/_rels/{leaf}.rels"))
            book = next(r for r in chart_rels.iterfind("rel:Relationship", NS) if r.get("Type") == RT_PACKAGE)
            book_name = re.sub(r"[^/]+/\.\./", "", f"{folder}/{book.get('Target')}")
            drawing = next(a for a in chart.iterancestors() if a.tag == f"{{{NS['wp']}}}inline")
            found.append({
                "docPr": drawing.find("wp:docPr", NS), "xml": etree.fromstring(z.read(name)),
                "book": openpyxl.load_workbook(io.BytesIO(z.read(book_name)))["Sheet1"], "book_rel": book.get("Id"),
                "paragraph": next(a for a in chart.iterancestors() if a.tag == f"{{{NS['w']}}}p"),
            })
        return found


def _text(element: etree._Element) -> str:
    paragraphs = [element] if element.tag == f"{{{NS['w']}}}p" else element.iterfind(".//w:p", NS)
    return "\n".join("".join(t.text or "" for t in p.iterfind(".//w:t", NS)) for p in paragraphs)


def _table_rows(docx: Path) -> dict[str, list[str]]:
    """Each indicator's row of the promises' tables, the cells' text read with lxml (they sit in content controls)."""
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    rows: dict[str, list[str]] = {}
    for table in body.iterfind(".//w:tbl", NS):
        cells = [[_text(tc) for tc in tr.iterfind("w:tc", NS)] for tr in table.iterfind("w:tr", NS)]
        if cells and cells[0][0] == "Ref":
            for row in cells[1:]:
                rows.setdefault(row[0], row)
    return rows


def _captions(docx: Path) -> list[str]:
    style = Document(str(docx)).styles["Caption"].style_id
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    return [_text(p) for p in body.iterfind(".//w:p", NS) if p.find(f"w:pPr/w:pStyle[@w:val='{style}']", NS) is not None]


def test_the_plan_holds_one_chart_per_chosen_indicator_in_bvpp_toml_order(built_example: Path) -> None:
    charts = _charts(paper(built_example, "plan"))
    chosen = _chosen(built_example)
    assert 3 <= len(chosen) <= 6
    assert [c["docPr"].get("name") for c in charts] == [f"Chart {ref}" for ref in chosen]
    with zipfile.ZipFile(paper(built_example, "plan")) as z:
        names = z.namelist()
    assert len([n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)]) == len(chosen)
    assert len([n for n in names if re.fullmatch(r"word/embeddings/Microsoft_Excel_Worksheet\d+\.xlsx", n)]) == len(chosen)


def test_each_embedded_workbook_holds_the_figures_the_table_shows_and_the_chart_caches(built_example: Path) -> None:
    plan = paper(built_example, "plan")
    rows = _table_rows(plan)
    for chart in _charts(plan):
        ref = chart["docPr"].get("name").removeprefix("Chart ")
        sheet = chart["book"]
        shown = rows[ref][2:9]  # outturns 2000/01-2002/03, target 2002/03, targets 2003/04-2005/06
        cells = [sheet["B2"], sheet["B3"], sheet["B4"], sheet["C4"], sheet["C5"], sheet["C6"], sheet["C7"]]
        assert [sheet[f"A{n}"].value for n in range(2, 8)] == ["2000/01", "2001/02", "2002/03", "2003/04", "2004/05", "2005/06"]
        for text, cell in zip(shown, cells, strict=True):
            if text == "n/a":
                assert cell.value is None
                continue
            number = text.replace("£", "").replace("%", "").replace(",", "").removesuffix(" (e)")
            places = len(number.partition(".")[2])
            assert round(Decimal(str(cell.value)), places) == Decimal(number), (ref, text, cell.value)
            if text.endswith("%"):
                assert cell.number_format.endswith('"%"')
        xml = chart["xml"]
        series = xml.findall(".//c:ser", NS)
        assert [s.findtext("c:tx/c:strRef/c:f", namespaces=NS) for s in series] == ["Sheet1!$B$1", "Sheet1!$C$1"]
        assert [s.findtext("c:val/c:numRef/c:f", namespaces=NS) for s in series] == ["Sheet1!$B$2:$B$7", "Sheet1!$C$2:$C$7"]
        for s, column in zip(series, "BC", strict=True):
            cache = {int(p.get("idx")): float(p.findtext("c:v", namespaces=NS)) for p in s.iterfind(".//c:numCache/c:pt", NS)}
            in_book = {n - 2: sheet[f"{column}{n}"].value for n in range(2, 8) if sheet[f"{column}{n}"].value is not None}
            assert cache == in_book
            assert s.findtext(".//c:numCache/c:formatCode", namespaces=NS) == sheet[f"{column}4"].number_format
        assert xml.find("c:externalData", NS).get(f"{{{NS['r']}}}id") == chart["book_rel"]


def test_targets_are_told_from_outturns_without_colour(built_example: Path) -> None:
    for chart in _charts(paper(built_example, "plan")):
        outturn, target = chart["xml"].findall(".//c:ser", NS)
        assert outturn.find("c:marker/c:symbol", NS).get("val") != target.find("c:marker/c:symbol", NS).get("val")
        assert outturn.find(".//{*}prstDash") is None and target.find("c:spPr//{*}prstDash", NS).get("val") == "dash"


def test_alt_text_names_the_indicator_and_its_first_and_last_figures_and_a_caption_follows(built_example: Path) -> None:
    plan = paper(built_example, "plan")
    rows = _table_rows(plan)
    captions = _captions(plan)
    for number, chart in enumerate(_charts(plan), start=1):
        ref = chart["docPr"].get("name").removeprefix("Chart ")
        alt = chart["docPr"].get("descr")
        first, last = rows[ref][2], rows[ref][4]
        assert alt.startswith(f"{ref}, ") and f"from {first} in 2000/01 to {last} in 2002/03" in alt, alt
        assert f"target for 2003/04 {rows[ref][6]}" in alt
        assert captions[number - 1].startswith(f"Figure {number}: {ref} ")
        paragraph = chart["paragraph"]  # kept on the page of the caption that follows it
        assert paragraph.find("w:pPr/w:keepNext", NS) is not None
        assert _text(paragraph.getnext()) == captions[number - 1]
        assert "in the table above" in captions[number - 1]


def test_the_plan_with_charts_is_schema_valid(built_example: Path) -> None:
    if not VALIDATOR.is_file():
        pytest.skip("the schema validator is not here")
    out = subprocess.run([sys.executable, str(VALIDATOR), str(paper(built_example, "plan"))], capture_output=True, text=True)
    assert out.returncode == 0 and "0 problems" in out.stdout, out.stdout + out.stderr


def test_charts_pass_the_accessibility_check_and_one_without_alt_text_is_found(built_example: Path, tmp_path: Path) -> None:
    plan = paper(built_example, "plan")
    assert not [f for f in check_accessibility(plan, "plan") if f.rule == "chart-alt-text"]
    with zipfile.ZipFile(plan) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = re.sub(rb'(name="Chart BV82a") descr="[^"]*"', rb'\1 descr=""', parts["word/document.xml"])
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(stripped, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    findings = [f for f in check_accessibility(stripped, "plan") if f.rule == "chart-alt-text"]
    assert len(findings) == 1 and "chart 'Chart BV82a'" in findings[0].place


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    assert run_bvpp(root, "build").exit_code == 0
    first = paper(root, "plan").read_bytes()
    shutil.rmtree(root / "build" / "plan")
    result = run_bvpp(root, "build")
    assert result.exit_code == 0, result.stderr
    assert paper(root, "plan").read_bytes() == first


def test_a_changed_figure_shows_in_the_diff_summary_as_the_charts_change(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    assert run_bvpp(root, "build").exit_code == 0
    book = openpyxl.load_workbook(root / "inputs" / "indicators.xlsx")
    row = next(r for r in book["Indicators"].iter_rows() if r[0].value == "BV82a")
    row[8].value = 18.9  # outturn 2002/03, shown as 18.0% before
    book.save(root / "inputs" / "indicators.xlsx")
    assert run_bvpp(root, "build").exit_code == 0
    result = run_bvpp(root, "diff", "plan")
    assert result.exit_code == 0, result.stderr
    assert "data changed: chart BV82a outturn 2002/03: 18.0% → 18.9%" in result.stdout
    new = next(c for c in _charts(paper(root, "plan", 2)) if c["docPr"].get("name") == "Chart BV82a")
    assert new["book"]["B4"].value == 18.9
    redline = root / "build" / "plan" / "plan-changes-v001-v002.docx"
    shown = [c["book"]["B4"].value for c in _charts(redline) if c["docPr"].get("name") == "Chart BV82a"]
    assert shown == [18, 18.9]  # the old chart deleted, the new one inserted, each with its own workbook
    if VALIDATOR.is_file():
        out = subprocess.run([sys.executable, str(VALIDATOR), str(redline)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout


@pytest.mark.parametrize(("entry", "message"), [
    ('"BV999"', "promises#3.charts#1: no indicator 'BV999' in the indicators sheet"),
    ('"BV82a"', "promises#3.charts#1: BV82a serves promise 4, not promise 3"),
])
def test_a_wrong_chart_reference_is_refused_at_its_key(tmp_path: Path, entry: str, message: str) -> None:
    root = copy_example(tmp_path / "project")
    edit_config(root, lambda text: text.replace('charts = ["BV99"]', f"charts = [{entry}]"))
    result = run_bvpp(root, "build")
    assert result.exit_code != 0 and f"bvpp.toml:{message}" in result.stderr, result.stderr
    assert not (root / "build").exists()


def test_libreoffice_draws_the_charts(pdfs: dict[str, Path]) -> None:
    pages = pdf_text(pdfs["plan"]).split("\f")
    with_charts = [n for n, page in enumerate(pages, start=1) if "Figure " in page]
    assert with_charts
    for number in with_charts:  # the legend and the axis are text in the PDF: the chart was drawn
        assert "Outturn" in pages[number - 1] and "Target" in pages[number - 1] and "2005/06" in pages[number - 1]
