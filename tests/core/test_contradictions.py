"""The contradiction check on in-memory narrative: sentences that must warn, and sentences that must not.

The workbook (written out below) says: BV82a, % recycled, higher is better, 1 place: 15.7, 17.0,
18.44 (shown 18.4%), target 2002/03 18.5, targets 18.6, 19.9, 20.9. BV12, days lost, lower is
better: 9.4, 9.1, 8.6. BV87, £ per tonne, lower is better, 0 places: 45, 42, 40. BV102, bus
journeys, a number: 29,579,884 in 2002/03. BV16b: a context indicator (no direction).
"""

from __future__ import annotations

import random
import re

import pytest

from bvpp_docgen.core.contradictions import RefFinder, prose_contradictions
from bvpp_docgen.core.indicators import IndicatorSet, Years, column_names, read_indicators
from bvpp_docgen.core.narrative import Cell, Narrative, Paragraph, Sheet, Span
from bvpp_docgen.errors import Location

HEADERS = list(column_names(Years.for_plan("2003/04")).values())
ROWS = [
    ["BV82a", "Household waste recycled", 4, "percent", "higher is better", 1, 15.7, 17, 18.44, 18.5, 18.6, 19.9, 20.9, ""],
    ["BV82b", "Household waste composted", 4, "percent", "higher is better", 1, 5.7, 6.4, 7.2, 7.6, 7.9, 8.7, 9.5, ""],
    ["BV12", "Days lost to sickness", 6, "days", "lower is better", 1, 9.4, 9.1, 8.6, 8.4, 8.2, 7.7, 7.5, ""],
    ["BV87", "Cost of waste disposal per tonne", 4, "£", "lower is better", 0, 45, 42, 40, 41, 38, 36, 35, ""],
    ["BV102", "Bus passenger journeys", 3, "number", "higher is better", 0,
     24855609, 26994171, 29579884, 28538217, 30905394, 33731882, 36316206, ""],
    ["BV16b", "Economically active disabled people", 6, "percent", "none", 1, 10.4, 11, 11.3, 11.1, 11.8, 12.6, 12.8, ""],
]

MUST_WARN = [
    "BV82a rose to 19% in 2002/03.",
    "BV82a rose to 19%.",
    "BV82a fell to 18.4% in 2002/03.",
    "In 2001/02 BV82a was 17.5%.",
    "BV82a is now 18.5%.",
    "The target for BV82a in 2003/04 is 20%.",
    "BV82a rose from 16% to 18.4%.",
    "BV82a worsened in 2002/03.",
    "BV82a was unchanged in 2002/03.",
    "In 2002/03 BV82a stood at 18.6 per cent.",
    "BV82a will reach 21% in 2004/05.",
    "BV12 fell to 8.9 days in 2002/03.",
    "BV12 worsened.",
    "BV12 rose last year.",
    "BV87 cost £42 per tonne in 2002/03.",
    "BV102 reached 30,000,000 journeys in 2002/03.",
]

MUST_NOT_WARN = [
    "BV82a rose to 18.4% in 2002/03.",
    "BV82a rose to 18% in 2002/03.",  # compared as displayed, to the places written
    "bv82a rose to 25%.",  # not the reference as the workbook writes it
    "BV82ab rose to 25%.",  # another word
    "Recycling rose to 25% in 2002/03.",  # names no indicator
    "BV82a and BV82b rose to 25%.",  # two indicators: not tied to one
    "BV82a rose by 1.4% in 2002/03.",  # a change, not a level
    "BV82a was 25% in 2000/01 and 30% in 2001/02.",  # two years
    "BV82a was 25%.",  # no year, not said to be current
    "BV82a did not fall in 2002/03.",  # a negation
    "BV12 improved in 2002/03.",  # fell, and lower is better
    "BV16b improved.",  # a context indicator has no better or worse
    "BV87 fell to £40 per tonne, against a target of £41 in 2002/03.",
    "The target for BV82a in 2003/04 is 18.6%.",
    "BV82a rose from 17% to 18.4%.",
    "BV82a is now in the top quartile, with 5 of 9 councils below it.",  # plain numbers, a percentage indicator
    "BV102 reached 29,579,884 journeys in 2002/03.",
    "BV82a was 18.4% in 2002/03 against a target of 18.5%.",
    "BV12 fell to 8.6 days in 2002/03 from 9.1 days.",
    "Since 1998 BV82a has risen every year to 18.4%.",  # a calendar year is not a figure
]


