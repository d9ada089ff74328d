"""One version's paragraphs as comparable pieces (words, run elements, nodes) and blocks as keys."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from ..ooxml.ns import R_NS, w
from ..ooxml.wml import clone
from .diff import split_words
from .version import Version

Status = Literal["equal", "ins", "del"]
SKIP_IN_RUN = {w("rPr"), w("lastRenderedPageBreak")}
SKIP_NODES = {w(t) for t in ("bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart",
                              "commentRangeEnd", "permStart", "permEnd")}


@dataclass(frozen=True, slots=True)
class Piece:
    """One comparable unit of a paragraph: a word of a run, a run element (tab, drawing), or a node."""

    key: str
    text: str | None  # a word of a w:t, else None
    elem: etree._Element | None  # a run child (tab, br, drawing) or a paragraph-level node
    rpr: etree._Element | None
    wrapper: etree._Element | None  # the w:hyperlink the run sits in
    in_run: bool = True


class Side:
    """One version's paragraphs as pieces, with keys cached, and its relationships resolved."""

    def __init__(self, package: Version) -> None:
        self.package = package
        self._pieces: dict[etree._Element, list[Piece]] = {}
        self._keys: dict[etree._Element, str] = {}

    def pieces(self, p: etree._Element) -> list[Piece]:
        """Return the pieces of paragraph `p`, in order."""
        found = self._pieces.get(p)
        if found is None:
            found = self._pieces[p] = list(self._walk(p, None))
        return found

    def _walk(self, parent: etree._Element, wrapper: etree._Element | None) -> Iterable[Piece]:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                yield from self._run(child, wrapper)
            elif tag == w("hyperlink") and wrapper is None:
                yield from self._walk(child, child)
            elif tag in (w("pPr"),) or not isinstance(tag, str):
                continue
            elif tag in (w("smartTag"), w("customXml")):
                yield from self._walk(child, wrapper)
            else:
                yield Piece(f"\x00node:{etree.QName(tag).localname}:{self._digest(child)}", None, child,
                             None, wrapper, in_run=False)

    def _run(self, r: etree._Element, wrapper: etree._Element | None) -> Iterable[Piece]:
        rpr = r.find(w("rPr"))
        prefix = f"\x02{self._link_key(wrapper)}\x02" if wrapper is not None else ""
        for child in r:
            if child.tag in SKIP_IN_RUN or not isinstance(child.tag, str):
                continue
            if child.tag == w("t"):
                for token in split_words(child.text or ""):
                    yield Piece(prefix + token, token, None, rpr, wrapper)
            else:
                yield Piece(prefix + self._element_key(child), None, child, rpr, wrapper)

    def _element_key(self, child: etree._Element) -> str:
        name = etree.QName(child.tag).localname
        if name in ("tab", "cr", "noBreakHyphen", "softHyphen"):
            return f"\x00{name}"
        if name == "br":
            return f"\x00br:{child.get(w('type'), '')}"
        if name == "instrText":
            return f"\x00instr:{child.text or ''}"
        if name == "fldChar":
            return f"\x00fld:{child.get(w('fldCharType'), '')}"
        return f"\x00{name}:{self._digest(child)}"

    def _digest(self, element: etree._Element) -> str:
        """Hash an element's XML with relationship ids replaced by what they point to."""
        copy = clone(element)
        for node in copy.iter():
            for attr in [a for a in node.attrib if a.startswith(f"{{{R_NS}}}")]:
                node.set(attr, self._target_key(node.get(attr)))
            if etree.QName(node).localname == "docPr":
                node.attrib.pop("id", None)
        return hashlib.sha1(etree.tostring(copy, method="c14n")).hexdigest()[:16]

    def _target_key(self, rel_id: str | None) -> str:
        kind, target, mode = self.package.rels.get(rel_id or "", ("", rel_id or "", ""))
        if mode == "External":
            return f"{kind}|{target}"
        data = self.package.parts.get(self.package.part_of(target), b"")
        return f"{kind}|{hashlib.sha1(data).hexdigest()}"

    def _link_key(self, hyperlink: etree._Element) -> str:
        rel = hyperlink.get(f"{{{R_NS}}}id")
        return f"{self._target_key(rel) if rel else ''}#{hyperlink.get(w('anchor'), '')}"

    def key(self, element: etree._Element) -> str:
        """Return the comparison key of a block: kind letter, then its content."""
        found = self._keys.get(element)
        if found is None:
            found = self._keys[element] = self._block_key(element)
        return found

    def _block_key(self, element: etree._Element) -> str:
        tag = element.tag
        if tag == w("p"):
            return "p" + "".join(piece.key for piece in self.pieces(element))
        if tag == w("tbl"):
            rows = element.findall(w("tr"))
            columns = len(element.findall(f"{w('tblGrid')}/{w('gridCol')}"))
            head = self.key(rows[0]) if rows else ""
            return f"t{columns}\x1d{head}"
        if tag == w("tr"):
            return "r" + "\x1e".join(self._cell_text(tc) for tc in element.findall(w("tc")))
        if tag == w("sdt"):
            return "s" + self._cell_text(element.find(w("sdtContent")))
        return "x" + etree.QName(tag).localname + self._digest(element) if isinstance(tag, str) else "x"

    def _cell_text(self, container: etree._Element | None) -> str:
        if container is None:
            return ""
        return "\x1f".join(self.key(p) for p in container.iter(w("p")))

    def rows_key(self, tbl: etree._Element) -> str:
        """Return the key of a whole table, for pairing tables whose header changed."""
        return "t" + "\x1d".join(self.key(tr) for tr in tbl.findall(w("tr")))
