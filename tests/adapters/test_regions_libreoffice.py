"""Reading regions back from the shapes LibreOffice 7.4 writes when it saves a paper (as seen in its copies)."""

from __future__ import annotations

from bvpp_docgen.ooxml.ns import fromstring, w
from bvpp_docgen.ooxml.regions import marked_regions, region_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAP = {"_bvpp_s1": "bvpp:snippet:a.snippet", "_bvpp_s2": "bvpp:snippet:b.snippet", "_bvpp_g1": "bvpp:generated:indicators"}


def gallery(tag: str, content: str) -> str:
    """A block content control as LibreOffice saves ours: its tag gone, its gallery name kept."""
    return (f"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val='{tag}'/></w:docPartObj></w:sdtPr>"
            f"<w:sdtContent>{content}</w:sdtContent></w:sdt>")


def p(text: str, marks: str = "", end: str = "") -> str:
    return f"<w:p>{marks}<w:r><w:t>{text}</w:t></w:r>{end}</w:p>"


def table(first_cell: str) -> str:
    return f"<w:tbl><w:tr><w:tc><w:tcPr/>{first_cell}</w:tc><w:tc>{p('B')}</w:tc></w:tr></w:tbl>"


def regions(body: str) -> list[tuple[str, str, list[str], str]]:
    root = fromstring(f"<w:body xmlns:w='{W}'>{body}</w:body>".encode())
    return [(r.kind, r.value, [e.tag.rpartition("}")[2] for e in r.elements], region_text(r))
            for r in marked_regions(root, MAP)]


def test_a_control_found_by_its_gallery_name_holds_the_region() -> None:
    body = p("Heading") + gallery("bvpp:snippet:a.snippet", p("One", "<w:bookmarkStart w:id='1' w:name='_bvpp_s1'/>")
                                   + p("Two", "<w:bookmarkStart w:id='2' w:name='_bvpp_s1'/>", "<w:bookmarkEnd w:id='2'/>"))
    assert regions(body) == [("snippet", "a.snippet", ["p", "p"], "One\nTwo")]


def test_a_control_cut_at_a_table_takes_its_bookmark_to_the_table() -> None:
    body = (gallery("bvpp:snippet:a.snippet", p("Text", "<w:bookmarkStart w:id='1' w:name='_bvpp_s1'/>"))
            + table(p("A", "<w:bookmarkStart w:id='2' w:name='_bvpp_s1'/>", "<w:bookmarkEnd w:id='2'/>")) + p("After"))
    assert regions(body) == [("snippet", "a.snippet", ["p", "tbl"], "Text\nA\nB")]


def test_a_control_that_swallowed_the_next_paragraphs_is_cut_back_to_its_bookmark() -> None:
    body = gallery("bvpp:snippet:a.snippet", p("Mine", "<w:bookmarkStart w:id='1' w:name='_bvpp_s1'/><w:bookmarkEnd w:id='1'/>")
                   + p("Contents entry"))
    assert regions(body) == [("snippet", "a.snippet", ["p"], "Mine")]


def test_a_region_that_starts_with_a_table_starts_with_it_again() -> None:
    body = (table(gallery("bvpp:generated:indicators", p("A")))
            + p("Note 1", "<w:bookmarkStart w:id='1' w:name='_bvpp_g1'/>")
            + p("Note 2", "<w:bookmarkStart w:id='2' w:name='_bvpp_g1'/>", "<w:bookmarkEnd w:id='2'/>") + p("Outside"))
    assert regions(body) == [("generated", "indicators", ["tbl", "p", "p"], "A\nB\nNote 1\nNote 2")]


def test_a_bookmark_inside_an_inline_control_marks_its_whole_paragraph() -> None:
    inline = ("<w:p><w:sdt><w:sdtPr><w:alias w:val='b.snippet'/></w:sdtPr><w:sdtContent>"
              "<w:bookmarkStart w:id='1' w:name='_bvpp_s2'/><w:bookmarkEnd w:id='1'/>"
              "<w:r><w:t>Inline</w:t></w:r></w:sdtContent></w:sdt></w:p>")
    assert regions(p("Before") + inline + p("After")) == [("snippet", "b.snippet", ["p"], "Inline")]


def test_a_control_that_keeps_its_tag_is_read_as_built() -> None:
    body = ("<w:sdt><w:sdtPr><w:tag w:val='bvpp:snippet:a.snippet'/><w:docPartObj><w:docPartGallery "
            "w:val='bvpp:snippet:a.snippet'/></w:docPartObj></w:sdtPr><w:sdtContent>"
            + p("One", "<w:bookmarkStart w:id='1' w:name='_bvpp_s1'/>") + table(p("A", "", "<w:bookmarkEnd w:id='1'/>"))
            + "</w:sdtContent></w:sdt>")
    found = marked_regions(fromstring(f"<w:body xmlns:w='{W}'>{body}</w:body>".encode()), MAP)
    assert [(r.via, [e.tag == w("tbl") for e in r.elements]) for r in found] == [("content control", [False, True])]
