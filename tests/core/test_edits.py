"""Hand edits found on in-memory paragraphs: which paragraph, under which heading, and where it must go."""

from __future__ import annotations

from bvpp_docgen.core.edits import Edit, built_paragraphs, find_edits, from_json, to_json
from bvpp_docgen.core.narrative import Narrative, Paragraph, Span, Table

SNIPPET = Narrative("inputs/plan/promises.md", (
    Paragraph((Span("We promise "), Span("to:", bold=True))),
    Table(((( Span("Aim"),), (Span("When"),)), ((Span("Cleaner streets"),), (Span("2004"),)))),
))
PAPER = [(1, "Our promises"), (None, "We promise to:"), (None, "Cleaner streets"), (None, "Prepared by the clerk"),
         (1, "Budget"), (None, "521.6")]


def test_each_paragraph_is_traced_to_its_snippet_the_template_or_bvpp() -> None:
    built = built_paragraphs(PAPER, [SNIPPET], "templates/plan.docx", ["Prepared by the clerk"])
    assert [(b.heading, b.source) for b in built] == [
        ("", ""), ("Our promises", "snippet:inputs/plan/promises.md"), ("Our promises", "snippet:inputs/plan/promises.md"),
        ("Our promises", "template:templates/plan.docx"), ("Our promises", ""), ("Budget", ""),
    ]
    assert from_json(to_json(built)) == built
    assert from_json({"format": 2}) is None and from_json([]) is None


def test_changed_added_and_deleted_paragraphs_are_named_with_their_heading_and_home() -> None:
    built = built_paragraphs(PAPER, [SNIPPET], "templates/plan.docx", ["Prepared by the clerk"])
    now = [(1, "Our pledges"), (None, "We promise, after asking residents, to:"), (None, "Cleaner streets"),
           (None, "A clerk's note."), (None, "Prepared by the clerk"), (1, "Budget"), (None, "521.7")]
    edits = find_edits(built, now)
    assert [e.describe() for e in edits] == [
        "heading 'Our promises' now reads 'Our pledges'",
        "paragraph under 'Our promises' now reads 'We promise, after asking residents, to:' (was 'We promise to:')",
        "paragraph added under 'Our pledges': 'A clerk's note.'",
        "paragraph under 'Budget' now reads '521.7' (was '521.6')",
    ]
    assert [e.home() for e in edits] == [
        "bvpp made this text from bvpp.toml or the workbooks: make the change there",
        "make this edit in inputs/plan/promises.md",
        "make this edit in inputs/plan/promises.md",  # added after a paragraph of that snippet
        "bvpp made this text from bvpp.toml or the workbooks: make the change there",
    ]
    assert find_edits(built, PAPER) == []
    deleted = find_edits(built, [p for p in PAPER if p[1] != "Prepared by the clerk"])
    assert deleted == [Edit("deleted", "Our promises", "Prepared by the clerk", "", "template:templates/plan.docx")]
    assert deleted[0].home() == "make this edit in the template templates/plan.docx"
    after_a_figure = find_edits(built, [*PAPER, (None, "A note.")])
    assert after_a_figure[0].home() == "to keep it, write it into one of this paper's snippets (or its template)"


def test_a_long_paragraph_is_quoted_short() -> None:
    edit = Edit("added", "", "word " * 30)
    assert edit.describe() == "paragraph added before the first heading: '" + ("word " * 12).rstrip() + "…'"
