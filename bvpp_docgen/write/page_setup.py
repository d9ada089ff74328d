"""Complete the section breaks a narrative asked for, from the template's own page setup.

A narrative only says "the pages before this point are landscape (or portrait)". The page
size, margins, headers and footers come from the template's last section, so a council's
restyled template keeps its page setup on landscape pages too; headers, footers and page
numbers carry on, because every section refers to the same header and footer parts.
"""

from __future__ import annotations

import copy

from lxml import etree

from ..ooxml.ns import w


def complete_sections(body: etree._Element) -> int:
    """Fill in every section-break marker of `body`; return how many sections it now has."""
    final = body.find(w("sectPr"))
    markers = [p for p in body.iterchildren(w("p")) if _is_marker(p)]
    if final is None or not markers:
        return 1
    trailing = markers[-1] if _only_empty_after(markers[-1]) else None
    if trailing is not None:  # nothing follows: the last section itself takes the orientation
        markers.pop()
        _orient(final, _landscape(trailing))
        body.remove(trailing)
    for index, marker in enumerate(markers):
        sect = marker.find(f"{w('pPr')}/{w('sectPr')}")
        complete = copy.deepcopy(final)
        _orient(complete, _landscape(marker))
        if index > 0:
            _drop(complete, "titlePg")  # only the first section has the title page
            _continue_numbering(complete)
        sect.getparent().replace(sect, complete)
    if markers:
        _drop(final, "titlePg")
        _continue_numbering(final)
    return len(markers) + 1


def _is_marker(paragraph: etree._Element) -> bool:
    size = paragraph.find(f"{w('pPr')}/{w('sectPr')}/{w('pgSz')}")
    return size is not None and size.get(w("w")) is None


def _landscape(marker: etree._Element) -> bool:
    size = marker.find(f"{w('pPr')}/{w('sectPr')}/{w('pgSz')}")
    return size is not None and size.get(w("orient")) == "landscape"


def _only_empty_after(marker: etree._Element) -> bool:
    """Return whether only empty paragraphs stand between `marker` and the final section."""
    for sibling in marker.itersiblings():
        if sibling.tag == w("sectPr"):
            return True
        if sibling.tag != w("p") or any(True for _ in sibling.iter(w("t"), w("drawing"), w("br"))):
            return False
    return True


def _orient(sect: etree._Element, landscape: bool) -> None:
    size = sect.find(w("pgSz"))
    if size is None:
        size = etree.SubElement(sect, w("pgSz"))
        size.set(w("w"), "11906")
        size.set(w("h"), "16838")
    width, height = int(size.get(w("w"), "11906")), int(size.get(w("h"), "16838"))
    short, long_ = sorted((width, height))
    size.set(w("w"), str(long_ if landscape else short))
    size.set(w("h"), str(short if landscape else long_))
    if landscape:
        size.set(w("orient"), "landscape")
    elif w("orient") in size.attrib:
        del size.attrib[w("orient")]


def _continue_numbering(sect: etree._Element) -> None:
    """Let page numbers run on from the section before: a restart belongs to the first section only."""
    for numbering in sect.findall(w("pgNumType")):
        numbering.attrib.pop(w("start"), None)


def _drop(sect: etree._Element, tag: str) -> None:
    for child in sect.findall(w(tag)):
        sect.remove(child)
