"""A document's style sheet (word/styles.xml): basedOn chains, heading levels, language, colours.

The heading rule, the one every reader and writer uses: a paragraph's own outline level
(w:pPr/w:outlineLvl) decides; otherwise the nearest style along its basedOn chain that says
something decides, by its outline level or else by being a built-in "heading N" style. So a
council style based on Heading 2 is a level-2 heading, and outline level 9 ("body text")
is never one. "Title" is not a heading: Word's contents list and outline leave it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .ns import NS, w

_BUILT_IN_HEADING = re.compile(r"heading ([1-9])", re.IGNORECASE)


# Clark names: these run for every paragraph (a 4,999-indicator plan has some 116,000)
_PPR, _PSTYLE, _OUTLINE, _VAL = w("pPr"), w("pStyle"), w("outlineLvl"), w("val")

class Styles:
    """The style sheet: lookups along basedOn chains, with the document defaults."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.defaults: dict[str, str] = {}  # style type ("paragraph", "table" ...) -> default style id
        self.doc_defaults: etree._Element | None = None
        self._chains: dict[str | None, list[etree._Element]] = {}
        self._first: dict[tuple[str | None, str], etree._Element | None] = {}
        self._levels: dict[str | None, int | None] = {}
        self._cell_looks: dict[tuple[str | None, tuple[str, ...]], CellLook] = {}
        self._colours: dict[str, str | None] = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId"))
            if style_id is not None:
                self.by_id[style_id] = style
                if style.get(w("default")) in ("1", "true", "on"):
                    self.defaults.setdefault(style.get(w("type"), ""), style_id)
        self.doc_defaults = root.find("w:docDefaults", NS)

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """Return the style and the styles it is based on, most derived first."""
        if style_id not in self._chains:
            self._chains[style_id] = self._walk(style_id)
        return self._chains[style_id]

    def _walk(self, style_id: str | None) -> list[etree._Element]:
        found: list[etree._Element] = []
        while style_id and style_id in self.by_id and len(found) < 20:
            style = self.by_id[style_id]
            if style in found:
                break
            found.append(style)
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        return found

    def name(self, style_id: str | None) -> str:
        """Return a style's display name (its id if it has none)."""
        style = self.by_id.get(style_id or "")
        node = style.find("w:name", NS) if style is not None else None
        return node.get(w("val"), style_id or "") if node is not None else (style_id or "")

    def ids_by_name(self) -> dict[str, str]:
        """Return style name (lower case) -> style id."""
        return {self.name(style_id).lower(): style_id for style_id in self.by_id}

    def first(self, style_id: str | None, path: str) -> etree._Element | None:
        """Return the first element at `path` along the style's chain."""
        key = (style_id, path)
        if key not in self._first:
            found = (style.find(path, NS) for style in self.chain(style_id))
            self._first[key] = next((node for node in found if node is not None), None)
        return self._first[key]

    def paragraph_style(self, paragraph: etree._Element) -> str | None:
        """Return the paragraph's style id, or the default paragraph style's."""
        for properties in paragraph.iterchildren(_PPR):  # as `find("w:pPr/w:pStyle")`, without parsing a path
            for node in properties.iterchildren(_PSTYLE):
                return node.get(_VAL)
        return self.defaults.get("paragraph")

    def heading_level(self, paragraph: etree._Element) -> int | None:
        """Return the paragraph's heading level (1-9), or None if it is not a heading."""
        style = None  # the first w:pPr/w:pStyle; the first w:pPr/w:outlineLvl decides before any style
        for properties in paragraph.iterchildren(_PPR):
            for child in properties:
                tag = child.tag
                if tag == _OUTLINE:
                    return _outline(child)
                if tag == _PSTYLE and style is None:
                    style = child
        return self.style_heading_level(style.get(_VAL) if style is not None else self.defaults.get("paragraph"))

    def heading_styles(self) -> set[str]:
        """Return the ids of the paragraph styles that make a paragraph a heading."""
        return {style_id for style_id in self.by_id if self.style_heading_level(style_id) is not None}

    def style_heading_level(self, style_id: str | None) -> int | None:
        """Return the heading level a paragraph style gives (1-9), or None."""
        if style_id not in self._levels:
            self._levels[style_id] = self._style_level(style_id)
        return self._levels[style_id]

    def _style_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            outline = style.find("w:pPr/w:outlineLvl", NS)
            if outline is not None:
                return _outline(outline)
            name = style.find("w:name", NS)
            heading = _BUILT_IN_HEADING.fullmatch(name.get(w("val"), "") if name is not None else "")
            if heading:
                return int(heading.group(1))
        return None

    def language(self) -> str | None:
        """Return the document's default language: docDefaults, else the Normal style."""
        node = self.doc_defaults.find("w:rPrDefault/w:rPr/w:lang", NS) if self.doc_defaults is not None else None
        if node is None or not node.get(w("val")):
            node = self.first(self.defaults.get("paragraph"), "w:rPr/w:lang")
        return node.get(w("val")) if node is not None and node.get(w("val")) else None

    def default_colour(self) -> str | None:
        """Return the text colour of Normal, else of the document defaults."""
        if "default" not in self._colours:  # asked for every run by the accessibility check
            node = self.first(self.defaults.get("paragraph"), "w:rPr/w:color")
            if node is None and self.doc_defaults is not None:
                node = self.doc_defaults.find("w:rPrDefault/w:rPr/w:color", NS)
            self._colours["default"] = colour_of(node)
        return self._colours["default"]


    def cell_look(self, style_id: str | None, region: TableRegion) -> CellLook:
        """Return the text colour and shading the table style `style_id` gives a cell in `region`."""
        key = (style_id, tuple(region.types()))
        if key not in self._cell_looks:
            self._cell_looks[key] = self._compute_cell_look(style_id, key[1])
        return self._cell_looks[key]

    def _compute_cell_look(self, style_id: str | None, types: tuple[str, ...]) -> CellLook:
        """Apply the table style's formats of `types`, lowest precedence first."""
        colour: str | None = None
        fill: str | None = None
        chain = list(reversed(self.chain(style_id)))  # base styles first, so derived ones override
        for kind in types:
            for style in chain:
                scope = style if kind == "wholeTable" else style.find(f"w:tblStylePr[@w:type='{kind}']", NS)
                if scope is None:
                    continue
                colour = colour_of(scope.find("w:rPr/w:color", NS)) or colour
                fill = shading_colour(scope.find("w:tcPr/w:shd", NS)) or fill
        return CellLook(colour, fill)


