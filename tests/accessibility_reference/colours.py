"""Colour contrast (WCAG 2): the text colour of each run against what is behind it."""

from __future__ import annotations

from lxml import etree

from bvpp_docgen.ooxml.ns import NS, w
from bvpp_docgen.ooxml.styles import BLACK, HIGHLIGHTS, WHITE, CellLook, Styles, colour_of, shading_colour
from bvpp_docgen.ooxml.wml import text_of

from .places import Problem, in_text_box

MIN_CONTRAST = 4.5


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of 'RRGGBB'."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def automatic(background: str) -> str:
    """Return what 'auto' text looks like on `background`: black on light, white on dark."""
    return BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE


def contrast_problems(paragraph: etree._Element, styles: Styles, cell: CellLook | None, place: str) -> list[Problem]:
    """Return a problem for each run of `paragraph` whose text colour is too close to its background."""
    problems: list[Problem] = []
    style_id = styles.paragraph_style(paragraph)
    paragraph_colour = paragraph_style_colour(styles, style_id)
    paragraph_fill = shading_colour(paragraph.find("w:pPr/w:shd", NS))
    if paragraph_fill is None:
        paragraph_fill = shading_colour(styles.first(style_id, "w:pPr/w:shd"))
    background_base = paragraph_fill or (cell.fill if cell else None) or WHITE
    for run in paragraph.iter(w("r")):
        if not text_of(run).strip() or (in_text_box(run) and not in_text_box(paragraph)):
            continue
        background = run_background(run) or background_base
        colour = (
            colour_of(run.find("w:rPr/w:color", NS))
            or character_style_colour(styles, run)
            or paragraph_colour
            or (cell.colour if cell else None)
            or styles.default_colour()
            or "auto"
        )
        shown = automatic(background) if colour == "auto" else colour
        ratio = contrast(shown, background)
        if ratio < MIN_CONTRAST:
            problems.append(("colour-contrast", place, f"text #{shown} on #{background} has a contrast of {ratio:.1f}:1, below {MIN_CONTRAST}:1"))
    return problems


def paragraph_style_colour(styles: Styles, style_id: str | None) -> str | None:
    """Return the text colour a paragraph style sets, leaving Normal's to yield to table styles."""
    default = styles.defaults.get("paragraph")
    for style in styles.chain(style_id):
        if style.get(w("styleId")) == default:
            return None
        value = colour_of(style.find("w:rPr/w:color", NS))
        if value:
            return value
    return None


def character_style_colour(styles: Styles, run: etree._Element) -> str | None:
    """Return the text colour of the run's character style, if any."""
    node = run.find("w:rPr/w:rStyle", NS)
    return colour_of(styles.first(node.get(w("val")), "w:rPr/w:color")) if node is not None else None


def run_background(run: etree._Element) -> str | None:
    """Return the colour behind a run from its highlight or its own shading."""
    highlight = run.find("w:rPr/w:highlight", NS)
    if highlight is not None and highlight.get(w("val")) in HIGHLIGHTS:
        return HIGHLIGHTS[highlight.get(w("val"), "")]
    return shading_colour(run.find("w:rPr/w:shd", NS))
