"""Where a finding is: numbered paragraphs, headings by their text, and the shared tree helpers."""

from __future__ import annotations

from lxml import etree

from bvpp_docgen.ooxml.ns import NS, q, w
from bvpp_docgen.ooxml.styles import Styles
from bvpp_docgen.ooxml.wml import text_of

Problem = tuple[str, str, str]  # rule, place, message


class Places:
    """Numbers the paragraphs a reader sees (not those inside text boxes) and names them."""

    def __init__(self, root: etree._Element, styles: Styles) -> None:
        self.numbers: dict[etree._Element, int] = {}
        self.styles = styles
        for paragraph in root.iter(w("p")):
            if not in_text_box(paragraph):
                self.numbers[paragraph] = len(self.numbers) + 1

    def of(self, node: etree._Element) -> str:
        """Return 'paragraph N' (with the heading's text if it is one) for the paragraph holding `node`."""
        paragraph = node if node.tag == w("p") and node in self.numbers else None
        parent = node.getparent()
        while paragraph is None and parent is not None:
            if parent.tag == w("p") and parent in self.numbers:
                paragraph = parent
            parent = parent.getparent()
        if paragraph is None:
            return "document"
        place = f"paragraph {self.numbers[paragraph]}"
        if self.styles.heading_level(paragraph) is not None:
            place += f" (heading {shorten(text_of(paragraph))!r})"
        return place


def in_text_box(node: etree._Element) -> bool:
    """Tell whether `node` sits inside a text box's content."""
    return any(a.tag == w("txbxContent") for a in node.iterancestors())


def cell_text(cell: etree._Element) -> str:
    """Return a cell's text, its paragraphs joined by spaces."""
    return " ".join(text_of(p) for p in cell.findall("w:p", NS))


def shorten(text: str, limit: int = 40) -> str:
    """Return `text` stripped, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def in_fallback(node: etree._Element) -> bool:
    """Tell whether `node` is inside mc:Fallback (a copy of the mc:Choice content)."""
    return any(a.tag == q("mc:Fallback") for a in node.iterancestors())


def in_table(node: etree._Element) -> bool:
    """Tell whether `node` sits in a table cell."""
    return any(a.tag == w("tc") for a in node.iterancestors())
