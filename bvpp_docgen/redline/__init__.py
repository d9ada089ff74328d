"""Tracked changes between two versions of a paper: one .docx whose revisions turn old into new.

The output is the NEW package (styles, numbering, headers, sections) with the old text put
back as `w:del` and the new text marked `w:ins`, so "accept all" gives the new version and
"reject all" the old one (PITFALLS T-XML-1). Paragraph sequences are diffed first, then the
words inside changed paragraphs; matching tables are diffed row by row and cell by cell.

The pure core (`split_words`, `diff_tokens`, `pair_blocks`) works on plain sequences; the
rest reads and writes WordprocessingML with lxml.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Literal

from lxml import etree

from ..errors import Location, RedlineError
from ..ooxml.ns import R_NS, W_NS, w
from ..ooxml.package import normalize_package


@dataclass(frozen=True, slots=True)
class Redline:
    """A tracked-changes document and the number of changes it holds."""

    docx: bytes
    insertions: int
    deletions: int
    formatting: int = 0  # runs or paragraphs whose formatting alone changed

    @property
    def identical(self) -> bool:
        """True when the two versions do not differ at all (text or formatting)."""
        return not (self.insertions or self.deletions or self.formatting)


# ---------------------------------------------------------------------------------------
# Pure core: token sequences -> ops (no lxml here)
# ---------------------------------------------------------------------------------------

OpKind = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True, slots=True)
class Op:
    """One step turning `old[a0:a1]` into `new[b0:b1]`."""

    kind: OpKind
    a0: int
    a1: int
    b0: int
    b1: int


_WORD = re.compile(r"\d[\d,.]*\d%?|\d%?|\w+|\s+|[^\w\s]")  # 521.6 and 14.2% are one word


def split_words(text: str) -> list[str]:
    """Split text into words (a number is one word), runs of whitespace and single punctuation marks."""
    return _WORD.findall(text)


def is_filler(token: Hashable) -> bool:
    """True for a token that carries no word: whitespace or punctuation."""
    return isinstance(token, str) and not token.startswith("\x00") and not any(c.isalnum() for c in token)


def diff_tokens(
    old: Sequence[Hashable], new: Sequence[Hashable], filler: Callable[[Hashable], bool] | None = None
) -> list[Op]:
    """Return the ops turning `old` into `new`; equal gaps of filler tokens between changes are merged."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    ops = [Op(kind, a0, a1, b0, b1) for kind, a0, a1, b0, b1 in matcher.get_opcodes()]
    return _merge_gaps(ops, old, filler) if filler else ops


def _merge_gaps(ops: list[Op], old: Sequence[Hashable], filler: Callable[[Hashable], bool]) -> list[Op]:
    """Fold 'change, filler-only equal, change' into one replace, so words read as one change."""
    out: list[Op] = []
    for op in ops:
        if (
            op.kind != "equal" and len(out) >= 2 and out[-1].kind == "equal" and out[-2].kind != "equal"
            and all(filler(t) for t in old[out[-1].a0:out[-1].a1])
        ):
            out.pop()
            first = out.pop()
            op = Op("replace", first.a0, op.a1, first.b0, op.b1)
        elif op.kind != "equal" and out and out[-1].kind != "equal":
            first = out.pop()
            op = Op("replace", first.a0, op.a1, first.b0, op.b1)
        out.append(op)
    return [Op("delete" if o.b0 == o.b1 else "insert" if o.a0 == o.a1 else o.kind, o.a0, o.a1, o.b0, o.b1)
            if o.kind == "replace" else o for o in out]


