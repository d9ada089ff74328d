"""The table rules: a repeating header row, readable colours, nothing said by colour alone.

Linear in the cells: each cell's table-style look is worked out once per kind of place (first row,
banded row, last column ...), and each colour verdict once per paper (`Palette`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from lxml import etree

from ..ooxml.ns import NS, w
from ..ooxml.styles import WHITE, CellLook, Styles, TableRegion, shading_colour, table_look
from ..ooxml.wml import is_header_row
from .colours import SHD
from .held import Unsure
from .places import TBL, TBLPR, TC, TCPR, TR, VAL, P, Places, Problem, T, cell_text, child, shorten
from .survey import Survey

SYM, TBL_STYLE = w("sym"), w("tblStyle")
_CELLS = etree.XPath("count(w:tc)", namespaces=NS)


def check_tables(body: etree._Element, styles: Styles, places: Places, survey: Survey) -> list[Problem]:
    """Each table: a repeating header row, readable colours, nothing said by colour alone."""
    problems: list[Problem] = []
    by_row: dict[etree._Element, list[etree._Element]] = {}  # the cells that may be colour-only, by their row
    for cell in survey.colour_only:
        if cell.tag == TC and (row := cell.getparent()) is not None:
            by_row.setdefault(row, []).append(cell)
    for number, table in enumerate(body.iter(TBL), start=1):
        if places.in_text_box(table):
            continue
        rows = survey.held.rows(table) if survey.held else list(table.iterchildren(TR))
        if not rows:
            continue
        first = rows[0]
        if isinstance(first, int):  # a table's first row is never held (write/rows.py)
            raise Unsure(survey.held.slots(table) if survey.held else None)
        style_id = child(table, TBLPR, TBL_STYLE)
        label = f"table {number}" + (f" (style {styles.name(style_id.get(VAL))!r})" if style_id is not None else "")
        if not is_header_row(first):
            text = shorten(" | ".join(cell_text(c) for c in first.iterchildren(TC)))
            problems.append(("table-header-row", f"{label}, first row", f"the first row is not marked to repeat as a header row: {text!r} (Word: Table Properties, Row, Repeat as header row)"))
        problems += table_cell_problems(table, rows, styles, survey, by_row, label)
    return problems


def table_cell_problems(
    table: etree._Element, rows: list[etree._Element | int], styles: Styles, survey: Survey,
    by_row: dict[etree._Element, list[etree._Element]], label: str,
) -> list[Problem]:
    """Contrast and colour-only problems of a table's cells, each kind reported once per table.

    When every colour the table can show reads on every background it can have, only the cells the
    survey names as maybe colour-only are looked at; otherwise every cell is (and held rows, given
    as their numbers of cells, must be seen in the tree).
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    style_id = child(table, TBLPR, TBL_STYLE)
    style = style_id.get(VAL) if style_id is not None else styles.defaults.get("table")
    look = table_look(table)
    table_fill = shading_colour(child(table, TBLPR, SHD))
    looks: dict[tuple[bool, bool, int, bool, bool, int], CellLook] = {}
    count = len(rows)

    def look_of(r: int, c: int, columns: int) -> CellLook:
        key = (r == 0, r == count - 1, r % 2, c == 0, c == columns - 1, c % 2)
        if key not in looks:
            looks[key] = styles.cell_look(style, TableRegion(r, count, c, columns, look))
        return looks[key]

    for r, row in enumerate(rows):  # every kind of place a cell of this table has
        columns = row if isinstance(row, int) else int(_CELLS(row))
        for c in {0, 1, 2, columns - 1} & set(range(columns)):
            look_of(r, c, columns)
    colours = {cell_look.colour for cell_look in looks.values()}
    fills = {cell_look.fill for cell_look in looks.values()} | {table_fill}
    cells: Iterable[tuple[int, int, int, etree._Element]]
    if survey.readable(table, colours, fills):
        cells = colour_only_cells(rows, by_row)
    elif survey.held and (slots := survey.held.slots(table)):
        raise Unsure(slots)  # every cell is looked at: the held ones too
    else:
        cells = every_cell(rows)
    for r, c, columns, cell in cells:
        paragraphs: list[etree._Element] = []
        shading = None
        for node in cell.iterchildren(TCPR, P):
            if node.tag == P:
                paragraphs.append(node)
            elif shading is None:
                shading = next(node.iterchildren(SHD), None)
        direct = shading_colour(shading)
        cell_look = look_of(r, c, columns)
        shown = CellLook(cell_look.colour, direct or cell_look.fill or table_fill)
        found = [m for p in paragraphs for m in survey.palette.problems(p, shown)]
        colour_only = colour_only_problem(cell, direct, r)
        if not found and colour_only is None:
            continue
        place = f"{label}, {row_name(r, count)}, cell {c + 1}"
        for message in found:
            if message not in seen:
                seen.add(message)
                problems.append(("colour-contrast", place, message))
        if colour_only is not None and "colour-only" + colour_only not in seen:
            seen.add("colour-only" + colour_only)
            problems.append(("colour-only", place, colour_only))
    return problems


def every_cell(rows: list[etree._Element | int]) -> Iterator[tuple[int, int, int, etree._Element]]:
    """Yield each cell of the rows with its row, its column and its row's number of cells."""
    for r, row in enumerate(rows):
        if isinstance(row, int):  # a held row: its table's held rows are parsed before its cells are looked at
            raise Unsure
        cells = list(row.iterchildren(TC))
        for c, cell in enumerate(cells):
            yield r, c, len(cells), cell


def colour_only_cells(
    rows: list[etree._Element | int], by_row: dict[etree._Element, list[etree._Element]]
) -> list[tuple[int, int, int, etree._Element]]:
    """Return the cells of the rows that may say something by colour alone, in document order."""
    found: list[tuple[int, int, int, etree._Element]] = []
    for r, row in enumerate(rows):
        if not isinstance(row, int) and row in by_row:
            cells = list(row.iterchildren(TC))
            maybe = set(by_row[row])
            found += [(r, c, len(cells), cell) for c, cell in enumerate(cells) if cell in maybe]
    return found


def row_name(index: int, count: int) -> str:
    """Return 'first row', 'row 4' or 'last row'."""
    if index == 0:
        return "first row"
    return "last row" if index == count - 1 else f"row {index + 1}"


def colour_only_problem(cell: etree._Element, fill: str | None, row: int) -> str | None:
    """A shaded cell with no text, or a cell holding only symbols, says something by colour alone."""
    parts: list[str] = []
    has_sym = False
    for node in cell.iter(T, SYM):
        if node.tag == T:
            parts.append(node.text or "")
        else:
            has_sym = True
    text = "".join("".join(parts).split())
    if not text and not has_sym:
        if row > 0 and fill not in (None, WHITE):
            return f"the cell is shaded #{fill} but has no text: say the status in words too"
        return None
    symbols = [ch for ch in text if not ch.isspace()]
    if (has_sym and not any(ch.isalnum() for ch in symbols)) or (symbols and all(unicodedata.category(ch) == "So" for ch in symbols)):
        shown = text or "a symbol"
        return f"the cell shows only {shown!r}: say the status in words too"
    return None
