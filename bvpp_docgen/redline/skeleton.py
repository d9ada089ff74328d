"""A paper's main part read with the rows of its top-level tables kept as bytes until they are needed.

The tree of a 4,999-indicator plan takes about 260 MB in lxml; the redline of a few changed
figures needs a handful of its rows. Each row of a table in the body (or in content controls
there) is serialised as it is parsed, digested, and emptied, leaving a placeholder; a row is
parsed back only when the comparison reaches it, and the written paper gets the unchanged rows'
bytes back in place of their placeholders. Rows holding tracked changes or drawings (which the
redline settles or renumbers across the whole document) and the first row of each table (its
key) stay whole, and so does any row whose serialisation could not be put back byte for byte.
Most rows never reach this parse: `split.py` takes them from the part's bytes as they stand and
uses this class's placeholders; `parse` reads the parts it declines.
"""

from __future__ import annotations

import hashlib
import os
import re

from lxml import etree

from ..ooxml.ns import fromstring, iterparse, w
from ..ooxml.wml import REVISIONS

_TR, _TBL = w("tr"), w("tbl")
_CONTAINERS = frozenset([w("tbl"), w("sdtContent"), w("sdt"), w("body"), w("document")])
# rows holding an element so named, in any namespace, stay whole (a stray match only keeps a row whole)
WHOLE_NAMES = tuple(name.encode() for name in (*REVISIONS, "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                                               "moveToRangeEnd", "docPr"))
_WHOLE = re.compile(rb"<(?:[^\s<>/:]+:)?(?:" + b"|".join(WHOLE_NAMES) + rb")[\s/>]")
_START = re.compile(rb'<([^\s/>]+)((?:\s+xmlns(?::[^\s=]+)?="[^"]*")*)')
_DECL = re.compile(rb'xmlns(?::([^\s=]+))?="([^"]*)"')


class Skeleton:
    """The rows taken out of one parsed part: their bytes, digests and the namespaces they inherit."""

    def __init__(self) -> None:
        self.attr = f"bvpp-row-{os.urandom(8).hex()}"  # the placeholder's mark: no paper holds it
        self.rows: list[bytes] = []  # each row as written in place (without the declarations it inherits)
        self.heads: list[tuple[bytes, int]] = []  # each row's tag name and which declarations it inherits
        self.decls: dict[bytes, int] = {}
        self.known: dict[etree._Element, tuple[bytes, int]] = {}  # placeholder -> digest and size of its XML
        self._tables: dict[etree._Element, bool] = {}
        self._heads: dict[etree._Element, tuple[bytes, bytes, int]] = {}  # table -> its rows' start and declarations
        self._checked: dict[tuple[etree._Element, bytes], bool] = {}
        self._placeholder = re.compile(rb'<[^\s<>]+ ' + self.attr.encode() + rb'="(\d+)"/>')

    def take(self, row: etree._Element) -> None:
        """Keep a row as bytes and empty it, if it can be put back exactly."""
        parent = row.getparent()
        previous = row.getprevious()
        if (parent is None or parent.tag != _TBL or previous is None or previous.tag != _TR
                or not self.top_level(parent)):
            return
        data = etree.tostring(row, encoding="UTF-8", xml_declaration=False, with_tail=False)
        if _WHOLE.search(data):
            return
        head = self._heads.get(parent)  # the same tag name and declarations for every row of a table
        if head is None or not data.startswith(head[0]):
            start = _START.match(data)
            if start is None or not self._inherited(start.group(2), parent):
                return
            head = self._heads[parent] = (start.group(0), start.group(1), self._declared(start.group(2)))
        start_tag, name, decl = head
        self.known[row] = (hashlib.sha1(data).digest(), len(data))
        self.heads.append((name, decl))
        self.rows.append(b"<" + name + data[len(start_tag):])
        row.clear(keep_tail=True)
        row.set(self.attr, str(len(self.rows) - 1))

    def top_level(self, table: etree._Element) -> bool:
        """True for a table in the body or in content controls there (not in a cell or a text box)."""
        found = self._tables.get(table)
        if found is None:
            found = self._tables[table] = all(a.tag in _CONTAINERS for a in table.iterancestors())
        return found

    def _inherited(self, declarations: bytes, table: etree._Element) -> bool:
        """True if each declaration on a row serialised alone is one it inherits (lxml copies them
        onto a subtree), so the row reads the same without them in place."""
        key = (table, declarations)
        found = self._checked.get(key)
        if found is None:
            in_scope = table.nsmap
            found = self._checked[key] = all(
                in_scope.get(prefix.decode() if prefix else None) == uri.decode()
                for prefix, uri in _DECL.findall(declarations))
        return found

    def done(self) -> None:
        """Forget what parsing needed."""
        self._tables.clear()
        self._checked.clear()
        self._heads.clear()

    def fill(self, element: etree._Element) -> None:
        """Parse back every placeholder row in `element` (itself included)."""
        if not self.rows:
            return
        for row in [r for r in element.iter(_TR) if r.get(self.attr) is not None]:
            index = int(row.attrib.pop(self.attr))
            name, decl = self.heads[index]
            data = self.rows[index]
            whole = fromstring(b"<" + name + self.declarations(decl) + data[1 + len(name):])
            row.text = whole.text
            for key, value in whole.attrib.items():
                row.set(key, value)
            row.extend(list(whole))
            self.rows[index] = b""

    def _declared(self, declarations: bytes) -> int:
        return self.decls.setdefault(declarations, len(self.decls))

    def head(self, row: bytes) -> tuple[bytes, int]:
        """Return the tag name of a row serialised alone and which declarations lxml gave it."""
        start = _START.match(row)
        assert start is not None
        return start.group(1), self._declared(start.group(2))

    def declarations(self, index: int) -> bytes:
        """Return the namespace declarations numbered `index`, as lxml writes them on a row alone."""
        return next(d for d, i in self.decls.items() if i == index)

    def expand(self, data: bytes) -> bytes:
        """Put the kept rows back in place of their placeholders in a serialised part."""
        if not self.rows:
            return data
        return self._placeholder.sub(lambda m: self.rows[int(m.group(1))], data)


def parse(data: bytes) -> tuple[etree._Element, Skeleton]:
    """Parse a main part, its tables' rows kept as bytes; return the root and the kept rows."""
    skeleton = Skeleton()
    root = None
    for _, row in iterparse(data, _TR):
        skeleton.take(row)
        root = row
    if root is None:  # no rows at all
        return fromstring(data), skeleton
    skeleton.done()
    return root.getroottree().getroot(), skeleton
