"""WordprocessingML for narrative blocks, and a byte-stable zip for the finished package."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Mapping

from lxml import etree

from .model import Narrative, Paragraph, Span, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"w": W_NS, "r": R_NS}
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
TABLE_STYLE = "Council Table"
TABLE_TEXT = "Table Text"  # optional: table cells fall back to Normal
HEADER_FILL = "D9D9D9"
TEXT_WIDTH_TWIPS = 9638  # A4 less 2 cm margins: the width tables share between columns


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag."""
    return f"{{{W_NS}}}{tag}"


def style_for(paragraph: Paragraph, heading_base: int) -> str:
    """Return the house style name a narrative paragraph takes."""
    if paragraph.kind == "heading":
        return f"Heading {min(heading_base + paragraph.level, 9)}"
    if paragraph.kind == "note":
        return "Table Note"
    if paragraph.kind in ("bullet", "number"):
        name = "List Bullet" if paragraph.kind == "bullet" else "List Number"
        return name if paragraph.level == 0 else f"{name} {min(paragraph.level + 1, 3)}"
    return "Normal"


class NarrativeWriter:
    """Write narrative blocks as paragraphs and tables of one document.

    `style_ids` maps style names to the document's style ids; `new_numbering(style_id)`
    returns a fresh list instance for a numbered style, so every list restarts at 1;
    `link_id(url)` returns a relationship id for a hyperlink.
    """

    def __init__(
        self,
        style_ids: Mapping[str, str],
        new_numbering: Callable[[str], str | None],
        link_id: Callable[[str], str],
    ) -> None:
        self._style_ids = style_ids
        self._new_numbering = new_numbering
        self._link_id = link_id

    def xml(self, narrative: Narrative) -> str:
        """Return the blocks of `narrative` as a string of `w:p`/`w:tbl` elements."""
        numbering: dict[int, str | None] = {}
        parts = []
        for element in self._elements(narrative, numbering):
            parts.append(etree.tostring(element, encoding="unicode"))
        return "".join(parts)

    def _elements(self, narrative: Narrative, numbering: dict[int, str | None]) -> Iterator[etree._Element]:
        for block in narrative.blocks:
            if isinstance(block, Table):
                yield self._table(block)
                continue
            style = self._style_ids[style_for(block, narrative.heading_base)]
            num_id = None
            if block.kind == "number":
                if block.list_no not in numbering:
                    numbering[block.list_no] = self._new_numbering(style)
                num_id = numbering[block.list_no]
            yield self._paragraph(block.spans, style, num_id)

    def _paragraph(self, spans: tuple[Span, ...], style_id: str | None, num_id: str | None = None) -> etree._Element:
        p = etree.Element(w("p"), nsmap=NSMAP)
        if style_id or num_id:
            ppr = etree.SubElement(p, w("pPr"))
            if style_id:
                etree.SubElement(ppr, w("pStyle")).set(w("val"), style_id)
            if num_id:
                numpr = etree.SubElement(ppr, w("numPr"))
                etree.SubElement(numpr, w("ilvl")).set(w("val"), "0")
                etree.SubElement(numpr, w("numId")).set(w("val"), num_id)
        for span in spans:
            parent = p
            if span.href:
                parent = etree.SubElement(p, w("hyperlink"))
                parent.set(f"{{{R_NS}}}id", self._link_id(span.href))
            self._run(parent, span)
        return p

    def _run(self, parent: etree._Element, span: Span) -> None:
        r = etree.SubElement(parent, w("r"))
        if span.bold or span.italic or span.href:
            rpr = etree.SubElement(r, w("rPr"))
            if span.href and "Hyperlink" in self._style_ids:
                etree.SubElement(rpr, w("rStyle")).set(w("val"), self._style_ids["Hyperlink"])
            if span.bold:
                etree.SubElement(rpr, w("b"))
            if span.italic:
                etree.SubElement(rpr, w("i"))
        for i, line in enumerate(span.text.split("\n")):
            if i:
                etree.SubElement(r, w("br"))
            if line:
                t = etree.SubElement(r, w("t"))
                t.text = line
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def _table(self, table: Table) -> etree._Element:
        widths = column_widths(table)
        tbl = etree.Element(w("tbl"), nsmap=NSMAP)
        tblpr = etree.SubElement(tbl, w("tblPr"))
        if TABLE_STYLE in self._style_ids:
            etree.SubElement(tblpr, w("tblStyle")).set(w("val"), self._style_ids[TABLE_STYLE])
        _set(etree.SubElement(tblpr, w("tblW")), w="5000", type="pct")
        _set(etree.SubElement(tblpr, w("tblLayout")), type="fixed")
        _set(etree.SubElement(tblpr, w("tblLook")), val="04A0", firstRow="1", lastRow="0",
             firstColumn="0", lastColumn="0", noHBand="1", noVBand="1")
        grid = etree.SubElement(tbl, w("tblGrid"))
        for width in widths:
            _set(etree.SubElement(grid, w("gridCol")), w=str(width))
        for index, row in enumerate(table.rows):
            header = index < table.header_rows
            tr = etree.SubElement(tbl, w("tr"))
            trpr = etree.SubElement(tr, w("trPr"))
            etree.SubElement(trpr, w("cantSplit"))
            if header:
                etree.SubElement(trpr, w("tblHeader"))
            for column, width in enumerate(widths):
                cell = row[column] if column < len(row) else ()
                tc = etree.SubElement(tr, w("tc"))
                tcpr = etree.SubElement(tc, w("tcPr"))
                _set(etree.SubElement(tcpr, w("tcW")), w=str(width), type="dxa")
                if header:  # direct shading too: LibreOffice ignores table-style conditional formats
                    _set(etree.SubElement(tcpr, w("shd")), val="clear", color="auto", fill=HEADER_FILL)
                spans = tuple(Span(s.text, s.bold or header, s.italic, s.href) for s in cell)
                p = self._paragraph(spans, self._style_ids.get(TABLE_TEXT))
                align = table.align[column] if column < len(table.align) else None
                if align in ("center", "right"):
                    ppr = etree.Element(w("pPr"))
                    _set(etree.SubElement(ppr, w("jc")), val="right" if align == "right" else "center")
                    p.insert(0, ppr)
                tc.append(p)
        return tbl


