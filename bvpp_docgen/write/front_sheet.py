"""A meeting pack's front sheet as a .docx in the house style (the covering report template's styles).

The template's body and footers are replaced; its styles, page size, margins and header stay.
The footer names the meeting; `bvpp pack` adds the pack page number to it when it exports.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..ooxml.package import normalize_package

WIDTHS = (1.5, 10.0, 2.5, 2.5)  # the agenda table's columns (item, paper, version, pack page), in cm


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """One paper in the pack: its agenda item, title, version and first pack page."""

    item: str
    title: str
    version: str
    page: int


@dataclass(frozen=True, slots=True)
class FrontSheet:
    """What the front sheet says."""

    council: str
    committee: str
    part_of: str | None
    date: str
    time: str | None
    venue: str | None
    rows: tuple[AgendaRow, ...]
    footer: str
    title: str
    made: dt.datetime  # the pack's date: the file's creation and modification date


def front_sheet_bytes(template: Path, sheet: FrontSheet) -> bytes:
    """Return the front sheet .docx, made with the template's styles (byte-stable for the same sheet)."""
    document = Document(str(template))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph(sheet.council.upper(), style="Normal").runs[0].bold = True
    if sheet.part_of:
        document.add_paragraph(sheet.part_of, style="Normal")
    document.add_paragraph(sheet.committee, style="Title")
    details = [("Date", sheet.date)] + [(name, value) for name, value in (("Time", sheet.time), ("Venue", sheet.venue))
                                        if value]
    for name, value in details:
        paragraph = document.add_paragraph(style="Normal")
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph("Agenda", style="Heading 1")
    _table(document, sheet.rows)
    note = document.add_paragraph("Pack pages are numbered in every page's footer, after the paper's own page number.",
                                  style="Normal")
    note.paragraph_format.space_before = Pt(12)
    for section in document.sections:  # the template's own header and footer text holds template tags
        for header in (section.header, section.first_page_header, section.even_page_header):
            _replace(header, "")
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            _replace(footer, sheet.footer)
    core = document.core_properties
    core.title, core.author, core.last_modified_by = sheet.title, sheet.council, "bvpp-docgen"
    core.created = core.modified = sheet.made
    core.revision = 1
    out = io.BytesIO()
    document.save(out)
    return normalize_package(out.getvalue())


def _table(document: object, rows: Sequence[AgendaRow]) -> None:
    """Add the agenda table: item, paper, version, first pack page; its first row repeats as a header."""
    table = document.add_table(rows=1, cols=4)  # type: ignore[attr-defined]
    table.style = "Table Grid" if "Table Grid" in [s.name for s in document.styles] else None  # type: ignore[attr-defined]
    for cell, text in zip(table.rows[0].cells, ("Item", "Paper", "Version", "Pack page"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (row.item, row.title, row.version, str(row.page)), strict=True):
            cell.paragraphs[0].add_run(text)
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice lays out by
        for cell in column.cells:
            cell.width = Cm(width)  # each cell, which Word lays out by


def _replace(story: Any, text: str) -> None:
    """Make a header or footer (unless it takes the previous section's) one paragraph holding `text`."""
    if story.is_linked_to_previous:
        return
    paragraphs = story.paragraphs
    for extra in paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for table in story.tables:
        table._element.getparent().remove(table._element)
    first = paragraphs[0] if paragraphs else story.add_paragraph()
    for child in list(first._element):
        if child.tag != qn("w:pPr"):
            first._element.remove(child)
    if text:
        first.add_run(text)
