"""Tracing figures to their cells on in-memory sheets: resolve a reference, find its rows, name the cells."""

from __future__ import annotations

from bvpp_docgen.core.data import PlanData
from bvpp_docgen.core.indicator_tables import annex_table
from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.narrative import Cell, Narrative, Sheet
from bvpp_docgen.core.plan_data import read_budget
from bvpp_docgen.core.plan_sections import budget_table
from bvpp_docgen.core.provenance import resolve, trace

from ..core.helpers import make_config

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
ROW = ["BV 8", "Invoices paid on time", 1, "percent", "higher is better", 1, 80, 0.85, 90.25, 88, 92, 93, 94, ""]


def _sheet(rows: list[list[object]], name: str, formats: dict[tuple[int, int], str] | None = None) -> Sheet:
    def cell(r: int, c: int, v: object) -> Cell:
        fmt = (formats or {}).get((r, c), "General")
        return Cell(v, "%" in fmt, None, fmt)

    return Sheet("in.xlsx", name, tuple((r, tuple(cell(r, c, v) for c, v in enumerate(row))) for r, row in enumerate(rows, 1)))


def test_an_indicator_row_is_traced_column_by_column_to_its_cells() -> None:
    sheet = _sheet([HEADERS, ["BV 1", "Other", 1, "number", "none", 0, 1, 2, 3, 4, 5, 6, 7, ""], ROW], "Indicators",
                   {(3, 7): "0%"})
    data = PlanData(workbook=read_indicators(sheet, "2003/04", [1]))
    subject = resolve("bvpi 008", data)
    assert subject is not None and (subject.name, subject.row) == ("BV 8", 3)  # as the workbook writes it
    config = make_config()
    blocks = annex_table(data.workbook, config.promises)  # type: ignore[arg-type]
    figures = trace([("Annex", Narrative("annex", blocks))], subject, data, sheet)
    by_column = {f.column: f for f in figures}
    outturn = by_column["Outturn 2001/02"]
    assert outturn.shown == "85.0%" and outturn.table == "Annex"
    (source,) = outturn.sources
    assert (str(source.location), source.value, source.number_format) == ("in.xlsx:Indicators!H3", 0.85, "0%")
    assert [str(s.location) for s in by_column["Status"].sources] == [
        "in.xlsx:Indicators!I3", "in.xlsx:Indicators!H3", "in.xlsx:Indicators!J3", "in.xlsx:Indicators!E3"]
    assert resolve("BV9", data) is None


def test_a_budget_line_and_the_total_are_traced_and_changes_name_both_years() -> None:
    sheet = _sheet([["Service", "Budget 2002/03 £m", "Budget 2003/04 £m"], ["Schools", 10.25, 11], ["Total", 10.25, 11]], "Budget")
    data = PlanData(budget=read_budget(sheet, "2003/04"))
    body = [("Budget", Narrative("budget", budget_table(data.budget)))]  # type: ignore[arg-type]
    schools, total = resolve("budget  schools", data), resolve("budget total", data)
    assert schools is not None and total is not None
    change = next(f for f in trace(body, schools, data, sheet) if f.column == "Change £m")
    assert [str(s.location) for s in change.sources] == ["in.xlsx:Budget!B2", "in.xlsx:Budget!C2"]
    assert [f.shown for f in trace(body, total, data, sheet)][:1] == ["Total"]
    assert trace(body, total, data, sheet)[1].sources[0].location.cell == "B3"
