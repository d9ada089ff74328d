"""Where each figure a paper shows comes from: its table, column and text, and the workbook cells behind it. Pure.

The tables are read back from the paper's own narrative (what `write/` renders), so what is
traced is what the paper shows; each column is named by its header and traced to the sheet
column the workbook contract maps it to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import Location, plural
from .data import PlanData
from .indicator_facts import FACT_KINDS
from .indicators import Indicator, column_names
from .narrative import Narrative, Paragraph, Sheet, Span, Table, spans_of
from .plan_data import CPA_BLOCKS, CPA_OVERALL, TOTAL_WORDS
from .sheet_rows import column_letter

Kind = Literal["indicator", "budget", "cpa"]
OVERALL = "Overall category"  # the CPA table's last row, as cpa_table writes it


@dataclass(frozen=True, slots=True)
class Source:
    """A workbook cell behind a figure: where, its saved value, number format and formula."""

    location: Location
    value: Any
    number_format: str = "General"
    formula: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure a paper shows: in which table and column, the text, and where it comes from."""

    table: str  # the section, then the headings above the table: `Performance data and targets`
    column: str  # the column's header on one line: `Outturn 2002/03`
    shown: str  # the text the paper shows
    sources: tuple[Source, ...]  # none: a column this version cannot trace
    how: str = ""  # how the text is made from its sources, when it is more than the one cell shown


@dataclass(frozen=True, slots=True)
class Subject:
    """What is explained: an indicator, a budget line (or the total), a CPA block (or the category)."""

    kind: Kind
    name: str  # as the change summary names it: `BV8`, `budget Education`, `CPA Education`, `CPA category`
    title: str  # the indicator's title, the service, the block
    row: int  # its row in the sheet
    label: str  # what the first cell of its table row shows


def references(data: PlanData) -> list[str]:
    """Return every reference `resolve` knows, in sheet order."""
    names = [i.ref for i in data.workbook.indicators] if data.workbook else []
    if data.budget:
        names += [f"budget {line.service}" for line in (*data.budget.lines, data.budget.total)]
    if data.cpa:
        names += ["CPA category", *(f"CPA {b.block}" for b in data.cpa.blocks)]
    return names


def resolve(reference: str, data: PlanData) -> Subject | None:
    """Return what `reference` names (`BV 8`, `budget education`, `CPA category` ...), or None."""
    text = " ".join(reference.split())
    word, _, rest = text.partition(" ")
    lowered = rest.lower()
    if word.lower() == "budget" and data.budget:
        budget = data.budget
        for line in budget.lines:
            if " ".join(line.service.split()).lower() == lowered:
                return Subject("budget", f"budget {line.service}", line.service, line.row, line.service)
        if lowered in (*TOTAL_WORDS, budget.total.service.lower()):
            total = budget.total
            return Subject("budget", f"budget {total.service}", total.service, total.row, total.service)
        return None
    if word.lower() == "cpa" and data.cpa:
        cpa = data.cpa
        if lowered in CPA_OVERALL:
            return Subject("cpa", "CPA category", OVERALL, cpa.category_row, OVERALL)
        for block in cpa.blocks:
            if lowered == block.block.lower() or lowered in CPA_BLOCKS[block.block]:
                return Subject("cpa", f"CPA {block.block}", block.block, block.row, block.block)
        return None
    ind = data.workbook.find(text) if data.workbook else None  # any spelling of the reference
    return Subject("indicator", ind.ref, ind.title, ind.row, ind.ref) if ind else None


def trace(sections: Sequence[tuple[str, Narrative]], subject: Subject, data: PlanData, sheet: Sheet) -> tuple[Figure, ...]:
    """Return every figure `sections` (title, body) show for `subject`, each traced to its cells in `sheet`."""
    cells = _Cells(sheet, subject.row)
    figures: list[Figure] = []
    for place, table in _tables(sections):
        header = [_text(cell) for cell in table.rows[0]] if table.rows else []
        columns = _columns(subject.kind, header, data)
        if columns is None:
            continue
        for row in table.rows[table.header_rows:]:
            if row and _text(row[0]) == subject.label:
                for name, key, cell in zip(header, columns, row, strict=False):
                    sources, how = _explained(subject, key, data, cells)
                    figures.append(Figure(place, name, _text(cell), sources, how))
    return tuple(figures)


