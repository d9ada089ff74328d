"""The narrative model carries merged cells and footnotes: through the cache and through the walks."""

from __future__ import annotations

from bvpp_docgen.core.facts import Fact, fill_facts
from bvpp_docgen.core.narrative import (
    Narrative,
    Note,
    Paragraph,
    Span,
    Table,
    blocks_from_json,
    blocks_to_json,
    spans_of,
)


def test_merges_and_notes_survive_the_cache() -> None:
    table = Table((((Span("Service"),), (Span("2002/03"),), ()), ((), (Span("Budget"),), (Span("Outturn"),))),
                  header_rows=2, merges=((0, 0, 2, 1), (0, 1, 1, 2)))
    note = Note(((Span("Source: "), Span("DEFRA", italic=True)),))
    paragraph = Paragraph((Span("Recycling rose"), Span("", note=note)))
    assert blocks_from_json(blocks_to_json((table, paragraph))) == (table, paragraph)


def test_facts_are_filled_in_footnotes_too() -> None:
    note = Note(((Span("As at [[plan.year]]"),),))
    narrative = Narrative("a.docx", (Paragraph((Span("Text"), Span("", note=note))),))
    filled = fill_facts(narrative, {"plan.year": Fact("2003/04", "plan.year")})
    assert "".join(s.text for s in spans_of(filled.blocks[0])) == "TextAs at 2003/04"
    assert filled.facts == ("plan.year",)
