"""Read narrative written in Word (.docx) into Narrative blocks, in the council's house styles.

A snippet is untrusted data: the package is checked before it is opened (zip bombs,
macros, external templates), its XML is parsed without resolving entities, and its text
is never evaluated. What it says is kept (paragraphs, emphasis, lists, tables, links,
images with their alt text); how it is styled is the template's.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..core.narrative import Block, Narrative, Paragraph, Picture, Span, Table
from ..core.text import sanitize_text
from ..errors import InputError, Location
from ..ooxml.ns import R_NS, RT_NUMBERING, w
from ..ooxml.ns import xpath as _xp
from ..ooxml.package import check_package
from ..ooxml.styles import Styles
from ..ooxml.wml import accept_revisions, flag, is_header_row, number_format, revision_counts

KNOWN_BODY = re.compile(r"(normal|body text.*|list paragraph|default paragraph font|no spacing|plain text)", re.I)


@dataclass
class WordSnippet:
    """A snippet read from Word, and what the author should hear about it."""

    narrative: Narrative
    warnings: list[str] = field(default_factory=list)


def read_word_snippet(path: Path, label: str, accept_changes: bool = False) -> WordSnippet:
    """Read the .docx snippet at `path` (shown to users as `label`)."""
    package = check_package(path, label)
    from docx import Document

    try:
        document = Document(io.BytesIO(package.write()))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise InputError(f"not a readable Word document ({type(exc).__name__}: {exc})", location=Location(label)) from None
    reader = _Reader(document, label)
    body = document.element.body
    revisions = revision_counts(body)
    if revisions and not accept_changes:
        kinds = ", ".join(f"{n} {_KIND_NAMES.get(k, k)}" for k, n in revisions.items())
        msg = (f"has unaccepted tracked changes ({kinds}): accept or reject them in Word, or set "
               "snippets.accept_changes = true in bvpp.toml")
        raise InputError(msg, location=Location(label))
    if _xp(body, ".//w:commentReference") and not accept_changes:
        msg = "has comments: delete them in Word, or set snippets.accept_changes = true in bvpp.toml to drop them"
        raise InputError(msg, location=Location(label))
    if revisions:
        accept_revisions(body)
    blocks = reader.blocks(body)
    reader.check_sections(document)
    if not any(_has_content(b) for b in blocks):
        reader.warn("the snippet is empty")
    return WordSnippet(Narrative(source=label, blocks=tuple(blocks)), reader.warnings)


_KIND_NAMES = {"ins": "insertions", "del": "deletions"}


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
        self.sheet = Styles(document.styles.element)
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
        kind, level, number = self._kind(p, self._style_name(p))
        if kind == "body" and not spans:
            return None  # an empty paragraph is spacing, which the house style provides
        return Paragraph(spans, kind=kind, level=level, list_no=number)  # type: ignore[arg-type]

    def _style_name(self, p: Any) -> str:
        style_id = _xp(p, "string(w:pPr/w:pStyle/@w:val)")
        style = self.styles.get(style_id)
        return style.name if style is not None and style.name else "Normal"

    def _kind(self, p: Any, style: str) -> tuple[str, int, int]:
        heading = self.sheet.heading_level(p)
        if heading is not None or style == "Title":  # a snippet's title reads as its top heading
            return "heading", heading or 1, 0
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
        return number_format(self.numbering, num_id, ilvl)

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
        bold = flag(props, "b") or style_name in ("Strong", "Bold")
        italic = flag(props, "i") or style_name in ("Emphasis", "Italic")
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
            if is_header_row(tr) and header_rows == len(rows):
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
    return next((rel.target_part for rel in document.part.rels.values() if rel.reltype == RT_NUMBERING), None)


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
