"""Make Word snippets for tests with python-docx, as an author would in Word."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """Return a small solid-colour PNG, made without any imaging library."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def add_hyperlink(paragraph: Any, text: str, url: str) -> None:
    """Append a hyperlink run to a paragraph (python-docx has no API for it)."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def rich_snippet(path: Path, tmp: Path, heading: str = "Highlights") -> Path:
    """Write a snippet with every feature authors use: emphasis, lists, a table, a link, an image."""
    doc = Document()
    doc.add_heading(heading, level=1)
    para = doc.add_paragraph("Plain, ")
    para.add_run("bold").bold = True
    para.add_run(" and ")
    para.add_run("italic").italic = True
    para.add_run(" text; see ")
    add_hyperlink(para, "the council website", "https://www.hertsdirect.org/")
    para.add_run(".")
    doc.add_paragraph("First achievement", style="List Bullet")
    doc.add_paragraph("Nested detail", style="List Bullet 2")
    doc.add_paragraph("Second achievement", style="List Bullet")
    doc.add_paragraph("Step one", style="List Number")
    doc.add_paragraph("Step two", style="List Number")
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    image = tmp / "chart.png"
    image.write_bytes(png())
    doc.add_picture(str(image), width=Cm(3))
    doc.inline_shapes[0]._inline.docPr.set("descr", "Chart of recycling rates")
    doc.save(str(path))
    return path


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def body_snippet(path: Path, body: str) -> Path:
    """Write a snippet whose body is `body` (WordprocessingML without namespace declarations)."""
    from docx.oxml import parse_xml

    doc = Document()
    element = doc.element.body
    xml = f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">{body}</w:body>'
    for child in parse_xml(xml):
        element.sectPr.addprevious(child)
    doc.save(str(path))
    return path


def add_part(path: Path, name: str, data: bytes, content_type: str, rel_type: str, rel_id: str) -> None:
    """Add a part to a saved .docx, related from word/document.xml as `rel_id` (as Word would have written it)."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, "{http://schemas.openxmlformats.org/package/2006/content-types}Override",
                     PartName=f"/{name}", ContentType=content_type)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
                     Id=rel_id, Type=rel_type, Target=name.removeprefix("word/"))
    parts.update({name: data, "[Content_Types].xml": etree.tostring(types),
                  "word/_rels/document.xml.rels": etree.tostring(rels)})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for part, content in parts.items():
            package.writestr(part, content)


def add_notes(path: Path, notes: dict[int, str], kind: str = "footnote") -> None:
    """Give a saved snippet a footnotes (or endnotes) part, with Word's separators and `notes` (id: runs XML)."""
    separators = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
                  f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>')
    body = "".join(
        f'<w:{kind} w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:{kind}>'
        for n, runs in notes.items()
    )
    xml = f'<w:{kind}s xmlns:w="{W_NS}" xmlns:r="{R_NS}">{separators}{body}</w:{kind}s>'
    add_part(path, f"word/{kind}s.xml", xml.encode(), f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml",
             f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}s", f"rId{90 + len(kind)}")
