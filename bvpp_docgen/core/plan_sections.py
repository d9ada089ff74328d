"""The plan's generated sections as narrative blocks: budget, CPA, improvements, workforce,
and each promise's objectives, achievements, actions and indicators. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from .charts import chart_blocks, charted
from .formats import excel_round, format_date, format_number
from .indicator_tables import NO_INDICATORS, by_promise, indicator_table, quartile_summary
from .indicators import IndicatorSet
from .narrative import Block, Narrative, Paragraph, Span, Table, map_blocks
from .plan_data import CPA_BLOCKS, Budget, BudgetLine, Cpa, Improvement, Improvements
from .settings import PROMISE_PARTS, Promise, Workforce
from .text import sanitize_text

TO_FOLLOW = "To follow."
PART_TITLES = {"objectives": "Strategic objectives", "achievements": "Recent achievements", "actions": "Actions for {year}"}
CODE_OF_PRACTICE = "Code of Practice on Workforce Matters in Local Authority Service Contracts"


def _heading(text: str, level: int = 1) -> Paragraph:
    return Paragraph((Span(sanitize_text(text)),), kind="heading", level=level)


def _para(text: str, kind: str = "body") -> Paragraph:
    return Paragraph((Span(sanitize_text(text)),), kind=kind)  # type: ignore[arg-type]


def _row(*cells: str) -> tuple[tuple[Span, ...], ...]:
    return tuple((Span(sanitize_text(c)),) for c in cells)


# --- promises ----------------------------------------------------------------------------------


def promise_details(
    promises: Sequence[Promise], parts: Mapping[str, Narrative | None], workbook: IndicatorSet | None, year: str
) -> tuple[Block, ...]:
    """Return, per promise: its heading, objectives, achievements, actions, then its indicators and their charts.

    `parts` maps each part's snippet path to its narrative (None: not written yet, "To follow").
    """
    blocks: list[Block] = []
    figures = 0  # charts are numbered through the section
    served = by_promise(workbook) if workbook else {}
    for promise in promises:
        blocks.append(_heading(f"Promise {promise.number}: {promise.title}"))
        for part in PROMISE_PARTS:
            blocks.append(_heading(PART_TITLES[part].format(year=year), 2))
            narrative = parts.get(promise.part_path(part))
            blocks += _shifted(narrative, 2).blocks if narrative and narrative.blocks else [_para(TO_FOLLOW)]
        blocks.append(_heading("How we measure progress", 2))
        rows = served.get(promise.number, [])
        if rows and workbook is not None:
            blocks += [*quartile_summary(workbook, rows), *indicator_table(workbook, rows, with_promise=False)]
            for indicator in charted(promise, workbook):
                figures += 1
                blocks += chart_blocks(indicator, workbook, figures)
        else:
            blocks.append(_para(NO_INDICATORS))
    return tuple(blocks)


def _shifted(narrative: Narrative, by: int) -> Narrative:
    """Return a snippet with its headings moved `by` levels down."""

    def shift(_: int, block: Block) -> Block:
        if isinstance(block, Paragraph) and block.kind == "heading":
            return replace(block, level=block.level + by)
        return block

    return map_blocks(narrative, shift)


# --- budget ------------------------------------------------------------------------------------


def budget_table(budget: Budget) -> tuple[Block, ...]:
    """Return the budget by service: both years, the change in £m and in %, and the total row.

    Every figure is worked out from the sheet's exact values and rounded once, as Excel shows it;
    where the shown total or a shown change is not what the shown figures add up to, a note says so.
    """
    previous, current = budget.years
    header = _row("Service", f"{previous} £m", f"{current} £m", "Change £m", "Change %")
    body = [_row(*_budget_cells(line)) for line in budget.lines]
    total = tuple((Span(text, bold=True),) for text in _budget_cells(budget.total))
    table = Table(
        rows=(header, *body, total), header_rows=1, align=(None, "right", "right", "right", "right"),
        widths=(6.5, 2.6, 2.6, 2.6, 2.6),
    )
    note = _para("Net revenue budget, in millions of pounds. Change % is the change on the previous year's budget.", "note")
    return (table, note, _para(ROUNDING_NOTE, "note")) if _rounding_shows(budget) else (table, note)


ROUNDING_NOTE = "Figures may not add up because of rounding."


def _shown(number: Decimal) -> Decimal:
    return excel_round(number, 1)


def _rounding_shows(budget: Budget) -> bool:
    """Return whether a reader adding up the shown figures would not get the shown total or change."""
    lines = (*budget.lines, budget.total)
    changes = any(_shown(li.current - li.previous) != _shown(li.current) - _shown(li.previous) for li in lines)
    columns = (budget.total.previous, [li.previous for li in budget.lines]), (budget.total.current, [li.current for li in budget.lines])
    totals = any(_shown(total) != sum((_shown(n) for n in parts), Decimal(0)) for total, parts in columns)
    return changes or totals


def _budget_cells(line: BudgetLine) -> tuple[str, ...]:
    change = line.current - line.previous
    percent = f"{format_number(change / line.previous * 100, 1, sign=True)}%" if line.previous else "n/a"
    return (line.service, format_number(line.previous, 1), format_number(line.current, 1), format_number(change, 1, sign=True), percent)


# --- CPA ---------------------------------------------------------------------------------------


def cpa_table(cpa: Cpa, published: str | None) -> tuple[Block, ...]:
    """Return the overall CPA category and a table of the block scores, in the Commission's order."""
    when = f", published on {published}," if published else ""
    lead = _para(f"In the Comprehensive Performance Assessment{when} the Audit Commission placed the council in the "
                 f"category: {cpa.category}.")
    order = {name: index for index, name in enumerate(CPA_BLOCKS)}
    rows = sorted(cpa.blocks, key=lambda b: order[b.block])
    header = _row("Service block or assessment", "Score (1 to 4)")
    body = [_row(b.block, str(b.score) if b.score is not None else "Not applicable") for b in rows]
    table = Table(rows=(header, *body, _row("Overall category", cpa.category)), header_rows=1,
                  align=(None, "right"), widths=(12.0, 5.0))
    note = _para("Scores: 4 performing strongly, 3 performing well, 2 adequate, 1 inadequate. Housing and benefits "
                 "are district council services, so county councils are not scored on them.", "note")
    return (lead, table, note)


