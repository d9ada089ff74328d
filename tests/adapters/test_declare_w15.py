"""Declaring w15 on a paper's root (ooxml/marks.py) gives the bytes lxml gives when it moves the body."""

from __future__ import annotations

from lxml import etree

from bvpp_docgen.ooxml.marks import W15_NS, _declare_w15, _splice
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


def spliced(xml: bytes) -> bool:
    """Whether the fast path (splicing the serialised body) handles `xml`, rather than lxml's move."""
    root = fromstring(xml)
    nsmap = {**root.nsmap, "w15": W15_NS, "mc": NS["mc"]}
    return _splice(tostring(etree.Element(root.tag, nsmap=nsmap)), tostring(root), nsmap) is not None


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


def test_a_declaration_the_root_lacks_repeated_inside_comes_out_as_lxml_moves_it() -> None:
    xml = document('<w:body><w:p xmlns:x="urn:x"><w:r xmlns:x="urn:x" x:y="1"/></w:p>'
                   '<w:p xmlns:y="urn:x"><w:r y:z="2"/></w:p></w:body>')
    assert _declare_w15(xml) == moved(xml)


def test_a_chart_drawing_keeps_its_own_declarations() -> None:
    chart = ("http://schemas.openxmlformats.org/drawingml/2006/chart")
    xml = document(f'<w:body><w:p><w:r><w:drawing><c:chart xmlns:c="{chart}" xmlns:r="{NS["r"]}" r:id="rId9"/>'
                   '</w:drawing></w:r></w:p></w:body>')
    out = _declare_w15(xml)
    assert out == moved(xml)
    assert out.count(b"xmlns:c=") == 1
    assert spliced(xml)


def test_a_picture_declaring_its_namespaces_inside_comes_out_as_lxml_moves_it() -> None:
    a, pic = "http://schemas.openxmlformats.org/drawingml/2006/main", "http://schemas.openxmlformats.org/drawingml/2006/picture"
    graphic = (f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}"><a:blip/>'
               f'<a:graphic xmlns:a="{a}"/></pic:pic></a:graphicData></a:graphic>')
    xml = document(f"<w:body><w:p><w:r><w:drawing>{graphic}</w:drawing></w:r></w:p><w:p><w:r>{graphic}</w:r></w:p></w:body>")
    out = _declare_w15(xml)
    assert out == moved(xml)
    assert out.count(b"xmlns:a=") == 2
    assert spliced(xml)
