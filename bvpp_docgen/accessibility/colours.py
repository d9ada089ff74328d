"""Colour contrast (WCAG 2): the text colour of each run against what is behind it.

A paper repeats a handful of colour combinations over thousands of cells, so a `Palette` works each
style's colours and each (text colour, background) verdict out once per paper.
"""

from __future__ import annotations

from lxml import etree

from ..ooxml.ns import w
from ..ooxml.styles import BLACK, HIGHLIGHTS, WHITE, CellLook, Styles, colour_of, shading_colour
from .places import PPR, RPR, VAL, R, T, child

MIN_CONTRAST = 4.5

P_STYLE, SHD, COLOR, R_STYLE, HIGHLIGHT = w("pStyle"), w("shd"), w("color"), w("rStyle"), w("highlight")


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


class Palette:
    """One paper's colours: each style's text colour and shading, and each verdict, worked out once."""

    def __init__(self, styles: Styles, boxed: set[etree._Element]) -> None:
        self.styles = styles
        self.boxed = boxed
        self.default = styles.default_colour()
        self._paragraph: dict[str | None, tuple[str | None, str | None]] = {}
        self._character: dict[str | None, str | None] = {}
        self._verdicts: dict[tuple[str, str], str | None] = {}

    def paragraph_style(self, style_id: str | None) -> tuple[str | None, str | None]:
        """Return the text colour and the shading a paragraph style gives."""
        if style_id not in self._paragraph:
            fill = shading_colour(self.styles.first(style_id, "w:pPr/w:shd"))
            self._paragraph[style_id] = (paragraph_style_colour(self.styles, style_id), fill)
        return self._paragraph[style_id]

    def character_style(self, style_id: str | None) -> str | None:
        """Return the text colour of a character style."""
        if style_id not in self._character:
            self._character[style_id] = colour_of(self.styles.first(style_id, "w:rPr/w:color"))
        return self._character[style_id]

    def verdict(self, colour: str, background: str) -> str | None:
        """Return the message for text `colour` ('auto' or 'RRGGBB') on `background`, or None if readable."""
        key = (colour, background)
        if key not in self._verdicts:
            shown = automatic(background) if colour == "auto" else colour
            ratio = contrast(shown, background)
            self._verdicts[key] = (f"text #{shown} on #{background} has a contrast of {ratio:.1f}:1, below {MIN_CONTRAST}:1"
                                   if ratio < MIN_CONTRAST else None)
        return self._verdicts[key]

    def problems(self, paragraph: etree._Element, cell: CellLook | None) -> list[str]:
        """Return a message for each run of `paragraph` whose text colour is too close to its background."""
        problems: list[str] = []
        style = shading = None
        for properties in paragraph.iterchildren(PPR):  # what find("w:pPr/w:pStyle") and find("w:pPr/w:shd") return
            for node in properties.iterchildren(P_STYLE, SHD):
                if node.tag == P_STYLE:
                    style = node if style is None else style
                elif shading is None:
                    shading = node
        style_id = style.get(VAL) if style is not None else self.styles.defaults.get("paragraph")
        paragraph_colour, style_fill = self.paragraph_style(style_id)
        paragraph_fill = shading_colour(shading)
        if paragraph_fill is None:
            paragraph_fill = style_fill
        background_base = paragraph_fill or (cell.fill if cell else None) or WHITE
        base_colour = paragraph_colour or (cell.colour if cell else None) or self.default or "auto"
        boxed = self.boxed
        paragraph_boxed = paragraph in boxed
        for run in paragraph.iter(R):
            if not "".join([t.text or "" for t in run.iter(T)]).strip() or (run in boxed and not paragraph_boxed):
                continue
            if next(run.iterchildren(RPR), None) is None:
                message = self.verdict(base_colour, background_base)
            else:
                background = run_background(run) or background_base
                colour = colour_of(child(run, RPR, COLOR)) or self.run_style_colour(run) or base_colour
                message = self.verdict(colour, background)
            if message is not None:
                problems.append(message)
        return problems

    def run_style_colour(self, run: etree._Element) -> str | None:
        """Return the text colour of the run's character style, if any."""
        node = child(run, RPR, R_STYLE)
        return self.character_style(node.get(VAL)) if node is not None else None


def paragraph_style_colour(styles: Styles, style_id: str | None) -> str | None:
    """Return the text colour a paragraph style sets, leaving Normal's to yield to table styles."""
    default = styles.defaults.get("paragraph")
    for style in styles.chain(style_id):
        if style.get(w("styleId")) == default:
            return None
        value = colour_of(child(style, RPR, COLOR))
        if value:
            return value
    return None


def run_background(run: etree._Element) -> str | None:
    """Return the colour behind a run from its highlight or its own shading."""
    highlight = child(run, RPR, HIGHLIGHT)
    if highlight is not None and highlight.get(VAL) in HIGHLIGHTS:
        return HIGHLIGHTS[highlight.get(VAL, "")]
    return shading_colour(child(run, RPR, SHD))

