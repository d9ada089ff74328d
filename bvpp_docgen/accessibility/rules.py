"""The rules on the document as a whole: properties, images, charts, text boxes, heading order."""

from __future__ import annotations

from lxml import etree

from ..ooxml.ns import NS, q, w
from ..ooxml.styles import Styles
from ..ooxml.wml import text_of
from .places import Places, Problem, in_table, shorten
from .survey import Survey


def check_properties(core: etree._Element | None, styles: Styles, language: str | None) -> list[Problem]:
    """The document title and its language must be set (and the language must be `language`)."""
    problems: list[Problem] = []
    title = core.find("dc:title", NS) if core is not None else None
    if title is None or not (title.text or "").strip():
        problems.append(("document-title", "document properties", "the document has no title (docProps/core.xml dc:title)"))
    declared = styles.language()
    if declared is None:
        problems.append(("document-language", "styles", "the document has no default language (w:lang on the document defaults or Normal)"))
    elif language and declared.lower() != language.lower():
        problems.append(("document-language", "styles", f"the document's language is {declared!r}, expected {language!r}"))
    return problems


def check_images(root: etree._Element, places: Places) -> list[Problem]:
    """Every DrawingML picture and VML image has alt text or is marked decorative."""
    problems: list[Problem] = []
    for number, doc_pr in enumerate(root.iter(q("wp:docPr")), start=1):
        if places.in_fallback(doc_pr) or not has_picture(doc_pr):
            continue
        decorative = doc_pr.find(".//adec:decorative", NS)
        if (doc_pr.get("descr") or "").strip() or (decorative is not None and decorative.get("val") in ("1", "true")):
            continue
        name = doc_pr.get("name") or f"image {number}"
        problems.append(("image-alt-text", f"{places.of(doc_pr)}, image {name!r}", "the image has no alt text (Word: right-click, Edit Alt Text)"))
    for image in root.iter(q("v:imagedata")):
        shape = image.getparent()
        if places.in_fallback(image) or shape is None:
            continue
        if not (shape.get("alt") or image.get(q("o:title")) or "").strip():
            problems.append(("image-alt-text", f"{places.of(image)}, image {shape.get('id', '')!r}", "the image has no alt text (Word: right-click, Edit Alt Text)"))
    return problems


def check_charts(root: etree._Element, places: Places) -> list[Problem]:
    """Every chart has alt text saying what it shows: a chart carries figures, so it is never decorative."""
    problems: list[Problem] = []
    for number, doc_pr in enumerate(root.iter(q("wp:docPr")), start=1):
        drawing = doc_pr.getparent()
        if places.in_fallback(doc_pr) or drawing is None or drawing.find(".//c:chart", NS) is None:
            continue
        if not (doc_pr.get("descr") or "").strip():
            name = doc_pr.get("name") or f"chart {number}"
            problems.append(("chart-alt-text", f"{places.of(doc_pr)}, chart {name!r}",
                             "the chart has no alt text saying what it shows (Word: right-click, Edit Alt Text)"))
    return problems


def has_picture(doc_pr: etree._Element) -> bool:
    """Tell whether a drawing (the parent of wp:docPr) holds a picture rather than a shape or text box."""
    drawing = doc_pr.getparent()
    return drawing is not None and drawing.find(".//pic:pic", NS) is not None


def check_text_boxes(root: etree._Element, places: Places) -> list[Problem]:
    """No text sits in a floating text box (DrawingML anchored shape or absolutely placed VML)."""
    problems: list[Problem] = []
    for content in root.iter(w("txbxContent")):
        if places.in_fallback(content) or places.in_text_box(content):
            continue
        text = shorten(text_of(content))
        if text and is_floating(content):
            problems.append(("floating-text-box", places.of(content), f"text in a floating text box may be skipped by screen readers: {text!r} (put it in the text)"))
    return problems


def is_floating(content: etree._Element) -> bool:
    """Tell whether a text box's content belongs to an anchored (floating) shape."""
    for ancestor in content.iterancestors():
        if ancestor.tag == q("wp:anchor"):
            return True
        if ancestor.tag == q("wp:inline"):
            return False
        if ancestor.tag.startswith(f"{{{NS['v']}}}") and "position:absolute" in (ancestor.get("style") or "").replace(" ", ""):
            return True
    return False


def check_headings(styles: Styles, places: Places, survey: Survey) -> list[Problem]:
    """Heading levels never skip, and colours of headings reach the contrast minimum."""
    problems: list[Problem] = []
    previous = 0
    for paragraph in survey.maybe_headings:
        if places.in_text_box(paragraph):
            continue
        level = styles.heading_level(paragraph)
        if level is None:
            continue
        if level > previous + 1:
            after = f"Heading {previous}" if previous else "the start of the document"
            problems.append(("heading-order", places.of(paragraph), f"Heading {level} follows {after}: a level is skipped (use Heading {previous + 1})"))
        previous = level
        if not in_table(paragraph):
            problems += [("colour-contrast", places.of(paragraph), m) for m in survey.palette.problems(paragraph, None)]
    return problems
