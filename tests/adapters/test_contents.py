"""The contents list asks the style sheet which paragraphs are headings (no build)."""

from __future__ import annotations

from bvpp_docgen.ooxml.ns import W_NS, fromstring, w
from bvpp_docgen.ooxml.styles import Styles
from bvpp_docgen.write.contents import fill_contents

DECL = f'xmlns:w="{W_NS}"'
TOC = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \\o "1-2" \\h</w:instrText></w:r>'
       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
STYLES = Styles(fromstring(
    f"<w:styles {DECL}>"
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="CouncilHeading"><w:name w:val="Council Heading"/>'
    '<w:basedOn w:val="Heading2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="CouncilNote"><w:name w:val="Council Note"/>'
    '<w:basedOn w:val="Heading2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    "</w:styles>"))


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
