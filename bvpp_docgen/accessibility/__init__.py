"""Check a paper (.docx) for what makes its PDF inaccessible: the rules behind `bvpp check`'s accessibility findings.

Each part of the package is parsed once (the rows a rendering held out of it, only where a rule
must see them: held.py); the checks walk those trees and return findings
naming the paper, the rule and the place ("paragraph 12 (heading 'Budget')", "table 3,
first row"). Rules:

- image-alt-text: every picture (wp:docPr, VML image) has alt text, or is marked decorative;
- chart-alt-text: every chart (a wp:docPr over c:chart) has alt text; a chart is never decorative;
- heading-order: heading levels never skip (Heading 1 then Heading 3), from the start too;
- table-header-row: every table's first row is marked to repeat as a header row (w:tblHeader);
- document-title, document-language: docProps/core.xml dc:title, and the default language
  (styles.xml w:lang on the document defaults or Normal), are set (and match, if given);
- colour-contrast: text in tables and headings reaches 4.5:1 against its shading (WCAG 2);
- floating-text-box: no text sits in a floating text box, which screen readers may skip;
- colour-only: no table cell says something by colour alone (shaded but empty, or only a symbol).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError, Location
from ..ooxml.package import Package
from ..ooxml.styles import Styles
from .colours import MIN_CONTRAST, Palette, contrast
from .held import Held, Run, Unsure, with_rows
from .places import Places, Problem
from .rules import check_charts, check_headings, check_images, check_properties, check_text_boxes
from .survey import Survey
from .tables import check_tables

__all__ = ["MIN_CONTRAST", "Finding", "check_accessibility", "contrast", "read_parts"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One accessibility problem: which paper, which rule, where in the paper, what is wrong."""

    paper: str
    rule: str
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.paper}: {self.place}: {self.message} [{self.rule}]"


def check_accessibility(
    docx: Path | bytes, paper: str, *, language: str | None = None, source: str | None = None,
    held: Sequence[str] = (), told: dict[str, Run | None] | None = None,
) -> list[Finding]:
    """Return every accessibility finding in `docx` (a path, or the paper's bytes), in document order.

    Findings name the paper `paper`; an unreadable paper is an InputError at `source` (the
    paper's project-relative name; by default the path, or `paper` for bytes). If `language`
    (e.g. "en-GB") is given, the document's language must be that language. `held` are the rows
    a rendering held out of the main part (write/rows.py render_document's), which the findings
    take in as if they stood where their placeholders stand; `told`, what was told of such rows
    before (pass the same dict for papers that hold the same rows).
    """
    parts = read_parts(docx, source)
    styles = Styles(parts.get("word/styles.xml"))
    told = {} if told is None else told
    while held:  # each time the rules cannot tell, some held rows are parsed into the tree: at last, all are
        body = parts["word/document.xml"]
        try:
            return findings(parts, styles, paper, language, Held(body, held, styles, told))
        except Unsure as unsure:
            parts["word/document.xml"] = with_rows(body, held, unsure.slots)
    return findings(parts, styles, paper, language, None)


def findings(
    parts: dict[str, etree._Element], styles: Styles, paper: str, language: str | None, held: Held | None
) -> list[Finding]:
    """Return every finding in the parsed parts, in document order (the body's held rows as `held` tells them)."""
    body = parts["word/document.xml"]
    places = Places(body, styles, held)
    problems: list[Problem] = [*check_properties(parts.get("docProps/core.xml"), styles, language)]
    for name, root in story_parts(parts):
        prefix = "" if name == "word/document.xml" else f"{name.removeprefix('word/')}, "
        story_places = places if root is body else Places(root, styles)
        problems += [(r, prefix + p, m) for r, p, m in check_images(root, story_places)]
        problems += [(r, prefix + p, m) for r, p, m in check_charts(root, story_places)]
        problems += [(r, prefix + p, m) for r, p, m in check_text_boxes(root, story_places)]
    survey = Survey(body, styles, Palette(styles, places.boxed), held)
    problems += check_headings(styles, places, survey)
    problems += check_tables(body, styles, places, survey)
    return [Finding(paper, rule, place, message) for rule, place, message in problems]


def read_parts(docx: Path | bytes, source: str | None = None) -> dict[str, etree._Element]:
    """Parse the package's document, styles, headers, footers and core properties, once each.

    The main document is filed under "word/document.xml" whatever its part name.
    """
    where = Location(source or ("paper" if isinstance(docx, bytes) else str(docx)))
    try:
        package = Package.read(docx, where.path)
        try:
            main = package.main_part()
        except KeyError:
            raise InputError("not a Word document: word/document.xml is missing", location=where) from None
        wanted = {main: "word/document.xml", "word/styles.xml": "word/styles.xml", "docProps/core.xml": "docProps/core.xml"}
        names = {n: wanted.get(n, n) for n in package.parts if n in wanted or is_header_or_footer(n)}
        return {key: package.xml(name) for name, key in names.items()}
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(f"cannot read the paper: {exc}", location=where) from None


def is_header_or_footer(name: str) -> bool:
    """Tell whether a package member is a header or footer part."""
    return name.startswith(("word/header", "word/footer")) and name.endswith(".xml")


def story_parts(parts: dict[str, etree._Element]) -> Iterator[tuple[str, etree._Element]]:
    """Yield the body, then the headers and footers, in name order."""
    yield "word/document.xml", parts["word/document.xml"]
    for name in sorted(n for n in parts if is_header_or_footer(n)):
        yield name, parts[name]
