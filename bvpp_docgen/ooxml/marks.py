"""Source marks in a paper: what each region came from, as content controls and as a bookmark fallback.

A built paper marks each run of blocks from one snippet with a block-level content control
(`w:sdt`) tagged `bvpp:snippet:<the bvpp.toml key naming it>`, each fact filled into narrative with an inline
one tagged `bvpp:fact:<name>`, and generated content with locked ones tagged
`bvpp:generated:<what>`; all are hidden (`w15:appearance`). Inside each, a hidden bookmark
`_bvpp_<s|f|g><n>` spans the same content, and a custom XML part maps each bookmark to its tag,
for copies saved by programs that drop content controls' tags (LibreOffice keeps bookmarks). A
region's control is also of the "building block gallery" type (`w:docPartObj`) named by its tag:
LibreOffice 7.4 keeps such a control as a block (any other it turns into an inline one that loses
the first paragraph's formatting and bookmarks).
This module holds the markup's names and the package-level steps; `regions.py` reads them back.
"""

from __future__ import annotations

import re

from lxml import etree

from .ns import NS, fromstring, tostring, w
from .package import Package

TAG_PREFIX = "bvpp:"
BOOKMARK_PREFIX = "_bvpp_"
KINDS = ("snippet", "fact", "generated")
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
MARKS_NS = "urn:bvpp-docgen:marks"
DS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
RT_CUSTOM_XML_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
MARKS_ITEM_ID = "{6F1A3C52-8B1D-4E4B-9C3E-2B7D5A0B6C11}"  # fixed: papers stay byte-identical


def bookmark_name(kind: str, number: int) -> str:
    """Return the hidden bookmark name of the `number`th region of `kind` (`_bvpp_s3`)."""
    return f"{BOOKMARK_PREFIX}{kind[0]}{number}"


def split_tag(tag: str) -> tuple[str, str] | None:
    """Return (kind, value) of a `bvpp:<kind>:<value>` tag, or None if it is not one of ours."""
    if not tag.startswith(TAG_PREFIX):
        return None
    kind, _, value = tag[len(TAG_PREFIX):].partition(":")
    return (kind, value) if kind in KINDS and value else None


def sdt_tag(sdt: etree._Element) -> tuple[str, bool] | None:
    """Return a content control's `bvpp:` tag and whether it is its own `w:tag` (else its gallery name), or None.

    A paper writes the tag twice: as `w:tag`, and as the `w:docPartGallery` of a `w:docPartObj`
    control. LibreOffice drops `w:tag` but keeps a gallery control as a block around the region's
    paragraphs (up to its first table).
    """
    props = sdt.find(w("sdtPr"))
    if props is None:
        return None
    tag = props.find(w("tag"))
    if tag is not None and split_tag(tag.get(w("val"), "")):
        return tag.get(w("val"), ""), True
    gallery = props.find(f"{w('docPartObj')}/{w('docPartGallery')}")
    if gallery is not None and split_tag(gallery.get(w("val"), "")):
        return gallery.get(w("val"), ""), False
    return None


def with_marks(data: bytes, marks: list[tuple[str, str]]) -> bytes:
    """Return the paper `data` with `w15` declared (and ignorable) and the bookmark → tag map added."""
    package = Package.read(data)
    add_marks(package, marks)
    return package.write()


def add_marks(package: Package, marks: list[tuple[str, str]]) -> None:
    """Declare `w15` (and make it ignorable) in `package`'s main part and add the bookmark → tag map."""
    main = package.main_part()
    package.parts[main] = _declare_w15(package.parts[main])
    if marks:
        item = _free_item_name(package)
        props = item.replace("/item", "/itemProps")
        root = etree.Element(f"{{{MARKS_NS}}}marks", nsmap={None: MARKS_NS})
        for bookmark, tag in marks:
            etree.SubElement(root, f"{{{MARKS_NS}}}mark", bookmark=bookmark, tag=tag)
        package.add_part(item, tostring(root), "application/xml", main, RT_CUSTOM_XML)
        ds = (f'<ds:datastoreItem xmlns:ds="{DS_NS}" ds:itemID="{MARKS_ITEM_ID}"><ds:schemaRefs>'
              f'<ds:schemaRef ds:uri="{MARKS_NS}"/></ds:schemaRefs></ds:datastoreItem>')
        package.add_part(props, tostring(fromstring(ds)), CT_CUSTOM_XML_PROPS, item, RT_CUSTOM_XML_PROPS)


def read_mark_map(package: Package) -> dict[str, str]:
    """Return bookmark name → tag from the paper's marks part (any custom XML part in our namespace)."""
    found: dict[str, str] = {}
    for name, blob in sorted(package.parts.items()):
        if not (name.startswith("customXml/") and name.endswith(".xml")) or "/_rels/" in name or MARKS_NS.encode() not in blob:
            continue
        try:
            root = fromstring(blob)
        except etree.XMLSyntaxError:
            continue
        for mark in root.iter(f"{{{MARKS_NS}}}mark"):
            bookmark, tag = mark.get("bookmark"), mark.get("tag")
            if bookmark and tag and split_tag(tag):
                found[bookmark] = tag
    return found


