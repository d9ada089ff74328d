"""Read narrative written in Word (.docx) into Narrative blocks, in the council's house styles.

A snippet is untrusted data: the package is checked before it is opened (zip bombs,
macros, external templates), its XML is parsed without resolving entities, and its text
is never evaluated. What it says is kept (paragraphs, emphasis, lists, tables, links,
images with their alt text); how it is styled is the template's.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..core.narrative import Block, Narrative, Paragraph, Picture, Span, Table
from ..core.text import sanitize_text
from ..errors import InputError, Location
from ..ooxml.ns import R_NS, W_NS, w

NS = {"w": W_NS, "r": R_NS, "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:office"}
MAX_UNPACKED = 100 * 1024 * 1024  # bytes a snippet may unpack to
MAX_RATIO = 100  # unpacked : packed, per member, above 1 MB
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
             "trPrChange", "tcPrChange", "numberingChange")
KNOWN_BODY = re.compile(r"(normal|body text.*|list paragraph|default paragraph font|no spacing|plain text)", re.I)


@dataclass
class WordSnippet:
    """A snippet read from Word, and what the author should hear about it."""

    narrative: Narrative
    warnings: list[str] = field(default_factory=list)


def read_word_snippet(path: Path, label: str, accept_changes: bool = False) -> WordSnippet:
    """Read the .docx snippet at `path` (shown to users as `label`)."""
    check_package(path, label)
    from docx import Document

    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise InputError(f"not a readable Word document ({type(exc).__name__}: {exc})", location=Location(label)) from None
    reader = _Reader(document, label)
    body = document.element.body
    revisions = _count_revisions(body)
    if revisions and not accept_changes:
        kinds = ", ".join(f"{n} {k}" for k, n in revisions.items())
        msg = (f"has unaccepted tracked changes ({kinds}): accept or reject them in Word, or set "
               "snippets.accept_changes = true in bvpp.toml")
        raise InputError(msg, location=Location(label))
    if _xp(body, ".//w:commentReference") and not accept_changes:
        msg = "has comments: delete them in Word, or set snippets.accept_changes = true in bvpp.toml to drop them"
        raise InputError(msg, location=Location(label))
    if revisions:
        _accept_revisions(body)
    blocks = reader.blocks(body)
    reader.check_sections(document)
    if not any(_has_content(b) for b in blocks):
        reader.warn("the snippet is empty")
    return WordSnippet(Narrative(source=label, blocks=tuple(blocks)), reader.warnings)


def check_package(path: Path, label: str) -> None:
    """Refuse a file that is not a safe Word package, before any XML in it is parsed."""
    where = Location(label)
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InputError("not a Word .docx file (it is not a zip package)", location=where) from None
    with package:
        infos = package.infolist()
        names = {i.filename for i in infos}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise InputError("not a Word .docx file (no word/document.xml)", location=where)
        unpacked = sum(i.file_size for i in infos)
        swollen = [i for i in infos if i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(i.compress_size, 1)]
        if unpacked > MAX_UNPACKED or swollen:
            msg = f"unpacks to {unpacked // (1 << 20)} MB from {path.stat().st_size // 1024} KB: refused as a possible zip bomb"
            raise InputError(msg, location=where)
        if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in package.read("[Content_Types].xml"):
            raise InputError("contains macros; save it in Word as a plain .docx document", location=where)
        for name in sorted(n for n in names if n.endswith(".rels")):
            for rel in _safe_xml(package.read(name), label).iter("{*}Relationship"):
                if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK:
                    kind = rel.get("Type", "").rsplit("/", 1)[-1]
                    msg = (f"refers to an external file ({kind}: {rel.get('Target')}); remove the link in Word "
                           "(for a template: Developer > Document Template) or save a copy without it")
                    raise InputError(msg, location=where)


def _safe_xml(data: bytes, label: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"damaged Word package ({exc})", location=Location(label)) from None


def _count_revisions(body: Any) -> dict[str, int]:
    counts = {}
    for tag in REVISIONS:
        found = len(_xp(body, f".//w:{tag}"))
        if found:
            counts[{"ins": "insertions", "del": "deletions"}.get(tag, tag)] = found
    return counts


def _accept_revisions(body: Any) -> None:
    """Accept every tracked change: keep insertions, drop deletions and old formatting."""
    for tag in ("del", "moveFrom", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                "tcPrChange", "numberingChange"):
        for element in _xp(body, f".//w:{tag}"):
            element.getparent().remove(element)
    for tag in ("ins", "moveTo"):
        for element in _xp(body, f".//w:{tag}"):
            parent = element.getparent()
            if parent is None or parent.tag in (w("rPr"), w("pPr"), w("trPr")):  # a mark, not content
                if parent is not None:
                    parent.remove(element)
                continue
            index = parent.index(element)
            for offset, child in enumerate(list(element)):
                parent.insert(index + offset, child)
            parent.remove(element)


def _xp(element: Any, path: str) -> Any:
    """Run an XPath with the WordprocessingML prefixes (python-docx elements take no namespaces)."""
    return etree._Element.xpath(element, path, namespaces=NS)


def _has_content(block: Block) -> bool:
    if isinstance(block, Table):
        return True
    return isinstance(block, Paragraph) and any(s.text.strip() or s.picture for s in block.spans)


class _Reader:
    """Walk a snippet's body, mapping its styles to the house styles."""

    def __init__(self, document: Any, label: str) -> None:
        self.document = document
        self.label = label
        self.warnings: list[str] = []
        self.styles = {s.style_id: s for s in document.styles}
        numbering = _numbering_part(document)
        self.numbering = numbering.element if numbering is not None else None
        self.lists: dict[str, int] = {}
        self._warned: set[str] = set()

    def warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(message)

    def blocks(self, container: Any) -> list[Block]:
        blocks: list[Block] = []
        for child in container.iterchildren():
            if child.tag == w("p"):
                paragraph = self.paragraph(child)
                if paragraph is not None:
                    blocks.append(paragraph)
            elif child.tag == w("tbl"):
                blocks.append(self.table(child))
            elif child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    blocks += self.blocks(content)
        return blocks

    def paragraph(self, p: Any) -> Paragraph | None:
        spans = tuple(self.spans(p))
        style = self._style_name(p)
        kind, level, number = self._kind(p, style)
        if kind == "body" and not spans:
            return None  # an empty paragraph is spacing, which the house style provides
        return Paragraph(spans, kind=kind, level=level, list_no=number)  # type: ignore[arg-type]

    def _style_name(self, p: Any) -> str:
        style_id = _xp(p, "string(w:pPr/w:pStyle/@w:val)")
        style = self.styles.get(style_id)
        return style.name if style is not None and style.name else "Normal"

    def _kind(self, p: Any, style: str) -> tuple[str, int, int]:
        heading = re.fullmatch(r"Heading (\d)", style)
        if heading or style == "Title":
            return "heading", int(heading.group(1)) if heading else 1, 0
        named = re.fullmatch(r"List (Bullet|Number)(?: (\d))?", style)
        direct = p.find(f"{w('pPr')}/{w('numPr')}")
        if named and direct is None:  # the house list styles say their kind and level by name
            number = self.lists.setdefault(f"style:List {named.group(1)}", len(self.lists) + 1)
            return named.group(1).lower().replace("number", "number"), int(named.group(2) or 1) - 1, number
        num_id, ilvl = self._numbering_of(p)
        if num_id and num_id != "0":
            number = self.lists.setdefault(num_id, len(self.lists) + 1)
            kind = "bullet" if self._format_of(num_id, ilvl) == "bullet" else "number"
            return kind, ilvl, number
        if not KNOWN_BODY.fullmatch(style) and not style.startswith("List"):
            self.warn(f"style {style!r} is not a house style; shown as Normal")
        return "body", 0, 0

    def _numbering_of(self, p: Any) -> tuple[str | None, int]:
        num = p.find(f"{w('pPr')}/{w('numPr')}")
        style = self.styles.get(_xp(p, "string(w:pPr/w:pStyle/@w:val)"))
        while num is None and style is not None:  # a list style such as List Number carries its own
            num = style.element.find(f"{w('pPr')}/{w('numPr')}")
            style = style.base_style
        if num is None:
            return None, 0
        num_id = _xp(num, "string(w:numId/@w:val)") or None
        ilvl = _xp(num, "string(w:ilvl/@w:val)")
        return num_id, int(ilvl) if ilvl.isdigit() else 0

    def _format_of(self, num_id: str, ilvl: int) -> str:
        if self.numbering is None:
            return "decimal"
        abstract = _xp(self.numbering, f"string(w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val)")
        fmt = _xp(
            self.numbering,
            f"string(w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='{ilvl}']/w:numFmt/@w:val)",
        )
        return fmt or "decimal"

    def spans(self, container: Any, href: str | None = None) -> list[Span]:
        spans: list[Span] = []
        for child in container.iterchildren():
            if child.tag == w("r"):
                spans += self.run(child, href)
            elif child.tag == w("hyperlink"):
                spans += self.spans(child, self._address(child))
            elif child.tag in (w("smartTag"), w("fldSimple"), w("customXml")):
                spans += self.spans(child, href)
            elif child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    spans += self.spans(content, href)
        return _merge(spans)

    def _address(self, hyperlink: Any) -> str | None:
        rid = hyperlink.get(f"{{{R_NS}}}id")
        anchor = hyperlink.get(w("anchor"))
        if rid and rid in self.document.part.rels:
            target = self.document.part.rels[rid].target_ref
            return sanitize_text(target + (f"#{anchor}" if anchor else ""))
        return None

    def run(self, r: Any, href: str | None) -> list[Span]:
        props = r.find(w("rPr"))
        style = _xp(props, "string(w:rStyle/@w:val)") if props is not None else ""
        style_name = self.styles[style].name if style in self.styles else ""
        bold = _on(props, "b") or style_name in ("Strong", "Bold")
        italic = _on(props, "i") or style_name in ("Emphasis", "Italic")
        underline = props is not None and props.find(w("u")) is not None and props.find(w("u")).get(w("val")) != "none"
        highlight = _xp(props, "string(w:highlight/@w:val)") if props is not None else ""
        highlight = highlight if highlight and highlight != "none" else None
        spans: list[Span] = []
        text: list[str] = []
        for child in r.iterchildren():
            tag = etree.QName(child).localname
            if tag == "t":
                text.append(child.text or "")
            elif tag == "tab":
                text.append("\t")
            elif tag in ("br", "cr") and child.get(w("type")) not in ("page", "column"):
                text.append("\n")
            elif tag == "noBreakHyphen":
                text.append("\u2011")
            elif tag == "drawing":
                if _xp(child, ".//w:txbxContent"):
                    self.warn("text boxes are not shown in the papers; put their text in the body")
                    continue
                picture = self.picture(child)
                if picture is not None:
                    if text:
                        spans.append(Span(sanitize_text("".join(text)), bold, italic, href, underline, highlight))
                        text = []
                    spans.append(Span("", picture=picture))
            elif tag == "pict":
                self.warn("text boxes and old-style drawings are not shown in the papers")
            elif tag == "object":
                self.warn("embedded objects are not shown in the papers; paste them as a picture or a table")
            elif tag == "footnoteReference":
                self.warn("footnotes are not carried into the papers yet; write them as text")
        if text:
            spans.append(Span(sanitize_text("".join(text)), bold, italic, href, underline, highlight))
        return spans

    def picture(self, drawing: Any) -> Picture | None:
        blip = _xp(drawing, ".//a:blip/@r:embed")
        if not blip or blip[0] not in self.document.part.rels:
            self.warn("a picture without its image data was left out")
            return None
        part = self.document.part.rels[blip[0]].target_part
        alt = _xp(drawing, "string(.//wp:docPr/@descr)")
        if not alt:
            self.warn("a picture has no alternative text; add it in Word (Format Picture > Alt Text)")
        extent = _xp(drawing, ".//wp:extent")
        width = int(extent[0].get("cx", "0")) if extent else 0
        height = int(extent[0].get("cy", "0")) if extent else 0
        return Picture(part.blob, sanitize_text(alt), width, height)

    def table(self, tbl: Any) -> Table:
        rows: list[tuple[tuple[Span, ...], ...]] = []
        header_rows = 0
        for tr in tbl.iterchildren(w("tr")):
            if tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None and header_rows == len(rows):
                header_rows += 1
            cells = []
            for tc in tr.iterchildren(w("tc")):
                spans: list[Span] = []
                for index, p in enumerate(tc.iterchildren(w("p"))):
                    if index:
                        spans.append(Span("\n"))
                    spans += self.spans(p)
                cells.append(tuple(_merge(spans)))
            rows.append(tuple(cells))
        return Table(tuple(rows), header_rows=max(header_rows, 1))

    def check_sections(self, document: Any) -> None:
        sections = document.sections
        for section in sections:
            for story in (section.header, section.footer):
                if not story.is_linked_to_previous and any(p.text.strip() for p in story.paragraphs):
                    self.warn("headers and footers in a snippet are ignored: the template has the council's")
        if len(sections) > 1 or any(s.orientation != 0 for s in sections):
            self.warn("page settings in a snippet (sections, orientation) are ignored: the template decides the page")


def _numbering_part(document: Any) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return next((rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.NUMBERING), None)


def _on(props: Any, tag: str) -> bool:
    if props is None:
        return False
    element = props.find(w(tag))
    return element is not None and element.get(w("val"), "true") not in ("false", "0", "off")


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and span.picture is None and merged[-1].picture is None and (
            merged[-1].bold, merged[-1].italic, merged[-1].href, merged[-1].underline, merged[-1].highlight
        ) == (span.bold, span.italic, span.href, span.underline, span.highlight):
            previous = merged[-1]
            merged[-1] = Span(previous.text + span.text, span.bold, span.italic, span.href, span.underline, span.highlight)
        elif span.text or span.picture is not None:
            merged.append(span)
    return merged
