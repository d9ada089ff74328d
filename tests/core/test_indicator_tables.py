"""The indicator tables on in-memory sheets: last year's target beside last year's outturn, and
columns wide enough that no figure is split, on portrait and landscape pages."""

from __future__ import annotations

from bvpp_docgen.core.indicator_tables import annex_table, promise_tables
from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.measure import text_width_cm
from bvpp_docgen.core.narrative import Cell, Sheet, Table
from bvpp_docgen.write.tables import column_widths

from .helpers import make_config

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
SMALL = ["BV8", "Invoices paid on time", 1, "percent", "higher is better", 1, 80, 85, 90.25, 88, 92, 93, 94, ""]
BIG = ["BV102", "Bus passenger journeys", 1, "number", "higher is better", 0,
       24855609, 26994171, 29579884, 28538217, 30905394, 33731882, 36316206, ""]
TWIPS_PER_CM = 1440 / 2.54


def _tables(*rows: list[object], wide: bool = False) -> list[Table]:
    sheet = Sheet("in.xlsx", "Indicators", tuple((n, tuple(Cell(v) for v in r)) for n, r in enumerate([HEADERS, *rows], 1)))
    workbook = read_indicators(sheet, "2003/04", [1])
    promises = make_config(promises=[{"number": 1, "title": "One"}]).promises
    blocks = (*promise_tables(workbook, promises), *annex_table(workbook, promises, wide=wide))
    return [b for b in blocks if isinstance(b, Table)]


def _texts(table: Table, row: int) -> list[str]:
    return ["".join(s.text for s in cell) for cell in table.rows[row]]


def test_last_years_target_stands_beside_last_years_outturn() -> None:
    per_promise, annex = _tables(SMALL)
    assert _texts(per_promise, 0) == ["Ref", "Indicator", "Outturn\n2000/01", "Outturn\n2001/02", "Outturn\n2002/03",
                                      "Target\n2002/03", "Target\n2003/04", "Target\n2004/05", "Target\n2005/06", "Status"]
    assert _texts(per_promise, 1) == ["BV8", "Invoices paid on time", "80.0%", "85.0%", "90.3%", "88.0%", "92.0%",
                                      "93.0%", "94.0%", "Improved; target met"]
    assert _texts(annex, 1)[:3] == ["BV8", "Invoices paid on time", "1"] and _texts(annex, 1)[3:] == _texts(per_promise, 1)[2:]


def test_arial_widths_are_the_fonts_own() -> None:
    # Arial's digits are 0.556 em wide and its comma and full stop 0.278 em; 72 points to the inch
    assert abs(text_width_cm("24,855,609", 8) - (8 * 0.556 + 2 * 0.278) * 8 / 72 * 2.54) < 1e-9
    assert text_width_cm("Outturn", 8, bold=True) > text_width_cm("Outturn", 8)


def _fits(table: Table) -> None:
    """Assert that no figure (nor header word) is wider than its column less the cell margins."""
    twips = column_widths(table)
    assert sum(twips) <= (25.7 if table.wide else 17.0) * TWIPS_PER_CM
    side = table.margin if table.margin is not None else 0.19
    for column in range(2, len(twips) - 1):
        texts = [_texts(table, r)[column] for r in range(len(table.rows))]
        needed = max(text_width_cm(word, 8, bold=r == 0) for r, text in enumerate(texts) for word in text.split())
        assert twips[column] / TWIPS_PER_CM >= needed + 2 * side, (table.wide, column, texts)


def test_every_figure_fits_its_column_on_portrait_and_landscape_pages() -> None:
    for table in (*_tables(SMALL), *_tables(SMALL, BIG, wide=True)):  # the annex on portrait or landscape pages
        _fits(table)


def test_an_estimates_mark_moves_to_its_own_line_only_when_the_figures_do_not_fit() -> None:
    estimate = [*BIG[:6], *BIG[6:8], "29579884 (e)", *BIG[9:]]
    portrait, landscape = _tables(SMALL, estimate, wide=True)
    for table in (portrait, landscape):
        _fits(table)  # the figure itself stays whole either way
    index = _texts(portrait, 0).index("Outturn\n2002/03")
    width = column_widths(portrait)[index] / TWIPS_PER_CM
    assert width < text_width_cm("29,579,884 (e)", 8)  # portrait: `(e)` goes below the figure
    assert column_widths(landscape)[index + 1] / TWIPS_PER_CM > text_width_cm("29,579,884 (e)", 8)  # landscape: one line
