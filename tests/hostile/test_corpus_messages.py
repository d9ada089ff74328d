"""Corpus: messages a clerk can act on (issue 14, point 5): each input a council writes, one located line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ..conftest import REPO
from .harness import Case, check, edit

CONFIG = "bvpp.toml"


def _line(text: str) -> int:
    """Return the number of the example bvpp.toml's first line holding `text` (a TOML error names its line)."""
    lines = (REPO / CONFIG).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def with_bom(root: Path) -> None:
    (root / CONFIG).write_bytes(b"\xef\xbb\xbf" + (root / CONFIG).read_bytes())


def latin1_config(root: Path) -> None:
    text = (root / CONFIG).read_text(encoding="utf-8").replace("County Hall, Hertford", "County Hall, Hertförd")
    (root / CONFIG).write_bytes(text.encode("latin-1"))


PLAN_DATA, INDICATORS = "inputs/plan-data.xlsx", "inputs/indicators.xlsx"


def workbook(file: str, change: Callable[[Any], object]) -> Callable[[Path], None]:
    """Open a workbook of the project with openpyxl, change it as a council would, and save it."""

    def mutate(root: Path) -> None:
        book = openpyxl.load_workbook(root / file)
        change(book)
        book.save(root / file)

    return mutate


def title_rows(sheet: str) -> Callable[[Any], None]:
    """Put a title and a blank row above the header, as people do."""

    def change(book: Any) -> None:
        book[sheet].insert_rows(1, 2)
        book[sheet]["A1"] = f"Hertfordshire County Council: {sheet} 2003/04"

    return change


def hide_rows(*rows: int) -> Callable[[Any], None]:
    """Hide indicator rows in Excel, as a team does to shorten a long sheet while it works."""

    def change(book: Any) -> None:
        for row in rows:
            book["Indicators"].row_dimensions[row].hidden = True

    return change


def budget_note(book: Any) -> None:
    book["Budget"]["A11"] = "Note: figures exclude the schools' delegated budgets"


def budget_sum_of_text(book: Any) -> None:
    sheet = book["Budget"]
    sheet["B2"] = "521.6"  # pasted from an e-mail: stored as text
    sheet["B9"] = "=SUM(B2:B8)"