def workbook() -> IndicatorSet:
    sheet = Sheet("in.xlsx", "Indicators", tuple((n, tuple(Cell(v) for v in r)) for n, r in enumerate([HEADERS, *ROWS], 1)))
    return read_indicators(sheet, "2003/04", [3, 4, 6])


def warnings(*spans: Span) -> list[str]:
    narrative = Narrative("inputs/plan/waste.md", (Paragraph(spans),))
    return [n.message for n in prose_contradictions([narrative], workbook(), "in.xlsx:Indicators")]


@pytest.mark.parametrize("sentence", MUST_WARN)
def test_a_sentence_the_workbook_does_not_support_warns(sentence: str) -> None:
    assert len(warnings(Span(sentence))) == 1, sentence


@pytest.mark.parametrize("sentence", MUST_NOT_WARN)
def test_a_sentence_that_agrees_or_cannot_be_tied_does_not_warn(sentence: str) -> None:
    assert warnings(Span(sentence)) == [], sentence


def test_the_warning_names_the_snippet_the_sentence_and_the_workbooks_figure() -> None:
    narrative = Narrative("inputs/plan/waste.md", (Paragraph((Span("Good news. BV82a rose to 19% in 2002/03. More."),)),))
    [notice] = prose_contradictions([narrative], workbook(), "in.xlsx:Indicators")
    assert notice.location == Location("inputs/plan/waste.md")
    assert notice.message == ("'BV82a rose to 19% in 2002/03.' does not match the workbook: BV82a's outturn for 2002/03 "
                              "is 18.4% (in.xlsx:Indicators!I2); cite it as [[BV82a.outturn.2002/03]] and the paper shows "
                              "the workbook's figure")


def test_a_wrong_direction_names_what_the_workbook_says() -> None:
    assert warnings(Span("BV82a fell.")) == [
        "'BV82a fell.' does not match the workbook: BV82a rose (improved for a higher-is-better indicator): 18.4% in "
        "2002/03 against 17.0% in 2001/02 (in.xlsx:Indicators!I2); cite it as [[BV82a.travel]]"]


def test_a_figure_filled_from_a_fact_is_the_workbooks_own() -> None:
    assert warnings(Span("BV82a rose to "), Span("25.0%", fact="BV82a.outturn.2001/02"), Span(" in 2002/03.")) == []
    assert len(warnings(Span("BV82a rose to 25.0% in "), Span("2002/03", fact="plan.outturn_year"), Span("."))) == 1
    assert len(warnings(Span("BV82a was 25.0% in "), Span("2002/03", fact="plan.outturn_year"), Span("."))) == 1


def _by_regex(refs: list[str], text: str) -> set[str]:
    """The references an alternation of them finds, as the check found them before RefFinder."""
    names = re.compile(r"(?<![\w(])(" + "|".join(sorted(map(re.escape, refs), key=len, reverse=True)) + r")(?![\w(])")
    return {m.group(1) for m in names.finditer(text)}


@pytest.mark.parametrize("seed", range(40))
def test_the_reference_finder_finds_what_an_alternation_of_the_references_finds(seed: int) -> None:
    chance = random.Random(seed)
    refs = list(dict.fromkeys(chance.choice(["BV", "BV ", "LPI", "L", "bv", "BVPI "]) + str(chance.randint(1, 120)) +
                              chance.choice(["", "a", "b", "ai", "(i)", "a(ii)", "é", "_x"]) for _ in range(60)))
    pieces = [*refs, " ", "  ", "(", ")", ".", ",", "_", "x", "é", "1", "2a", "\ufffc", "BV", "rose to 18%", "\n"]
    for _ in range(30):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 40)))
        assert RefFinder(refs).named(text) == _by_regex(refs, text), text
