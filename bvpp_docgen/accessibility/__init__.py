"""Check a paper (.docx) for what makes its PDF inaccessible: the rules behind `bvpp check`'s accessibility findings.

Each part of the package is parsed once; the checks walk those trees and return findings
naming the paper, the rule and the place ("paragraph 12 (heading 'Budget')", "table 3,
first row"). Rules:

- image-alt-text: every picture (wp:docPr, VML image) has alt text, or is marked decorative;
- heading-order: heading levels never skip (Heading 1 then Heading 3), from the start too;
- table-header-row: every table's first row is marked to repeat as a header row (w:tblHeader);
- document-title, document-language: docProps/core.xml dc:title, and the default language
  (styles.xml w:lang on the document defaults or Normal), are set (and match, if given);
- colour-contrast: text in tables and headings reaches 4.5:1 against its shading (WCAG 2);
- floating-text-box: no text sits in a floating text box, which screen readers may skip;
- colour-only: no table cell says something by colour alone (shaded but empty, or only a symbol).
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError, Location

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
MIN_CONTRAST = 4.5
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
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True, slots=True)
class Finding:
    """One accessibility problem: which paper, which rule, where in the paper, what is wrong."""

    paper: str
    rule: str
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.paper}: {self.place}: {self.message} [{self.rule}]"


Problem = tuple[str, str, str]  # rule, place, message


def w(tag: str) -> str:
    """Return the Clark name of a w: tag or attribute."""
    return f"{{{W_NS}}}{tag}"


def q(name: str) -> str:
    """Return the Clark name of a prefixed name such as 'wp:docPr'."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def check_accessibility(docx: Path, paper: str, *, language: str | None = None) -> list[Finding]:
    """Return every accessibility finding in `docx`, in document order, for the paper `paper`.

    If `language` (e.g. "en-GB") is given, the document's language must be that language.
    """
    parts = read_parts(docx)
    body = parts["word/document.xml"]
    styles = Styles(parts.get("word/styles.xml"))
    places = Places(body, styles)
    problems: list[Problem] = [*check_properties(parts.get("docProps/core.xml"), styles, language)]
    for name, root in story_parts(parts):
        prefix = "" if name == "word/document.xml" else f"{name.removeprefix('word/')}, "
        story_places = places if root is body else Places(root, styles)
        problems += [(r, prefix + p, m) for r, p, m in check_images(root, story_places)]
        problems += [(r, prefix + p, m) for r, p, m in check_text_boxes(root, story_places)]
    problems += check_headings(body, styles, places)
    problems += check_tables(body, styles)
    return [Finding(paper, rule, place, message) for rule, place, message in problems]


def read_parts(docx: Path) -> dict[str, etree._Element]:
    """Parse the package's document, styles, headers, footers and core properties, once each."""
    wanted = ("word/document.xml", "word/styles.xml", "docProps/core.xml")
    try:
        with zipfile.ZipFile(docx) as package:
            names = [n for n in package.namelist() if n in wanted or is_header_or_footer(n)]
            if "word/document.xml" not in names:
                raise InputError("not a Word document: word/document.xml is missing", location=Location(str(docx)))
            return {name: etree.fromstring(package.read(name), PARSER) for name in names}
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(f"cannot read the paper: {exc}", location=Location(str(docx))) from None


def is_header_or_footer(name: str) -> bool:
    """Tell whether a package member is a header or footer part."""
    return name.startswith(("word/header", "word/footer")) and name.endswith(".xml")


def story_parts(parts: dict[str, etree._Element]) -> Iterator[tuple[str, etree._Element]]:
    """Yield the body, then the headers and footers, in name order."""
    yield "word/document.xml", parts["word/document.xml"]
    for name in sorted(n for n in parts if is_header_or_footer(n)):
        yield name, parts[name]


# --- styles ---------------------------------------------------------------------------------


