"""The contents list asks the style sheet which paragraphs are headings (no build)."""

from __future__ import annotations

from typing import Any

from bvpp_docgen.ooxml.ns import W_NS, fromstring, w
from bvpp_docgen.ooxml.styles import Styles
from bvpp_docgen.write.contents import fill_contents

DECL = f'xmlns:w="{W_NS}"'
TOC = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \\o "1-2" \\h</w:instrText></w:r>'
       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
STYLE_SHEET = (
    f"<w:styles {DECL}>"
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="CouncilHeading"><w:name w:val="Council Heading"/>'
    '<w:basedOn w:val="Heading2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="CouncilNote"><w:name w:val="Council Note"/>'
    '<w:basedOn w:val="Heading2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    "</w:styles>")
STYLES = Styles(fromstring(STYLE_SHEET))


def heading(style_id: str, text: str) -> str:
    """Return a paragraph of `text` in the style `style_id`."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def test_a_council_style_based_on_heading_2_is_listed_at_level_2() -> None:
    body = fromstring(f"<w:body {DECL}>{TOC}{heading('Heading1', 'Budget')}{heading('CouncilHeading', 'Schools')}"
                      f"{heading('Heading3', 'Too deep')}{heading('CouncilNote', 'Body text')}</w:body>")
    (entries,) = fill_contents(body, STYLES)
    assert [(e.level, e.text) for e in entries] == [(1, "Budget"), (2, "Schools")]
    links = [link.get(w("anchor")) for link in body.iter(w("hyperlink"))]
    assert links == [e.bookmark for e in entries]


def field(instruction: str, result: str = "") -> str:
    """Return a paragraph holding a TOC field with `instruction` and the result text `result`."""
    shown = f"<w:r><w:t>{result}</w:t></w:r>" if result else ""
    return (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{instruction}</w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{shown}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


APPENDIX_TOC = field('TOC \\h \\z \\t &quot;Heading 2,1,Heading 3,2&quot;')
PLAIN_TOC = field('TOC \\o &quot;1-3&quot; \\h', 'Right-click to update the contents')
LEVEL_TOC = field('TOC \\o &quot;1-2&quot; \\h')


def sheet_and_styles() -> tuple[Any, Styles]:
    """Return a fresh style sheet (the build may add to it) and its Styles."""
    root = fromstring(STYLE_SHEET)
    return root, Styles(root)


def in_bookmark(body: Any, name: str) -> list[str]:
    """Return the texts of the paragraphs that start inside the bookmark `name`, in order."""
    inside, mark = [], None
    for node in body.iter(w("p"), w("bookmarkStart"), w("bookmarkEnd")):
        if node.tag == w("bookmarkStart") and node.get(w("name")) == name:
            mark = node.get(w("id"))
        elif node.tag == w("bookmarkEnd") and node.get(w("id")) == mark:
            return inside
        elif node.tag == w("p") and mark is not None:
            inside.append("".join(node.itertext()))
    raise AssertionError(f"bookmark {name} is not a whole range")


def test_an_appendix_contents_lists_its_own_range_and_names_it_for_word() -> None:
    """A covering report: its own headings before, a later annex after; the appendix list covers the appendix."""
    sheet, styles = sheet_and_styles()
    body = fromstring(
        f"<w:body {DECL}>{heading('Heading1', 'Purpose of the report')}{heading('Heading2', 'Background')}"
        f"{heading('Heading1', 'Appendix')}{heading('Heading2', 'Contents')}"
        f"{APPENDIX_TOC}"
        f"{heading('Heading2', 'Budget')}<w:p><w:r><w:t>Spending</w:t></w:r></w:p>{heading('Heading3', 'Schools')}"
        f"{heading('Heading1', 'Annex')}{heading('Heading2', 'Late')}<w:sectPr/></w:body>")
    (entries,) = fill_contents(body, styles, sheet)
    assert [(e.level, e.text) for e in entries] == [(2, "Budget"), (3, "Schools")]
    (instr,) = [t.text for t in body.iter(w("instrText"))]
    assert instr.split() == ["TOC", "\\h", "\\z", "\\t", '"Heading', '2,1,Heading', '3,2"', "\\b", "bvpp_contents_1"]
    assert in_bookmark(body, "bvpp_contents_1") == ["Budget", "Spending", "Schools"]  # Word lists only these
    contents = next(p for p in body.iter(w("p")) if "".join(p.itertext()) == "Contents")
    updated = Styles(sheet)  # the style sheet as the paper carries it
    assert updated.heading_level(contents) is None  # body text: no list lists it, by level or by style name
    style_id = contents.find(f"{w('pPr')}/{w('pStyle')}").get(w("val"))
    assert updated.name(style_id) == "Contents heading 2"
    assert [s.get(w("styleId")) for s in updated.chain(style_id)] == [style_id, "Heading2"]  # it keeps the look


def test_a_council_template_plain_toc_field_gets_the_same_scoping() -> None:
    """A council's own 'Contents' heading and `TOC \\o "1-3" \\h` with Word's placeholder text."""
    sheet, styles = sheet_and_styles()
    body = fromstring(f"<w:body {DECL}>{heading('Heading1', 'Contents')}"
                      f"{PLAIN_TOC}"
                      f"{heading('Heading1', 'Budget')}{heading('Heading2', 'Schools')}</w:body>")
    (entries,) = fill_contents(body, styles, sheet)
    assert [e.text for e in entries] == ["Budget", "Schools"]
    assert "Right-click" not in "".join(body.itertext())
    (instr,) = [t.text for t in body.iter(w("instrText"))]
    assert instr.endswith("\\b bvpp_contents_1 ")
    assert in_bookmark(body, "bvpp_contents_1") == ["Budget", "Schools"]
    assert [p for p in body.iter(w("p")) if Styles(sheet).heading_level(p) is not None and "Contents" in "".join(p.itertext())] == []


def test_a_part_title_above_the_list_stays_a_heading() -> None:
    """A heading with the list and its own subheadings under it is not the list's own heading."""
    sheet, styles = sheet_and_styles()
    body = fromstring(f"<w:body {DECL}>{heading('Heading1', 'The plan')}{LEVEL_TOC}"
                      f"{heading('Heading2', 'Budget')}{heading('Heading2', 'Schools')}</w:body>")
    (entries,) = fill_contents(body, styles, sheet)
    assert [e.text for e in entries] == ["Budget", "Schools"]
    title = next(iter(body.iter(w("p"))))
    assert Styles(sheet).heading_level(title) == 1
