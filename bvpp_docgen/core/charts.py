"""Charts of indicators: which a promise charts (checked against the workbook), and each chart's model,
alt text and caption. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .formats import excel_round
from .indicators import Indicator, IndicatorSet, Value
from .judgements import format_value
from .narrative import Block, Chart, Paragraph, Span
from .settings import Promise
from .text import item_key


def chart_problems(promises: Sequence[Promise], workbook: IndicatorSet | None) -> list[tuple[str, str]]:
    """Return (bvpp.toml key, message) for every `charts = [...]` entry that names no indicator of its
    promise, or one that cannot be charted."""
    problems = []
    for index, promise in enumerate(promises):
        seen: set[str] = set()
        for position, reference in enumerate(promise.charts):
            problem = _problem(reference, promise.number, workbook, seen)
            if problem:
                problems.append((item_key(f"{item_key('promises', index)}.charts", position), problem))
    return problems


def _problem(reference: str, number: int, workbook: IndicatorSet | None, seen: set[str]) -> str | None:
    if workbook is None:
        return "a chart needs the indicator workbook: add an [indicators] section naming it, or remove the chart"
    found = workbook.find(reference)
    if found is None:
        return (f"no indicator {reference!r} in the indicators sheet: name one of promise {number}'s "
                f"({_some_of([i.ref for i in workbook.indicators if i.promise == number], reference)}), "
                "or remove the entry")
    if found.promise != number:
        return (f"{found.ref} serves promise {found.promise}, not promise {number}: list it in the charts of "
                f"promise {found.promise}, where its table is")
    if found.unit == "yes/no":
        return f"{found.ref} is a yes/no indicator, which a line chart cannot show: remove it from the list"
    if found.key in seen:
        return f"{found.ref} is listed twice: remove one"
    seen.add(found.key)
    return None


def _some_of(refs: list[str], reference: str, most: int = 10) -> str:
    """Return the promise's references, or for a long list the closest few and how many more there are."""
    if not refs:
        return "none"
    if len(refs) <= most:
        return ", ".join(refs)
    import difflib

    close = difflib.get_close_matches(reference, refs, n=5, cutoff=0.5) or refs[:5]
    return f"{', '.join(close)} and {len(refs) - len(close)} more"


def charted(promise: Promise, workbook: IndicatorSet) -> list[Indicator]:
    """Return the indicators a promise charts, in the order its list gives (unknown ones left out: see chart_problems)."""
    found = (workbook.find(reference) for reference in promise.charts)
    return [ind for ind in found if ind is not None and ind.promise == promise.number]


def number_format(indicator: Indicator) -> str:
    """Return Excel's number format that shows a figure as the tables do: `#,##0.0"%"`, `"£"#,##0.00`."""
    base = "#,##0" + ("." + "0" * indicator.decimals if indicator.decimals else "")
    if indicator.unit == "percent":
        return f'{base}"%"'
    if indicator.unit in ("£", "£ per head"):
        return f'"£"{base}'
    return base


def chart_of(indicator: Indicator, workbook: IndicatorSet) -> Chart:
    """Return the chart of an indicator: six years, outturns for the first three, targets from the third on."""
    years = workbook.years
    blank = (None, None, None)
    outturns = (*(_number(v) for v in indicator.outturns), *blank)
    targets = (None, None, _number(indicator.previous_target), *(_number(v) for v in indicator.targets))
    return Chart(indicator.ref, (*years.outturn, *years.target), outturns, targets, number_format(indicator),
                 alt_text(indicator, workbook))


def _number(value: Value) -> Decimal | None:
    return value.number if value.kind == "value" else None


def alt_text(indicator: Indicator, workbook: IndicatorSet) -> str:
    """Return what the chart shows, in words: the reference, title, years, how the outturns went and the target.

    e.g. `BV82a, % of household waste recycled, 2000/01 to 2005/06: outturn rose from 12.1% in 2000/01
    to 18.4% in 2002/03; target for 2003/04 20.0%, rising to 24.0% by 2005/06`.
    """
    years = workbook.years
    shown = [(y, v) for y, v in zip(years.outturn, indicator.outturns, strict=True) if v.kind == "value"]
    if not shown:
        trend = "no outturns yet"
    elif len(shown) == 1:
        trend = f"outturn {format_value(shown[0][1], indicator)} in {shown[0][0]}"
    else:
        (y0, first), (y1, last) = shown[0], shown[-1]
        a, b = (excel_round(v.number or Decimal(0), indicator.decimals) for v in (first, last))
        verb = "rose from" if b > a else "fell from" if b < a else "was unchanged, from"
        trend = f"outturn {verb} {format_value(first, indicator)} in {y0} to {format_value(last, indicator)} in {y1}"
    aims = [(y, v) for y, v in zip(years.target, indicator.targets, strict=True) if v.kind == "value"]
    if not aims:
        target = "no targets set yet"
    else:
        (y0, first), (y1, last) = aims[0], aims[-1]
        target = f"target for {y0} {format_value(first, indicator)}"
        if y1 != y0:
            a, b = (excel_round(v.number or Decimal(0), indicator.decimals) for v in (first, last))
            how = "rising to" if b > a else "falling to" if b < a else "staying at"
            target += f", {how} {format_value(last, indicator)} by {y1}"
    return f"{indicator.ref}, {indicator.title}, {years.outturn[0]} to {years.target[-1]}: {trend}; {target}"


SERIES = ("Outturn", "Target")
KEY = "outturns: solid line, round markers; targets: dashed line, square markers"


def chart_blocks(indicator: Indicator, workbook: IndicatorSet, number: int) -> tuple[Block, ...]:
    """Return the chart's paragraph and its caption, which says where its figures are in words."""
    chart = chart_of(indicator, workbook)
    years = workbook.years
    caption = (f"Figure {number}: {indicator.ref} {indicator.title}, {years.outturn[0]} to {years.target[-1]} "
               f"({KEY}). The figures are in the table above.")
    return (Paragraph((Span("", chart=chart),)), Paragraph((Span(caption),), kind="caption"))