class Styles:
    """The style sheet: lookups along basedOn chains, with the document defaults."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.defaults: dict[str, str] = {}
        self.doc_defaults: etree._Element | None = None
        self._chains: dict[str | None, list[etree._Element]] = {}
        self._first: dict[tuple[str | None, str], etree._Element | None] = {}
        self.table_looks: dict[tuple[str | None, tuple[str, ...]], CellLook] = {}
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

    def first(self, style_id: str | None, path: str) -> etree._Element | None:
        """Return the first element at `path` along the style's chain."""
        key = (style_id, path)
        if key not in self._first:
            found = (style.find(path, NS) for style in self.chain(style_id))
            self._first[key] = next((node for node in found if node is not None), None)
        return self._first[key]

    def paragraph_style(self, paragraph: etree._Element) -> str | None:
        """Return the paragraph's style id, or the default paragraph style's."""
        node = paragraph.find("w:pPr/w:pStyle", NS)
        return node.get(w("val")) if node is not None else self.defaults.get("paragraph")

    def heading_level(self, paragraph: etree._Element) -> int | None:
        """Return the paragraph's heading level (1-9), from its outline level or its style."""
        direct = paragraph.find("w:pPr/w:outlineLvl", NS)
        style_id = self.paragraph_style(paragraph)
        node = direct if direct is not None else self.first(style_id, "w:pPr/w:outlineLvl")
        if node is not None:
            value = node.get(w("val"), "")
            return int(value) + 1 if value.isdigit() and int(value) < 9 else None
        name = self.name(style_id).lower()
        if name.startswith("heading ") and name[8:].isdigit():
            return int(name[8:])
        return None

    def language(self) -> str | None:
        """Return the document's default language: docDefaults, else the Normal style."""
        node = self.doc_defaults.find("w:rPrDefault/w:rPr/w:lang", NS) if self.doc_defaults is not None else None
        if node is None or not node.get(w("val")):
            node = self.first(self.defaults.get("paragraph"), "w:rPr/w:lang")
        return node.get(w("val")) if node is not None and node.get(w("val")) else None

    def default_colour(self) -> str | None:
        """Return the text colour of Normal, else of the document defaults."""
        node = self.first(self.defaults.get("paragraph"), "w:rPr/w:color")
        if node is None and self.doc_defaults is not None:
            node = self.doc_defaults.find("w:rPrDefault/w:rPr/w:color", NS)
        return colour_of(node)


# --- places ---------------------------------------------------------------------------------


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


def text_of(node: etree._Element) -> str:
    """Return the visible text under `node` (w:t and tabs), without deleted text."""
    return "".join(t.text or "" for t in node.iter(w("t")))


def cell_text(cell: etree._Element) -> str:
    """Return a cell's text, its paragraphs joined by spaces."""
    return " ".join(text_of(p) for p in cell.findall("w:p", NS))


