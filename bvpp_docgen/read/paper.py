"""A built paper read back as its paragraphs: each one's heading level (None: not a heading) and text.

Tracked changes are accepted first, so an edit made with Word's track changes on reads as the
text it leaves. Paragraphs in tables are read too, in document order; empty ones are left out.
A paper bvpp has just written is read from its bytes without building its tree
(`ooxml/scan.py`), with the same answer.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError, Location
from ..ooxml.ns import RT_STYLES, w
from ..ooxml.package import Package
from ..ooxml.scan import scan_paragraphs
from ..ooxml.styles import Styles
from ..ooxml.toc import contents_entries, entry_text
from ..ooxml.wml import accept_revisions, text_of


def accepted_body(source: bytes, label: str) -> tuple[Package, str, Any, Styles]:
    """Open a .docx (InputError if it is not Word): its package, main part's name, body with tracked changes accepted, styles."""
    package = Package.open(source, label, InputError)
    name = package.main_part()
    body = package.xml(name).find(w("body"))
    if body is None:
        raise InputError("not a Word document: no w:body in the main part", location=Location(label))
    styles_part = package.related(name, RT_STYLES)
    accept_revisions(body)
    return package, name, body, Styles(package.xml(styles_part) if styles_part else None)


def paper_paragraphs(source: bytes, label: str) -> list[tuple[int | None, str]]:
    """Return the paragraphs of a .docx's body, in order: (heading level or None, text on one line).

    A contents list's entry reads as its heading's text, without the page number publishing adds.
    """
    _, _, body, styles = accepted_body(source, label)
    held = [p for listed in contents_entries(body) for p in listed]  # held, so that each proxy (and its id) stays the same
    entries = {id(p) for p in held}
    found: list[tuple[int | None, str]] = []
    for paragraph in body.iter(w("p")):
        text = entry_text(paragraph) if id(paragraph) in entries else " ".join(text_of(paragraph, " ").split())
        if text:
            found.append((styles.heading_level(paragraph), text))
    return found


def written_paragraphs(data: bytes, label: str) -> list[tuple[int | None, str]]:
    """Return what `paper_paragraphs` returns, for a paper bvpp has just written (so well-formed XML).

    Read from the main part's bytes when it is as bvpp writes it, else from its parsed tree.
    """
    package = Package.open(data, label, InputError)
    name = package.main_part()
    styles_part = package.related(name, RT_STYLES)
    found = scan_paragraphs(package.parts[name], Styles(package.xml(styles_part) if styles_part else None))
    return paper_paragraphs(data, label) if found is None else found
