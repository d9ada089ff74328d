"""The floor: the least any tool on this stack can do to turn an indicator sheet into a paper.

    python benchmarks/floor.py WORKBOOK SHEET OUT.docx

Reads the sheet with openpyxl in read-only mode, writes every indicator twice (once in a table
per promise, once in the annex) as WordprocessingML table rows built as strings (header row
marked, rows not split), and zips the package. Nothing else: no validation, no formatting of
figures, no template, no styles. `bench_scale.py` measures bvpp's commands against it.
"""

from __future__ import annotations

import sys
import zipfile
from html import escape

import openpyxl

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def row(values: tuple[object, ...], header: bool = False) -> str:
    """Return one table row: a cell per value, never split across pages, marked if a header."""
    props = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
    cells = "".join(
        f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape("" if v is None else str(v))}</w:t></w:r></w:p></w:tc>'
        for v in values
    )
    return f"<w:tr>{props}{cells}</w:tr>"


def table(header: tuple[object, ...], rows: list[tuple[object, ...]]) -> str:
    """Return a table with its header row and `rows`."""
    return "<w:tbl><w:tblPr/>" + row(header, header=True) + "".join(row(r) for r in rows) + "</w:tbl>"


def main(workbook: str, sheet: str, out: str) -> None:
    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    rows = book[sheet].iter_rows(values_only=True)
    header = next(rows)
    indicators = [r for r in rows if any(v is not None for v in r)]
    book.close()
    by_promise: dict[object, list[tuple[object, ...]]] = {}
    for indicator in indicators:
        by_promise.setdefault(indicator[2], []).append(indicator)  # column C: the promise
    body = "".join(table(header, group) for _, group in sorted(by_promise.items(), key=lambda kv: str(kv[0])))
    body += table(header, indicators)  # the annex
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">'
                f"<w:body>{body}<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", document)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
