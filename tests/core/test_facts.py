"""Facts: one name for each value of bvpp.toml, the same text in snippets and templates."""

from __future__ import annotations

import pytest
from jinja2.sandbox import SandboxedEnvironment

from bvpp_docgen.core.context import build_contexts
from bvpp_docgen.core.facts import LITERAL_BRACKET, fill_facts, make_facts
from bvpp_docgen.core.narrative import Table
from bvpp_docgen.errors import DocgenError

from .helpers import make_config, narrative, paragraph

# (canonical name, its alias): both give the same text, in snippets and in templates.
SPELLINGS = [
    ("meetings.cabinet.date", "meetings.cabinet.date", "28 April 2003"),
    ("meetings.cabinet.date.long", "meetings.cabinet.date_long", "Monday 28 April 2003"),
    ("meetings.cabinet.date.month", "meetings.cabinet.date_month", "April 2003"),
    ("plan.outturn_year", "plan.outturn-year", "2002/03"),
    ("dates.data-cutoff", "dates.data-cutoff.date", "2 May 2003"),
    ("dates.data-cutoff.long", "dates.data-cutoff.date_long", "Friday 2 May 2003"),
    ("dates.data-cutoff.month", "dates.data-cutoff.date_month", "May 2003"),
]


def snippet_text(name: str) -> str:
    filled = fill_facts(narrative(paragraph(f"[[{name}]]")), make_facts(make_config()))
    return filled.blocks[0].spans[0].text  # type: ignore[union-attr]


def template_text(name: str) -> str:
    context = build_contexts(make_config(), {path: narrative(paragraph("x")) for path in ("inputs/cabinet/purpose", "inputs/plan/introduction")})["cabinet"]
    head, *rest = name.split(".")
    expression = head + "".join(f"[{part!r}]" if "-" in part else f".{part}" for part in rest)
    return SandboxedEnvironment(autoescape=True).from_string("{{ " + expression + " }}").render(context)


@pytest.mark.parametrize(("name", "alias", "text"), SPELLINGS)
def test_a_fact_and_its_alias_read_the_same_in_snippets_and_templates(name: str, alias: str, text: str) -> None:
    assert snippet_text(name) == snippet_text(alias) == text
    assert template_text(name) == template_text(alias) == text


def test_times_and_plain_values_are_facts() -> None:
    facts = make_facts(make_config())
    assert facts["meetings.cabinet.time"].text == "2.00 p.m."
    assert facts["council.name"].text == "Hertfordshire County Council"
    assert facts["meetings.cabinet.date.long"].config_key == "meetings.cabinet.date"
    assert facts["plan.outturn_year"].config_key == "plan.year"


def test_fill_facts_fills_paragraphs_and_table_cells_and_records_the_names_used() -> None:
    table = Table(rows=((paragraph("[[plan.year]]").spans,),))
    filled = fill_facts(narrative(paragraph("Due ", "[[dates.data-cutoff]]."), table), make_facts(make_config()))
    assert "".join(s.text for s in filled.blocks[0].spans) == "Due 2 May 2003."  # type: ignore[union-attr]
    assert filled.blocks[1].rows[0][0][0].text == "2003/04"  # type: ignore[union-attr]
    assert filled.facts == ("dates.data-cutoff", "plan.year")


def test_each_filled_fact_is_its_own_span_carrying_its_name_so_the_paper_can_mark_it() -> None:
    filled = fill_facts(narrative(paragraph("Due by [[dates.data-cutoff]] for \\[[x]]")), make_facts(make_config()))
    spans = filled.blocks[0].spans  # type: ignore[union-attr]
    assert [(s.text, s.fact) for s in spans] == [("Due by ", None), ("2 May 2003", "dates.data-cutoff"), (" for [[x]]", None)]


def test_a_fact_value_is_data_never_filled_again() -> None:
    facts = make_facts(make_config(council={"name": "A [[plan.year]] {{ x }}"}))
    filled = fill_facts(narrative(paragraph("[[council.name]]")), facts)
    assert filled.blocks[0].spans[0].text == "A [[plan.year]] {{ x }}"  # type: ignore[union-attr]


def test_escaped_brackets_are_literal() -> None:
    facts = make_facts(make_config())
    filled = fill_facts(narrative(paragraph("\\[[plan.year]] and", f" {LITERAL_BRACKET}[plan.year]]")), facts)
    assert [s.text for s in filled.blocks[0].spans] == ["[[plan.year]] and", " [[plan.year]]"]  # type: ignore[union-attr]


def test_unknown_fact_names_the_snippet_line_and_the_nearest_canonical_name() -> None:
    with pytest.raises(DocgenError) as caught:
        fill_facts(narrative(paragraph("[[meetings.cabinet.dat]]"), source="inputs/a.md"),
                   make_facts(make_config()), lambda index, ref: 3)
    assert str(caught.value) == "inputs/a.md:3: unknown fact '[[meetings.cabinet.dat]]' (did you mean '[[meetings.cabinet.date]]'?)"


def test_every_unknown_fact_is_reported_at_once() -> None:
    with pytest.raises(DocgenError) as caught:
        fill_facts(narrative(paragraph("[[nothing.here]] [[council.nam]]")), make_facts(make_config()))
    text = str(caught.value)
    assert "unknown fact '[[nothing.here]]' (write \\[[ for a literal '[[')" in text
    assert "unknown fact '[[council.nam]]' (did you mean '[[council.name]]'?)" in text


def test_a_narrative_without_references_is_returned_as_it_is() -> None:
    original = narrative(paragraph("No facts here."))
    assert fill_facts(original, make_facts(make_config())) is original