def _free_item_name(package: Package) -> str:
    number = 1
    while f"customXml/item{number}.xml" in package.parts or f"customXml/itemProps{number}.xml" in package.parts:
        number += 1
    return f"customXml/item{number}.xml"


def _declare_w15(xml: bytes) -> bytes:
    """Return the main part with the `w15` prefix declared on its root and listed in `mc:Ignorable`."""
    root = fromstring(xml)
    ignorable = f"{{{NS['mc']}}}Ignorable"
    prefixes = (root.get(ignorable) or "").split()
    if root.nsmap.get("w15") == W15_NS and "w15" in prefixes:
        return xml
    nsmap = {**root.nsmap, "w15": W15_NS, "mc": NS["mc"]}
    new = etree.Element(root.tag, nsmap=nsmap)
    for key, value in root.attrib.items():
        new.set(key, value)
    new.set(ignorable, " ".join([*prefixes, "w15"] if "w15" not in prefixes else prefixes))
    if len(root) == 1 and root.getprevious() is None and root.getnext() is None:
        spliced = _splice(tostring(new), tostring(root), nsmap)
        if spliced is not None:
            return spliced
    new.extend(list(root))
    return tostring(new)


_DECLARING = re.compile(rb"<[^<>!?/][^<>]*\sxmlns[:=][^<>]*>")  # a start tag declaring a namespace
_ATTRIBUTE = re.compile(rb'\s+([^\s="]+)="([^"]*)"')


def _splice(head: bytes, whole: bytes, nsmap: dict[str | None, str]) -> bytes | None:
    """Return the new root's start tag spliced onto the old root's serialised body: the same bytes as
    moving the body under the new root, which makes lxml reconcile every descendant's namespace
    (minutes for a 5,000-indicator plan). lxml drops every declaration in the body of a namespace
    an ancestor declares with the same prefix, and keeps the others where they are (a chart's `c:`,
    a picture's `pic:`); None for anything else (then the body is moved the slow way)."""
    bound: dict[str, list[str | None]] = {}
    for prefix, href in nsmap.items():
        bound.setdefault(href, []).append(prefix)
    body = whole.index(b"<", whole.index(b">", whole.index(b"<", whole.index(b"?>") + 2)) + 1)
    rest = whole[body:]
    if b"<!--" in rest or b"<![CDATA[" in rest or b"<?" in rest:
        return None

    scopes: list[tuple[str, str | None, int]] = []  # kept declarations: href, prefix, where their element ends

    def strip(match: re.Match[bytes]) -> bytes:
        tag = match.group(0)
        end = len(tag) - (2 if tag.endswith(b"/>") else 1)
        name = tag[:end].split(None, 1)[0]
        attributes = list(_ATTRIBUTE.finditer(tag, len(name), end))
        if b"".join(a.group(0) for a in attributes) != tag[len(name):end].rstrip():
            raise ValueError("not a start tag as lxml writes it")
        scopes[:] = [scope for scope in scopes if scope[2] > match.start()]
        dropped = set()
        for index, attribute in enumerate(attributes):
            key = attribute.group(1)
            if key == b"xmlns" or key.startswith(b"xmlns:"):
                prefix, href = (key[6:].decode() if key != b"xmlns" else None), attribute.group(2).decode()
                prefixes = bound.get(href, [p for h, p, _ in scopes if h == href])
                if not prefixes:  # a namespace no ancestor declares: lxml keeps it where it is
                    if not tag.endswith(b"/>"):
                        scopes.append((href, prefix, _element_end(rest, match.end(), name[1:])))
                    continue
                if prefixes != [prefix]:
                    raise ValueError("a namespace an ancestor declares otherwise")
                dropped.add(index)
        kept = (a.group(0) for index, a in enumerate(attributes) if index not in dropped)
        return name + b"".join(kept) + tag[end:]

    try:
        rest = _DECLARING.sub(strip, rest)
    except ValueError:
        return None
    return head[:-2] + b">" + rest


def _element_end(xml: bytes, after: int, name: bytes) -> int:
    """Return where the element named `name` whose start tag ends at `after` ends."""
    depth = 1
    for tag in re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s/>])[^>]*?(/?)>").finditer(xml, after):
        depth += -1 if tag.group(1) else (0 if tag.group(2) else 1)
        if depth == 0:
            return tag.end()
    raise ValueError("an element that does not end")


def is_block(element: etree._Element) -> bool:
    """Return whether an element is a block: a paragraph, a table or a block-level content control."""
    return element.tag in (w("p"), w("tbl"), w("sdt"))
