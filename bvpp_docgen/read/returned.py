"""A paper sent back (from e-mail, from `build/`, saved by Word or LibreOffice) read as marked regions of narrative.

The paper's document and version come from its custom properties (`BVPP Document`, `BVPP
Version`, stamped by `write/render.py`). Each marked region (docs/marks.md) is read into the
narrative model: paragraphs with their heading level (as the paper shows it), list kind and
depth, and spans with bold, italic, links and the facts their bookmarks mark; tables cell by
cell; pictures with their image bytes and alternative text, footnote and endnote marks with their
note's text. Tracked changes are accepted first: the text a reader left is the text absorbed. What
Markdown cannot hold (underline, footnotes, other styles) is named in `lost`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.narrative import Block, Note, Paragraph, Picture, Span, Table
from ..errors import InputError
from ..ooxml.marks import read_mark_map, split_tag
from ..ooxml.ns import CUSTOM_NS, NS, fromstring, w, xpath
from ..ooxml.package import Package
from ..ooxml.regions import marked_regions
from ..ooxml.styles import Styles
from ..ooxml.wml import is_header_row, on_off
from .paper import accepted_body

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_LISTS = {"list bullet": "bullet", "list number": "number"}


@dataclass(frozen=True)
class ReturnedRegion:
    """One marked region as narrative: its kind and value, blocks, and what the model could not hold."""

    kind: str
    value: str
    blocks: tuple[Block, ...]
    heading_above: int  # the level of the nearest heading before the region (0: none)
    lost: tuple[str, ...] = ()
    pictures: int = 0
    ordinal: int = 0  # which of the paper's regions of this tag it is, counting from 0
    comments: int = 0  # readers' comments anchored in it
    mark: str = ""  # the value as the paper's mark writes it (a snippet's: the bvpp.toml key naming it)


@dataclass(frozen=True)
class Returned:
    """A paper read back: which document and version it was built as, its regions, the text outside them."""

    document: str | None
    version: int | None
    regions: tuple[ReturnedRegion, ...]
    lines: tuple[tuple[str, str | None], ...] = field(default=())  # each paragraph's text on one line, and the
    # region holding it (`<kind>:<value>#<n>`, n counting that tag's regions from 0) or None


def read_returned(source: bytes, label: str, snippet_files: Mapping[str, str] | None = None) -> Returned:
    """Read a .docx into its document, version and marked regions (raises InputError if it is not Word).

    A snippet's mark names the bvpp.toml key that names it; `snippet_files` gives each key's file,
    which becomes the region's value.
    """
    files = snippet_files or {}
    package, main, body, styles = accepted_body(source, label)
    mark_map = read_mark_map(package)
    parsed = {name: split_tag(tag) for name, tag in mark_map.items()}
    facts = {name: kv[1] for name, kv in parsed.items() if kv is not None and kv[0] == "fact"}

    def link(rel_id: str) -> str | None:
        rel = package.rel(main, rel_id)
        return rel.target if rel is not None and rel.external else None

    def image(rel_id: str) -> bytes | None:
        rel = package.rel(main, rel_id)
        part = rel.target_part if rel is not None else None
        return package.parts.get(part) if part else None

    reader = _Reader(styles, facts, link)
    reader.image, reader.notes = image, _notes(package, main)
    paragraphs = list(body.iter(w("p")))
    position = {p: n for n, p in enumerate(paragraphs)}
    owner: dict[Any, str] = {}
    seen: dict[str, int] = {}
    regions = []
    for region in marked_regions(body, mark_map):
        if region.kind == "fact":
            continue
        held = [p for element in region.elements for p in ([element] if element.tag == w("p") else element.iter(w("p")))]
        n = seen[region.tag] = seen.get(region.tag, -1) + 1
        value = files.get(region.value, region.value) if region.kind == "snippet" else region.value
        owner.update({p: f"{region.kind}:{value}#{n}" for p in held})
        first = min((position[p] for p in held if p in position), default=0)
        above = next((level for p in reversed(paragraphs[:first]) if (level := styles.heading_level(p))), 0)
        reader.lost, reader.pictures = [], 0
        blocks = tuple(b for element in region.elements for b in reader.block(element))
        comments = sum(1 for element in region.elements for _ in element.iter(w("commentReference")))
        regions.append(ReturnedRegion(region.kind, value, blocks, above, tuple(dict.fromkeys(reader.lost)),
                                      reader.pictures, n, comments, region.value))
    lines = tuple((text, owner.get(p)) for p in paragraphs if (text := " ".join("".join(
        t.text or "" for t in p.iter(w("t"))).split())))
    document, version = _stamp(package)
    return Returned(document, version, tuple(regions), lines)


def _notes(package: Package, main: str) -> dict[tuple[str, str], str]:
    """Return each footnote's and endnote's text (its tracked changes accepted), by kind and id."""
    found: dict[tuple[str, str], str] = {}
    for kind in ("footnote", "endnote"):
        part = package.related(main, f"{_RT}{kind}s")
        if part is None or part not in package.parts:
            continue
        for note in package.xml(part).iterchildren(w(kind)):
            text = "".join(t.text or "" for t in note.iter(w("t")) if not any(
                a.tag in (w("del"), w("moveFrom")) for a in t.iterancestors()))
            found[(kind, note.get(w("id"), ""))] = " ".join(text.split())
    return found


def paper_stamp(source: bytes, label: str) -> tuple[str | None, int | None]:
    """Return the document and version a .docx was built as (None when it has no such properties)."""
    return _stamp(Package.open(source, label, InputError))


def _stamp(package: Package) -> tuple[str | None, int | None]:
    """Return the `BVPP Document` and `BVPP Version` custom properties, if the paper has them."""
    blob = package.parts.get("docProps/custom.xml")
    if not blob:
        return None, None
    try:
        root = fromstring(blob)
    except SyntaxError:  # lxml's XMLSyntaxError
        return None, None
    values = {p.get("name"): "".join(p.itertext()).strip() for p in root.iterchildren(f"{{{CUSTOM_NS}}}property")}
    version = values.get("BVPP Version", "")
    number = int(float(version)) if version.replace(".", "", 1).isdigit() else None
    return values.get("BVPP Document") or None, number


class _Reader:
    """Read blocks of WordprocessingML into the narrative model."""

    def __init__(self, styles: Styles, facts: dict[str, str], link: object) -> None:
        self.styles, self.facts, self.link = styles, facts, link
        self.lost: list[str] = []
        self.pictures = 0
        self.image: Any = lambda rel_id: None  # a picture's image bytes by its relationship id
        self.notes: dict[tuple[str, str], str] = {}

    def block(self, element: Any) -> list[Block]:
        if element.tag == w("p"):
            paragraph = self.paragraph(element)
            return [paragraph] if paragraph.spans else []
        if element.tag == w("tbl"):
            return [self.table(element)]
        if element.tag == w("sdt"):  # a content control inside the region (a reader's, or LibreOffice's)
            content = element.find(w("sdtContent"))
            return [b for child in (content if content is not None else ()) for b in self.block(child)]
        return []

    def paragraph(self, p: Any) -> Paragraph:
        spans = tuple(self.spans(p))
        level = self.styles.heading_level(p)
        if level:
            return Paragraph(spans, "heading", level)
        name = self.styles.name(self.styles.paragraph_style(p)).lower()
        base, _, depth = name.rpartition(" ")
        if name in _LISTS or (base in _LISTS and depth.isdigit()):
            kind = _LISTS[name] if name in _LISTS else _LISTS[base]
            return Paragraph(spans, kind, int(depth) - 1 if depth.isdigit() and name not in _LISTS else 0)  # type: ignore[arg-type]
        if p.find(f"{w('pPr')}/{w('numPr')}") is not None:
            return Paragraph(spans, "bullet")
        if name not in ("normal", "table text", "", "body text", "default paragraph style"):
            self.lost.append(f"the paragraph style '{self.styles.name(self.styles.paragraph_style(p))}'")
        return Paragraph(spans)

    def table(self, tbl: Any) -> Table:
        rows: list[tuple[tuple[Span, ...], ...]] = []
        header = 0
        for tr in tbl.iterchildren(w("tr")):
            if header == len(rows) and is_header_row(tr):
                header += 1
            cells = []
            for tc in tr.iterchildren(w("tc")):
                if tc.find(f"{w('tcPr')}/{w('gridSpan')}") is not None or tc.find(f"{w('tcPr')}/{w('vMerge')}") is not None:
                    self.lost.append("merged table cells")
                spans: list[Span] = []
                for n, p in enumerate(tc.iter(w("p"))):
                    if n and spans:
                        spans.append(Span("\n"))
                    spans.extend(self.spans(p))
                cells.append(tuple(spans))
            rows.append(tuple(cells))
        first = next(tbl.iterchildren(w("tr")), None)
        align = tuple(_align(tc) for tc in first.iterchildren(w("tc"))) if first is not None else ()
        return Table(tuple(rows), header, align)

    def spans(self, p: Any) -> list[Span]:
        spans: list[Span] = []
        open_facts: dict[str | None, str] = {}
        for node in p.iter(w("r"), w("bookmarkStart"), w("bookmarkEnd")):
            if node.tag == w("bookmarkStart"):
                name = node.get(w("name"), "")
                if name in self.facts:
                    open_facts[node.get(w("id"))] = self.facts[name]
                continue
            if node.tag == w("bookmarkEnd"):
                open_facts.pop(node.get(w("id")), None)
                continue
            if any(a.tag in (w("del"), w("moveFrom")) for a in node.iterancestors()):
                continue
            text = self._run_text(node)
            spans.extend(self._objects(node))
            if not text:
                continue
            rpr = node.find(w("rPr"))
            bold = on_off(rpr.find(w("b"))) if rpr is not None else False
            italic = on_off(rpr.find(w("i"))) if rpr is not None else False
            if rpr is not None and rpr.find(w("u")) is not None and rpr.find(w("u")).get(w("val")) not in ("none", None):
                self.lost.append("underlining")
            if rpr is not None and rpr.find(w("highlight")) is not None:
                self.lost.append("highlighting")
            hyperlink = next((a for a in node.iterancestors(w("hyperlink"))), None)
            href = self.link(hyperlink.get(f"{{{NS['r']}}}id", "")) if hyperlink is not None else None  # type: ignore[operator]
            fact = next(iter(open_facts.values()), None)
            span = Span(text, bold=bold, italic=italic, href=href, fact=fact)
            last = spans[-1] if spans else None
            if last is not None and last.text and (last.bold, last.italic, last.href, last.fact) == (bold, italic, href, fact):
                spans[-1] = Span(last.text + text, bold, italic, href, fact=fact)
            else:
                spans.append(span)
        return spans

    def _objects(self, run: Any) -> list[Span]:
        """Return the run's pictures and note marks, each as a span without text."""
        found: list[Span] = []
        for child in run:
            if child.tag == w("drawing"):
                blip = xpath(child, ".//a:blip/@r:embed")
                data = self.image(blip[0]) if blip else None
                if data:
                    extent = xpath(child, ".//wp:extent")
                    size = (int(extent[0].get("cx", "0")), int(extent[0].get("cy", "0"))) if extent else (0, 0)
                    found.append(Span("", picture=Picture(data, xpath(child, "string(.//wp:docPr/@descr)"), *size)))
            elif child.tag in (w("footnoteReference"), w("endnoteReference")):
                kind = "footnote" if child.tag == w("footnoteReference") else "endnote"
                text = self.notes.get((kind, child.get(w("id"), "")), "")
                found.append(Span("", note=Note(((Span(text),),))))
        return found

    def _run_text(self, run: Any) -> str:
        out = []
        for child in run:
            if child.tag in (w("t"), w("delText")) and child.tag == w("t"):
                out.append(child.text or "")
            elif child.tag == w("br") and child.get(w("type")) in ("page", "column"):
                continue  # not a line of text (LibreOffice moves a heading's page break before it into the paragraph above)
            elif child.tag in (w("br"), w("cr")):
                out.append("\n")
            elif child.tag == w("tab"):
                out.append("\t")
            elif child.tag == w("drawing") or child.tag == w("pict"):
                self.pictures += 1
            elif child.tag == w("footnoteReference"):
                self.lost.append("footnotes")
        return "".join(out)


def _align(tc: Any) -> str | None:
    jc = tc.find(f"{w('p')}/{w('pPr')}/{w('jc')}")
    value = jc.get(w("val")) if jc is not None else None
    return value if value in ("center", "right") else None