# --- improvements ------------------------------------------------------------------------------


def improvement_tables(improvements: Improvements) -> tuple[Block, ...]:
    """Return progress over the last three years, then the plans for the next three."""
    past, ahead = improvements.past_years, improvements.plan_years
    blocks: list[Block] = [_heading(f"Progress over the last three years ({past[0]} to {past[-1]})")]
    progress = improvements.progress()
    if progress:
        blocks.append(_improvement_table(progress, with_outcome=True))
    else:
        blocks.append(_para("No improvement measures are recorded for these years."))
    blocks.append(_heading(f"Improvement plans for the next three years ({ahead[0]} to {ahead[-1]})"))
    plans = improvements.plans()
    if plans:
        blocks.append(_improvement_table(plans, with_outcome=False))
    else:
        blocks.append(_para("No improvement plans are recorded for these years."))
    return tuple(blocks)


def _improvement_table(items: Sequence[Improvement], with_outcome: bool) -> Table:
    header = _row("Year", "Area", "Source", "Action", "Status", *(["Outcome"] if with_outcome else []))
    body = [
        _row(i.year, i.area, i.source, i.action, i.status, *([i.outcome or "Not yet known"] if with_outcome else []))
        for i in items
    ]
    widths = (1.5, 2.5, 2.5, 5.0, 1.8, 4.0) if with_outcome else (1.5, 3.0, 3.0, 7.5, 2.0)
    return Table(rows=(header, *body), header_rows=1, widths=widths)


# --- workforce ---------------------------------------------------------------------------------


def workforce_statement(workforce: Workforce, outturn_year: str) -> tuple[Block, ...]:
    """Return the statement on contracts that transferred staff, including when there were none."""
    contracts = workforce.contracts
    if not contracts:
        return (_para(
            f"The council awarded no contracts during {outturn_year} that involved a transfer of staff, so none was "
            f"subject to the {CODE_OF_PRACTICE}. Any such contract the council awards will comply with it."
        ),)
    count = "one contract" if len(contracts) == 1 else f"{len(contracts)} contracts"
    lead = _para(
        f"During {outturn_year} the council awarded {count} that involved a transfer of staff. The council confirms "
        f"that {'it complies' if len(contracts) == 1 else 'each of them complies'}, where applicable, with the "
        f"requirements of the {CODE_OF_PRACTICE}."
    )
    header = _row("Contract", "Service", "Awarded", "Staff transferred")
    body = [_row(c.name, c.service, format_date(c.awarded), str(c.staff)) for c in contracts]
    total = sum(c.staff for c in contracts)
    table = Table(rows=(header, *body), header_rows=1, align=(None, None, None, "right"), widths=(6.0, 4.5, 3.5, 3.0))
    return (lead, table, _para(f"Staff transferred in all: {total}.", "note"))
