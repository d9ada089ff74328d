"""Indicator tables as narrative blocks: one per promise, and the full annex. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from .indicators import Indicator, IndicatorSet
from .judgements import format_value, status_text
from .narrative import Block, Paragraph, Span, Table
from .settings import Promise

NOTE_MISSING = "n/a: not available when this paper was prepared; targets follow once the outturn is known."
NOTE_ESTIMATE = "(e): estimate."
NOTE_NEW = "new: the indicator was introduced that year."

NO_INDICATORS = "No indicators are reported for this promise yet."


def promise_tables(workbook: IndicatorSet, promises: Sequence[Promise]) -> tuple[Block, ...]:
    """Return, for each promise in order, its heading, its indicator table and the notes."""
    blocks: list[Block] = []
    for promise in promises:
        blocks.append(Paragraph((Span(f"Promise {promise.number}: {promise.title}"),), kind="heading", level=1))
        rows = [i for i in workbook.indicators if i.promise == promise.number]
        if rows:
            blocks += indicator_table(workbook, rows, with_promise=False)
        else:
            blocks.append(Paragraph((Span(NO_INDICATORS),)))
    return tuple(blocks)


def annex_table(workbook: IndicatorSet, promises: Sequence[Promise], wide: bool = False) -> tuple[Block, ...]:
    """Return one table of every indicator, by promise, then the notes (`wide`: for a landscape page)."""
    order = {p.number: i for i, p in enumerate(promises)}
    rows = sorted(workbook.indicators, key=lambda i: order.get(i.promise, len(order)))
    return tuple(indicator_table(workbook, rows, with_promise=True, wide=wide))


def indicator_table(workbook: IndicatorSet, rows: Sequence[Indicator], with_promise: bool, wide: bool = False) -> list[Block]:
    """Return a table of `rows` (header row repeated on every page) and the notes it needs."""
    years = workbook.years
    header = ["Ref", "Indicator", *(["Promise"] if with_promise else []),
              *(f"Outturn\n{y}" for y in years.outturn), *(f"Target\n{y}" for y in years.target), "Status"]
    body = []
    longest = 7  # "2000/01"
    for ind in rows:
        figures = [format_value(v, ind) for v in (*ind.outturns, *ind.targets)]
        longest = max(longest, *(len(f) for f in figures))
        cells = [ind.ref, ind.title, *([str(ind.promise)] if with_promise else []), *figures, status_text(ind)]
        body.append(tuple((Span(text),) for text in cells))
    align = (None, None, *(("right",) if with_promise else ()), *(["right"] * 6), None)
    figure = max(1.5, 0.13 * longest + 0.45)  # cm: wide enough that no figure wraps (8 pt Arial)
    promise = (1.7,) if with_promise else ()  # cm: "Promise" in bold 8 pt on one line
    status = 3.2 if wide else 2.5
    indicator = max(3.0, (25.7 if wide else 17.0) - 1.5 - status - 6 * figure - sum(promise))
    widths = (1.5, indicator, *promise, *([figure] * 6), status)
    table = Table(rows=(tuple((Span(h),) for h in header), *body), header_rows=1, align=align, widths=widths, wide=wide)
    return [table, *_notes(rows)]


def _notes(rows: Sequence[Indicator]) -> list[Block]:
    values = [v for ind in rows for v in (*ind.outturns, *ind.targets)]
    notes = []
    if any(v.kind == "missing" for v in values):
        notes.append(NOTE_MISSING)
    if any(v.estimate for v in values):
        notes.append(NOTE_ESTIMATE)
    if any(v.kind == "new" for v in values):
        notes.append(NOTE_NEW)
    notes += [f"{ind.ref}: {ind.notes}" for ind in rows if ind.notes]
    return [Paragraph((Span(text),), kind="note") for text in notes]
