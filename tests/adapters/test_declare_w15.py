"""Declaring w15 on a paper's root (ooxml/marks.py) gives the bytes lxml gives when it moves the body."""

from __future__ import annotations

from lxml import etree

from bvpp_docgen.ooxml.marks import W15_NS, _declare_w15
from bvpp_docgen.ooxml.ns import NS, fromstring, tostring

W = NS["w"]
DECL = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def moved(xml: bytes) -> bytes:
    """What lxml writes when the body moves under a root that also declares w15 (the reference)."""
    root = fromstring(xml)
    ignorable = f"{{{NS['mc']}}}Ignorable"
    new = etree.Element(root.tag, nsmap={**root.nsmap, "w15": W15_NS, "mc": NS["mc"]})
    for key, value in root.attrib.items():
        new.set(key, value)
    new.set(ignorable, " ".join([*(root.get(ignorable) or "").split(), "w15"]))
    new.extend(list(root))
    return tostring(new)


def document(body: str) -> bytes:
    return (f'{DECL}<w:document xmlns:w="{W}" xmlns:mc="{NS["mc"]}" mc:Ignorable="">'
            f"{body}</w:document>").encode()


def test_a_body_with_its_own_declarations_comes_out_as_lxml_moves_it() -> None:
    sdt = (f'<w:sdt xmlns:w="{W}" xmlns:w15="{W15_NS}"><w:sdtPr><w15:appearance w15:val="hidden"/></w:sdtPr>'
           '<w:sdtContent><w:p><w:r><w:t xml:space="preserve">a &lt;b&gt; "c" xmlns:w="x"</w:t></w:r></w:p>'
           '</w:sdtContent></w:sdt>')
    xml = document(f'<w:body xmlns:w="{W}">{sdt * 3}<w:p w:rsidR="00A1"/></w:body>')
    out = _declare_w15(xml)
    assert out == moved(xml)
    assert out.count(b'xmlns:w15="') == 1
    assert fromstring(out).find(f".//{{{W15_NS}}}appearance") is not None


def test_a_declaration_the_root_lacks_stays_where_it_is() -> None:
    xml = document('<w:body><w:p xmlns:x="urn:x"><w:r x:y="1"/></w:p></w:body>')
    assert _declare_w15(xml) == moved(xml)


def test_a_prefix_bound_elsewhere_is_moved_the_slow_way_with_the_same_result() -> None:
    xml = document(f'<w:body><w:p xmlns:v="{W}"><v:r/></w:p></w:body>')
    assert _declare_w15(xml) == moved(xml)
