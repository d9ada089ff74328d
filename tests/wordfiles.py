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
