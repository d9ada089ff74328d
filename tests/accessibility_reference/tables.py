"""The table rules: a repeating header row, readable colours, nothing said by colour alone."""

from __future__ import annotations

import unicodedata

from lxml import etree

from bvpp_docgen.ooxml.ns import NS, w
from bvpp_docgen.ooxml.styles import WHITE, CellLook, Styles, TableRegion, shading_colour, table_look
from bvpp_docgen.ooxml.wml import is_header_row, text_of

from .colours import contrast_problems
from .places import Problem, cell_text, in_text_box, shorten


def check_tables(body: etree._Element, styles: Styles) -> list[Problem]:
    """Each table: a repeating header row, readable colours, nothing said by colour alone."""
    problems: list[Problem] = []
    for number, table in enumerate(body.iter(w("tbl")), start=1):
        if in_text_box(table):
            continue
        rows = table.findall("w:tr", NS)
        if not rows:
            continue
        style_id = table.find("w:tblPr/w:tblStyle", NS)
        label = f"table {number}" + (f" (style {styles.name(style_id.get(w('val')))!r})" if style_id is not None else "")
        if not is_header_row(rows[0]):
            first = shorten(" | ".join(cell_text(c) for c in rows[0].findall("w:tc", NS)))
            problems.append(("table-header-row", f"{label}, first row", f"the first row is not marked to repeat as a header row: {first!r} (Word: Table Properties, Row, Repeat as header row)"))
        problems += table_cell_problems(table, rows, styles, label)
    return problems


def table_cell_problems(table: etree._Element, rows: list[etree._Element], styles: Styles, label: str) -> list[Problem]:
    """Contrast and colour-only problems of a table's cells, each kind reported once per table."""
    problems: list[Problem] = []
    seen: set[str] = set()
    style_id = table.find("w:tblPr/w:tblStyle", NS)
    style = style_id.get(w("val")) if style_id is not None else styles.defaults.get("table")
    look = table_look(table)
    table_fill = shading_colour(table.find("w:tblPr/w:shd", NS))
    for r, row in enumerate(rows):
        cells = row.findall("w:tc", NS)
        for c, cell in enumerate(cells):
            region = TableRegion(r, len(rows), c, len(cells), look)
            cell_look = styles.cell_look(style, region)
            direct = shading_colour(cell.find("w:tcPr/w:shd", NS))
            fill = direct or cell_look.fill or table_fill
            place = f"{label}, {row_name(r, len(rows))}, cell {c + 1}"
            for problem in contrast_in_cell(cell, styles, CellLook(cell_look.colour, fill), place):
                if problem[2] not in seen:
                    seen.add(problem[2])
                    problems.append(problem)
            colour_only = colour_only_problem(cell, direct, r, place)
            if colour_only and colour_only[0] + colour_only[2] not in seen:
                seen.add(colour_only[0] + colour_only[2])
                problems.append(colour_only)
    return problems


def row_name(index: int, count: int) -> str:
    """Return 'first row', 'row 4' or 'last row'."""
    if index == 0:
        return "first row"
    return "last row" if index == count - 1 else f"row {index + 1}"


def contrast_in_cell(cell: etree._Element, styles: Styles, look: CellLook, place: str) -> list[Problem]:
    """Contrast problems of the paragraphs in one cell (nested tables are checked on their own)."""
    problems: list[Problem] = []
    for paragraph in cell.findall("w:p", NS):
        problems += contrast_problems(paragraph, styles, look, place)
    return problems


def colour_only_problem(cell: etree._Element, fill: str | None, row: int, place: str) -> Problem | None:
    """A shaded cell with no text, or a cell holding only symbols, says something by colour alone."""
    text = "".join(text_of(cell).split())
    has_sym = cell.find(".//w:sym", NS) is not None
    if not text and not has_sym:
        if row > 0 and fill not in (None, WHITE):
            return ("colour-only", place, f"the cell is shaded #{fill} but has no text: say the status in words too")
        return None
    symbols = [ch for ch in text if not ch.isspace()]
    if (has_sym and not any(ch.isalnum() for ch in symbols)) or (symbols and all(unicodedata.category(ch) == "So" for ch in symbols)):
        shown = text or "a symbol"
        return ("colour-only", place, f"the cell shows only {shown!r}: say the status in words too")
    return None
