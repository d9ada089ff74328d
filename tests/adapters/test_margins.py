"""Headers and footers by place, as the change summary and the redline pair them."""

from __future__ import annotations

from bvpp_docgen.ooxml.ns import fromstring
from bvpp_docgen.ooxml.wml import margin_parts, margin_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def test_places_are_named_as_users_say_them_and_shared_parts_count_once() -> None:
    document = fromstring(f"""<w:document {W} {R}><w:body>
      <w:p><w:pPr><w:sectPr>
        <w:headerReference w:type="default" r:id="rId1"/><w:footerReference w:type="default" r:id="rId2"/>
        <w:footerReference w:type="first" r:id="rId3"/>
      </w:sectPr></w:pPr></w:p>
      <w:sectPr>
        <w:headerReference w:type="default" r:id="rId1"/><w:footerReference w:type="default" r:id="rId4"/>
        <w:footerReference w:type="even" r:id="rId9"/>
      </w:sectPr></w:body></w:document>""".encode())
    targets = {"rId1": "word/header1.xml", "rId2": "word/footer1.xml", "rId3": "word/footer2.xml",
               "rId4": "word/footer3.xml"}
    assert margin_parts(document, targets.get) == {
        "header": "word/header1.xml",
        "footer": "word/footer1.xml",
        "first-page footer": "word/footer2.xml",
        "footer 2": "word/footer3.xml",  # the landscape section's own footer; rId9 leads nowhere
    }


def test_a_footer_reads_as_its_paragraphs_joined() -> None:
    footer = fromstring(f"""<w:ftr {W}>
      <w:p><w:r><w:t>Draft version 2</w:t><w:tab/><w:t xml:space="preserve">–  1 May</w:t></w:r></w:p>
      <w:p/>
      <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cabinet</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
    </w:ftr>""".encode())
    assert margin_text(footer) == "Draft version 2 – 1 May / Cabinet"
