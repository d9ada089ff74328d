"""What is judged is shown: last year's target beside last year's outturn, every year column of
the sheet in its row as Excel shows it, the same rows in every paper, and figures whole on one
line on portrait and landscape pages (LibreOffice PDF)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

from .conftest import paper, run_bvpp
from .readback import body_paragraphs, body_tables, convert_to_pdf, require_tool
from .workbooks import make_workbook, row

YEARS = ["Outturn\n2000/01", "Outturn\n2001/02", "Outturn\n2002/03", "Target\n2002/03",
         "Target\n2003/04", "Target\n2004/05", "Target\n2005/06"]
PROMISE_HEADER = ["Ref", "Indicator", *YEARS, "Status"]
ANNEX_HEADER = ["Ref", "Indicator", "Promise", *YEARS, "Status"]
YEAR_KEYS = ["Outturn_2000/01", "Outturn_2001/02", "Outturn_2002/03", "Target_2002/03",
             "Target_2003/04", "Target_2004/05", "Target_2005/06"]

# Each row: promise, the workbook's other cells, its year cells, what Excel shows in each, the status.
ROWS = {
    "BV8": (6, dict(Unit="percent", Decimal_places=1), [85.25, 88.45, 91.15, 90.05, 93.35, 95.55, 97.75],
            ["85.3%", "88.5%", "91.2%", "90.1%", "93.4%", "95.6%", "97.8%"], "Improved; target met"),
    # fractions in cells formatted 0.0%, as Excel shows them: 11.25% shows as 11.3%
    "BV12": (6, dict(Unit="percent", Direction="lower is better", Decimal_places=1), [0.1125, 0.0975, 0.0845, 0.0825, 0.0805, 0.0785, 0.0765],
             ["11.3%", "9.8%", "8.5%", "8.3%", "8.1%", "7.9%", "7.7%"], "Improved; target not met"),
    "L1": (3, dict(Unit="number", Direction="none", Decimal_places=1), [-2.25, 0, 22981.04, 22981, 23100.45, 23200.55, -0.05],
           ["-2.3", "0.0", "22,981.0", "22,981.0", "23,100.5", "23,200.6", "-0.1"], "Context only"),
    "BV102": (3, dict(Unit="number", Decimal_places=0), [24855609, 26994171, 29579884, 28538217, 30905394, 33731882, 36316206],
              ["24,855,609", "26,994,171", "29,579,884", "28,538,217", "30,905,394", "33,731,882", "36,316,206"],
              "Improved; target met"),
    "BV33": (1, dict(Unit="£", Direction="none", Decimal_places=0), [1234.5, 79, 91, 88, 95, 100, 104],
             ["£1,235", "£79", "£91", "£88", "£95", "£100", "£104"], "Context only"),
}


def _workbook(project: Path) -> None:
    rows, formats = [], {}
    for number, (ref, (promise, cells, values, _, _)) in enumerate(ROWS.items(), start=2):
        rows.append(row(Reference=ref, Indicator=f"Indicator {ref}", Promise=promise, **cells,
                        **dict(zip(YEAR_KEYS, values, strict=True))))
        if ref == "BV12":
            formats |= {f"{column}{number}": "0.0%" for column in "GHIJKLM"}
    path = project / "inputs" / "indicators.xlsx"
    path.unlink()
    make_workbook(path, rows, formats=formats)


def _tables(docx: Path) -> list[list[list[str]]]:
    """Return every indicator table of a paper as rows of cell texts, read with python-docx."""
    found = []
    for table in body_tables(Document(str(docx))):
        rows = [[cell.text for cell in r.cells] for r in table.rows]
        if rows and rows[0][:1] == ["Ref"]:
            found.append(rows)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import copy_example

    project = copy_example(tmp_path_factory.mktemp("judged") / "project")
    _workbook(project)
    result = run_bvpp(project, "build")
    assert result.exit_code == 0, result.stderr
    return project


def test_every_year_column_of_the_sheet_is_in_its_row_as_excel_shows_it(built: Path) -> None:
    tables = _tables(paper(built, "plan"))
    *per_promise, annex = tables
    assert [t[0] for t in per_promise] == [PROMISE_HEADER] * len(per_promise)
    assert annex[0] == ANNEX_HEADER
    shown = {r[0]: r for t in per_promise for r in t[1:]}
    in_annex = {r[0]: r for r in annex[1:]}
    for ref, (promise, _, _, figures, status) in ROWS.items():
        assert shown[ref] == [ref, f"Indicator {ref}", *figures, status], ref
        assert in_annex[ref] == [ref, f"Indicator {ref}", str(promise), *figures, status], ref


def test_the_status_says_what_it_compares(built: Path) -> None:
    notes = [p.text for p in body_paragraphs(Document(str(paper(built, "plan")))) if p.style.name == "Table Note"]
    status = "Status: outturn 2002/03 against outturn 2001/02 (improved or worse) and against target 2002/03 (met or not)."
    assert notes.count(status) == 4  # promises 1, 3 and 6, and the annex


def test_the_same_rows_are_identical_in_every_paper(built: Path) -> None:
    def rows(doc: str) -> dict[str, list[list[str]]]:
        found: dict[str, list[list[str]]] = {}
        for table in _tables(paper(built, doc)):
            for r in table[1:]:
                found.setdefault(r[0], []).append(r)
        return found

    plan = rows("plan")
    assert sorted(plan) == sorted(ROWS)
    for doc in ("cabinet", "topic-group"):
        assert rows(doc) == plan, doc


def _pages(pdf: Path) -> list[tuple[bool, str]]:
    """Return each page's orientation (landscape?) and its text as `pdftotext -layout` gives it."""
    info = subprocess.run([require_tool("pdfinfo"), "-f", "1", "-l", "999", str(pdf)],
                          check=True, capture_output=True, text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    return [(w > h, pages[i]) for i, (w, h) in enumerate(sizes)]


def test_figures_stay_whole_on_portrait_and_landscape_pages_in_libreoffice(built: Path, tmp_path: Path) -> None:
    pdf = convert_to_pdf([paper(built, "plan")], tmp_path)["plan-v001"]
    pages = _pages(pdf)
    assert any(landscape for landscape, _ in pages) and not all(landscape for landscape, _ in pages)
    for landscape in (False, True):
        words = [w for is_landscape, text in pages if is_landscape == landscape for w in text.split()]
        for ref, (_, _, _, figures, _) in ROWS.items():
            for figure in set(figures):
                assert words.count(figure) >= figures.count(figure), (ref, figure, "landscape" if landscape else "portrait")


def test_last_years_target_is_traced_to_its_cell(built: Path) -> None:
    import json

    result = run_bvpp(built, "explain", "plan", "BV8", "--json")
    assert result.exit_code == 0, result.stderr
    figures = [f for f in json.loads(result.stdout)["figures"] if f["column"] == "Target 2002/03"]
    assert len(figures) == 2  # the promise's table and the annex
    for figure in figures:
        assert figure["shown"] == "90.1%"
        assert [s["cell"] for s in figure["sources"]] == ["inputs/indicators.xlsx:Indicators!J2"]  # BV8 is row 2
