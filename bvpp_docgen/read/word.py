"""Read narrative written in Word (.docx) into Narrative blocks, in the council's house styles.

A snippet is untrusted data: the package is checked before it is opened (zip bombs,
macros, external templates), its XML is parsed without resolving entities, and its text
is never evaluated. What it says is kept (paragraphs, emphasis, lists, tables, links,
images with their alt text); how it is styled is the template's.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..core.narrative import Block, Narrative, Note, Paragraph, Picture, Span, Table
from ..core.safety import image_problem, link_problem
from ..core.text import sanitize_text
from ..errors import InputError, Location, raise_all
from ..ooxml.ns import R_NS, RT_ENDNOTES, RT_FOOTNOTES, RT_NUMBERING, fromstring, w
from ..ooxml.ns import xpath as _xp
from ..ooxml.package import check_package
from ..ooxml.styles import Styles
from ..ooxml.wml import accept_revisions, flag, number_format, revision_counts
from .word_package import NO_STYLES, stored, style_sheet_part
from .word_story import WRAPPERS, StoryReader, content, merge_spans

CHUNK_KINDS = {"text/html": "HTML", "application/xhtml+xml": "HTML", "application/rtf": "RTF", "text/rtf": "RTF",
               "text/plain": "plain text", "message/rfc822": "web archive (MHT)"}
KNOWN_BODY = re.compile(r"(normal|body text.*|list paragraph|default paragraph font|no spacing|plain text)", re.I)


@dataclass
class WordSnippet:
    """A snippet read from Word, and what the author should hear about it."""

    narrative: Narrative
    warnings: list[str] = field(default_factory=list)
    places: tuple[str, ...] = ()  # each block's place (`paragraph 3`, `table 1`), for errors in its text


def read_word_snippet(path: Path, label: str, accept_changes: bool = False) -> WordSnippet:
    """Read the .docx snippet at `path` (shown to users as `label`)."""
    package = check_package(path, label)
    from docx import Document

    try:
        sheet_part = style_sheet_part(package)  # python-docx would parse it at every open: parsed here once instead
        document = Document(io.BytesIO(stored(package.parts if sheet_part is None else {**package.parts, sheet_part: NO_STYLES})))
        shared = _style_sheet(package.parts[sheet_part]) if sheet_part is not None else None
        sheet = shared if shared is not None else _sheet(document.styles.element)  # a style sheet of another type fails here
    except Exception:  # python-docx raises many kinds for a damaged package; its words mean nothing to an author
        msg = "not a readable Word document (damaged): open it in Word, which offers to repair it, and save it as .docx again"
        raise InputError(msg, location=Location(label)) from None
    reader = _Reader(document, label, sheet)
    body = document.element.body
    stories = [body, *reader.notes_roots()]
    revisions: dict[str, int] = {}
    for story in stories:
        for kind, count in revision_counts(story).items():
            revisions[kind] = revisions.get(kind, 0) + count
    if revisions and not accept_changes:
        kinds = ", ".join(f"{n} {_KIND_NAMES.get(k, k)}" for k, n in revisions.items())
        msg = (f"has unaccepted tracked changes ({kinds}): accept or reject them in Word, or set "
               "snippets.accept_changes = true in bvpp.toml")
        raise InputError(msg, location=Location(label))
    if any(_xp(story, ".//w:commentReference") for story in stories) and not accept_changes:
        msg = "has comments: delete them in Word, or set snippets.accept_changes = true in bvpp.toml to drop them"
        raise InputError(msg, location=Location(label))
    if revisions:
        for story in stories:
            accept_revisions(story)
    blocks = reader.blocks(body, top=True)
    raise_all(reader.refused)
    reader.check_sections(document)
    if not any(_hascontent(b) for b in blocks):
        reader.warn("the snippet is empty", place="")
    return WordSnippet(Narrative(source=label, blocks=tuple(blocks)), reader.messages(), tuple(reader.block_places))


_KIND_NAMES = {"ins": "insertions", "del": "deletions"}


class _StyleMap:
    """The snippet's styles by id, as python-docx's styles (the last of an id wins), each made when first asked for."""

    def __init__(self, styles: Any) -> None:
        self._elements = {element.styleId: element for element in styles.style_lst}
        self._made: dict[str, Any] = {}

    def __contains__(self, style_id: object) -> bool:
        return style_id in self._elements

    def __getitem__(self, style_id: str) -> Any:
        made = self._made.get(style_id)
        if made is None:
            from docx.styles.style import StyleFactory

            made = self._made[style_id] = StyleFactory(self._elements[style_id])
        return made

    def get(self, style_id: str) -> Any:
        """Return the style of `style_id`, or None."""
        return self[style_id] if style_id in self._elements else None


def _sheet(element: Any) -> tuple[_StyleMap, Styles]:
    """Return a style sheet's styles as python-docx's and as the heading rule reads them."""
    return _StyleMap(element), Styles(element)


@functools.lru_cache(maxsize=4)  # a project's snippets mostly share one, as Word's template wrote it
def _style_sheet(data: bytes) -> tuple[_StyleMap, Styles]:
    """Return a style sheet parsed as python-docx parses it (hundreds of KB from Word: parsed once, never changed)."""
    from docx.oxml.parser import parse_xml

    return _sheet(parse_xml(data))


def _hascontent(block: Block) -> bool:
    if isinstance(block, Table):
        return True
    return isinstance(block, Paragraph) and any(s.text.strip() or s.picture or s.note for s in block.spans)


class _Reader(StoryReader):
    """Walk a snippet's body, mapping its styles to the house styles."""

    def __init__(self, document: Any, label: str, sheet: tuple[_StyleMap, Styles]) -> None:
        super().__init__()
        self.document = document
        self.label = label
        self.styles, self.sheet = sheet
        numbering = _numbering_part(document)
        self.numbering = numbering.element if numbering is not None else None
        self.lists: dict[str, int] = {}
        self._paragraphs = 0
        self.block_places: list[str] = []  # each top-level block's place, in order
        self.rels = document.part.rels  # the relationships of the story being read (body or notes)
        self._notes: dict[tuple[str, str], Any] = {}
        self._in_note = False
        self.refused: list[InputError] = []  # links and images a paper must not carry, each at its place

    def notes_roots(self) -> list[Any]:
        """Parse the snippet's footnotes and endnotes parts (safely); return their roots."""
        roots = []
        for kind, rel_type in (("footnote", RT_FOOTNOTES), ("endnote", RT_ENDNOTES)):
            part = next((r.target_part for r in self.rels.values() if r.reltype == rel_type and not r.is_external), None)
            if part is None:
                continue
            root = fromstring(part.blob)
            roots.append(root)
            for note in root.iterchildren(w(kind)):
                self._notes[(kind, note.get(w("id"), ""))] = (note, part)
        return roots

    def blocks(self, container: Any, top: bool = False) -> list[Block]:
        blocks: list[Block] = []
        for child in container.iterchildren():
            if child.tag == w("p"):
                if top:
                    self._paragraphs += 1
                    self.place = f"paragraph {self._paragraphs}"
                paragraph = self.paragraph(child)
                if paragraph is not None:
                    blocks.append(paragraph)
                    if top:
                        self.block_places.append(self.place)
            elif child.tag == w("tbl"):
                if top:
                    self._tables += 1
                    self.block_places.append(f"table {self._tables}")
                blocks.append(self.table(child))
            elif child.tag in WRAPPERS:
                blocks += self.blocks(content(child), top)
            elif child.tag == w("altChunk"):
                self.refuse_chunk(child)
            elif _xp(child, ".//w:t"):
                self.warn(f"text inside <w:{etree.QName(child).localname}> is not shown in the papers; "
                          "write it as ordinary paragraphs")
        return blocks

    def refuse_chunk(self, chunk: Any) -> None:
        rid = chunk.get(f"{{{R_NS}}}id")
        part = self.rels[rid].target_part if rid in self.rels else None
        kind = CHUNK_KINDS.get(part.content_type.split(";")[0], "other") if part is not None else "other"
        where = f"after paragraph {self._paragraphs}" if self._paragraphs else "at the start"
        msg = (f"contains pasted {kind} content that Word keeps as an embedded chunk ({where}); open the "
               "snippet in Word and save it (Word turns the chunk into ordinary text), or paste the "
               "content again with Paste Special > Keep Text Only")
        raise InputError(msg, location=Location(self.label))

    def paragraph(self, p: Any) -> Paragraph | None:
        self._carried = set()
        spans = tuple(self.spans(p))
        self.check_carried(p)
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
            elif child.tag in (w("smartTag"), w("fldSimple"), w("customXml"), w("dir"), w("bdo")):
                spans += self.spans(child, href)
            elif child.tag == w("sdt"):
                spans += self.spans(content(child), href)
        return merge_spans(spans)

    def _address(self, hyperlink: Any) -> str | None:
        rid = hyperlink.get(f"{{{R_NS}}}id")
        anchor = hyperlink.get(w("anchor"))
        if rid and rid in self.rels:
            target = sanitize_text(self.rels[rid].target_ref + (f"#{anchor}" if anchor else ""))
            problem = link_problem(target)
            if problem is None:
                return target
            self.refuse(f"{problem} (remove the link in Word: right-click it > Remove Hyperlink)")
        return None

    def refuse(self, message: str) -> None:
        """Refuse what the snippet holds at the reader's place."""
        where = f"{self.place or 'the start'}{' (a footnote)' if self._in_note else ''}"
        self.refused.append(InputError(f"{where}: {message}", location=Location(self.label)))

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

        def flush() -> None:  # the text so far becomes a span, before a note mark or a picture (or at the end)
            if text:
                spans.append(Span(sanitize_text("".join(text)), bold, italic, href, underline, highlight))
                text.clear()

        for child in r.iterchildren():
            tag = etree.QName(child).localname
            if tag == "t":
                self._carried.add(child)
                text.append(child.text or "")
            elif tag in ("tab", "ptab"):
                text.append("\t")
            elif tag in ("br", "cr") and child.get(w("type")) not in ("page", "column"):
                text.append("\n")
            elif tag == "noBreakHyphen":
                text.append("\u2011")
            elif tag == "softHyphen":
                text.append("\u00ad")
            elif tag == "sym":
                self.warn("symbols inserted from a symbol font are not shown in the papers; type the character instead")
            elif tag in ("footnoteReference", "endnoteReference"):
                note = self.note(tag[: -len("Reference")], child.get(w("id"), ""))
                if note is not None:
                    flush()
                    spans.append(Span("", note=note))
            elif tag == "AlternateContent":
                if _xp(child, ".//w:txbxContent"):
                    self.warn("text boxes are not shown in the papers; put their text in the body")
                else:
                    self.warn("shapes and drawings are not shown in the papers; paste them as a picture")
            elif tag == "drawing":
                if _xp(child, ".//w:txbxContent"):
                    self.warn("text boxes are not shown in the papers; put their text in the body")
                    continue
                picture = self.picture(child)
                if picture is not None:
                    flush()
                    spans.append(Span("", picture=picture))
            elif tag == "pict":
                self.warn("text boxes and old-style drawings are not shown in the papers")
            elif tag == "object":
                self.warn("embedded objects are not shown in the papers; paste them as a picture or a table")
        flush()
        return spans

    def note(self, kind: str, note_id: str) -> Note | None:
        """Read footnote (or endnote) `note_id` as a note of the paper; its text is its own story."""
        found = self._notes.get((kind, note_id))
        if found is None:
            self.warn(f"a {kind} mark without its {kind} text was left out")
            return None
        if self._in_note:
            return None  # a note inside a note cannot be written; Word does not make them
        if kind == "endnote":
            self.warn("endnotes are shown as footnotes, numbered with the paper's footnotes")
        element, part = found
        saved, self.rels, self._in_note = (self.rels, self._carried), part.rels, True
        paragraphs = []
        for p in element.iter(w("p")):
            self._carried = set()
            spans = [s for s in self.spans(p) if s.picture is None and s.note is None]
            self.check_carried(p)
            if spans:
                paragraphs.append(tuple(spans))
        (self.rels, self._carried), self._in_note = saved, False
        if paragraphs and paragraphs[0][0].text[:1].isspace():  # Word puts a space after the note's mark
            first = paragraphs[0]
            paragraphs[0] = (Span(first[0].text.lstrip(), first[0].bold, first[0].italic, first[0].href,
                                  first[0].underline, first[0].highlight), *first[1:])
        return Note(tuple(p for p in paragraphs if any(s.text for s in p)))

    def picture(self, drawing: Any) -> Picture | None:
        if self._in_note:
            self.warn("pictures in footnotes are not shown in the papers")
            return None
        blip = _xp(drawing, ".//a:blip/@r:embed")
        if not blip or blip[0] not in self.rels:
            self.warn("a picture without its image data was left out")
            return None
        part = self.rels[blip[0]].target_part
        problem = image_problem(part.blob, "a picture")
        if problem:
            self.refuse(problem)
            return None
        alt = _xp(drawing, "string(.//wp:docPr/@descr)")
        if not alt:
            self.warn("a picture has no alternative text; add it in Word (Format Picture > Alt Text)")
        extent = _xp(drawing, ".//wp:extent")
        width = int(extent[0].get("cx", "0")) if extent else 0
        height = int(extent[0].get("cy", "0")) if extent else 0
        return Picture(part.blob, sanitize_text(alt), width, height)

    def check_sections(self, document: Any) -> None:
        sections = document.sections
        for section in sections:
            for story in (section.header, section.footer):
                if not story.is_linked_to_previous and any(p.text.strip() for p in story.paragraphs):
                    self.warn("headers and footers in a snippet are ignored: the template has the council's", place="")
        if len(sections) > 1 or any(s.orientation != 0 for s in sections):
            self.warn("page settings in a snippet (sections, orientation) are ignored: the template decides the page", place="")


def _numbering_part(document: Any) -> Any:
    return next((rel.target_part for rel in document.part.rels.values() if rel.reltype == RT_NUMBERING), None)
