"""Indicator tables as narrative blocks: one per promise, and the full annex. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .indicators import Indicator, IndicatorSet, Value
from .judgements import format_value, status_text
from .measure import cell_width_cm
from .narrative import Block, Paragraph, Span, Table
from .quartiles import has_comparators, quartile_position
from .settings import Promise

NOTE_MISSING = "n/a: not available when this paper was prepared; targets follow once the outturn is known."
NOTE_ESTIMATE = "(e): estimate."
NOTE_NEW = "new: the indicator was introduced that year."
NOTE_STATUS = "Status: outturn {latest} against outturn {before} (improved or worse) and against target {latest} (met or not)."

NOTE_QUARTILE = ("Quartile: the council's {year} outturn against other authorities of the same type; Top is the best "
                 "quarter of councils whichever way the indicator runs.")
NOTE_QUARTILE_MISSING = "Quartile n/a: no comparator figures for {year} (or no {year} outturn, or a context indicator)."

NO_INDICATORS = "No indicators are reported for this promise yet."


def promise_tables(workbook: IndicatorSet, promises: Sequence[Promise]) -> tuple[Block, ...]:
    """Return, for each promise in order, its heading, its indicator table and the notes."""
    blocks: list[Block] = []
    served = by_promise(workbook)
    for promise in promises:
        blocks.append(Paragraph((Span(f"Promise {promise.number}: {promise.title}"),), kind="heading", level=1))
        rows = served.get(promise.number, [])
        if rows:
            blocks += [*quartile_summary(workbook, rows), *indicator_table(workbook, rows, with_promise=False)]
        else:
            blocks.append(Paragraph((Span(NO_INDICATORS),)))
    return tuple(blocks)


def by_promise(workbook: IndicatorSet) -> dict[int, list[Indicator]]:
    """Return the indicators of each promise, in sheet order."""
    served: dict[int, list[Indicator]] = {}
    for indicator in workbook.indicators:
        served.setdefault(indicator.promise, []).append(indicator)
    return served


def annex_table(workbook: IndicatorSet, promises: Sequence[Promise], wide: bool = False) -> tuple[Block, ...]:
    """Return one table of every indicator, by promise, then the notes (`wide`: for a landscape page)."""
    order = {p.number: i for i, p in enumerate(promises)}
    rows = sorted(workbook.indicators, key=lambda i: order.get(i.promise, len(order)))
    return tuple(indicator_table(workbook, rows, with_promise=True, wide=wide))


def indicator_table(workbook: IndicatorSet, rows: Sequence[Indicator], with_promise: bool, wide: bool = False) -> list[Block]:
    """Return a table of `rows` (header row repeated on every page) and the notes it needs.

    The figures are every year column of the sheet: three outturns, last year's target (what
    "target met" is judged against, beside last year's outturn), and the three targets ahead.
    """
    years = workbook.years
    header = ["Ref", "Indicator", *(["Promise"] if with_promise else []),
              *(f"Outturn\n{y}" for y in years.outturn), f"Target\n{years.outturn[-1]}",
              *(f"Target\n{y}" for y in years.target)]
    quartiles = has_comparators(workbook.columns)
    header += [*([f"Quartile\n{years.outturn[-1]}"] if quartiles else []), "Status"]
    if len(_CELLS) > _CELLS_KEPT:
        _CELLS.clear()
    if len(_SHOWN) > _SHOWN_KEPT:  # a sheet holds at most 4,999: the indicators of earlier loads are let go
        _SHOWN.clear()
    shown = [shown_row(ind) for ind in rows]
    positions = [position for _, position, _ in shown] if quartiles else []
    texts = []
    for ind, (figures, position, status) in zip(rows, shown, strict=True):
        texts.append((ind.ref, ind.title, *([str(ind.promise)] if with_promise else []), *figures,
                      *([position or "n/a"] if quartiles else []), status))
    cells = _CELLS  # one cell per text: figures, statuses and quartiles repeat, references and titles in two tables
    body = [tuple(cells.get(text) or cells.setdefault(text, (Span(text),)) for text in row) for row in texts]
    figure_count = len(years.outturn) + 1 + len(years.target)
    align = (None, None, *(("right",) if with_promise else ()), *(["right"] * figure_count), *([None] if quartiles else []), None)
    columns = [list(dict.fromkeys(column)) for column in zip(*texts, strict=True)] if texts else [[] for _ in header]
    return [_table(header, body, columns, align, wide), *_notes(rows, years.outturn, quartiles, positions)]


_CELLS: dict[str, tuple[Span, ...]] = {}  # a table cell holding just its text, by text: cells are immutable, so shared
_CELLS_KEPT = 1 << 17
# each indicator's figures as shown, quartile and status, by identity (the indicator held, so its id stays its own):
# a plan shows every indicator in its promise's table and in the annex, and the register records them
_SHOWN: dict[int, tuple[Indicator, tuple[tuple[str, ...], str | None, str]]] = {}
_SHOWN_KEPT = 1 << 14


def shown_row(ind: Indicator) -> tuple[tuple[str, ...], str | None, str]:
    """Return an indicator's figures as the tables show them (in the tables' order), its quartile and its status."""
    known = _SHOWN.get(id(ind))
    if known is None or known[0] is not ind:
        known = _SHOWN[id(ind)] = (ind, (tuple(format_value(v, ind) for v in _figures(ind)), quartile_position(ind),
                                        status_text(ind)))
    return known[1]


def quartile_summary(workbook: IndicatorSet, rows: Sequence[Indicator]) -> list[Block]:
    """Return a promise's sentence on its quartiles ("5 of 9 indicators ... in the top quartile"), if the sheet has comparators."""
    if not has_comparators(workbook.columns):
        return []
    year = workbook.years.outturn[-1]
    placed = [position for ind in rows if (position := shown_row(ind)[1]) is not None]
    if not placed:
        text = f"No comparison with other authorities is available for these indicators for {year}."
    else:
        top = sum(1 for q in placed if q == "Top")
        text = (f"Compared with other authorities in {year}, {top or 'none'} of the {len(placed)} "
                f"{'indicator' if len(placed) == 1 else 'indicators'} with comparator figures "
                f"{'was' if top == 1 else 'were'} in the top quartile")
        bottom = sum(1 for q in placed if q == "Bottom")
        text += f" and {bottom} in the bottom quartile." if bottom else "."
    return [Paragraph((Span(text),))]


