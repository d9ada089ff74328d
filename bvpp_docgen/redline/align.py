"""Aligning two sequences of elements on their serialised XML: an unchanged element costs a hash.

Only the stretches whose XML differs are handed on to be compared by their comparison keys
(text, table shape), which are costly to build: a paper of 5,000 indicators holds about a
million words, and a change of three figures touches a handful of them.

A table's or a content control's digest is made from its children's digests, so each row is
serialised once however deep it lies (a row in a table in a content control).
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence

from lxml import etree

from ..ooxml.ns import w

Stretch = tuple[bool, list[etree._Element], list[etree._Element]]
_TBL, _TR, _SDT, _SDT_CONTENT = w("tbl"), w("tr"), w("sdt"), w("sdtContent")
_BRANCHES = frozenset([_TBL, _SDT, _SDT_CONTENT])
LARGE = 65_536  # bytes of XML; a larger block is paired by the digests of its rows and paragraphs


class Digests:
    """Digests and sizes of one paper's elements, each worked out once."""

    def __init__(self, known: dict[etree._Element, tuple[bytes, int]] | None = None) -> None:
        self._known: dict[etree._Element, tuple[bytes, int]] = dict(known or {})  # rows kept as bytes come known

    def _of(self, element: etree._Element) -> tuple[bytes, int]:
        found = self._known.get(element)
        if found is None:
            if element.tag in _BRANCHES:  # its tag, attributes and children's digests (whitespace between them left out)
                children = [self._of(child) for child in element]
                head = repr((element.tag, sorted(element.attrib.items()))).encode()
                found = (hashlib.sha1(head + b"".join(d for d, _ in children)).digest(), sum(n for _, n in children))
            else:
                data = etree.tostring(element, encoding="UTF-8", xml_declaration=False, with_tail=False)
                found = (hashlib.sha1(data).digest(), len(data))
            self._known[element] = found
        return found

    def digest(self, element: etree._Element) -> bytes:
        """Return a digest of an element's XML (as written in UTF-8): equal for equal XML."""
        return self._of(element)[0]

    def is_large(self, element: etree._Element) -> bool:
        """True for a block whose comparison key would be costly (a content control holding a long table)."""
        return self._of(element)[1] > LARGE

    def parts(self, element: etree._Element) -> tuple[bytes, ...]:
        """Return the digests of a block's rows and paragraphs, in order (a table's rows, a content
        control's blocks with its tables' rows), or of the block itself.
        """
        if element.tag == _TBL:
            return tuple(self.digest(row) for row in element.iterchildren(_TR))
        content = element.find(_SDT_CONTENT) if element.tag == _SDT else None
        if content is None:
            return (self.digest(element),)
        return tuple(d for child in content if isinstance(child.tag, str) for d in self.parts(child))

    def aligned(self, old: Sequence[etree._Element], new: Sequence[etree._Element], other: Digests) -> list[Stretch]:
        """Split this paper's `old` and the `other` paper's `new` elements into stretches, in order:
        `(True, olds, news)` for elements whose XML is the same on both sides (one for one),
        `(False, olds, news)` for a stretch that differs (either side may be empty).
        """
        if not old or not new:
            return [(False, list(old), list(new))] if old or new else []
        a, b = [self.digest(e) for e in old], [other.digest(e) for e in new]
        out: list[Stretch] = []
        for kind, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            same = kind == "equal"
            if out and not same and not out[-1][0]:  # two differing stretches in a row are one
                out[-1][1].extend(old[a0:a1])
                out[-1][2].extend(new[b0:b1])
                continue
            out.append((same, list(old[a0:a1]), list(new[b0:b1])))
        return out


def parts_similarity(a: Sequence[bytes], b: Sequence[bytes]) -> float:
    """Return how alike two blocks are by their parts' digests (0..1): the share of rows and
    paragraphs they have in common, in order.
    """
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() <= 0.5 or matcher.quick_ratio() <= 0.5:
        return 0.0
    return matcher.ratio()
