"""The text and contents-list code as it was before it was made fast, kept as the tests' reference.

`paper_paragraphs` read the whole parsed body, asking the style sheet about every paragraph
with `find` paths; `fill_contents` asked it about every paragraph of the body. The new code
must give exactly what these give (the text as built is stored and compared later).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from bvpp_docgen.errors import InputError, Location
from bvpp_docgen.ooxml.ns import RT_STYLES, w
from bvpp_docgen.ooxml.package import Package
from bvpp_docgen.ooxml.styles import Styles, _outline
from bvpp_docgen.ooxml.wml import accept_revisions
from bvpp_docgen.write import contents as new_contents

_P_STYLE = f"{w('pPr')}/{w('pStyle')}"
_P_OUTLINE = f"{w('pPr')}/{w('outlineLvl')}"


class OldStyles(Styles):
    """Styles answering a paragraph's style and heading level as before, by `find` paths."""

    def paragraph_style(self, paragraph: etree._Element) -> str | None:
        node = paragraph.find(_P_STYLE)
        return node.get(w("val")) if node is not None else self.defaults.get("paragraph")

    def heading_level(self, paragraph: etree._Element) -> int | None:
        direct = paragraph.find(_P_OUTLINE)
        if direct is not None:
            return _outline(direct)
        return self.style_heading_level(self.paragraph_style(paragraph))


def text_of(node: etree._Element, breaks: str | None = None) -> str:
    if breaks is None:
        return "".join(t.text or "" for t in node.iter(w("t")))
    return "".join((t.text or "") if t.tag == w("t") else breaks for t in node.iter(w("t"), w("tab"), w("br"), w("cr")))


def contents_results(body: etree._Element) -> list[list[etree._Element]]:
    found: list[list[etree._Element]] = []
    stack: list[dict] = []
    paragraph: etree._Element | None = None
    for node in body.iter(w("p"), w("fldChar"), w("instrText")):
        if node.tag == w("p"):
            paragraph = node
            if stack and stack[0]["result"]:
                stack[0]["paragraphs"].append(node)
        elif node.tag == w("instrText"):
            if stack:
                stack[-1]["instr"] += node.text or ""
        else:
            kind = node.get(w("fldCharType"))
            if kind == "begin":
                stack.append({"instr": "", "paragraphs": [], "result": False})
            elif kind == "separate" and stack:
                stack[-1]["result"] = True
                if len(stack) == 1 and paragraph is not None:
                    stack[0]["paragraphs"].append(paragraph)
            elif kind == "end" and stack:
                field = stack.pop()
                if not stack and field["instr"].split()[:1] == ["TOC"]:
                    found.append(field["paragraphs"])
    return found


def entry_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter(w("t"), w("tab"), w("br"), w("cr")):
        if node.tag == w("tab") and node.getparent() is not None and node.getparent().tag == w("r"):
            break
        parts.append((node.text or "") if node.tag == w("t") else " ")
    return " ".join("".join(parts).split())


def paper_paragraphs(source: bytes, label: str) -> list[tuple[int | None, str]]:
    package = Package.open(source, label, InputError)
    name = package.main_part()
    body = package.xml(name).find(w("body"))
    if body is None:
        raise InputError("not a Word document: no w:body in the main part", location=Location(label))
    styles_part = package.related(name, RT_STYLES)
    accept_revisions(body)
    styles = OldStyles(package.xml(styles_part) if styles_part else None)
    results = [[p for p in paragraphs if p.find(w("hyperlink")) is not None] for paragraphs in contents_results(body)]
    held = [p for listed in results for p in listed]
    entries = {id(p) for p in held}
    found: list[tuple[int | None, str]] = []
    for paragraph in body.iter(w("p")):
        text = entry_text(paragraph) if id(paragraph) in entries else " ".join(text_of(paragraph, " ").split())
        if text:
            found.append((styles.heading_level(paragraph), text))
    return found


def fill_contents(body: etree._Element, styles: Styles, sheet: etree._Element | None = None) -> list[Any]:
    """`write/contents.py`'s fill_contents as it was: every paragraph of the body asked whether it is a heading."""
    c = new_contents
    fields = list(c._empty_toc_fields(body))
    if not fields:
        return []
    names = styles.ids_by_name()
    paragraphs = list(body.iter(w("p")))
    order = {id(p): index for index, p in enumerate(paragraphs)}
    headings = list(_headings(paragraphs, styles))
    bookmarks = c._Bookmarks(body)
    filled = []
    for number, (paragraph, instr, (low, high)) in enumerate(fields, start=1):
        after, top = order[id(paragraph)], paragraph.getparent() is body
        stop = c._range_end(paragraph, low, styles)
        until = order[id(stop)] if stop is not None and stop.tag == w("p") else len(paragraphs)
        entries = [
            bookmarks.on(p, level, text) for p, level, text in headings if low <= level <= high and after < order[id(p)] < until
        ]
        own = c._own_heading(paragraph, low, entries, styles)
        if own is not None:
            c._make_body_text(own, styles, sheet)
        last = c._replace_result(paragraph, entries, low, names)
        if top:
            name = f"{c.RANGE_PREFIX}{number}"
            if not c._SCOPE.search(instr.text or ""):
                instr.text = f"{(instr.text or '').rstrip()} \\b {name} "
                bookmarks.around(name, last, paragraphs[until - 1] if until - 1 > after else last)
        filled.append(entries)
    return filled


def _headings(paragraphs: list[etree._Element], styles: Styles) -> Iterator[tuple[etree._Element, int, str]]:
    for paragraph in paragraphs:
        level = styles.heading_level(paragraph)
        if level is not None:
            text = " ".join(text_of(paragraph, breaks=" ").split())
            if text:
                yield paragraph, level, text
