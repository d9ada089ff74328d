"""Every namespace the package reads or writes, Clark names, and the one safe XML parser."""

from __future__ import annotations

import io
from typing import Any

from lxml import etree

# prefix -> namespace URI: the one table (python-docx's oxml/ns.py nsmap, in miniature)
NS: dict[str, str] = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "custom": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "rels": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
W_NS = NS["w"]
R_NS = NS["r"]
CUSTOM_NS = NS["custom"]
VT_NS = NS["vt"]
REL_NS = NS["rels"]
CT_NS = NS["ct"]
XML_NS = NS["xml"]

# relationship types the readers and writers follow
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag or attribute."""
    return f"{{{W_NS}}}{tag}"


def q(name: str) -> str:
    """Return the Clark name of a prefixed name such as 'wp:docPr'."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def parser() -> etree.XMLParser:
    """Return the one parser configuration: no entities, no DTD, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


_PARSER = parser()


def fromstring(data: bytes | str) -> etree._Element:
    """Parse one XML part with the safe parser (raises etree.XMLSyntaxError)."""
    return etree.fromstring(data.encode("utf-8") if isinstance(data, str) else data, _PARSER)


def iterparse(data: bytes, tag: str) -> Any:
    """Parse one XML part with the safe parser's settings, yielding ("end", element) for each `tag` as it closes
    (the caller may empty elements already seen, to bound memory; raises etree.XMLSyntaxError)."""
    return etree.iterparse(io.BytesIO(data), events=("end",), tag=tag, resolve_entities=False, no_network=True,
                           load_dtd=False, huge_tree=False)


def xpath(element: Any, path: str) -> Any:
    """Run an XPath with this table's prefixes (also on python-docx elements, which take none)."""
    return etree._Element.xpath(element, path, namespaces=NS)


def tostring(element: etree._Element) -> bytes:
    """Serialise a part's root as Word writes it: UTF-8, declared, standalone."""
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
