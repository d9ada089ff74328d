"""Turn the example project's Markdown narrative into Word snippets, as authors would send them.

    python benchmarks/make_example_snippets.py inputs/cabinet/purpose.md [...]

Each `X.md` becomes `X.docx` (standard Word styles: Heading 1-3, List Bullet, List Number,
tables, bold, italic, links; `[[fact]]` references kept as typed). The .md is removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bvpp_docgen.core.narrative import Paragraph, Span, Table
from bvpp_docgen.read.markdown import parse_markdown


def write_docx(blocks: tuple, target: Path) -> None:
    """Write blocks as a plain Word document an author could have typed."""
    doc = Document()
    doc.core_properties.author = "Performance Team"
    for block in blocks:
        if isinstance(block, Table):
            table = doc.add_table(rows=len(block.rows), cols=max(len(r) for r in block.rows))
            table.style = doc.styles["Table Grid"]
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, spans in zip(row.cells, cells, strict=False):
                    _runs(cell.paragraphs[0], spans)
            continue
        style = _style(block)
        _runs(doc.add_paragraph(style=style), block.spans)
    doc.save(str(target))


def _style(block: Paragraph) -> str:
    if block.kind == "heading":
        return f"Heading {block.level}"
    if block.kind in ("bullet", "number"):
        name = "List Bullet" if block.kind == "bullet" else "List Number"
        return name if block.level == 0 else f"{name} {block.level + 1}"
    return "Normal"


def _runs(paragraph, spans: tuple[Span, ...]) -> None:
    for span in spans:
        if span.href:
            rid = paragraph.part.relate_to(span.href, RT.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), rid)
            run = paragraph.add_run(span.text)
            link.append(run._r)
            paragraph._p.append(link)
            continue
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None


def main() -> None:
    for name in sys.argv[1:]:
        source = Path(name)
        write_docx(parse_markdown(source.read_text(encoding="utf-8")), source.with_suffix(".docx"))
        source.unlink()
        print(source.with_suffix(".docx"))


if __name__ == "__main__":
    main()