def saved_total(root: Path) -> None:
    """Give the SUM formula in Budget!B9 the value Excel saves: the sum without the text cell."""
    import zipfile

    path = root / PLAN_DATA
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/") and b"SUM(B2:B8)" in parts[n])
    parts[sheet] = parts[sheet].replace(b"<f>SUM(B2:B8)</f><v></v>", b"<f>SUM(B2:B8)</f><v>356.2</v>").replace(
        b"<f>SUM(B2:B8)</f>", b"<f>SUM(B2:B8)</f><v>356.2</v>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def then(*steps: Callable[[Path], object]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        for step in steps:
            step(root)

    return mutate


SAVE_AS = "open it in Word and save it as .docx (File, Save as, Word Document)"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the start of a Word 97-2003 file


def snippet_as(suffix: str, data: bytes, old: str = "inputs/cabinet/purpose.docx") -> Callable[[Path], None]:
    """Name a snippet of another kind in bvpp.toml, as an author who saved it from another program would."""
    new = old.rsplit(".", 1)[0] + suffix

    def mutate(root: Path) -> None:
        edit(f'"{old}"', f'"{new}"')(root)
        (root / new).write_bytes(data)

    return mutate


def overwrite(file: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / file).write_bytes(data)


def convention_as(suffix: str) -> Callable[[Path], None]:
    """Leave a promise part (found by convention) in another format beside where the .docx would be."""

    def mutate(root: Path) -> None:
        (root / "inputs/plan/promise-2/actions.docx").unlink()
        (root / f"inputs/plan/promise-2/actions{suffix}").write_bytes(b"{\\rtf1\\ansi Our actions}")

    return mutate


CASES = [
    # bvpp.toml: dates and times as people write them
    Case("date-written-out", edit("date = 2003-04-28", 'date = "28th April 2003"'),
         refused=("bvpp.toml:meetings.cabinet.date: '28th April 2003' is not a date bvpp reads: "
                  "write date = 2003-04-28, without quotes",)),
    Case("date-uk-slashes-quoted", edit("date = 2003-05-07", 'date = "07/05/2003"'),
         refused=("bvpp.toml:meetings.topic-group.date: '07/05/2003' is not a date bvpp reads: "
                  "write date = 2003-05-07, without quotes",)),
    Case("date-uk-slashes-bare", edit("date = 2003-05-07", "date = 07/05/2003"),
         refused=(f"bvpp.toml:{_line('date = 2003-05-07')}: '07/05/2003' is not a date bvpp reads: "
                  "write date = 2003-05-07, without quotes",)),
    Case("time-2pm", edit("time = 14:00:00", 'time = "2pm"'),
         refused=("bvpp.toml:meetings.cabinet.time: '2pm' is not a time bvpp reads: "
                  "write time = 14:00:00 (24-hour clock, without quotes)",)),
    Case("time-dotted-number", edit("time = 14:00:00", "time = 14.30"),
         refused=("bvpp.toml:meetings.cabinet.time: a number (14.3) is not a time: "
                  "write time = 14:30:00 (24-hour clock, without quotes)",)),
    Case("time-no-seconds", edit("time = 10:00:00", "time = 10:00"),
         refused=(f"bvpp.toml:{_line('time = 10:00:00')}: '10:00' is not a time bvpp reads: "
                  "write time = 10:00:00 (24-hour clock, without quotes)",)),
    Case("config-with-bom", with_bom),
    Case("config-latin-1", latin1_config,
         refused=("bvpp.toml:8: not UTF-8 text: save bvpp.toml with the encoding UTF-8",)),
    Case("meeting-in-1903", edit("date = 2003-04-28", "date = 1903-04-28"),
         refused=("bvpp.toml:meetings.cabinet.date: 1903-04-28 is more than a year from the start of the "
                  "2003/04 plan year (2003-04-01): check the year",)),
    Case("meeting-in-2033", edit("date = 2003-05-20", "date = 2033-05-20"),
         refused=("bvpp.toml:meetings.council.date: 2033-05-20 is more than a year from the start of the "
                  "2003/04 plan year (2003-04-01): check the year",)),
    Case("appendix-twice", edit('appendix = ["contents", "promises", "budget"', 'appendix = ["contents", "promises", "budget", "promises"'),
         refused=("bvpp.toml:documents.cabinet.appendix: names the section 'promises' twice (entries 2 and 4): remove one",)),
    Case("staff-as-words", edit("staff = 38", 'staff = "thirty-eight"'),
         refused=("bvpp.toml:workforce.contracts#1.staff: expected a whole number, not 'thirty-eight'",)),
    # snippets in a form bvpp does not read
    Case("snippet-doc", snippet_as(".doc", OLE),
         refused=(f"inputs/cabinet/purpose.doc: a Word 97-2003 .doc file: {SAVE_AS}",)),
    Case("snippet-odt", snippet_as(".odt", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text"),
         refused=(f"inputs/cabinet/purpose.odt: an OpenDocument .odt file: {SAVE_AS}",)),
    Case("snippet-rtf", snippet_as(".rtf", b"{\\rtf1\\ansi Purpose}"),
         refused=(f"inputs/cabinet/purpose.rtf: a Rich Text .rtf file: {SAVE_AS}",)),
    Case("snippet-txt", snippet_as(".txt", b"The purpose of this report."),
         refused=("inputs/cabinet/purpose.txt: a plain .txt file: rename it to .md (Markdown, read as plain "
                  f"paragraphs), or {SAVE_AS}",)),
    Case("snippet-pdf", snippet_as(".pdf", b"%PDF-1.4\n"),
         refused=("inputs/cabinet/purpose.pdf: a PDF: bvpp cannot read text back from a PDF; save the document it "
                  "came from as .docx",)),
    Case("snippet-html", snippet_as(".html", b"<html><body><p>Purpose</p></body></html>"),
         refused=(f"inputs/cabinet/purpose.html: a web page: {SAVE_AS}",)),
    Case("docx-really-doc", overwrite("inputs/cabinet/purpose.docx", OLE),
         refused=("inputs/cabinet/purpose.docx: an old Word .doc file (or a password-protected one) named .docx: "
                  f"remove any password, then {SAVE_AS}",)),
    Case("docx-really-rtf", overwrite("inputs/topic-group/asked.docx", b"{\\rtf1\\ansi Asked}"),
         refused=(f"inputs/topic-group/asked.docx: a Rich Text (.rtf) file named .docx: {SAVE_AS}",)),
    Case("docx-not-a-zip", overwrite("inputs/cabinet/conclusion.docx", b"Conclusion: agree the draft.\n"),
         refused=(f"inputs/cabinet/conclusion.docx: not a Word .docx file (it is not a zip package): {SAVE_AS}",)),
    Case("promise-part-rtf", convention_as(".rtf"),
         refused=(f"inputs/plan/promise-2/actions.rtf: a Rich Text .rtf file: {SAVE_AS}",)),
    # a workbook open in Excel
    Case("workbook-open-in-excel", overwrite("inputs/~$indicators.xlsx", b"\x0cJudith Sharples" + bytes(150)),
         warned=("inputs/indicators.xlsx: is open in Excel (its lock file ~$indicators.xlsx is beside it): the build "
                 "uses the last saved copy; save it in Excel first if you changed it",)),
    # workbooks: title rows above the header, notes and figures stored as text
    Case("indicators-title-rows", workbook(INDICATORS, title_rows("Indicators")),
         refused=("inputs/indicators.xlsx:Indicators!3:3: row 3 looks like the header; the header must be on row 1: "
                  "delete the rows above it",)),
    Case("budget-title-rows", workbook(PLAN_DATA, title_rows("Budget")),
         refused=("inputs/plan-data.xlsx:Budget!3:3: row 3 looks like the header; the header must be on row 1: "
                  "delete the rows above it",)),
    Case("improvements-title-row", workbook(PLAN_DATA, lambda book: (book["Improvements"].insert_rows(1),
                                                                      book["Improvements"].cell(1, 1, "Improvements"))),
         refused=("inputs/plan-data.xlsx:Improvements!2:2: row 2 looks like the header; the header must be on row 1: "
                  "delete the row above it",)),
    Case("budget-note-below-total", workbook(PLAN_DATA, budget_note),
         refused=("inputs/plan-data.xlsx:Budget!A11: a note below the Total row: the plan shows no notes from the "
                  "sheet; delete the row, or put the note in the budget section's snippet",)),
    Case("budget-figure-as-text", then(workbook(PLAN_DATA, budget_sum_of_text), saved_total),
         refused=("inputs/plan-data.xlsx:Budget!B2: 521.6 is stored as text: Excel's SUM leaves it out, so the "
                  "sheet's total differs; make it a number (in Excel: the green triangle, Convert to Number)",)),
    Case("indicator-rows-hidden", workbook(INDICATORS, hide_rows(12, 14)),
         warned=("inputs/indicators.xlsx:Indicators!A12: rows 12 and 14 are hidden in Excel, but bvpp reads hidden "
                 "rows like any other, so the plan shows them: unhide them to check them, or delete them if they "
                 "should not be in the plan",)),
    Case("indicator-row-hidden", workbook(INDICATORS, hide_rows(7)),
         warned=("inputs/indicators.xlsx:Indicators!A7: row 7 is hidden in Excel",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
