"""Pictures and note marks in what absorb compares and writes back (pure: in-memory narrative)."""

from __future__ import annotations

from bvpp_docgen.core.absorb import key, normal, restore_facts, without_notes
from bvpp_docgen.core.markdown_out import to_markdown
from bvpp_docgen.core.narrative import Note, Paragraph, Picture, Span
from bvpp_docgen.read.markdown import parse_markdown

CHART = Picture(b"\x89PNG chart", "Council tax [2003/04] by band", 100, 50)
MAP = Picture(b"\x89PNG map", "Council tax [2003/04] by band", 100, 50)


def test_a_paragraph_holding_only_a_picture_is_kept_and_compared_by_its_bytes_and_alt_text() -> None:
    text = Paragraph((Span("Each 1% raises about £3m."),))
    alone = Paragraph((Span("", picture=CHART),))
    assert normal((text, alone)) == (text, alone)
    assert key(normal((text,))) != key(normal((text, alone)))  # a picture added is an edit
    assert key(normal((Paragraph((Span("", picture=MAP),)),))) != key(normal((alone,)))  # another image, same alt
    renamed = Picture(CHART.data, "Chart of council tax", 1, 1)
    assert key(normal((Paragraph((Span("", picture=renamed),)),))) != key(normal((alone,)))  # alt text changed
    resized = Picture(CHART.data, CHART.alt, 9, 9)
    assert key(normal((Paragraph((Span("", picture=resized),)),))) == key(normal((alone,)))  # size is not compared


def test_a_note_mark_is_an_edit_and_markdown_drops_it() -> None:
    plain = Paragraph((Span("Reserves stand at £12m."),))
    noted = Paragraph((Span("Reserves stand at £12m."), Span("", note=Note(((Span("At 31 March."),),)))))
    assert key(normal((plain,))) != key(normal((noted,)))
    assert key(normal(without_notes((noted,)))) == key(normal((plain,)))


def test_pictures_are_written_as_markdown_images_that_read_back_the_same() -> None:
    blocks = normal((Paragraph((Span("Before "), Span("", picture=CHART), Span(" after."))),))
    text = to_markdown(blocks, lambda picture: "budget-image-1.png")
    assert text == "Before ![Council tax \\[2003/04\\] by band](<budget-image-1.png>) after.\n"
    read = parse_markdown(text, lambda src, alt: Picture(CHART.data, alt, 0, 0) if src == "budget-image-1.png" else None)
    assert key(normal(read)) == key(blocks)
    assert to_markdown(blocks) == "Before  after.\n"  # without names, pictures are left out


def test_restoring_facts_keeps_the_pictures() -> None:
    before = (Paragraph((Span("The Plan for "), Span("2003/04", fact="plan.year"), Span(" is due."))),)
    after = (Paragraph((Span("The Plan for 2003/04 is due."), Span("", picture=CHART))),)
    restored = restore_facts(before, after)
    assert [s.fact for s in restored[0].spans if s.fact] == ["plan.year"]  # type: ignore[union-attr]
    assert [s.picture for s in restored[0].spans if s.picture] == [CHART]  # type: ignore[union-attr]
