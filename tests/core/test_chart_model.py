"""Charts of indicators on in-memory sheets: the model's years and series, the alt text in words,
the number format, the caption, and every wrong `charts = [...]` entry named at its key."""

from __future__ import annotations

from decimal import Decimal

from bvpp_docgen.core.charts import alt_text, chart_blocks, chart_of, chart_problems, number_format
from bvpp_docgen.core.indicators import Years, column_names, read_indicators
from bvpp_docgen.core.narrative import Cell, Sheet
from bvpp_docgen.core.plan_sections import promise_details

from .helpers import make_config

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
RECYCLED = ["BV82a", "% of household waste recycled", 4, "percent", "higher is better", 1,
            12.1, 15.04, 18.4, 18.5, 20, 22, 24, ""]
LANDFILL = ["BV82d", "% of household waste landfilled", 4, "percent", "lower is better", 1,
            "n/a", 73.5, 72.1, 73.6, 68.5, "n/a", "n/a", ""]
COST = ["BV87", "Cost of waste disposal per tonne", 4, "£", "lower is better", 0, 45, 42, 40, 41, 38, 36, 35, ""]
YES = ["BV1a", "Community Strategy agreed?", 6, "yes/no", "higher is better", 0, "No", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", ""]


def _workbook(*rows: list[object]):
    sheet = Sheet("in.xlsx", "Indicators", tuple((n, tuple(Cell(v) for v in r)) for n, r in enumerate([HEADERS, *rows], 1)))
    return read_indicators(sheet, "2003/04", [4, 6])


def test_the_chart_holds_six_years_outturns_for_three_and_targets_from_last_years_on() -> None:
    workbook = _workbook(RECYCLED)
    chart = chart_of(workbook.indicators[0], workbook)
    assert chart.categories == ("2000/01", "2001/02", "2002/03", "2003/04", "2004/05", "2005/06")
    assert chart.outturns == (Decimal("12.1"), Decimal("15.04"), Decimal("18.4"), None, None, None)
    assert chart.targets == (None, None, Decimal("18.5"), Decimal("20"), Decimal("22"), Decimal("24"))
    assert chart.name == "BV82a"


def test_missing_figures_are_gaps_not_zeros() -> None:
    workbook = _workbook(LANDFILL)
    chart = chart_of(workbook.indicators[0], workbook)
    assert chart.outturns[0] is None and chart.targets[4:] == (None, None)


def test_alt_text_says_the_reference_years_first_and_last_figures_and_the_target() -> None:
    workbook = _workbook(RECYCLED, LANDFILL, COST)
    recycled, landfill, cost = workbook.indicators
    assert alt_text(recycled, workbook) == (
        "BV82a, % of household waste recycled, 2000/01 to 2005/06: outturn rose from 12.1% in 2000/01 to 18.4% "
        "in 2002/03; target for 2003/04 20.0%, rising to 24.0% by 2005/06")
    # the first outturn is missing: the words start from the first figure there is; one target only
    assert alt_text(landfill, workbook) == (
        "BV82d, % of household waste landfilled, 2000/01 to 2005/06: outturn fell from 73.5% in 2001/02 to 72.1% "
        "in 2002/03; target for 2003/04 68.5%")
    assert "outturn fell from £45 in 2000/01 to £40 in 2002/03; target for 2003/04 £38, falling to £35 by 2005/06" in alt_text(cost, workbook)


def test_a_figure_unchanged_as_shown_is_said_so() -> None:
    row = [*RECYCLED[:6], 18.41, 18.0, 18.44, 18.5, 20, 20.04, 19.96, ""]
    workbook = _workbook(row)
    assert "outturn was unchanged, from 18.4% in 2000/01 to 18.4% in 2002/03; target for 2003/04 20.0%, staying at 20.0%" in (
        alt_text(workbook.indicators[0], workbook))


def test_number_format_shows_figures_as_the_tables_do() -> None:
    recycled, _, cost = _workbook(RECYCLED, LANDFILL, COST).indicators
    assert number_format(recycled) == '#,##0.0"%"'
    assert number_format(cost) == '"£"#,##0'


def test_chart_paragraph_then_a_caption_naming_the_figure_and_where_its_figures_are() -> None:
    workbook = _workbook(RECYCLED)
    chart, caption = chart_blocks(workbook.indicators[0], workbook, 3)
    assert chart.spans[0].chart is not None and chart.spans[0].chart.alt.startswith("BV82a, ")
    assert caption.kind == "caption"
    text = caption.spans[0].text
    assert text.startswith("Figure 3: BV82a % of household waste recycled, 2000/01 to 2005/06")
    assert "dashed line" in text and "table above" in text


def test_promise_details_put_each_chart_after_its_promises_table_numbered_through_the_section() -> None:
    workbook = _workbook(RECYCLED, LANDFILL, COST, YES)
    config = make_config(promises=[{"number": 4, "title": "Waste", "charts": ["BV82d", "BV 82a"]},
                                   {"number": 6, "title": "Money"}])
    blocks = promise_details(config.promises, {}, workbook, "2003/04")
    charts = [b.spans[0].chart.name for b in blocks if getattr(b, "spans", None) and b.spans[0].chart]
    captions = [b.spans[0].text[:15] for b in blocks if getattr(b, "kind", "") == "caption"]
    assert charts == ["BV82d", "BV82a"] and captions == ["Figure 1: BV82d", "Figure 2: BV82a"]


def test_every_wrong_chart_entry_is_named_at_its_key() -> None:
    workbook = _workbook(RECYCLED, LANDFILL, COST, YES)
    config = make_config(promises=[{"number": 4, "title": "Waste", "charts": ["BV82a", "BV99", "BV1a", "bv 82a"]},
                                   {"number": 6, "title": "Money", "charts": ["BV87"]}])
    problems = chart_problems(config.promises, workbook)
    assert [key for key, _ in problems] == ["promises#1.charts#2", "promises#1.charts#3", "promises#1.charts#4",
                                            "promises#2.charts#1"]
    messages = [m for _, m in problems]
    assert "no indicator 'BV99'" in messages[0] and "BV82a, BV82d, BV87" in messages[0]
    assert "BV1a serves promise 6, not promise 4" in messages[1]
    assert "listed twice" in messages[2]
    assert "BV87 serves promise 4, not promise 6" in messages[3]
    assert chart_problems(config.promises, None)[0][1].startswith("a chart needs the indicator workbook")


def test_a_yes_no_indicator_cannot_be_charted() -> None:
    workbook = _workbook(YES)
    config = make_config(promises=[{"number": 6, "title": "Money", "charts": ["BV1a"]}])
    assert "yes/no indicator" in chart_problems(config.promises, workbook)[0][1]


def test_a_wrong_entry_in_a_long_promise_names_the_closest_few_not_every_indicator() -> None:
    rows = [[f"L{n}", f"Local measure {n}", 4, "number", "higher is better", 0, 1, 2, 3, 4, 5, 6, 7, ""]
            for n in range(100, 400)]
    workbook = _workbook(*rows)
    config = make_config(promises=[{"number": 4, "title": "Waste", "charts": ["L1234"]}])
    message = chart_problems(config.promises, workbook)[0][1]
    named = message.split("(", 1)[1].split(")", 1)[0]
    assert named.endswith(" and 295 more") and named.count(",") == 4
    assert "L123" in named.split(", ") and "L234" in named.split(", ")
    assert len(message) < 200
