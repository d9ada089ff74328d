"""Narrative written back as Markdown reads back as the same narrative (the writer `bvpp absorb` uses)."""

from __future__ import annotations

from bvpp_docgen.core.absorb import key, normal, restore_facts
from bvpp_docgen.core.markdown_out import to_markdown
from bvpp_docgen.core.narrative import Paragraph, Span, Table
from bvpp_docgen.read.markdown import parse_markdown


def round_trip(blocks: tuple) -> tuple:
    return normal(parse_markdown(to_markdown(blocks)))


def test_headings_lists_emphasis_links_and_tables_read_back_the_same() -> None:
    blocks = (
        Paragraph((Span("Our budget"),), "heading", 2),
        Paragraph((Span("Spend is "), Span("up", bold=True), Span(" and "), Span("down", italic=True),
                   Span(" "), Span("both", bold=True, italic=True), Span(": see "), Span("the guide", href="https://example.org/a_b"))),
        Paragraph((Span("first"),), "bullet", 0),
        Paragraph((Span("nested"),), "bullet", 1),
        Paragraph((Span("second"),), "bullet", 0),
        Paragraph((Span("one"),), "number", 0),
        Paragraph((Span("two"),), "number", 0),
        Table((((Span("Service"),), (Span("£m"),)), ((Span("Education"),), (Span("1.5"),))), 1, (None, "right")),
    )
    assert key(round_trip(blocks)) == key(normal(blocks))
    assert to_markdown(blocks).startswith("## Our budget\n\nSpend is **up** and *down* ***both***: see [the guide](<https://example.org/a_b>)\n\n- first\n    - nested\n- second\n\n1. one\n1. two\n\n| Service | £m |\n| --- | ---: |\n")


def test_text_that_looks_like_markup_is_escaped_and_facts_are_written_as_references() -> None:
    blocks = (Paragraph((Span("# not a heading, *not* emphasis, [not a link] and [[not a fact]] under "),
                         Span("2003/04", fact="plan.year"), Span(" 1. with a line\nbreak"))),
              Paragraph((Span("1. not a list"),)))
    text = to_markdown(blocks)
    assert "[[plan.year]]" in text and "2003/04" not in text
    read = parse_markdown(text)
    assert "".join(s.text for s in read[0].spans) == (
        "# not a heading, *not* emphasis, [not a link] and [[not a fact]] under [[plan.year]] 1. with a line\nbreak")
    assert read[1] == Paragraph((Span("1. not a list"),))


def test_a_fact_whose_mark_was_lost_is_marked_again_where_its_text_is_unchanged() -> None:
    built = (Paragraph((Span("For "), Span("2003/04", fact="plan.year"), Span(" the council"))),)
    lost = (Paragraph((Span("For 2003/04 the whole council"),)),)
    restored = restore_facts(built, lost)
    assert [s.fact for s in restored[0].spans] == [None, "plan.year", None]
    assert "".join(s.text for s in restored[0].spans) == "For 2003/04 the whole council"
    edited = (Paragraph((Span("For 2004/05 the council"),)),)  # edited and unmarked: typed text, stays text
    assert all(s.fact is None for s in restore_facts(built, edited)[0].spans)
