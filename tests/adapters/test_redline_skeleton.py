"""The redline's skeleton (rows kept as bytes) against lxml's own parse and serialisation of the whole part."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from lxml import etree

from bvpp_docgen.ooxml.ns import W_NS, fromstring, tostring
from bvpp_docgen.redline.align import Digests
from bvpp_docgen.redline.skeleton import parse

ROOT = (f'<w:document xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:x="urn:example"><w:body>{}</w:body></w:document>')


def _row(*cells: str, attrs: str = "") -> str:
    return f"<w:tr{attrs}>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in cells) + "</w:tr>"


def _table(*rows: str) -> str:
    return '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="10"/></w:tblGrid>' + "".join(rows) + "</w:tbl>"


BODIES = {
    "plain rows": _table(_row("Ref", "Value"), *(_row(f"BV{i}", f"{i}.5%") for i in range(20))),
    "non-ASCII and escapes": _table(_row("Ref"), _row("£79 &amp; &lt;n/a&gt;", "“quoted”"), _row("café")),
    "attributes and tails": _table(_row("a"), _row("b", attrs=' w:rsidR="00A1"') + "\n  ", _row("c", attrs=' x:k="1"')),
    "in a content control": (f"<w:sdt><w:sdtPr/><w:sdtContent>{_table(_row('h'), _row('1'), _row('2'))}"
                             "</w:sdtContent></w:sdt>"),
    "a nested table": _table(_row("h"), "<w:tr><w:tc>" + _table(_row("in"), _row("ner")) + "<w:p/></w:tc></w:tr>"),
    "own declarations": _table(_row("h"), '<w:tr xmlns:y="urn:y"><w:tc><w:p y:a="1"/></w:tc></w:tr>', _row("z")),
    "tracked changes and drawings": _table(
        _row("h"), '<w:tr><w:tc><w:p><w:ins w:id="1"><w:r><w:t>new</w:t></w:r></w:ins></w:p></w:tc></w:tr>',
        '<w:tr><w:tc><w:p><w:r><w:drawing><wp:inline><wp:docPr id="7" name="c"/></wp:inline></w:drawing></w:r></w:p>'
        "</w:tc></w:tr>", _row("after")),
    "no tables": "<w:p><w:r><w:t>Only words.</w:t></w:r></w:p>",
}


@pytest.mark.parametrize("body", list(BODIES.values()), ids=list(BODIES))
def test_rows_kept_as_bytes_come_back_exactly(body: str) -> None:
    data = ROOT.format(body).encode("utf-8")
    expected = tostring(fromstring(data))
    root, skeleton = parse(data)
    assert skeleton.expand(tostring(root)) == expected  # unchanged rows written back in place
    kept = dict(skeleton.known)
    Digests(kept)  # seeded digests are those of the whole rows, as serialised in place
    assert_rows_parse_back(root, skeleton, kept, expected)


def assert_rows_parse_back(root: etree._Element, skeleton: Any, kept: dict, expected: bytes) -> None:
    """Assert each kept row, parsed back, has the digest and size it was kept with, and the whole tree is `expected`."""
    for row, (digest, size) in kept.items():
        skeleton.fill(row)
        whole = etree.tostring(row, encoding="UTF-8", xml_declaration=False, with_tail=False)
        assert (hashlib.sha1(whole).digest(), len(whole)) == (digest, size)
    skeleton.fill(root)
    assert tostring(root) == expected  # every row parsed back gives the same tree


def test_only_rows_that_can_be_put_back_are_kept() -> None:
    data = ROOT.format(BODIES["tracked changes and drawings"] + BODIES["a nested table"]
                       + BODIES["own declarations"]).encode("utf-8")
    root, skeleton = parse(data)
    kept = [re.search(rb"<w:t>([^<]*)", skeleton.rows[int(r.get(skeleton.attr, ""))])
            for r in root.iter(f"{{{W_NS}}}tr") if r.get(skeleton.attr) is not None]
    # not first rows, rows with revisions or drawings, rows of a table in a cell, rows declaring a namespace
    assert [m.group(1) if m else None for m in kept] == [b"after", b"in", b"z"]