def column_widths(table: Table) -> list[int]:
    """Share the text width between columns by their text length (capped) and longest word."""
    columns = max((len(row) for row in table.rows), default=1)
    if len(table.widths) == columns:
        total_weight = sum(table.widths)
        return [int(TEXT_WIDTH_TWIPS * weight / total_weight) for weight in table.widths]
    weights = [10] * columns
    for row in table.rows:
        for column, cell in enumerate(row):
            text = "".join(s.text for s in cell)
            longest_word = max((len(word) for word in text.split()), default=0)
            weights[column] = max(weights[column], min(len(text), 30), longest_word + 2)
    total = sum(weights)
    return [TEXT_WIDTH_TWIPS * weight // total for weight in weights]


def _set(element: etree._Element, **attributes: str) -> etree._Element:
    for name, value in attributes.items():
        element.set(w(name), value)
    return element


def add_restarting_numbering(numbering: etree._Element, abstract_num_id: str) -> str:
    """Add a `w:num` that restarts `abstract_num_id` at 1; return its new id."""
    used = [int(n.get(w("numId"))) for n in numbering.iterchildren(w("num"))]
    num_id = str(max(used, default=0) + 1)
    num = etree.SubElement(numbering, w("num"))
    num.set(w("numId"), num_id)
    etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract_num_id)
    override = etree.SubElement(num, w("lvlOverride"))
    override.set(w("ilvl"), "0")
    etree.SubElement(override, w("startOverride")).set(w("val"), "1")
    return num_id


def normalize_package(data: bytes) -> bytes:
    """Rewrite an OOXML zip so that the same parts always give the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()



CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties_xml(existing: bytes | None, values: Mapping[str, str | int]) -> bytes:
    """Return `docProps/custom.xml` with `values` set, keeping any other properties."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(existing, parser) if existing else etree.Element(
        f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS}
    )
    by_name = {p.get("name"): p for p in root.iterchildren(f"{{{CUSTOM_NS}}}property")}
    next_pid = max((int(p.get("pid", "1")) for p in by_name.values()), default=1) + 1
    for name, value in values.items():
        prop = by_name.get(name)
        if prop is None:
            prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(next_pid), name=name)
            next_pid += 1
        for child in list(prop):
            prop.remove(child)
        kind = "i4" if isinstance(value, int) else "lpwstr"
        etree.SubElement(prop, f"{{{VT_NS}}}{kind}").text = str(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