def shorten(text: str, limit: int = 40) -> str:
    """Return `text` stripped, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- document properties --------------------------------------------------------------------


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


# --- images and text boxes ------------------------------------------------------------------


def check_images(root: etree._Element, places: Places) -> list[Problem]:
    """Every DrawingML picture and VML image has alt text or is marked decorative."""
    problems: list[Problem] = []
    for number, doc_pr in enumerate(root.iter(q("wp:docPr")), start=1):
        if in_fallback(doc_pr) or not has_picture(doc_pr):
            continue
        decorative = doc_pr.find(".//adec:decorative", NS)
        if (doc_pr.get("descr") or "").strip() or (decorative is not None and decorative.get("val") in ("1", "true")):
            continue
        name = doc_pr.get("name") or f"image {number}"
        problems.append(("image-alt-text", f"{places.of(doc_pr)}, image {name!r}", "the image has no alt text (Word: right-click, Edit Alt Text)"))
    for image in root.iter(q("v:imagedata")):
        shape = image.getparent()
        if in_fallback(image) or shape is None:
            continue
        if not (shape.get("alt") or image.get(q("o:title")) or "").strip():
            problems.append(("image-alt-text", f"{places.of(image)}, image {shape.get('id', '')!r}", "the image has no alt text (Word: right-click, Edit Alt Text)"))
    return problems


def has_picture(doc_pr: etree._Element) -> bool:
    """Tell whether a drawing (the parent of wp:docPr) holds a picture rather than a shape or text box."""
    drawing = doc_pr.getparent()
    return drawing is not None and drawing.find(".//pic:pic", NS) is not None


def in_fallback(node: etree._Element) -> bool:
    """Tell whether `node` is inside mc:Fallback (a copy of the mc:Choice content)."""
    return any(a.tag == q("mc:Fallback") for a in node.iterancestors())


def check_text_boxes(root: etree._Element, places: Places) -> list[Problem]:
    """No text sits in a floating text box (DrawingML anchored shape or absolutely placed VML)."""
    problems: list[Problem] = []
    for content in root.iter(w("txbxContent")):
        if in_fallback(content) or in_text_box(content):
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
        if ancestor.tag.startswith("{urn:schemas-microsoft-com:vml}") and "position:absolute" in (ancestor.get("style") or "").replace(" ", ""):
            return True
    return False


# --- headings -------------------------------------------------------------------------------


def check_headings(body: etree._Element, styles: Styles, places: Places) -> list[Problem]:
    """Heading levels never skip, and colours of headings reach the contrast minimum."""
    problems: list[Problem] = []
    previous = 0
    for paragraph in places.numbers:
        level = styles.heading_level(paragraph)
        if level is None:
            continue
        if level > previous + 1:
            after = f"Heading {previous}" if previous else "the start of the document"
            problems.append(("heading-order", places.of(paragraph), f"Heading {level} follows {after}: a level is skipped (use Heading {previous + 1})"))
        previous = level
        if not in_table(paragraph):
            problems += contrast_problems(paragraph, styles, None, places.of(paragraph))
    return problems


def in_table(node: etree._Element) -> bool:
    """Tell whether `node` sits in a table cell."""
    return any(a.tag == w("tc") for a in node.iterancestors())


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellLook:
    """What the table style gives a cell: text colour and shading."""

    colour: str | None
    fill: str | None


def check_tables(body: etree._Element, styles: Styles) -> list[Problem]:
    """Each table: a repeating header row, readable colours, nothing said by colour alone."""
    problems: list[Problem] = []
    for number, table in enumerate(body.iter(w("tbl")), start=1):
        if in_text_box(table):
            continue
        rows = table.findall("w:tr", NS)
        if not rows:
            continue
        style_id = table.find("w:tblPr/w:tblStyle", NS)
        label = f"table {number}" + (f" (style {styles.name(style_id.get(w('val')))!r})" if style_id is not None else "")
        if not is_header_row(rows[0]):
            first = shorten(" | ".join(cell_text(c) for c in rows[0].findall("w:tc", NS)))
            problems.append(("table-header-row", f"{label}, first row", f"the first row is not marked to repeat as a header row: {first!r} (Word: Table Properties, Row, Repeat as header row)"))
        problems += table_cell_problems(table, rows, styles, label)
    return problems


def is_header_row(row: etree._Element) -> bool:
    """Tell whether a row is marked w:tblHeader (repeat as header row)."""
    node = row.find("w:trPr/w:tblHeader", NS)
    return node is not None and node.get(w("val"), "true") not in ("0", "false", "off")


def table_cell_problems(table: etree._Element, rows: list[etree._Element], styles: Styles, label: str) -> list[Problem]:
    """Contrast and colour-only problems of a table's cells, each kind reported once per table."""
    problems: list[Problem] = []
    seen: set[str] = set()
    style_id = table.find("w:tblPr/w:tblStyle", NS)
    style = style_id.get(w("val")) if style_id is not None else styles.defaults.get("table")
    look = table_look(table)
    table_fill = shading_colour(table.find("w:tblPr/w:shd", NS))
    for r, row in enumerate(rows):
        cells = row.findall("w:tc", NS)
        for c, cell in enumerate(cells):
            region = TableRegion(r, len(rows), c, len(cells), look)
            cell_look = style_look(styles, style, region)
            direct = shading_colour(cell.find("w:tcPr/w:shd", NS))
            fill = direct or cell_look.fill or table_fill
            place = f"{label}, {row_name(r, len(rows))}, cell {c + 1}"
            for problem in contrast_in_cell(cell, styles, CellLook(cell_look.colour, fill), place):
                if problem[2] not in seen:
                    seen.add(problem[2])
                    problems.append(problem)
            colour_only = colour_only_problem(cell, direct, r, place)
            if colour_only and colour_only[0] + colour_only[2] not in seen:
                seen.add(colour_only[0] + colour_only[2])
                problems.append(colour_only)
    return problems