def trace_prose(sections: Sequence[tuple[str, Narrative]], subject: Subject, data: PlanData, sheet: Sheet) -> tuple[Figure, ...]:
    """Return every indicator fact of `subject` that the prose of `sections` cites (`[[BV82a.outturn.2002/03]]`),
    each traced to the cells its kind is made from; the column is the fact as the snippet names it.
    """
    if subject.kind != "indicator" or data.workbook is None:
        return ()
    workbook, cells = data.workbook, _Cells(sheet, subject.row)
    ind = next(i for i in workbook.indicators if i.row == subject.row)
    figures: list[Figure] = []
    for title, narrative in sections:
        for block in narrative.blocks:
            for span in spans_of(block):
                parts = (span.fact or "").split(".")
                if len(parts) not in (2, 3) or parts[1] not in FACT_KINDS or workbook.find(parts[0]) is not ind:
                    continue
                keys = FACT_KINDS[parts[1]].columns(workbook.years, parts[2] if len(parts) == 3 else "")
                how = f"unit {ind.unit}, {plural(ind.decimals, 'decimal place')}" if parts[1] in ("outturn", "target") else \
                    ("as the status column judges it" if parts[1] == "travel" else "")
                figures.append(Figure(f"{title} › prose", f"[[{span.fact}]]", span.text, cells(workbook.columns, *keys), how))
    return tuple(figures)


def _tables(sections: Sequence[tuple[str, Narrative]]) -> Iterator[tuple[str, Table]]:
    """Yield each table with its place: the section's title and the headings above it."""
    for title, narrative in sections:
        headings: dict[int, str] = {}
        for block in narrative.blocks:
            if isinstance(block, Paragraph) and block.kind == "heading":
                headings = {level: text for level, text in headings.items() if level < block.level}
                headings[block.level] = "".join(s.text for s in block.spans)
            elif isinstance(block, Table):
                yield " › ".join([title, *(headings[level] for level in sorted(headings))]), block


def _text(cell: tuple[Span, ...]) -> str:
    return " ".join("".join(span.text for span in cell).split())


def _columns(kind: Kind, header: list[str], data: PlanData) -> list[str] | None:
    """Return the key of each header's column if the table is one of `kind`'s, else None."""
    lowered = [h.lower() for h in header]
    if kind == "indicator" and data.workbook and lowered[:1] == ["ref"]:
        names = {name.lower(): key for key, name in column_names(data.workbook.years).items()}
        names |= {"ref": "reference", "status": "status"}
        return [names.get(h, "") for h in lowered]
    if kind == "budget" and data.budget and lowered[:1] == ["service"]:
        previous, current = data.budget.years
        names = {"service": "service", f"{previous} £m": "previous", f"{current} £m": "current",
                 "change £m": "change", "change %": "change %"}
        return [names.get(h, "") for h in lowered]
    if kind == "cpa" and data.cpa and lowered[:1] == ["service block or assessment"]:
        return ["area", *(["score"] if len(lowered) > 1 and lowered[1].startswith("score") else [])]
    return None


class _Cells:
    """The cells of one sheet row, as sources."""

    def __init__(self, sheet: Sheet, row: int) -> None:
        self.sheet, self.row = sheet, row
        self.cells = dict(sheet.rows).get(row, ())

    def __call__(self, columns: Mapping[str, int], *keys: str) -> tuple[Source, ...]:
        found = []
        for key in keys:
            if key not in columns:
                continue
            index = columns[key]
            place = Location(self.sheet.path, sheet=self.sheet.name, cell=f"{column_letter(index)}{self.row}")
            if index < len(self.cells):
                cell = self.cells[index]
                found.append(Source(place, cell.value, cell.number_format, cell.formula))
            else:
                found.append(Source(place, None))
        return tuple(found)


def _explained(subject: Subject, key: str, data: PlanData, cells: _Cells) -> tuple[tuple[Source, ...], str]:
    """Return the cells behind column `key` of the subject's row, and how the text is made from them."""
    if subject.kind == "indicator" and data.workbook:
        ind = next(i for i in data.workbook.indicators if i.row == subject.row)
        return _indicator(ind, key, data.workbook.years.outturn, data.workbook.columns, cells)
    if subject.kind == "budget" and data.budget:
        columns = data.budget.columns
        if key in ("change", "change %"):
            how = "the plan year less the year before, from the exact values" if key == "change" else \
                "the change as a percentage of the year before, from the exact values"
            return cells(columns, "previous", "current"), how
        return cells(columns, key), "in £m, to 1 decimal place" if key in ("previous", "current") else ""
    if subject.kind == "cpa" and data.cpa:
        return cells(data.cpa.columns, key), ""
    return (), "not traced to a cell"


def _indicator(ind: Indicator, key: str, outturns: Sequence[str], columns: Mapping[str, int], cells: _Cells) -> tuple[tuple[Source, ...], str]:
    if key == "status":
        how = (f"direction of travel: outturn {outturns[-1]} against {outturns[-2]}; target met: outturn "
               f"{outturns[-1]} against the {outturns[-1]} target; both by the direction ({ind.direction}), "
               f"to {plural(ind.decimals, 'decimal place')}")
        keys = (f"outturn:{outturns[-1]}", f"outturn:{outturns[-2]}", f"target:{outturns[-1]}", "direction")
        return cells(columns, *keys), how
    if key.startswith(("outturn:", "target:")):
        places = plural(ind.decimals, "decimal place") + ("" if "decimals" in columns else " (the unit's default)")
        return cells(columns, key), f"unit {ind.unit}, {places}"
    if key:
        return cells(columns, key), ""
    return (), "not traced to a cell"
