"""Page numbers written into a filled contents list (what `bvpp publish` does to the .docx), no build."""

from __future__ import annotations

from bvpp_docgen.app.publish import contents_page_numbers
from bvpp_docgen.ooxml.ns import fromstring, w
from bvpp_docgen.ooxml.toc import contents_entries, entry_text, set_page_numbers
from bvpp_docgen.write.contents import fill_contents

from .test_contents import DECL, LEVEL_TOC, heading, sheet_and_styles

PORTRAIT = ('<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:left="1134" w:right="1134" w:top="1134" w:bottom="1134"/></w:sectPr></w:pPr></w:p>')
LANDSCAPE = '<w:sectPr><w:pgSz w:w="16838" w:h="11906"/><w:pgMar w:left="1134" w:right="1134" w:top="1134" w:bottom="1134"/></w:sectPr>'


def filled_body():
    body = fromstring(f"<w:body {DECL}>{LEVEL_TOC}{heading('Heading1', 'Budget')}{heading('Heading2', 'Schools')}"
                      f"{PORTRAIT}{heading('Heading1', 'Performance data')}{LANDSCAPE}</w:body>")
    sheet, styles = sheet_and_styles()
    fill_contents(body, styles, sheet)
    return body


def shown(paragraph) -> str:
    """The entry as a reader sees it: its text, a tab as \\t."""
    return "".join("\t" if node.tag == w("tab") else node.text or "" for node in paragraph.iter(w("t"), w("tab"))
                   if node.getparent().tag == w("r"))


def test_each_entry_gets_its_page_after_a_dot_leader_tab_inside_its_link() -> None:
    body = filled_body()
    (entries,) = contents_entries(body)
    assert [entry_text(p) for p in entries] == ["Budget", "Schools", "Performance data"]
    assert set_page_numbers(body, [[2, 2, 5]]) == 3
    assert [shown(p) for p in entries] == ["Budget\t2", "Schools\t2", "Performance data\t5"]
    for paragraph in entries:
        (tab,) = paragraph.iter(w("tabs"))
        stop = tab[0]
        # at the right margin of the list's own (portrait) section, not the landscape one after it
        assert (stop.get(w("val")), stop.get(w("leader")), stop.get(w("pos"))) == ("right", "dot", str(11906 - 2 * 1134))
        link = paragraph.find(w("hyperlink"))
        assert shown(link).endswith("\t" + shown(paragraph).rpartition("\t")[2])  # the number is part of the link
    assert [entry_text(p) for p in entries] == ["Budget", "Schools", "Performance data"]  # the text without its number


def test_numbers_that_do_not_fit_the_entries_are_not_written() -> None:
    body = filled_body()
    assert set_page_numbers(body, [[2, 2]]) == 0
    assert set_page_numbers(body, [[]]) == 0
    assert not list(body.iter(w("tabs")))


def test_a_list_takes_the_pages_of_the_laid_out_list_with_the_same_entries() -> None:
    laid_out = [[("Purpose", 1)], [("Budget", 2), ("Schools", 3)]]
    assert contents_page_numbers([["Budget", "Schools"], ["Purpose"]], laid_out) == [[2, 3], [1]]
    assert contents_page_numbers([["Budget", "Something else"]], laid_out) == [[]]  # nothing is guessed
    assert contents_page_numbers([[]], laid_out) == [[]]
