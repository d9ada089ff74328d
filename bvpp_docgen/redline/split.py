"""A main part's table rows taken out of its bytes as they stand, so that a row bvpp wrote is never parsed.

`skeleton.parse` builds every row's tree only to serialise it again, digest it and empty it.
Most rows need not be parsed at all: a row whose bytes are exactly what lxml writes for it
(`_Shapes`: double-quoted attributes, single spaces, `<x/>` for an empty element, lxml's
escapes, no namespace declarations) is taken out of the bytes, digested as lxml would have
serialised it, and replaced by the placeholder `skeleton` uses; the rest of the part is parsed
as usual. The rows taken are those `Skeleton.take` would take: not a table's first row, not a
row holding tracked changes or drawings, and only in a table in the body or in content controls
there (checked on the parsed skeleton; a row found elsewhere is parsed back in place).

A row taken is never parsed, so it is checked as libxml2 would check it: its shape (the row with
each text made one letter) is parsed once, inside the part's root, and the whole part must be
UTF-8 with no character XML refuses. A part that is not well formed is therefore parsed whole
by the caller and refused with the very message it had before. This path reads only parts
shaped as lxml writes them: XML 1.0 in UTF-8, the `w:` prefix declared once on the root, no
document type, comments, CDATA or processing instructions; on anything else `split` says None.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import re
from collections.abc import Iterator

from lxml import etree

from ..ooxml.ns import W_NS, fromstring, w
from .skeleton import WHOLE_NAMES, Skeleton

_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml(\s[^>]*)\?>)?\s*")  # the byte order mark, the XML declaration
_VERSION_AND_ENCODING = re.compile(rb"""(?:\s+version\s*=\s*(["'])1\.0\1)?(?:\s+encoding\s*=\s*(["'])(?i:utf-8)\2)?"""
                                   rb"""(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*""")
_REMEMBERED = 1024  # rows' shapes with their values kept: Word's paragraph ids make each row's different
_WINDOW = 1 << 20  # bytes decoded at a time
_CONTROLS = bytes(c for c in range(0x20) if c not in b"\t\n\r")  # characters XML 1.0 refuses
_ROOT = re.compile(rb'<w:document((?: [^\s=/>]+="[^"]*")*)>')
_DECLARES = re.compile(rb'xmlns:([^\s=/>]+)="([^"]*)"')
_W_DECLARATION = re.compile(rb"xmlns:w\s*=")
_EVENT = re.compile(rb"w:t(bl|r)(?=[\s/>])")  # in a table's or a row's start or end tag (or in text: skipped)
_TEXT = re.compile(rb">[^<>]+<")  # a row's text between two tags
_VALUE = re.compile(rb'="[^"<>\t\n]*"')  # an attribute's value (in a row's shape, where no text is left)
_TR, _TBL = w("tr"), w("tbl")


class _Shapes:
    """Whether a row is as lxml writes it and well formed, worked out once per shape of row."""

    def __init__(self, prefixes: list[bytes], root: bytes, data: bytes) -> None:
        prefix = rb"(?:" + b"|".join(re.escape(p) for p in prefixes) + rb"):"
        local = rb"[A-Za-z_][\w.\-]*+"
        whole = rb"(?!(?:" + b"|".join(WHOLE_NAMES) + rb")[\s/>])"
        value = rb'"(?:[^"<>&\t\n\r]++|&(?:amp|lt|gt|quot|#10|#13|#9);)*+"'
        attribute = rb" (?:" + prefix + rb"|xml:|(?!xmlns=))" + local + rb"=" + value  # no namespace declared
        start = rb"<" + prefix + whole + local + rb"(?:" + attribute + rb")*+(?:/>|>(?!</))"  # <x></x> is written <x/>
        text = rb"(?:[^<>&\r]++|&(?:amp|lt|gt|#13);)++"
        self._canonical = re.compile(rb"(?:" + start + rb"|</" + prefix + local + rb">|" + text + rb")*+")
        self._root = root  # the part's root start tag, with the declarations a row is read under
        self._escapes = sorted(at for mark in (b"&", b"\r") for at in _offsets(data, mark))
        self._verdicts: dict[bytes, bool] = {}

    def taken(self, data: bytes, start: int, end: int) -> bool:
        """True if `data[start:end]` is an element as lxml writes it that libxml2 reads without
        error, with none of `WHOLE_NAMES` and no namespace declared in it.

        A row's shape is its bytes with each text and attribute value in it made one letter
        (paragraph ids Word gives make every row's bytes different): with no `&` or carriage
        return in the row (and characters XML allows: `split` checks the whole part), a text
        or value is as lxml writes it and well formed unless it holds a character the shape
        keeps (`<`, `>`, a tab or a line feed in a value).
        """
        first = bisect.bisect_left(self._escapes, start)
        if first < len(self._escapes) and self._escapes[first] < end:
            return self._sound(data[start:end])
        texts = _TEXT.sub(b">x<", data[start:end])  # bvpp's rows repeat with their values: one lookup
        found = self._verdicts.get(texts)
        if found is None:
            shape = _VALUE.sub(b'="v"', texts)
            found = self._verdicts.get(shape)
            if found is None:
                found = self._verdicts[shape] = self._sound(shape)
            if len(self._verdicts) < _REMEMBERED:
                self._verdicts[texts] = found
        return found

    def _sound(self, row: bytes) -> bool:
        if self._canonical.fullmatch(row) is None:
            return False
        try:
            fromstring(self._root + row + b"</w:document>")
        except etree.XMLSyntaxError:
            return False
        return True


def _offsets(data: bytes, mark: bytes) -> Iterator[int]:
    """Yield where `mark` is in `data`."""
    at = data.find(mark)
    while at >= 0:
        yield at
        at = data.find(mark, at + 1)


def _rows(data: bytes, shapes: _Shapes) -> list[tuple[int, int]]:
    """Return where the rows to take are: each one straight after another row of a table that is
    not in a table, and its bytes as lxml writes them."""
    found: list[tuple[int, int]] = []
    depth, start, after = 0, -1, -1  # tables open; where the row open began; where the last row ended
    for event in _EVENT.finditer(data):
        at = event.start()
        closing = data[at - 2:at] == b"</"
        if not closing and data[at - 1:at] != b"<":
            continue
        end = data.find(b">", event.end()) + 1
        single = data[end - 2:end] == b"/>"
        if event.group(1) == b"bl":
            depth += 0 if single else -1 if closing else 1
        elif depth == 1 and not closing:
            start, after = (-1, end) if single else (at - 1, after)
        elif depth == 1 and start >= 0:
            if start == after and shapes.taken(data, start, end):
                found.append((start, end))
            after, start = end, -1
    return found


def split(data: bytes) -> tuple[etree._Element, Skeleton] | None:
    """Parse a main part with its rows taken out as they stand; None if the part is not shaped
    as lxml writes it or is not well formed (the caller then parses it whole, and so refuses it
    as before)."""
    prolog = _PROLOG.match(data)
    root = _ROOT.match(data, prolog.end()) if prolog else None
    if prolog is None or root is None or not _VERSION_AND_ENCODING.fullmatch(prolog.group(1) or b""):
        return None
    declared = dict(_DECLARES.findall(root.group(1)))
    if (declared.get(b"w") != W_NS.encode() or len(_W_DECLARATION.findall(data)) != 1
            or data.find(b"<!", root.end()) >= 0 or data.find(b"<?", root.end()) >= 0 or not _characters(data)):
        return None
    prefixes = sorted(declared, key=lambda p: p != b"w")  # w: first, the usual one
    rows = _rows(data, _Shapes(prefixes, root.group(0), data))
    if not rows:
        return None
    skeleton = Skeleton()
    pieces, at = [], 0
    for index, (start, end) in enumerate(rows):
        head = data.index(b">", start)  # the row's start tag, its attributes kept for its declarations
        pieces += [data[at:start], data[start:head], b" ", skeleton.attr.encode(), b'="%d"/>' % index]
        skeleton.rows.append(data[start:end])
        at = end
    pieces.append(data[at:])
    try:
        tree = fromstring(b"".join(pieces))
    except etree.XMLSyntaxError:
        return None
    _settle(tree, skeleton)
    return tree, skeleton


def _characters(data: bytes) -> bool:
    """True if the part is UTF-8 with no character XML refuses (rows' texts are not parsed)."""
    decoder = codecs.getincrementaldecoder("utf-8")()  # strict: no surrogates, nothing past U+10FFFF
    try:
        for at in range(0, len(data), _WINDOW):  # a window at a time, so that no copy of the part is made
            window = data[at:at + _WINDOW]
            decoder.decode(window)
            if len(window.translate(None, _CONTROLS)) != len(window):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not any(data[at + 2:at + 3] in (b"\xbe", b"\xbf") for at in _offsets(data, b"\xef\xbf"))  # U+FFFE, U+FFFF


def _settle(tree: etree._Element, skeleton: Skeleton) -> None:
    """Digest each row taken where `Skeleton.take` would have taken it; parse back any other."""
    skeleton.heads = [(b"", 0)] * len(skeleton.rows)
    heads: dict[tuple[etree._Element | None, tuple[str, ...]], tuple[bytes, int, bytes]] = {}
    elsewhere = []
    for row in [r for r in tree.iter(_TR) if r.get(skeleton.attr) is not None]:
        index = int(row.get(skeleton.attr, ""))
        table = row.getparent()
        key = (table, tuple(row.keys()))  # lxml declares the row's own and its attributes' namespaces first
        head = heads.get(key)
        if head is None:
            del row.attrib[skeleton.attr]
            name, decl = skeleton.head(etree.tostring(row, encoding="UTF-8", xml_declaration=False))
            head = heads[key] = (name, decl, skeleton.declarations(decl))
            row.set(skeleton.attr, str(index))
        name, decl, declared = head
        skeleton.heads[index] = (name, decl)
        if len(row.attrib) > 1:  # a placeholder holds its mark alone
            row.attrib.clear()
            row.set(skeleton.attr, str(index))
        previous = row.getprevious()
        if (table is None or table.tag != _TBL or previous is None or previous.tag != _TR
                or not skeleton.top_level(table)):
            elsewhere.append(row)
            continue
        data = skeleton.rows[index]
        digest = hashlib.sha1(b"<" + name)  # the row's bytes as lxml serialises it alone (skeleton.Skeleton.take)
        digest.update(declared)
        digest.update(memoryview(data)[1 + len(name):])
        skeleton.known[row] = (digest.digest(), len(data) + len(declared))
    for row in elsewhere:
        skeleton.fill(row)
    skeleton.done()
