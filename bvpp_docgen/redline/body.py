"""Writing the tracked-changes body: blocks, tables, rows and paragraphs of two versions diffed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby

from lxml import etree

from ..ooxml.ns import w
from ..ooxml.wml import clone
from .adopt import Adopter
from .align import Digests, parts_similarity
from .diff import diff_tokens, is_filler, pair_blocks, pair_scored, similarity
from .marks import (
    blocks_of,
    mark,
    new_element,
    record_paragraph_format,
    record_run_format,
    rpr_key,
    set_children,
    settle_last_mark,
    xml_bytes,
)
from .pieces import SKIP_NODES, Piece, Side, Status
from .version import Version

OnePair = Callable[[etree._Element, etree._Element], list[etree._Element]]
Pairing = Callable[[list[etree._Element], list[etree._Element]], list[etree._Element]]


class Builder:
    """Writes the tracked-changes body from an old and a new paper."""

    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = Side(old), Side(new)
        self.adopter = Adopter(old, new)
        self.old_xml = Digests(old.skeleton.known if old.skeleton else None)
        self.new_xml = Digests(new.skeleton.known if new.skeleton else None)

    # blocks -----------------------------------------------------------------------------
    def blocks(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """Diff two block sequences (body, cell or content control); return the output blocks."""
        out: list[etree._Element] = []
        for same, olds, news in self.old_xml.aligned(old, new, self.new_xml):
            out += news if same else self._region(olds, news, self.pair, self._pair_region)
        settle_last_mark(out)
        return out

    def _region(self, olds: list[etree._Element], news: list[etree._Element], one: OnePair, many: Pairing,
                ) -> list[etree._Element]:
        """Write a stretch whose XML differs: deleted and inserted, one pair, or paired by comparison keys.

        Comparison keys would pair a one-for-one stretch whatever it holds (`pair_blocks`), and
        `one` replaces blocks of different kinds, so such a stretch needs no keys.
        """
        if not olds or not news:
            return [self.deleted(o) for o in olds] + [self.inserted(n) for n in news]
        if len(olds) == 1 and len(news) == 1:
            return one(olds[0], news[0])
        return many(olds, news)

    def _pair_region(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """Pair the blocks of a stretch as their comparison keys (text, table shape) say."""
        if any(map(self.old_xml.is_large, old)) or any(map(self.new_xml.is_large, new)):
            return self._pair_large(old, new)
        self._fill(old, new)
        okeys = [self.old.key(e) for e in old]
        nkeys = [self.new.key(e) for e in new]
        out: list[etree._Element] = []
        for op in diff_tokens(okeys, nkeys):
            if op.kind == "equal":
                for o, n in zip(old[op.a0:op.a1], new[op.b0:op.b1], strict=True):
                    out += self.pair(o, n)
                continue
            olds, news = old[op.a0:op.a1], new[op.b0:op.b1]
            pairs = pair_blocks(self._pairing_keys(olds, self.old), self._pairing_keys(news, self.new))
            out += self._written(olds, news, pairs, self.pair)
        return out

    def _pair_large(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """Pair a stretch holding a large block as `_pair_region` does, but with a large block's
        text key (every word of a long table) replaced by its parts' digests.
        """
        self._fill([e for e in old if not self.old_xml.is_large(e)], [e for e in new if not self.new_xml.is_large(e)])
        okeys = [self._key(e, self.old, self.old_xml) for e in old]
        nkeys = [self._key(e, self.new, self.new_xml) for e in new]
        out: list[etree._Element] = []
        for op in diff_tokens(okeys, nkeys):
            olds, news = old[op.a0:op.a1], new[op.b0:op.b1]
            pairs = (list(zip(range(len(olds)), range(len(news)), strict=True)) if op.kind == "equal"
                     else pair_scored(len(olds), len(news), self._scorer(olds, news)))
            out += self._written(olds, news, pairs, self.pair)
        return out

    def _written(self, olds: list[etree._Element], news: list[etree._Element],
                 pairs: Iterable[tuple[int | None, int | None]], one: OnePair) -> list[etree._Element]:
        """Write paired elements through `one`, an old one alone as deleted, a new one alone as inserted."""
        out: list[etree._Element] = []
        for i, j in pairs:
            if i is not None and j is not None:
                out += one(olds[i], news[j])
            elif i is not None:
                out.append(self.deleted(olds[i]))
            elif j is not None:
                out.append(self.inserted(news[j]))
        return out

    def _scorer(self, old: list[etree._Element], new: list[etree._Element]) -> Callable[[int, int], float]:
        """Return how alike `old[i]` and `new[j]` are: by their pairing keys when both are small,
        else by their parts' digests."""
        def score(i: int, j: int) -> float:
            if old[i].tag != new[j].tag:
                return 0.0
            if not self.old_xml.is_large(old[i]) and not self.new_xml.is_large(new[j]):
                return similarity(*self._pairing_keys([old[i]], self.old), *self._pairing_keys([new[j]], self.new))
            return parts_similarity(self.old_xml.parts(old[i]), self.new_xml.parts(new[j]))
        return score

    @staticmethod
    def _key(block: etree._Element, side: Side, xml: Digests) -> tuple[str, str | tuple[bytes, ...]]:
        """Return a block's comparison key, or for a large block other than a table (whose key is
        its header row) the digests of its parts.
        """
        if block.tag != w("tbl") and xml.is_large(block):
            return block.tag, xml.parts(block)
        return block.tag, side.key(block)

    @staticmethod
    def _pairing_keys(blocks: list[etree._Element], side: Side) -> list[str]:
        return [side.rows_key(b) if b.tag == w("tbl") else side.key(b) for b in blocks]

    def pair(self, o: etree._Element, n: etree._Element) -> list[etree._Element]:
        """Diff a matched pair of blocks of the same kind."""
        if o.tag != n.tag:
            return [self.deleted(o), self.inserted(n)]
        if o.tag == w("p"):
            self._fill([o], [n])
            return [n if xml_bytes(o) == xml_bytes(n) else self.paragraph(o, n)]
        if o.tag == w("tbl"):
            return self.table(o, n)
        if o.tag == w("sdt") and o.find(w("sdtContent")) is not None and n.find(w("sdtContent")) is not None:
            content = n.find(w("sdtContent"))
            set_children(content, self.blocks(blocks_of(o.find(w("sdtContent"))), blocks_of(content)))
            return [n]
        return [n]

    def _fill(self, old: list[etree._Element], new: list[etree._Element]) -> None:
        """Parse back the rows kept as bytes in these blocks (skeleton.py): their content is compared."""
        for o in old:
            self.old.package.fill(o)
        for n in new:
            self.new.package.fill(n)

    def inserted(self, n: etree._Element) -> etree._Element:
        """Return a new block marked as inserted throughout."""
        self.new.package.fill(n)
        mark(n, "ins")
        return n

    def deleted(self, o: etree._Element) -> etree._Element:
        """Return a copy of an old block marked as deleted throughout."""
        self.old.package.fill(o)
        copy = self.adopter.adopt(o)
        mark(copy, "del")
        return copy

    # tables -----------------------------------------------------------------------------
    def table(self, o: etree._Element, n: etree._Element) -> list[etree._Element]:
        """Diff two tables row by row when their grids agree; otherwise replace the table."""
        if len(o.findall(f"{w('tblGrid')}/{w('gridCol')}")) != len(n.findall(f"{w('tblGrid')}/{w('gridCol')}")):
            return [self.deleted(o), self.inserted(n)]
        head = [c for c in n if c.tag in (w("tblPr"), w("tblGrid"))]
        rows = self.rows(blocks_of(o, w("tblPr"), w("tblGrid")), blocks_of(n, w("tblPr"), w("tblGrid")))
        set_children(n, head + rows)
        return [n]

    def rows(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """Diff the rows of two matched tables: rows whose XML is the same are kept as they are."""
        out: list[etree._Element] = []
        for same, olds, news in self.old_xml.aligned(old, new, self.new_xml):
            out += news if same else self._region(olds, news, self.row, self._pair_rows)
        return out

    def _pair_rows(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """Pair the rows of a stretch as their comparison keys (their cells' text) say."""
        self._fill(old, new)
        okeys = [self.old.key(e) for e in old]
        nkeys = [self.new.key(e) for e in new]
        out: list[etree._Element] = []
        for op in diff_tokens(okeys, nkeys):
            olds, news = old[op.a0:op.a1], new[op.b0:op.b1]
            pairs = list(zip(range(len(olds)), range(len(news)), strict=False)) if op.kind == "equal" else pair_blocks(okeys[op.a0:op.a1], nkeys[op.b0:op.b1])
            out += self._written(olds, news, pairs, self.row)
        return out

    def row(self, o: etree._Element, n: etree._Element) -> list[etree._Element]:
        """Diff two matched rows cell by cell; rows of different shapes are replaced."""
        self._fill([o], [n])
        if o.tag != w("tr") or n.tag != w("tr"):
            return [n] if xml_bytes(o) == xml_bytes(n) else [self.deleted(o), self.inserted(n)]
        if xml_bytes(o) == xml_bytes(n):
            return [n]
        ocells, ncells = o.findall(w("tc")), n.findall(w("tc"))
        shape = {w("tc"), w("trPr"), w("tblPrEx")}
        if len(ocells) != len(ncells) or any(c.tag not in shape for c in (*o, *n)):
            return [self.deleted(o), self.inserted(n)]
        for oc, nc in zip(ocells, ncells, strict=True):
            props = [c for c in nc if c.tag == w("tcPr")]
            blocks = self.blocks(blocks_of(oc, w("tcPr")), blocks_of(nc, w("tcPr")))
            set_children(nc, props + blocks)
        return [n]

    # paragraphs -------------------------------------------------------------------------
    def paragraph(self, o: etree._Element, n: etree._Element) -> etree._Element:
        """Diff two matched paragraphs word by word; the result has the new paragraph's properties."""
        out = new_element("p", attrib=dict(n.attrib))
        ppr = n.find(w("pPr"))
        if ppr is not None:
            out.append(ppr)
        record_paragraph_format(out, o.find(w("pPr")), ppr)
        olds, news = self.old.pieces(o), self.new.pieces(n)
        items: list[tuple[Status, Piece, Piece | None]] = []
        for op in diff_tokens([p.key for p in olds], [p.key for p in news], filler=is_filler):
            if op.kind == "equal":
                items += [("equal", b, a) for a, b in zip(olds[op.a0:op.a1], news[op.b0:op.b1], strict=True)]
                continue
            items += [("del", a, None) for a in olds[op.a0:op.a1]]
            items += [("ins", b, None) for b in news[op.b0:op.b1]]
        self._emit(out, items)
        return out

    def _emit(self, p: etree._Element, items: list[tuple[Status, Piece, Piece | None]]) -> None:
        for (status, wrapper), group in groupby(items, key=lambda it: (it[0] if it[0] == "del" else "new", it[1].wrapper)):
            container = p if wrapper is None else self._wrapper(p, wrapper, from_old=status == "del")
            for kind, sub in groupby(group, key=lambda it: it[0]):
                self._emit_status(container, kind, list(sub))

    def _wrapper(self, p: etree._Element, wrapper: etree._Element, from_old: bool) -> etree._Element:
        shell = etree.SubElement(p, wrapper.tag, attrib=dict(wrapper.attrib))
        if from_old:
            self.adopter.remap(shell)
        return shell

    def _emit_status(self, container: etree._Element, status: Status,
                     items: list[tuple[Status, Piece, Piece | None]]) -> None:
        target = container if status == "equal" else etree.SubElement(container, w(status))
        for (in_run, rkey, okey), run_items in groupby(
            items, key=lambda it: (it[1].in_run, rpr_key(it[1].rpr), rpr_key(it[2].rpr) if it[2] else None)
        ):
            run = list(run_items)
            if not in_run:
                for _, piece, _ in run:
                    self._node(target, container, piece, status)
                continue
            r = etree.SubElement(target, w("r"))
            first = run[0]
            if first[1].rpr is not None and len(first[1].rpr):
                r.append(self._copy(first[1].rpr, status))
            if okey is not None and okey != rkey:
                record_run_format(r, first[2].rpr if first[2] else None)
            self._fill_run(r, [it[1] for it in run], status)

    def _node(self, target: etree._Element, container: etree._Element, piece: Piece, status: Status) -> None:
        assert piece.elem is not None
        if status == "del" and piece.elem.tag in SKIP_NODES:
            return
        holder = container if piece.elem.tag in SKIP_NODES else target
        if status == "equal":
            holder.append(piece.elem)
        elif status == "ins":
            mark(piece.elem, "ins")
            holder.append(piece.elem)
        else:
            copy = self.adopter.adopt(piece.elem)
            mark(copy, "del")
            holder.append(copy)

    def _copy(self, element: etree._Element, status: Status) -> etree._Element:
        return self.adopter.adopt(element) if status == "del" else clone(element)

    def _fill_run(self, r: etree._Element, pieces: list[Piece], status: Status) -> None:
        text_tag = w("delText") if status == "del" else w("t")
        for is_text, group in groupby(pieces, key=lambda piece: piece.text is not None):
            if is_text:
                t = etree.SubElement(r, text_tag)
                t.text = "".join(piece.text or "" for piece in group)
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                continue
            for piece in group:
                assert piece.elem is not None
                copy = self._copy(piece.elem, status)
                if status == "del" and copy.tag == w("instrText"):
                    copy.tag = w("delInstrText")
                r.append(copy)