def _figures(ind: Indicator) -> tuple[Value, ...]:
    """Return the row's figures in the table's column order."""
    return (*ind.outturns, ind.previous_target, *ind.targets)


PAGE_CM = {False: 17.0, True: 25.7}  # A4 portrait and landscape, less 2 cm margins
TABLE_TEXT_PT = 8  # the templates' Table Text style
MARGIN_CM = 0.1  # each side of a cell's text: closer than the style's 0.19 cm, so titles keep room beside seven figures


@dataclass(frozen=True, slots=True)
class _Layout:
    whole: bool  # an estimate's figure and its `(e)` on one line
    status: tuple[float, float]  # the status column's width at least, portrait and landscape
    title: float  # the indicator column's width at least


# the first that fits; then `(e)` on a line of its own, a narrower status and title
LAYOUTS = (_Layout(True, (2.0, 3.2), 3.0), _Layout(False, (1.6, 3.2), 2.0))


def _table(
    header: list[str], body: Sequence[tuple[tuple[Span, ...], ...]], columns: Sequence[Sequence[str]],
    align: tuple[str | None, ...], wide: bool,
) -> Table:
    """Return the table with each column but the title's as wide as its longest text.

    A figure that breaks is split between its digits (Word and LibreOffice break a word too
    long for its column anywhere), so figures are kept whole on one line. The title column
    takes what the others leave of the page (write/ fits it to a portrait or landscape page).
    `columns`: each column's distinct texts (the widest decides its width).
    """
    rows = (tuple((Span(h),) for h in header), *body)
    for layout in LAYOUTS:
        widths = _widths(header, columns, wide, layout)
        if sum(widths) <= PAGE_CM[wide] + 1e-9:  # the title's own share is the rest of the page
            break
    return Table(rows=rows, header_rows=1, align=align, widths=widths, wide=wide, fill=1, margin=MARGIN_CM)


def _widths(header: list[str], columns: Sequence[Sequence[str]], wide: bool, layout: _Layout) -> tuple[float, ...]:
    def fit(column: int, whole: bool) -> float:
        texts = list(columns[column])
        heading = cell_width_cm(header[column].split("\n"), TABLE_TEXT_PT, bold=True, whole=False, margin_cm=MARGIN_CM)
        return max(heading, cell_width_cm(texts, TABLE_TEXT_PT, whole=whole, margin_cm=MARGIN_CM))

    last = len(header) - 1
    status = max(layout.status[wide], fit(last, whole=False))
    if wide:  # room for `Improved; target not met` on one line
        status = max(status, min(fit(last, whole=True), 4.0))
    fixed = {column: fit(column, whole=layout.whole or column == 0) for column in range(last) if column != 1}
    title = max(layout.title, PAGE_CM[wide] - sum(fixed.values()) - status)
    return tuple(title if column == 1 else fixed[column] for column in range(last)) + (status,)


def _notes(
    rows: Sequence[Indicator], outturn_years: Sequence[str], quartiles: bool = False, positions: Sequence[str | None] = (),
) -> list[Block]:
    values = [v for ind in rows for v in _figures(ind)]
    latest, before = outturn_years[-1], outturn_years[-2]
    notes = [NOTE_STATUS.format(latest=latest, before=before)]
    if quartiles:
        notes.append(NOTE_QUARTILE.format(year=latest))
        if any(position is None for position in positions):
            notes.append(NOTE_QUARTILE_MISSING.format(year=latest))
    if any(v.kind == "missing" for v in values):
        notes.append(NOTE_MISSING)
    if any(v.estimate for v in values):
        notes.append(NOTE_ESTIMATE)
    if any(v.kind == "new" for v in values):
        notes.append(NOTE_NEW)
    notes += [f"{ind.ref}: {ind.notes}" for ind in rows if ind.notes]
    return [Paragraph((Span(text),), kind="note") for text in notes]