def row_name(index: int, count: int) -> str:
    """Return 'first row', 'row 4' or 'last row'."""
    if index == 0:
        return "first row"
    return "last row" if index == count - 1 else f"row {index + 1}"


def contrast_in_cell(cell: etree._Element, styles: Styles, look: CellLook, place: str) -> list[Problem]:
    """Contrast problems of the paragraphs in one cell (nested tables are checked on their own)."""
    problems: list[Problem] = []
    for paragraph in cell.findall("w:p", NS):
        problems += contrast_problems(paragraph, styles, look, place)
    return problems


def colour_only_problem(cell: etree._Element, fill: str | None, row: int, place: str) -> Problem | None:
    """A shaded cell with no text, or a cell holding only symbols, says something by colour alone."""
    text = "".join(text_of(cell).split())
    has_sym = cell.find(".//w:sym", NS) is not None
    if not text and not has_sym:
        if row > 0 and fill not in (None, WHITE):
            return ("colour-only", place, f"the cell is shaded #{fill} but has no text: say the status in words too")
        return None
    symbols = [ch for ch in text if not ch.isspace()]
    if (has_sym and not any(ch.isalnum() for ch in symbols)) or (symbols and all(unicodedata.category(ch) == "So" for ch in symbols)):
        shown = text or "a symbol"
        return ("colour-only", place, f"the cell shows only {shown!r}: say the status in words too")
    return None


# --- table styles ---------------------------------------------------------------------------


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
        found += [t for t, on in (("firstCol", look["firstColumn"] and self.column == 0), ("lastCol", look["lastColumn"] and self.column == self.columns - 1)) if on]
        found += [t for t, on in (("firstRow", look["firstRow"] and self.row == 0), ("lastRow", look["lastRow"] and self.row == self.rows - 1)) if on]
        return found


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


def style_look(styles: Styles, style_id: str | None, region: TableRegion) -> CellLook:
    """Return the text colour and shading the table style gives a cell in `region`."""
    key = (style_id, tuple(region.types()))
    if key not in styles.table_looks:
        styles.table_looks[key] = compute_style_look(styles, style_id, key[1])
    return styles.table_looks[key]


def compute_style_look(styles: Styles, style_id: str | None, types: tuple[str, ...]) -> CellLook:
    """Apply the table style's formats of `types`, lowest precedence first."""
    colour: str | None = None
    fill: str | None = None
    chain = list(reversed(styles.chain(style_id)))  # base styles first, so derived ones override
    for kind in types:
        for style in chain:
            scope = style if kind == "wholeTable" else style.find(f"w:tblStylePr[@w:type='{kind}']", NS)
            if scope is None:
                continue
            colour = colour_of(scope.find("w:rPr/w:color", NS)) or colour
            fill = shading_colour(scope.find("w:tcPr/w:shd", NS)) or fill
    return CellLook(colour, fill)


# --- colours --------------------------------------------------------------------------------


def colour_of(node: etree._Element | None) -> str | None:
    """Return a w:color's value: 'RRGGBB', 'auto', or None if absent or unreadable."""
    if node is None:
        return None
    value = (node.get(w("val")) or "").upper()
    if value == "AUTO":
        return "auto"
    return value if is_hex(value) else None


def is_hex(value: str) -> bool:
    """Tell whether `value` is six hex digits."""
    return len(value) == 6 and all(ch in "0123456789ABCDEF" for ch in value)


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