def _outline(node: etree._Element) -> int | None:
    """Return the heading level of a w:outlineLvl (0-8 are levels 1-9; 9 is body text)."""
    value = node.get(w("val"), "")
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def colour_of(node: etree._Element | None) -> str | None:
    """Return a w:color's value: 'RRGGBB', 'auto', or None if absent or unreadable."""
    if node is None:
        return None
    value = (node.get(_VAL) or "").upper()
    if value == "AUTO":
        return "auto"
    return value if is_hex(value) else None


def is_hex(value: str) -> bool:
    """Tell whether `value` is six hex digits (upper case)."""
    return _HEX.fullmatch(value) is not None


_HEX = re.compile("[0-9A-F]{6}")


# --- colours and table looks ----------------------------------------------------------------

WHITE = "FFFFFF"
BLACK = "000000"
HIGHLIGHTS = {
    "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF", "blue": "0000FF",
    "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080",
    "lightGray": "C0C0C0", "black": "000000", "white": "FFFFFF",
}
# Word's default tblLook (04A0): header row, first column, horizontal bands
DEFAULT_LOOK = {"firstRow": True, "lastRow": False, "firstColumn": True, "lastColumn": False, "noHBand": False, "noVBand": True}
LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100, "noHBand": 0x200, "noVBand": 0x400}


def shading_colour(shd: etree._Element | None) -> str | None:
    """Return the colour a w:shd paints ('RRGGBB'), or None for no shading."""
    if shd is None or shd.get(w("val")) == "nil":
        return None
    pattern = shd.get(w("val"), "clear")
    fill = (shd.get(w("fill")) or "auto").upper()
    fore = (shd.get(w("color")) or "auto").upper()
    back = fill if is_hex(fill) else WHITE
    if pattern == "solid":
        return fore if is_hex(fore) else BLACK
    if pattern.startswith("pct") and pattern[3:].isdigit():
        return mix(fore if is_hex(fore) else BLACK, back, int(pattern[3:]) / 100)
    return fill if is_hex(fill) else None


def mix(fore: str, back: str, share: float) -> str:
    """Return the colour of a pattern painting `share` of `fore` over `back`."""
    channels = (round(int(fore[i : i + 2], 16) * share + int(back[i : i + 2], 16) * (1 - share)) for i in (0, 2, 4))
    return "".join(f"{value:02X}" for value in channels)


@dataclass(frozen=True, slots=True)
class CellLook:
    """What the table style gives a cell: text colour and shading."""

    colour: str | None
    fill: str | None


def table_look(table: etree._Element) -> dict[str, bool]:
    """Return which of the table style's conditional formats the table turns on (w:tblLook)."""
    node = table.find("w:tblPr/w:tblLook", NS)
    if node is None:
        return dict(DEFAULT_LOOK)
    look = dict(DEFAULT_LOOK)
    value = node.get(w("val"))
    if value:
        bits = int(value, 16)
        look = {key: bool(bits & bit) for key, bit in LOOK_BITS.items()}
    for key in LOOK_BITS:
        if node.get(w(key)) is not None:
            look[key] = node.get(w(key)) in ("1", "true", "on")
    return look


@dataclass(frozen=True, slots=True)
class TableRegion:
    """Where a cell sits in its table, for the table style's conditional formatting."""

    row: int
    rows: int
    column: int
    columns: int
    look: dict[str, bool]

    def types(self) -> list[str]:
        """Return the conditional format types that apply, lowest precedence first."""
        look, found = self.look, ["wholeTable"]
        header = 1 if look["firstRow"] else 0
        first_col = 1 if look["firstColumn"] else 0
        if not look["noVBand"]:
            found.append("band1Vert" if (self.column - first_col) % 2 == 0 else "band2Vert")
        if not look["noHBand"] and self.row >= header:
            found.append("band1Horz" if (self.row - header) % 2 == 0 else "band2Horz")
        found += [t for t, on in (("firstCol", look["firstColumn"] and self.column == 0),
                                  ("lastCol", look["lastColumn"] and self.column == self.columns - 1)) if on]
        found += [t for t, on in (("firstRow", look["firstRow"] and self.row == 0),
                                  ("lastRow", look["lastRow"] and self.row == self.rows - 1)) if on]
        return found
