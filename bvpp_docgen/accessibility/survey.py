"""One pass over a paper's body that tells the rules where to look (a plan's annex has 100,000 cells).

It finds the paragraphs that may be headings, every colour and shading the body's paragraphs, runs
and cells can take, and the table cells that may say something by colour alone. The rules then ask
only those: a table whose every text colour reads against every background it can have has no
contrast problem, and a cell with a letter or digit in its text is never a colour-only problem.
Each answer is a superset; the rules decide exactly on what it names.
"""

from __future__ import annotations

import re

from lxml import etree

from ..ooxml.ns import w
from ..ooxml.styles import HIGHLIGHTS, WHITE, Styles, colour_of, shading_colour
from .colours import COLOR, HIGHLIGHT, P_STYLE, R_STYLE, SHD, Palette
from .held import Held
from .places import PPR, TC, TCPR, VAL, P, T

SYM, OUTLINE, FILL, FORE = w("sym"), w("outlineLvl"), w("fill"), w("color")
_ALNUM = re.compile(r"[A-Za-z0-9]")
MAX_PAIRS = 10_000  # colours × backgrounds a table may pair before its cells are checked one by one


class Survey:
    """What the rules need to know of the body before they look at any one cell."""

    def __init__(self, body: etree._Element, styles: Styles, palette: Palette, held: Held | None = None) -> None:
        self.palette = palette
        self.held = held  # the rows held out of the body, which hold no heading and no colour-only cell (held.py)
        default = self.default = styles.defaults.get("paragraph")
        every_paragraph = styles.style_heading_level(default) is not None
        headings = {style_id for style_id in styles.by_id if styles.style_heading_level(style_id) is not None}
        self.colour_only: set[etree._Element] = set()  # cells that may say something by colour alone
        search = _ALNUM.search
        for node in [t for t in body.iter(T) if not search(t.text or "")]:  # most text has a letter or a digit
            self.colour_only.update(node.iterancestors(TC))
        for node in body.iter(SHD, SYM):
            holder = node.getparent()
            if node.tag == SYM:
                self.colour_only.update(node.iterancestors(TC))
            elif holder is not None and holder.tag == TCPR and (cell := holder.getparent()) is not None:
                self.colour_only.add(cell)
        if every_paragraph:
            self.maybe_headings = list(body.iter(P))
            return
        maybe_headings: dict[etree._Element, None] = {}
        for node in [n for n in body.iter(P_STYLE, OUTLINE) if n.tag == OUTLINE or n.get(VAL) in headings]:
            properties = node.getparent()
            paragraph = properties.getparent() if properties is not None and properties.tag == PPR else None
            if paragraph is not None and paragraph.tag == P:
                maybe_headings[paragraph] = None
        self.maybe_headings = list(maybe_headings)

    def readable(self, table: etree._Element, colours: set[str | None], backgrounds: set[str | None]) -> bool:
        """Tell whether every text colour the table's paragraphs and runs (and `colours`) can take reads
        on every background they (and `backgrounds`) can have."""
        palette = self.palette
        paragraph_styles: set[str | None] = {self.default, *(n.get(VAL) for n in table.iter(P_STYLE))}
        if self.held:
            paragraph_styles |= self.held.styles(table)
        character_styles: set[str | None] = set()
        colour_nodes: dict[str | None, etree._Element] = {}
        shadings: dict[tuple[str | None, ...], etree._Element] = {}
        highlights: set[str | None] = set()
        for node in table.iter(COLOR, R_STYLE, SHD, HIGHLIGHT):
            tag = node.tag
            if tag == SHD:
                shadings.setdefault((node.get(VAL), node.get(FILL), node.get(FORE)), node)
            elif tag == COLOR:
                colour_nodes.setdefault(node.get(VAL), node)
            elif tag == R_STYLE:
                character_styles.add(node.get(VAL))
            else:
                highlights.add(node.get(VAL))
        looks = [palette.paragraph_style(style_id) for style_id in paragraph_styles]
        text = colours | {colour_of(node) for node in colour_nodes.values()} | {look[0] for look in looks} | \
            {palette.character_style(style_id) for style_id in character_styles} | {palette.default, "auto"}
        behind = backgrounds | {shading_colour(node) for node in shadings.values()} | {look[1] for look in looks} | \
            {HIGHLIGHTS.get(value or "") for value in highlights} | {WHITE}
        text.discard(None)
        behind.discard(None)
        if len(text) * len(behind) > MAX_PAIRS:
            return False
        return all(palette.verdict(c, b) is None for c in text for b in behind)  # type: ignore[arg-type]
