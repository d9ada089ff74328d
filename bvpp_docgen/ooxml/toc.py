"""Contents lists (TOC fields) as WordprocessingML: their entries, and page numbers written into them.

A contents list is a complex field (`w:fldChar` begin, `TOC ...` instruction, separate, result,
end) whose result is one paragraph per entry. An entry's text is the heading's text; its page
number, when it has one, follows a tab (as Word writes it), so the entry's text is what comes
before the first tab.
"""

from __future__ import annotations

from lxml import etree

from .ns import w

# CT_PPrBase is a sequence: `w:tabs` comes after these (ECMA-376 17.3.1.26).
_BEFORE_TABS = {w(t) for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
                               "suppressLineNumbers", "pBdr", "shd")}
_DEFAULT_TEXT_WIDTH = 9026  # twips: A4 with 1-inch margins
_P, _FLD_CHAR, _INSTR_TEXT, _FLD_CHAR_TYPE = w("p"), w("fldChar"), w("instrText"), w("fldCharType")


class FieldTracker:
    """Follow complex fields through a part in document order; collect each outermost TOC field's result.

    Fed the paragraphs' starts (`paragraph`, only while `collecting`), the `w:fldChar`s and the
    `w:instrText`s in document order, by `contents_results` from a tree and by `ooxml/scan.py`
    from a part's bytes, so both read the same fields.
    """

    def __init__(self) -> None:
        self.found: list[list] = []  # the result paragraphs of each TOC field, fields in document order
        self.collecting = False  # an outermost field is in its result: each paragraph started belongs to it
        self._stack: list[dict] = []  # open fields: instruction text, result paragraphs, whether in the result

    def paragraph(self, paragraph: object) -> None:
        """A paragraph starts in the result of the outermost open field."""
        self._stack[0]["paragraphs"].append(paragraph)

    def instruction(self, text: str) -> None:
        """A `w:instrText` holding `text`."""
        if self._stack:
            self._stack[-1]["instr"] += text

    def fld_char(self, kind: str | None, paragraph: object | None) -> None:
        """A `w:fldChar` of `kind` ("begin", "separate", "end"), in `paragraph` (the latest to start; None: none yet)."""
        stack = self._stack
        if kind == "begin":
            stack.append({"instr": "", "paragraphs": [], "result": False})
        elif kind == "separate" and stack:
            stack[-1]["result"] = True
            if len(stack) == 1 and paragraph is not None:
                stack[0]["paragraphs"].append(paragraph)
        elif kind == "end" and stack:
            field = stack.pop()
            if not stack and field["instr"].split()[:1] == ["TOC"]:
                self.found.append(field["paragraphs"])
        self.collecting = bool(stack) and stack[0]["result"]


def contents_results(body: etree._Element) -> list[list[etree._Element]]:
    """Return the paragraphs of each TOC field's result, fields in document order (nested fields ignored)."""
    fields = FieldTracker()
    paragraph: etree._Element | None = None
    for node in body.iter(_P, _FLD_CHAR, _INSTR_TEXT):
        if node.tag == _P:
            paragraph = node
            if fields.collecting:
                fields.paragraph(node)
        elif node.tag == _INSTR_TEXT:
            fields.instruction(node.text or "")
        else:
            fields.fld_char(node.get(_FLD_CHAR_TYPE), paragraph)
    return fields.found


def contents_entries(body: etree._Element) -> list[list[etree._Element]]:
    """Return each contents list's entry paragraphs (those holding a link to their heading)."""
    return [[p for p in paragraphs if p.find(w("hyperlink")) is not None] for paragraphs in contents_results(body)]


def entry_text(paragraph: etree._Element) -> str:
    """Return a contents entry's text without its page number: the text before its first tab, on one line."""
    parts: list[str] = []
    for node in paragraph.iter(w("t"), w("tab"), w("br"), w("cr")):
        if node.tag == w("tab") and node.getparent() is not None and node.getparent().tag == w("r"):
            break
        parts.append((node.text or "") if node.tag == w("t") else " ")
    return " ".join("".join(parts).split())


def section_of(body: etree._Element, paragraph: etree._Element) -> etree._Element | None:
    """Return the `w:sectPr` of the section `paragraph` is in: the first one after it in the body, or None."""
    passed = False
    for node in body.iter(w("p"), w("sectPr")):
        passed = passed or node is paragraph
        if passed and node.tag == w("sectPr"):
            return node
    return None


def text_width(section: etree._Element | None) -> int:
    """Return the width between a section's margins, in twips (A4 at 1 inch when unsaid)."""
    if section is None:
        return _DEFAULT_TEXT_WIDTH
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
    try:
        width = int(size.get(w("w"))) if size is not None else None
        left = int(margins.get(w("left"), "0")) if margins is not None else 1440
        right = int(margins.get(w("right"), "0")) if margins is not None else 1440
    except (TypeError, ValueError):
        return _DEFAULT_TEXT_WIDTH
    return width - left - right if width and width - left - right > 0 else _DEFAULT_TEXT_WIDTH


def set_page_numbers(body: etree._Element, pages: list[list[int]]) -> int:
    """Write page numbers into the contents lists' entries: `pages[i][j]` for entry j of list i; return how many.

    A list whose numbers do not match its entries one for one (an empty list of numbers among
    them) is left as it is. Each entry gets a right-aligned, dot-led tab stop at the right
    margin of the list's section, then a tab and its number inside its link, as Word writes an
    updated contents list.
    """
    written = 0
    for entries, numbers in zip(contents_entries(body), pages, strict=False):
        if not numbers or len(numbers) != len(entries):
            continue
        position = str(text_width(section_of(body, entries[0])))
        for paragraph, number in zip(entries, numbers, strict=True):
            _tab_stop(paragraph, position)
            link = paragraph.find(w("hyperlink"))
            etree.SubElement(etree.SubElement(link, w("r")), w("tab"))
            etree.SubElement(etree.SubElement(link, w("r")), w("t")).text = str(number)
            written += 1
    return written


def _tab_stop(paragraph: etree._Element, position: str) -> None:
    ppr = paragraph.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        paragraph.insert(0, ppr)
    tabs = ppr.find(w("tabs"))
    if tabs is None:
        tabs = etree.Element(w("tabs"))
        before = [child for child in ppr if child.tag in _BEFORE_TABS]
        (before[-1].addnext if before else lambda e: ppr.insert(0, e))(tabs)
    tab = etree.SubElement(tabs, w("tab"))
    tab.set(w("val"), "right")
    tab.set(w("leader"), "dot")
    tab.set(w("pos"), position)
