"""Indicator facts on an in-memory sheet: each kind's text is the indicator table's, and bad names say what to write."""

from __future__ import annotations

import pytest

from bvpp_docgen.core.facts import Fact, Facts, fill_facts
from bvpp_docgen.core.indicator_facts import FACT_KINDS, IndicatorFacts
from bvpp_docgen.core.indicator_tables import promise_tables
from bvpp_docgen.core.indicators import IndicatorSet, Years, column_names, read_indicators
from bvpp_docgen.core.narrative import Cell, Narrative, Sheet, Table
from bvpp_docgen.errors import DocgenError

from .helpers import make_config, paragraph

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
ROWS = [
    ["BV82a", "Household waste recycled", 1, "percent", "higher is better", 1, 15.7, 17, 18.04, 18.5, 18.65, 19.9, 20.9, ""],
    ["BV12", "Days lost to sickness", 1, "days", "lower is better", 1, 9.4, 9.1, 9.1, 8.4, 8.2, 7.7, 7.5, ""],
    ["BV87", "Cost of waste disposal per tonne", 1, "£", "lower is better", 0, 45, 42, "n/a", 41, 38, 36, 35, ""],
]


def workbook() -> IndicatorSet:
    sheet = Sheet("in.xlsx", "Indicators", tuple((n, tuple(Cell(v) for v in r)) for n, r in enumerate([HEADERS, *ROWS], 1)))
    return read_indicators(sheet, "2003/04", [1])


def facts() -> Facts:
    return Facts({"plan.year": Fact("2003/04", "plan.year")}, [IndicatorFacts(workbook(), "in.xlsx:Indicators")])


def table_row(ref: str) -> dict[str, str]:
    promises = make_config(promises=[{"number": 1, "title": "One"}]).promises
    table = next(b for b in promise_tables(workbook(), promises) if isinstance(b, Table))
    heads = [" ".join("".join(s.text for s in c).split()) for c in table.rows[0]]
    row = next(r for r in table.rows[1:] if "".join(s.text for s in r[0]) == ref)
    return {h: "".join(s.text for s in c) for h, c in zip(heads, row, strict=True)}


@pytest.mark.parametrize("ref", ["BV82a", "BV12", "BV87"])
@pytest.mark.parametrize("column", ["Outturn 2000/01", "Outturn 2002/03", "Target 2002/03", "Target 2003/04", "Target 2005/06"])
def test_a_figure_reads_as_the_table_shows_it(ref: str, column: str) -> None:
    kind, year = column.lower().split()
    assert facts()[f"{ref}.{kind}.{year}"].text == table_row(ref)[column]


def test_rounded_as_shown_and_judged_as_the_table_judges() -> None:
    found = facts()
    assert found["BV82a.outturn.2002/03"].text == "18.0%"
    assert found["BV82a.target.2003/04"].text == "18.7%"
    assert found["BV87.outturn.2002/03"].text == "n/a"
    assert found["BV87.target.2003/04"].text == "£38"
    assert found["BV82a.title"].text == "Household waste recycled"
    assert [found[f"{r}.travel"].text for r in ("BV82a", "BV12", "BV87")] == ["improved", "no change", "not comparable"]
    assert table_row("BV12")["Status"].startswith("No change")


def test_a_fact_knows_its_indicator_and_cell() -> None:
    fact = facts()["BV82a.outturn.2002/03"]
    assert (fact.config_key, fact.data, fact.cell) == ("", "BV82a", "in.xlsx:Indicators!I2")
    assert facts()["BV82a.travel"].cell == "in.xlsx:Indicators!2:2"


def test_any_spelling_of_the_reference_and_every_kind_is_listed() -> None:
    assert facts()["bv 82a.outturn.2001/02"].text == "17.0%"
    names = set(facts())
    assert {"plan.year", "BV82a.title", "BV12.travel", "BV87.target.2002/03", "BV87.outturn.2000/01"} <= names
    assert "BV87.outturn.2003/04" not in names
    assert set(FACT_KINDS) == {"outturn", "target", "title", "travel", "quartile"}


@pytest.mark.parametrize(("name", "message"), [
    ("BV99.title", "unknown fact '[[BV99.title]]': no indicator 'BV99' in in.xlsx:Indicators; write a reference the "
                   "workbook's Reference column holds"),
    ("BV12.targt.2003/04", "unknown fact '[[BV12.targt.2003/04]]': no kind 'targt' (did you mean "
                           "'[[BV12.target.2003/04]]'?); an indicator fact is [[BV12.outturn.YEAR]], "
                           "[[BV12.target.YEAR]], [[BV12.title]], [[BV12.travel]], [[BV12.quartile]]"),
    ("BV12.outturn.2003/04", "unknown fact '[[BV12.outturn.2003/04]]': the workbook has no outturn for '2003/04' "
                             "(outturn years: 2000/01, 2001/02, 2002/03)"),
    ("BV12.travel.2002/03", "unknown fact '[[BV12.travel.2002/03]]': travel takes no year; write [[BV12.travel]]"),
    ("plan.yaer", "unknown fact '[[plan.yaer]]' (did you mean '[[plan.year]]'?)"),
])
def test_an_unknown_name_says_what_to_write(name: str, message: str) -> None:
    assert name not in facts()
    with pytest.raises(DocgenError) as caught:
        fill_facts(Narrative("inputs/x.md", (paragraph(f"See [[{name}]]."),)), facts(), lambda index, _: 7)
    assert str(caught.value) == f"inputs/x.md:7: {message}"


def test_an_unreadable_workbook_leaves_the_references_unfilled_without_more_errors() -> None:
    unread = Facts({}, [IndicatorFacts(None, "in.xlsx:Indicators", ("L",))])
    filled = fill_facts(Narrative("inputs/x.md", (paragraph("See [[BV82a.outturn.2002/03]]."),)), unread)
    assert "".join(s.text for s in filled.blocks[0].spans) == "See [[BV82a.outturn.2002/03]]."  # type: ignore[union-attr]
