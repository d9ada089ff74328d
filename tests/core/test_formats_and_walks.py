"""The one formatter, and the one walk over a narrative's spans."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bvpp_docgen.core.formats import find_financial_year, format_millions, format_number
from bvpp_docgen.core.narrative import Narrative, Paragraph, SectionBreak, Span, Table, map_spans
from bvpp_docgen.core.settings import Plan


@pytest.mark.parametrize(("text", "label"), [
    ("Outturn 2002/03", "2002/03"), ("Target 2003-2004", "2003/04"), ("2003 / 04", "2003/04"), ("2003/05", None),
])
def test_financial_years_are_found_in_headers(text: str, label: str | None) -> None:
    found = find_financial_year(text)
    assert found is not None and found.label == label


def test_the_plan_year_is_written_one_way_and_must_be_consecutive() -> None:
    assert Plan(year="2003-2004", title="t", sections=[]).year == "2003/04"
    with pytest.raises(ValueError, match="the second year must follow the first"):
        Plan(year="2003/05", title="t", sections=[])
    with pytest.raises(ValueError, match="expected a financial year such as '2003/04'"):
        Plan(year="2003 / 04", title="t", sections=[])


def test_numbers_and_budget_millions() -> None:
    assert format_number(Decimal("1234.56"), 1) == "1,234.6"
    assert format_millions(Decimal("1234.5")) == "£1,234.5m"


def test_map_spans_reaches_paragraphs_and_cells_and_keeps_what_it_does_not_change() -> None:
    table = Table(rows=(((Span("a"),), (Span("b"),)),))
    unchanged = Paragraph((Span("keep"),))
    narrative = Narrative("x", (Paragraph((Span("a"),)), table, SectionBreak(True), unchanged))
    upper = map_spans(narrative, lambda s: replace(s, text=s.text.upper()) if s.text != "keep" else s)
    assert upper.blocks[0] == Paragraph((Span("A"),))
    assert upper.blocks[1].rows == (((Span("A"),), (Span("B"),)),)  # type: ignore[union-attr]
    assert upper.blocks[2] is narrative.blocks[2] and upper.blocks[3] is unchanged
    assert map_spans(narrative, lambda s: s) is narrative
