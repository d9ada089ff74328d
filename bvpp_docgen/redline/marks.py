"""Marking blocks, rows, paragraph marks and runs as inserted or deleted; recording old formatting."""

from __future__ import annotations

from itertools import groupby
from typing import Literal

from lxml import etree

from ..ooxml.ns import R_NS, W_NS, w
from ..ooxml.wml import clone

_NSMAP = {"w": W_NS, "r": R_NS}


def xml_bytes(element: etree._Element | None) -> bytes:
    return etree.tostring(element) if element is not None else b""


def canon(element: etree._Element | None) -> bytes:
    """Serialise an element without the namespace declarations it inherits (exclusive C14N)."""
    return etree.tostring(element, method="c14n", exclusive=True) if element is not None else b""


def rpr_key(rpr: etree._Element | None) -> bytes:
    return canon(rpr) if rpr is not None and len(rpr) else b""


def blocks_of(parent: etree._Element | None, *skip: str) -> list[etree._Element]:
    """Return the element children of `parent`, less those with a tag in `skip`."""
    return [c for c in (parent if parent is not None else ()) if isinstance(c.tag, str) and c.tag not in skip]


def set_children(parent: etree._Element, children: list[etree._Element]) -> None:
    """Make `children` the children of `parent`, moving only what is not already in place.

    lxml walks the whole subtree of every element it moves, so children that stay where they
    are (an unchanged row, a table diffed in place) are left alone. Positions are followed from
    sibling to sibling: `len(parent)` and `parent[i]` count from the first child each time.
    """
    current = list(parent)
    if len(current) == len(children) and all(a is b for a, b in zip(current, children, strict=True)):
        return
    wanted = {id(child) for child in children}
    for child in current:
        if id(child) not in wanted:
            parent.remove(child)
    at: etree._Element | None = None  # the child placed last
    for child in children:
        expected = parent[0] if at is None and len(parent) else at.getnext() if at is not None else None
        if expected is not child:
            if at is None:
                parent.insert(0, child)
            else:
                at.addnext(child)
        at = child


def new_element(tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    """Return a new w: element that writes with the usual `w:` prefix."""
    return etree.Element(w(tag), attrib=attrib, nsmap=_NSMAP)


PPR_TAIL = (w("rPr"), w("sectPr"), w("pPrChange"))


def ppr_base(ppr: etree._Element | None) -> list[etree._Element]:
    return [c for c in (ppr if ppr is not None else ()) if c.tag not in PPR_TAIL]


def ppr_key(ppr: etree._Element | None) -> bytes:
    # list instance ids differ between versions for the same list: compare the level only
    parts = []
    for child in ppr_base(ppr):
        if child.tag == w("numPr"):
            parts.append(b"numPr" + canon(child.find(w("ilvl"))))
        else:
            parts.append(canon(child))
    return b"".join(parts)


def record_paragraph_format(p: etree._Element, old: etree._Element | None, new: etree._Element | None) -> None:
    """Add a w:pPrChange holding the old paragraph properties, if they differ from the new."""
    if ppr_key(old) == ppr_key(new):
        return
    ppr = new if new is not None else new_element("pPr")
    if new is None:
        p.insert(0, ppr)
    change = etree.SubElement(ppr, w("pPrChange"))
    before = etree.SubElement(change, w("pPr"))
    new_num = ppr.find(f"{w('numPr')}/{w('numId')}")
    for child in ppr_base(old):
        copy = clone(child)
        old_num = copy.find(w("numId"))
        if copy.tag == w("numPr") and old_num is not None and new_num is not None:
            old_num.set(w("val"), new_num.get(w("val"), "0"))
        before.append(copy)


def record_run_format(r: etree._Element, old: etree._Element | None) -> None:
    """Add a w:rPrChange holding the old run properties."""
    rpr = r.find(w("rPr"))
    if rpr is None:
        rpr = new_element("rPr")
        r.insert(0, rpr)
    change = etree.SubElement(rpr, w("rPrChange"))
    before = etree.SubElement(change, w("rPr"))
    for child in old if old is not None else ():
        before.append(clone(child))


RUN_PARENTS = {w(t) for t in ("p", "hyperlink", "fldSimple", "smartTag", "customXml", "sdtContent")}


def mark(block: etree._Element, status: Literal["ins", "del"]) -> None:
    """Mark every run, paragraph mark and row of a block as inserted or deleted."""
    for row in list(block.iter(w("tr"))):
        row_mark(row, status)
    for p in list(block.iter(w("p"))):  # cells of a whole inserted or deleted row too, as Word does
        paragraph_mark(p, status)
    for parent in [e for e in block.iter(*RUN_PARENTS)]:
        wrap_runs(parent, status)
    if status == "del":
        for t in block.iter(w("t")):
            t.tag = w("delText")
        for t in block.iter(w("instrText")):
            t.tag = w("delInstrText")


def wrap_runs(parent: etree._Element, status: str) -> None:
    """Put each stretch of consecutive w:r children of `parent` into one w:ins or w:del."""
    children = list(parent)
    for is_run, group in groupby(children, key=lambda c: c.tag == w("r")):
        if not is_run:
            continue
        runs = list(group)
        wrapper = new_element(status)
        parent.insert(parent.index(runs[0]), wrapper)
        wrapper.extend(runs)


def paragraph_mark(p: etree._Element, status: str) -> None:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = new_element("pPr")
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = new_element("rPr")
        tail = next((c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))), None)
        if tail is None:
            ppr.append(rpr)
        else:
            tail.addprevious(rpr)
    for old in rpr.findall(w("ins")) + rpr.findall(w("del")):
        rpr.remove(old)
    rpr.insert(0, new_element(status))


def row_mark(row: etree._Element, status: str) -> None:
    trpr = row.find(w("trPr"))
    if trpr is None:
        trpr = new_element("trPr")
        before = row.find(w("tblPrEx"))
        row.insert(row.index(before) + 1 if before is not None else 0, trpr)
    change = trpr.find(w("trPrChange"))
    mark = new_element(status)
    if change is None:
        trpr.append(mark)
    else:
        change.addprevious(mark)


def mark_of(p: etree._Element) -> etree._Element | None:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    return rpr.find(w("ins")) if rpr.find(w("ins")) is not None else rpr.find(w("del"))


def settle_last_mark(blocks: list[etree._Element]) -> None:
    """The last paragraph mark of a story or cell cannot be inserted or deleted: move it up one paragraph."""
    paragraphs = [b for b in blocks if b.tag == w("p")]
    if not paragraphs or blocks[-1].tag != w("p"):
        return
    mark = mark_of(paragraphs[-1])
    if mark is None:
        return
    mark.getparent().remove(mark)
    if len(paragraphs) > 1 and mark_of(paragraphs[-2]) is None and blocks[-2] is paragraphs[-2]:
        paragraph_mark(paragraphs[-2], etree.QName(mark).localname)