def similarity(a: str, b: str) -> float:
    """Return how alike two block keys are (0..1); blocks of different kinds score 0."""
    if a[:1] != b[:1]:
        return 0.0
    tokens = (lambda key: key.split("\x1d")) if a[:1] == "t" else split_words
    matcher = difflib.SequenceMatcher(None, tokens(a), tokens(b), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() > 0.5 and matcher.quick_ratio() > 0.5 else 0.0


MAX_PAIRING = 4096  # old x new blocks in one replaced region; larger regions are not paired


def pair_blocks(old: Sequence[str], new: Sequence[str], threshold: float = 0.5) -> list[tuple[int | None, int | None]]:
    """Align a replaced region: similar blocks pair up in order, the rest are deleted or inserted.

    A one-for-one region pairs whenever the kinds agree (a cell whose `n/a` became `14.2%`).
    """
    if len(old) == 1 and len(new) == 1 and old[0][:1] == new[0][:1]:
        return [(0, 0)]
    if len(old) * len(new) > MAX_PAIRING:
        return [(i, None) for i in range(len(old))] + [(None, j) for j in range(len(new))]
    score = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    sims: dict[tuple[int, int], float] = {}
    for i in range(len(old)):
        for j in range(len(new)):
            s = similarity(old[i], new[j])
            sims[i, j] = s if s >= threshold else 0.0
            best = max(score[i][j + 1], score[i + 1][j])
            score[i + 1][j + 1] = max(best, score[i][j] + sims[i, j]) if sims[i, j] else best
    pairs: list[tuple[int | None, int | None]] = []
    i, j = len(old), len(new)
    while i or j:
        if i and j and sims[i - 1, j - 1] and score[i][j] == score[i - 1][j - 1] + sims[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif j and (not i or score[i][j] == score[i][j - 1]):
            pairs.append((None, j - 1))
            j -= 1
        else:
            pairs.append((i - 1, None))
            i -= 1
    pairs.reverse()
    return _deletions_first(pairs)


def _deletions_first(pairs: list[tuple[int | None, int | None]]) -> list[tuple[int | None, int | None]]:
    """Within each stretch between paired blocks, show deleted blocks before inserted ones."""
    out: list[tuple[int | None, int | None]] = []
    for paired, stretch in groupby(pairs, key=lambda p: p[0] is not None and p[1] is not None):
        items = list(stretch)
        out += items if paired else sorted(items, key=lambda p: p[0] is None)
    return out


# ---------------------------------------------------------------------------------------
# Reading packages
# ---------------------------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOC_TYPE = "/officeDocument"
_REVISION_TAGS = {w(t) for t in ("ins", "del", "rPrChange", "pPrChange")}


@dataclass
class _Package:
    """One .docx read into memory: its parts, its main document tree and that part's relationships."""

    path: Path
    parts: dict[str, bytes]
    document_name: str
    root: etree._Element
    rels: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> (type, target, mode)

    @property
    def rels_name(self) -> str:
        folder, name = posixpath.split(self.document_name)
        return posixpath.join(folder, "_rels", f"{name}.rels")

    def part_of(self, target: str) -> str:
        """Return the part name a relationship target of the main document points to."""
        folder = posixpath.dirname(self.document_name)
        return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def read_package(path: Path) -> _Package:
    """Read a .docx into memory; raise RedlineError naming the file if it is not a Word document."""
    where = Location(str(path))
    try:
        with zipfile.ZipFile(path) as package:
            parts = {info.filename: package.read(info) for info in package.infolist() if not info.is_dir()}
        document_name = _main_part(parts)
        root = etree.fromstring(parts[document_name], _PARSER)
        rels = _read_rels(parts.get(posixpath.join(posixpath.dirname(document_name), "_rels",
                                                   posixpath.basename(document_name) + ".rels")))
    except FileNotFoundError:
        raise RedlineError("file not found", location=where) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise RedlineError(f"cannot read the file as a Word document ({exc})", location=where) from None
    except KeyError as exc:
        raise RedlineError(f"not a Word document: part {exc} is missing", location=where) from None
    except etree.XMLSyntaxError as exc:
        raise RedlineError(f"malformed XML in the document ({exc})", location=where) from None
    if root.tag != w("document") or root.find(w("body")) is None:
        raise RedlineError("not a Word document: no w:body in the main part", location=where)
    return _Package(path, parts, document_name, root, rels)


def _main_part(parts: dict[str, bytes]) -> str:
    rels = etree.fromstring(parts["_rels/.rels"], _PARSER)
    for rel in rels.iterchildren(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith(_DOC_TYPE):
            return rel.get("Target", "").lstrip("/")
    raise KeyError("word/document.xml")


def _read_rels(data: bytes | None) -> dict[str, tuple[str, str, str]]:
    if not data:
        return {}
    root = etree.fromstring(data, _PARSER)
    return {
        rel.get("Id", ""): (rel.get("Type", ""), rel.get("Target", ""), rel.get("TargetMode", "Internal"))
        for rel in root.iterchildren(f"{{{REL_NS}}}Relationship")
    }


def accept_revisions(body: etree._Element) -> None:
    """Accept every tracked change already in a paper, so revisions are never nested (T-NEST-1)."""
    for mark in body.xpath(".//w:pPr/w:rPr/w:del", namespaces=_NS):
        p = mark.getparent().getparent().getparent()
        following = p.getnext()
        mark.getparent().remove(mark)
        if following is not None and following.tag == w("p"):  # the paragraph joins the next one
            at = 1 if following.find(w("pPr")) is not None else 0
            for child in reversed([c for c in p if c.tag != w("pPr")]):
                following.insert(at, child)
            p.getparent().remove(p)
    for row in body.xpath(".//w:tr[w:trPr/w:del]", namespaces=_NS):
        row.getparent().remove(row)
    for gone in body.xpath(".//w:del | .//w:moveFrom | .//w:rPrChange | .//w:pPrChange | .//w:tblPrChange"
                           " | .//w:trPrChange | .//w:tcPrChange | .//w:sectPrChange | .//w:tblGridChange"
                           " | .//w:numberingChange | .//w:moveFromRangeStart | .//w:moveFromRangeEnd"
                           " | .//w:moveToRangeStart | .//w:moveToRangeEnd", namespaces=_NS):
        if gone.getparent() is not None:
            gone.getparent().remove(gone)
    for kept in body.xpath(".//w:ins | .//w:moveTo", namespaces=_NS):
        parent = kept.getparent()
        if parent.tag in (w("rPr"), w("trPr")):
            parent.remove(kept)
            continue
        at = parent.index(kept)
        for child in reversed(list(kept)):
            parent.insert(at, child)
        parent.remove(kept)


_NS = {"w": W_NS, "r": R_NS}
_NSMAP = {"w": W_NS, "r": R_NS}


# ---------------------------------------------------------------------------------------
# Paragraph content as comparable pieces
# ---------------------------------------------------------------------------------------

Status = Literal["equal", "ins", "del"]
_SKIP_IN_RUN = {w("rPr"), w("lastRenderedPageBreak")}
_SKIP_NODES = {w(t) for t in ("bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart",
                              "commentRangeEnd", "permStart", "permEnd")}


@dataclass(frozen=True, slots=True)
class _Piece:
    """One comparable unit of a paragraph: a word of a run, a run element (tab, drawing), or a node."""

    key: str
    text: str | None  # a word of a w:t, else None
    elem: etree._Element | None  # a run child (tab, br, drawing) or a paragraph-level node
    rpr: etree._Element | None
    wrapper: etree._Element | None  # the w:hyperlink the run sits in
    in_run: bool = True


class _Side:
    """One version's paragraphs as pieces, with keys cached, and its relationships resolved."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        self._pieces: dict[etree._Element, list[_Piece]] = {}
        self._keys: dict[etree._Element, str] = {}

    def pieces(self, p: etree._Element) -> list[_Piece]:
        """Return the pieces of paragraph `p`, in order."""
        found = self._pieces.get(p)
        if found is None:
            found = self._pieces[p] = list(self._walk(p, None))
        return found

    def _walk(self, parent: etree._Element, wrapper: etree._Element | None) -> Iterable[_Piece]:
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
                yield _Piece(f"\x00node:{etree.QName(tag).localname}:{self._digest(child)}", None, child,
                             None, wrapper, in_run=False)

    def _run(self, r: etree._Element, wrapper: etree._Element | None) -> Iterable[_Piece]:
        rpr = r.find(w("rPr"))
        prefix = f"\x02{self._link_key(wrapper)}\x02" if wrapper is not None else ""
        for child in r:
            if child.tag in _SKIP_IN_RUN or not isinstance(child.tag, str):
                continue
            if child.tag == w("t"):
                for token in split_words(child.text or ""):
                    yield _Piece(prefix + token, token, None, rpr, wrapper)
            else:
                yield _Piece(prefix + self._element_key(child), None, child, rpr, wrapper)

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
        copy = etree.fromstring(etree.tostring(element))
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


# ---------------------------------------------------------------------------------------
# Building the tracked-changes body
# ---------------------------------------------------------------------------------------


def _xml(element: etree._Element | None) -> bytes:
    return etree.tostring(element) if element is not None else b""


def _canon(element: etree._Element | None) -> bytes:
    """Serialise an element without the namespace declarations it inherits (exclusive C14N)."""
    return etree.tostring(element, method="c14n", exclusive=True) if element is not None else b""


def _rpr_key(rpr: etree._Element | None) -> bytes:
    return _canon(rpr) if rpr is not None and len(rpr) else b""


class _Builder:
    """Writes the tracked-changes body from an old and a new paper."""

    def __init__(self, old: _Package, new: _Package) -> None:
        self.old, self.new = _Side(old), _Side(new)
        self.adopter = _Adopter(old, new)

    # blocks -----------------------------------------------------------------------------
    def blocks(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """Diff two block sequences (body, cell or content control); return the output blocks."""
        okeys = [self.old.key(e) for e in old]
        nkeys = [self.new.key(e) for e in new]
        out: list[etree._Element] = []
        for op in diff_tokens(okeys, nkeys):
            if op.kind == "equal":
                for o, n in zip(old[op.a0:op.a1], new[op.b0:op.b1], strict=True):
                    out += self.pair(o, n)
                continue
            olds, news = old[op.a0:op.a1], new[op.b0:op.b1]
            for i, j in pair_blocks(self._pairing_keys(olds, self.old), self._pairing_keys(news, self.new)):
                if i is not None and j is not None:
                    out += self.pair(olds[i], news[j])
                elif i is not None:
                    out.append(self.deleted(olds[i]))
                elif j is not None:
                    out.append(self.inserted(news[j]))
        _settle_last_mark(out)
        return out

    @staticmethod
    def _pairing_keys(blocks: list[etree._Element], side: _Side) -> list[str]:
        return [side.rows_key(b) if b.tag == w("tbl") else side.key(b) for b in blocks]

    def pair(self, o: etree._Element, n: etree._Element) -> list[etree._Element]:
        """Diff a matched pair of blocks of the same kind."""
        if o.tag != n.tag:
            return [self.deleted(o), self.inserted(n)]
        if o.tag == w("p"):
            return [n if _xml(o) == _xml(n) else self.paragraph(o, n)]
        if o.tag == w("tbl"):
            return self.table(o, n)
        if o.tag == w("sdt") and o.find(w("sdtContent")) is not None and n.find(w("sdtContent")) is not None:
            content = n.find(w("sdtContent"))
            _set_children(content, self.blocks(_blocks_of(o.find(w("sdtContent"))), _blocks_of(content)))
            return [n]
        return [n]

    def inserted(self, n: etree._Element) -> etree._Element:
        """Return a new block marked as inserted throughout."""
        _mark(n, "ins")
        return n

    def deleted(self, o: etree._Element) -> etree._Element:
        """Return a copy of an old block marked as deleted throughout."""
        copy = self.adopter.adopt(o)
        _mark(copy, "del")
        return copy

    # tables -----------------------------------------------------------------------------
    def table(self, o: etree._Element, n: etree._Element) -> list[etree._Element]:
        """Diff two tables row by row when their grids agree; otherwise replace the table."""
        if len(o.findall(f"{w('tblGrid')}/{w('gridCol')}")) != len(n.findall(f"{w('tblGrid')}/{w('gridCol')}")):
            return [self.deleted(o), self.inserted(n)]
        head = [c for c in n if c.tag in (w("tblPr"), w("tblGrid"))]
        rows = self.rows(_blocks_of(o, w("tblPr"), w("tblGrid")), _blocks_of(n, w("tblPr"), w("tblGrid")))
        _set_children(n, head + rows)
        return [n]

    def rows(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """Diff the rows of two matched tables."""
        okeys = [self.old.key(e) for e in old]
        nkeys = [self.new.key(e) for e in new]
        out: list[etree._Element] = []
        for op in diff_tokens(okeys, nkeys):
            olds, news = old[op.a0:op.a1], new[op.b0:op.b1]
            pairs = list(zip(range(len(olds)), range(len(news)), strict=False)) if op.kind == "equal" else pair_blocks(okeys[op.a0:op.a1], nkeys[op.b0:op.b1])
            for i, j in pairs:
                if i is not None and j is not None:
                    out += self.row(olds[i], news[j])
                elif i is not None:
                    out.append(self.deleted(olds[i]))
                elif j is not None:
                    out.append(self.inserted(news[j]))
        return out

    def row(self, o: etree._Element, n: etree._Element) -> list[etree._Element]:
        """Diff two matched rows cell by cell; rows of different shapes are replaced."""
        if o.tag != w("tr") or n.tag != w("tr"):
            return [n] if _xml(o) == _xml(n) else [self.deleted(o), self.inserted(n)]
        if _xml(o) == _xml(n):
            return [n]
        ocells, ncells = o.findall(w("tc")), n.findall(w("tc"))
        shape = {w("tc"), w("trPr"), w("tblPrEx")}
        if len(ocells) != len(ncells) or any(c.tag not in shape for c in (*o, *n)):
            return [self.deleted(o), self.inserted(n)]
        for oc, nc in zip(ocells, ncells, strict=True):
            props = [c for c in nc if c.tag == w("tcPr")]
            blocks = self.blocks(_blocks_of(oc, w("tcPr")), _blocks_of(nc, w("tcPr")))
            _set_children(nc, props + blocks)
        return [n]

    # paragraphs -------------------------------------------------------------------------
    def paragraph(self, o: etree._Element, n: etree._Element) -> etree._Element:
        """Diff two matched paragraphs word by word; the result has the new paragraph's properties."""
        out = _new("p", attrib=dict(n.attrib))
        ppr = n.find(w("pPr"))
        if ppr is not None:
            out.append(ppr)
        _record_paragraph_format(out, o.find(w("pPr")), ppr)
        olds, news = self.old.pieces(o), self.new.pieces(n)
        items: list[tuple[Status, _Piece, _Piece | None]] = []
        for op in diff_tokens([p.key for p in olds], [p.key for p in news], filler=is_filler):
            if op.kind == "equal":
                items += [("equal", b, a) for a, b in zip(olds[op.a0:op.a1], news[op.b0:op.b1], strict=True)]
                continue
            items += [("del", a, None) for a in olds[op.a0:op.a1]]
            items += [("ins", b, None) for b in news[op.b0:op.b1]]
        self._emit(out, items)
        return out

    def _emit(self, p: etree._Element, items: list[tuple[Status, _Piece, _Piece | None]]) -> None:
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
                     items: list[tuple[Status, _Piece, _Piece | None]]) -> None:
        target = container if status == "equal" else etree.SubElement(container, w(status))
        for (in_run, rkey, okey), run_items in groupby(
            items, key=lambda it: (it[1].in_run, _rpr_key(it[1].rpr), _rpr_key(it[2].rpr) if it[2] else None)
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
                _record_run_format(r, first[2].rpr if first[2] else None)
            self._fill_run(r, [it[1] for it in run], status)

    def _node(self, target: etree._Element, container: etree._Element, piece: _Piece, status: Status) -> None:
        assert piece.elem is not None
        if status == "del" and piece.elem.tag in _SKIP_NODES:
            return
        holder = container if piece.elem.tag in _SKIP_NODES else target
        if status == "equal":
            holder.append(piece.elem)
        elif status == "ins":
            _mark(piece.elem, "ins")
            holder.append(piece.elem)
        else:
            copy = self.adopter.adopt(piece.elem)
            _mark(copy, "del")
            holder.append(copy)

    def _copy(self, element: etree._Element, status: Status) -> etree._Element:
        return self.adopter.adopt(element) if status == "del" else _clone(element)

    def _fill_run(self, r: etree._Element, pieces: list[_Piece], status: Status) -> None:
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


def _blocks_of(parent: etree._Element | None, *skip: str) -> list[etree._Element]:
    """Return the element children of `parent`, less those with a tag in `skip`."""
    return [c for c in (parent if parent is not None else ()) if isinstance(c.tag, str) and c.tag not in skip]


def _set_children(parent: etree._Element, children: list[etree._Element]) -> None:
    for child in list(parent):
        parent.remove(child)
    parent.extend(children)


def _new(tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    """Return a new w: element that writes with the usual `w:` prefix."""
    return etree.Element(w(tag), attrib=attrib, nsmap=_NSMAP)


def _clone(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


_PPR_TAIL = (w("rPr"), w("sectPr"), w("pPrChange"))


def _ppr_base(ppr: etree._Element | None) -> list[etree._Element]:
    return [c for c in (ppr if ppr is not None else ()) if c.tag not in _PPR_TAIL]


def _ppr_key(ppr: etree._Element | None) -> bytes:
    # list instance ids differ between versions for the same list: compare the level only
    parts = []
    for child in _ppr_base(ppr):
        if child.tag == w("numPr"):
            parts.append(b"numPr" + _canon(child.find(w("ilvl"))))
        else:
            parts.append(_canon(child))
    return b"".join(parts)


def _record_paragraph_format(p: etree._Element, old: etree._Element | None, new: etree._Element | None) -> None:
    """Add a w:pPrChange holding the old paragraph properties, if they differ from the new."""
    if _ppr_key(old) == _ppr_key(new):
        return
    ppr = new if new is not None else _new("pPr")
    if new is None:
        p.insert(0, ppr)
    change = etree.SubElement(ppr, w("pPrChange"))
    before = etree.SubElement(change, w("pPr"))
    new_num = ppr.find(f"{w('numPr')}/{w('numId')}")
    for child in _ppr_base(old):
        copy = _clone(child)
        old_num = copy.find(w("numId"))
        if copy.tag == w("numPr") and old_num is not None and new_num is not None:
            old_num.set(w("val"), new_num.get(w("val"), "0"))
        before.append(copy)


def _record_run_format(r: etree._Element, old: etree._Element | None) -> None:
    """Add a w:rPrChange holding the old run properties."""
    rpr = r.find(w("rPr"))
    if rpr is None:
        rpr = _new("rPr")
        r.insert(0, rpr)
    change = etree.SubElement(rpr, w("rPrChange"))
    before = etree.SubElement(change, w("rPr"))
    for child in old if old is not None else ():
        before.append(_clone(child))


_RUN_PARENTS = {w(t) for t in ("p", "hyperlink", "fldSimple", "smartTag", "customXml", "sdtContent")}


def _mark(block: etree._Element, status: Literal["ins", "del"]) -> None:
    """Mark every run, paragraph mark and row of a block as inserted or deleted."""
    for row in list(block.iter(w("tr"))):
        _row_mark(row, status)
    for p in list(block.iter(w("p"))):  # cells of a whole inserted or deleted row too, as Word does
        _paragraph_mark(p, status)
    for parent in [e for e in block.iter(*_RUN_PARENTS)]:
        _wrap_runs(parent, status)
    if status == "del":
        for t in block.iter(w("t")):
            t.tag = w("delText")
        for t in block.iter(w("instrText")):
            t.tag = w("delInstrText")


def _wrap_runs(parent: etree._Element, status: str) -> None:
    """Put each stretch of consecutive w:r children of `parent` into one w:ins or w:del."""
    children = list(parent)
    for is_run, group in groupby(children, key=lambda c: c.tag == w("r")):
        if not is_run:
            continue
        runs = list(group)
        wrapper = _new(status)
        parent.insert(parent.index(runs[0]), wrapper)
        wrapper.extend(runs)


def _paragraph_mark(p: etree._Element, status: str) -> None:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = _new("pPr")
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = _new("rPr")
        tail = next((c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))), None)
        if tail is None:
            ppr.append(rpr)
        else:
            tail.addprevious(rpr)
    for old in rpr.findall(w("ins")) + rpr.findall(w("del")):
        rpr.remove(old)
    rpr.insert(0, _new(status))


def _row_mark(row: etree._Element, status: str) -> None:
    trpr = row.find(w("trPr"))
    if trpr is None:
        trpr = _new("trPr")
        before = row.find(w("tblPrEx"))
        row.insert(row.index(before) + 1 if before is not None else 0, trpr)
    change = trpr.find(w("trPrChange"))
    mark = _new(status)
    if change is None:
        trpr.append(mark)
    else:
        change.addprevious(mark)


def _mark_of(p: etree._Element) -> etree._Element | None:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    return rpr.find(w("ins")) if rpr.find(w("ins")) is not None else rpr.find(w("del"))


def _settle_last_mark(blocks: list[etree._Element]) -> None:
    """The last paragraph mark of a story or cell cannot be inserted or deleted: move it up one paragraph."""
    paragraphs = [b for b in blocks if b.tag == w("p")]
    if not paragraphs or blocks[-1].tag != w("p"):
        return
    mark = _mark_of(paragraphs[-1])
    if mark is None:
        return
    mark.getparent().remove(mark)
    if len(paragraphs) > 1 and _mark_of(paragraphs[-2]) is None and blocks[-2] is paragraphs[-2]:
        _paragraph_mark(paragraphs[-2], etree.QName(mark).localname)


# ---------------------------------------------------------------------------------------
# Old content in the new package: relationships and media
# ---------------------------------------------------------------------------------------


class _Adopter:
    """Copies old content into the new package, carrying the relationships it refers to."""

    def __init__(self, old: _Package, new: _Package) -> None:
        self.old, self.new = old, new
        self.added: dict[str, str] = {}  # old rel id -> new rel id
        self.extra_rels: list[tuple[str, str, str, str]] = []  # id, type, target, mode
        self.extra_parts: dict[str, bytes] = {}

    def adopt(self, element: etree._Element) -> etree._Element:
        """Return a copy of an old element, its relationship ids valid in the new package."""
        copy = _clone(element)
        for gone in [e for e in copy.iter(*_SKIP_NODES) if e is not copy]:
            gone.getparent().remove(gone)
        self.remap(copy)
        return copy

    def remap(self, element: etree._Element) -> None:
        """Rewrite relationship ids in `element` (old package) to ids of the new package."""
        for node in element.iter():
            for attr in [a for a in node.attrib if a.startswith(f"{{{R_NS}}}")]:
                node.set(attr, self._rel_id(node.get(attr, "")))

    def _rel_id(self, old_id: str) -> str:
        if old_id in self.added:
            return self.added[old_id]
        kind, target, mode = self.old.rels.get(old_id, ("", "", ""))
        found = self._same_in_new(kind, target, mode)
        if found is None:
            found = self._add(kind, target, mode)
        self.added[old_id] = found
        return found

    def _same_in_new(self, kind: str, target: str, mode: str) -> str | None:
        data = None if mode == "External" else self.old.parts.get(self.old.part_of(target))
        for rel_id, (nkind, ntarget, nmode) in sorted(self.new.rels.items()):
            if nkind != kind or nmode != mode:
                continue
            if mode == "External" and ntarget == target:
                return rel_id
            if mode != "External" and self.new.parts.get(self.new.part_of(ntarget)) == data:
                return rel_id
        return None

    def _add(self, kind: str, target: str, mode: str) -> str:
        rel_id = f"rIdRedline{len(self.extra_rels) + 1}"
        if mode != "External" and kind:
            data = self.old.parts.get(self.old.part_of(target), b"")
            target = self._free_target(target)
            self.extra_parts[self.new.part_of(target)] = data
        self.extra_rels.append((rel_id, kind, target, mode))
        return rel_id

    def _free_target(self, target: str) -> str:
        stem, ext = posixpath.splitext(target)
        candidate, n = target, 0
        taken = set(self.new.parts) | set(self.extra_parts)
        while self.new.part_of(candidate) in taken:
            n += 1
            candidate = f"{stem}-old{n}{ext}"
        return candidate

    def write_into(self, parts: dict[str, bytes]) -> None:
        """Add the relationships and parts old content needed to the new package's parts."""
        if not self.extra_rels:
            return
        name = self.new.rels_name
        rels = etree.fromstring(parts[name], _PARSER) if name in parts else etree.Element(
            f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
        for rel_id, kind, target, mode in self.extra_rels:
            rel = etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=kind, Target=target)
            if mode == "External":
                rel.set("TargetMode", "External")
        parts[name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        parts.update(self.extra_parts)
        _declare_extensions(parts, {posixpath.splitext(n)[1].lstrip(".").lower() for n in self.extra_parts}, self.old)


def _declare_extensions(parts: dict[str, bytes], extensions: set[str], old: _Package) -> None:
    """Make sure [Content_Types].xml has a Default for each extension of an added part."""
    types = etree.fromstring(parts["[Content_Types].xml"], _PARSER)
    old_types = etree.fromstring(old.parts["[Content_Types].xml"], _PARSER)
    have = {d.get("Extension", "").lower() for d in types.iterchildren(f"{{{CT_NS}}}Default")}
    for default in old_types.iterchildren(f"{{{CT_NS}}}Default"):
        ext = default.get("Extension", "").lower()
        if ext in extensions and ext not in have:
            types.insert(0, _clone(default))
            have.add(ext)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------------------
# Revision attributes, counts, the package
# ---------------------------------------------------------------------------------------


def _revision_date(when: dt.date) -> str:
    return f"{when:%Y-%m-%d}T00:00:00Z"


def _number_revisions(root: etree._Element, first_id: int, author: str, when: str) -> None:
    """Give every revision an id (in document order), the author and the date."""
    next_id = first_id
    for element in root.iter(*_REVISION_TAGS):
        element.set(w("id"), str(next_id))
        element.set(w("author"), author)
        element.set(w("date"), when)
        next_id += 1


def _highest_id(parts: dict[str, bytes]) -> int:
    """Return the highest w:id used in any XML part (bookmarks, comments share the id space)."""
    found = [int(v) for data in parts.values() if b'w:id="' in data
             for v in re.findall(rb'w:id="(-?\d+)"', data)]
    return max(found, default=0)


def _count(body: etree._Element) -> tuple[int, int, int]:
    """Count inserted and deleted spans, and formatting changes.

    A span is a stretch of inserted or deleted runs; a paragraph or row marked inserted or
    deleted with no such stretch in it (an empty paragraph, a row of empty cells) counts once.
    """
    marks = (w("rPr"), w("trPr"))
    counts = []
    for status in ("ins", "del"):
        found = list(body.iter(w(status)))
        spans = [e for e in found if e.getparent().tag not in marks]
        in_spans = {owner for e in spans for owner in e.iterancestors(w("p"), w("tr"))}
        owners = {e.getparent().getparent() if e.getparent().tag == w("trPr") else e.getparent().getparent().getparent()
                  for e in found if e.getparent().tag in marks}
        lone = [o for o in owners if o not in in_spans and not any(
            a in owners for a in o.iterancestors(w("tr")))]
        counts.append(len(spans) + len(lone))
    formatting = sum(1 for _ in body.iter(w("rPrChange"), w("pPrChange")))
    return counts[0], counts[1], formatting


def redline(old: Path, new: Path, *, author: str, date: dt.date) -> Redline:
    """Compare two versions of a paper; return the new one with tracked changes from the old.

    `date` (a date or datetime; only the day is used) becomes every revision's `w:date`.
    """
    old_pkg, new_pkg = read_package(Path(old)), read_package(Path(new))
    old_body, new_body = old_pkg.root.find(w("body")), new_pkg.root.find(w("body"))
    assert old_body is not None and new_body is not None
    accept_revisions(old_body)
    accept_revisions(new_body)
    builder = _Builder(old_pkg, new_pkg)
    section = new_body.find(w("sectPr"))
    blocks = builder.blocks(_blocks_of(old_body, w("sectPr")), _blocks_of(new_body, w("sectPr")))
    _set_children(new_body, blocks + ([section] if section is not None else []))
    _number_revisions(new_pkg.root, _highest_id(new_pkg.parts) + 1, author, _revision_date(date))
    _renumber_drawings(new_pkg.root)
    insertions, deletions, formatting = _count(new_body)
    parts = dict(new_pkg.parts)
    parts[new_pkg.document_name] = etree.tostring(new_pkg.root, xml_declaration=True, encoding="UTF-8", standalone=True)
    builder.adopter.write_into(parts)
    return Redline(_zip(parts), insertions, deletions, formatting)


def _renumber_drawings(root: etree._Element) -> None:
    """Drawings copied from the old version may repeat ids: number every wp:docPr in order."""
    for number, doc_pr in enumerate(root.iter("{*}docPr"), start=1):
        doc_pr.set("id", str(number))


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name in sorted(parts):
            package.writestr(name, parts[name])
    return normalize_package(out.getvalue())
