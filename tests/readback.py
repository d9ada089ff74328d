"""Read generated papers back with real readers: lxml, python-docx, pandoc, LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def require_tool(name: str) -> str:
    """Return the path of a system tool; skip without it, but fail under CI=true."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (apt-get install -y pandoc libreoffice-writer python3-uno poppler-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def pandoc_text(docx: Path) -> str:
    """Return the paper's text as pandoc's plain-text writer gives it."""
    pandoc = require_tool("pandoc")
    out = subprocess.run(
        [pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(docx)],
        check=True, capture_output=True, text=True,
    )
    return out.stdout


def convert_to_pdf(papers: list[Path], outdir: Path) -> dict[str, Path]:
    """Convert papers to PDF with LibreOffice headless; fail if any does not convert."""
    soffice = require_tool("soffice")
    profile = outdir / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), *map(str, papers)],
        check=True, capture_output=True, timeout=300,
    )
    pdfs = {p.stem: outdir / f"{p.stem}.pdf" for p in papers}
    for stem, pdf in pdfs.items():
        assert pdf.is_file() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {stem}"
    return pdfs


def pdf_text(pdf: Path) -> str:
    """Return the PDF's text with pdftotext (poppler)."""
    tool = require_tool("pdftotext")
    return subprocess.run([tool, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def xml_part(docx: Path, name: str = "word/document.xml") -> etree._Element:
    """Parse one part of the package strictly."""
    with zipfile.ZipFile(docx) as package:
        return etree.fromstring(package.read(name))


def all_xml_parts(docx: Path) -> dict[str, etree._Element]:
    """Parse every XML part of the package strictly (raises on malformed XML)."""
    with zipfile.ZipFile(docx) as package:
        return {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def paragraphs_by_style(docx: Path) -> list[tuple[str, str]]:
    """Return (style name, text) of every body paragraph, read with python-docx."""
    from docx import Document

    return [(p.style.name, p.text) for p in body_paragraphs(Document(str(docx)))]


def _blocks(document: Any, tag: str) -> list[Any]:
    """Return the body's paragraphs or tables in order, inside content controls too (python-docx skips those)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body
    found = [e for e in body.iter(f"{{{W}}}{tag}") if _top_level(e, body)]
    return [Paragraph(e, document._body) if tag == "p" else Table(e, document._body) for e in found]


def _top_level(element: Any, body: Any) -> bool:
    """Whether an element stands in the body itself or only in content controls, not in a table or text box."""
    parent = element.getparent()
    while parent is not body:
        if parent.tag not in (f"{{{W}}}sdt", f"{{{W}}}sdtContent", f"{{{W}}}customXml"):
            return False
        parent = parent.getparent()
    return True


def body_paragraphs(document: Any) -> list[Any]:
    """Return `document.paragraphs`, including those inside content controls (the papers mark their sources with them)."""
    return _blocks(document, "p")


def body_tables(document: Any) -> list[Any]:
    """Return `document.tables`, including those inside content controls."""
    return _blocks(document, "tbl")
