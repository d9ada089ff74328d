"""Where a finding is: numbered paragraphs, headings by their text, and the shared tree helpers.

A paper can hold a hundred thousand paragraphs (a plan's indicator annex), so what the rules ask of
every element is answered once per tree: which elements sit in a text box or in mc:Fallback (sets
built in one pass), and the children a rule reads, found by their Clark names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ..ooxml.ns import q, w
from ..ooxml.styles import Styles
from ..ooxml.wml import text_of

if TYPE_CHECKING:
    from .held import Held

Problem = tuple[str, str, str]  # rule, place, message

P, R, T, TC, TBL, TR = w("p"), w("r"), w("t"), w("tc"), w("tbl"), w("tr")
PPR, RPR, TCPR, TBLPR = w("pPr"), w("rPr"), w("tcPr"), w("tblPr")
TXBX, FALLBACK = w("txbxContent"), q("mc:Fallback")
VAL = w("val")


def descendants_of(root: etree._Element, tag: str) -> set[etree._Element]:
    """Return every element below any `tag` element of the tree (not those elements themselves, unless nested)."""
    return {node for holder in root.iter(tag) for node in holder.iterdescendants()}


def child(node: etree._Element | None, tag: str, inner: str) -> etree._Element | None:
    """Return what node.find('tag/inner') returns for Clark names: the first `inner` under any `tag` child."""
    if node is None:
        return None
    for step in node.iterchildren(tag):
        for found in step.iterchildren(inner):
            return found
    return None


class Places:
    """Numbers the paragraphs a reader sees (not those inside text boxes) and names them."""

    def __init__(self, root: etree._Element, styles: Styles, held: Held | None = None) -> None:
        self.root = root
        self.styles = styles
        self.held = held
        self.boxed = descendants_of(root, TXBX)
        self.fallback = descendants_of(root, FALLBACK)
        self._numbers: dict[etree._Element, int] | None = None

    @property
    def numbers(self) -> dict[etree._Element, int]:
        """Each paragraph a reader sees, by its number (counted when a finding first needs one)."""
        if self._numbers is None:
            boxed, held = self.boxed, self.held
            self._numbers = {}
            count = 0
            for node in self.root.iter(P, TR) if held else self.root.iter(P):
                if node in boxed:
                    continue
                if node.tag == P:
                    count += 1
                    self._numbers[node] = count
                elif held:
                    count += held.paragraphs(node)
        return self._numbers

    def in_text_box(self, node: etree._Element) -> bool:
        """Tell whether `node` sits inside a text box's content."""
        return node in self.boxed

    def in_fallback(self, node: etree._Element) -> bool:
        """Tell whether `node` is inside mc:Fallback (a copy of the mc:Choice content)."""
        return node in self.fallback

    def of(self, node: etree._Element) -> str:
        """Return 'paragraph N' (with the heading's text if it is one) for the paragraph holding `node`."""
        numbers = self.numbers
        paragraph = node if node.tag == P and node in numbers else None
        parent = node.getparent()
        while paragraph is None and parent is not None:
            if parent.tag == P and parent in numbers:
                paragraph = parent
            parent = parent.getparent()
        if paragraph is None:
            return "document"
        place = f"paragraph {numbers[paragraph]}"
        if self.styles.heading_level(paragraph) is not None:
            place += f" (heading {shorten(text_of(paragraph))!r})"
        return place


def cell_text(cell: etree._Element) -> str:
    """Return a cell's text, its paragraphs joined by spaces."""
    return " ".join(text_of(p) for p in cell.iterchildren(P))


def shorten(text: str, limit: int = 40) -> str:
    """Return `text` stripped, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def in_table(node: etree._Element) -> bool:
    """Tell whether `node` sits in a table cell."""
    return next(node.iterancestors(TC), None) is not None
