"""Make the pictures of docs/absorb.md again: `python tools/absorb_pictures.py [DIR]` (default docs/images).

We cannot run Word here, so the pictures are LibreOffice's (headless, to PDF, then `pdftoppm -r 70`,
cropped to the part of the page that matters): (1) the example's cabinet paper as a member sees
it; (2) the same paper with a reader's tracked change and comment, made as Word writes them;
(3) the snippet `inputs/cabinet/purpose.docx` after `bvpp absorb`, the change and comment kept.
Everything is made from a fresh copy of the example project in a temporary folder; nothing in
the repository changes except the three PNGs.

LibreOffice 7.4 does not colour tracked changes inside block content controls (the paper's hidden
source marks, docs/marks.md): it shows only a bar in the margin. Picture (2) is therefore made
from a copy of the returned paper with its content controls unwrapped (their content kept), as
its caption says; the returned paper absorbed is the one with its marks.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from bvpp_docgen import Project

REPO = Path(__file__).resolve().parent.parent
WHEN = "2003-04-22T09:30:00Z"
DPI = 70
SNIPPET = "inputs/cabinet/purpose.docx"
PDF_EXPORT = ('pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},'
              '"ExportNotesInMargin":{"type":"boolean","value":"true"}}')  # comments shown (in the margin where supported)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else REPO / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        root = work / "project"
        root.mkdir()
        for name in ("bvpp.toml", "inputs", "templates"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
        project = Project.open(root)
        project.build()
        built = root / "build" / "cabinet" / "cabinet-v001.docx"
        returned = work / "cabinet-v001-chair.docx"
        mark_up(built, returned)
        shown = work / "shown" / "cabinet-v001-chair.docx"
        shown.parent.mkdir()
        shown.write_bytes(unwrap_content_controls(returned.read_bytes()))
        report = project.absorb(returned)
        print("\n".join(f"{s.status}: {s.snippet} {s.message}" for s in report.snippets if s.status != "unchanged"))
        snippet = work / "snippet" / "purpose.docx"
        snippet.parent.mkdir()
        shutil.copyfile(root / SNIPPET, snippet)
        section = ("Purpose", "Conclusion")
        crop(pdf_of(built, work), section, out / "absorb-1-paper.png")
        crop(pdf_of(shown, work), section, out / "absorb-2-returned.png")
        crop(pdf_of(snippet, work), ("This", None), out / "absorb-3-snippet.png")
    for name in ("absorb-1-paper.png", "absorb-2-returned.png", "absorb-3-snippet.png"):
        print(f"{out / name}: {(out / name).stat().st_size // 1024} KB")
    return 0


def mark_up(built: Path, returned: Path) -> None:
    """A reader's edits as Word writes them: 'a draft' replaced with track changes on, a comment on a paragraph."""
    document = Document(str(built))
    paragraphs = list(document.element.body.iter(qn("w:p")))

    def starting(text: str):
        return next(p for p in paragraphs if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith(text))

    p = starting("This report puts before Cabinet")
    run = next(r for r in p.iter(qn("w:r")) if "a draft" in "".join(t.text or "" for t in r.iter(qn("w:t"))))
    text = run.find(qn("w:t"))
    before, _, after = (text.text or "").partition("a draft")
    text.text = before
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    props = run.find(qn("w:rPr"))
    rpr = "" if props is None else props.xml
    deleted = parse_xml(f'<w:del {nsdecls("w")} w:id="901" w:author="Chair" w:date="{WHEN}"><w:r>{rpr}'
                        f'<w:delText xml:space="preserve">a draft</w:delText></w:r></w:del>')
    inserted = parse_xml(f'<w:ins {nsdecls("w")} w:id="902" w:author="Chair" w:date="{WHEN}"><w:r>{rpr}'
                         f'<w:t xml:space="preserve">the draft</w:t></w:r></w:ins>')
    tail = parse_xml(f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve">{after}</w:t></w:r>')
    run.addnext(deleted)
    deleted.addnext(inserted)
    inserted.addnext(tail)

    comments = (f'<w:comments {nsdecls("w")}><w:comment w:id="0" w:author="Chair" w:date="{WHEN}" w:initials="C">'
                f'<w:p><w:r><w:t>Say when the timetable was agreed.</w:t></w:r></w:p></w:comment></w:comments>')
    part = Part(PackURI("/word/comments.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                comments.encode(), document.part.package)
    document.part.relate_to(part, RT.COMMENTS)
    p = starting("The report also reminds Cabinet")
    p.find(qn("w:r")).addprevious(parse_xml(f'<w:commentRangeStart {nsdecls("w")} w:id="0"/>'))
    p.append(parse_xml(f'<w:commentRangeEnd {nsdecls("w")} w:id="0"/>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:commentReference w:id="0"/></w:r>'))
    document.save(str(returned))


def unwrap_content_controls(data: bytes) -> bytes:
    """Return the package with every content control in the body replaced by its content (for LibreOffice's picture only)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in list(root.iter(qn("w:sdt"))):
        content = sdt.find(qn("w:sdtContent"))
        parent = sdt.getparent()
        at = parent.index(sdt)
        for child in reversed(list(content) if content is not None else []):
            parent.insert(at, child)
        parent.remove(sdt)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return out.getvalue()


def pdf_of(docx: Path, work: Path) -> Path:
    """Convert with LibreOffice headless, in a profile of its own (other LibreOffice runs are left alone)."""
    profile = (work / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", PDF_EXPORT, "--outdir",
                    str(docx.parent), str(docx)], check=True, capture_output=True, timeout=300)
    return docx.with_suffix(".pdf")


def crop(pdf: Path, between: tuple[str, str | None], target: Path) -> None:
    """Write page 1 from the first word `between[0]` down to the word `between[1]` (None: the last line), full width."""
    layout = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], check=True,
                            capture_output=True, text=True).stdout
    words = [(m.group(5), float(m.group(2)), float(m.group(4))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', layout)]
    width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))  # type: ignore[union-attr]
    top = next(y0 for word, y0, _ in words if word == between[0])
    end = next((y0 for word, y0, _ in words if word == between[1] and y0 > top), None) if between[1] else None
    bottom = end - 6 if end is not None else max(y1 for _, _, y1 in words if y1 < 700) + 8
    scale = DPI / 72
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                    "-x", "0", "-y", str(int((top - 10) * scale)), "-W", str(int(width * scale)),
                    "-H", str(int((bottom - top + 10) * scale)), str(pdf), str(stem)], check=True, capture_output=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
