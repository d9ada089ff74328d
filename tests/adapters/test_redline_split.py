"""The redline's rows taken from the part's bytes (split.py) against lxml's parse and serialisation of the whole part.

Rows are taken as they stand only when their bytes are what lxml writes for them; any other row
is parsed, and a part not shaped as lxml writes it is parsed whole (skeleton.py), so the redline
is the same either way.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bvpp_docgen.errors import RedlineError
from bvpp_docgen.ooxml.ns import W_NS, fromstring, tostring
from bvpp_docgen.redline import redline, version
from bvpp_docgen.redline.skeleton import parse
from bvpp_docgen.redline.split import split as split_rows

from ..test_redline import AUTHOR
from ..test_redline_alignment import BETWEEN, BIG, CASES, DATE, INTRO, SMALL, _make
from .test_redline_skeleton import BODIES, ROOT, _row, _table

ODD = {  # rows whose bytes lxml would write otherwise: each is parsed, its neighbours taken
    "single quotes": "<w:tr><w:tc><w:p w:rsidR='1'/></w:tc></w:tr>",
    "spaces in a tag": '<w:tr><w:tc><w:p  w:rsidR="1" /></w:tc></w:tr>',
    "an empty element written open": "<w:tr><w:tc><w:p><w:r><w:t></w:t></w:r></w:p></w:tc></w:tr>",
    "a character reference": "<w:tr><w:tc><w:p><w:r><w:t>&#163;5</w:t></w:r></w:p></w:tc></w:tr>",
    "a quote escaped in text": "<w:tr><w:tc><w:p><w:r><w:t>&quot;so&quot;</w:t></w:r></w:p></w:tc></w:tr>",
    "a > in text": "<w:tr><w:tc><w:p><w:r><w:t>x > y</w:t></w:r></w:p></w:tc></w:tr>",
    "a tab in an attribute": '<w:tr><w:tc><w:p w:rsidR="a\tb"/></w:tc></w:tr>',
    "a carriage return in text": "<w:tr><w:tc><w:p><w:r><w:t>a\rb</w:t></w:r></w:p></w:tc></w:tr>",
    "a default namespace declared": '<w:tr><w:tc><w:p><w:r><w:t xmlns="urn:d">x</w:t></w:r></w:p></w:tc></w:tr>',
    "a tracked change": '<w:tr><w:tc><w:p><w:del w:id="1"><w:r><w:delText>x</w:delText></w:r></w:del></w:p></w:tc></w:tr>',
}
MORE = {
    "rows in a row-level content control": _table(
        _row("h"), f"<w:sdt><w:sdtPr/><w:sdtContent>{_row('1')}{_row('2')}</w:sdtContent></w:sdt>", _row("3"), _row("4")),
    "escapes as lxml writes them": _table(_row("h"), _row("a &amp; b &lt;c&gt;", attrs=' w:rsidR="&quot;1&quot;"'),
                                          _row("x")),
    "a table in a text box": ("<w:p><w:r><w:pict><w:txbxContent>" + _table(_row("h"), _row("in"), _row("box"))
                              + "</w:txbxContent></w:pict></w:r></w:p>" + _table(_row("h"), _row("out"))),
    **{name: _table(_row("h"), _row("before"), odd, _row("after")) for name, odd in ODD.items()},
}


def _check(data: bytes) -> list[bytes]:
    """Assert the rows taken come back exactly, digested as lxml serialises them; return their first words."""
    expected = tostring(fromstring(data))
    found = split_rows(data)
    assert found is not None
    root, skeleton = found
    assert skeleton.expand(tostring(root)) == expected  # unchanged rows written back in place
    kept = dict(skeleton.known)
    words = [re.search(rb"<w:t>([^<]*)", skeleton.rows[int(r.get(skeleton.attr, ""))])
             for r in root.iter(f"{{{W_NS}}}tr") if r in kept]
    for row, (digest, size) in kept.items():
        skeleton.fill(row)
        whole = etree.tostring(row, encoding="UTF-8", xml_declaration=False, with_tail=False)
        assert (hashlib.sha1(whole).digest(), len(whole)) == (digest, size)
    skeleton.fill(root)
    assert tostring(root) == expected  # every row parsed back gives the same tree
    return [m.group(1) if m else b"" for m in words]


@pytest.mark.parametrize("body", [b for n, b in (*BODIES.items(), *MORE.items()) if n != "no tables"],
                         ids=[n for n in (*BODIES, *MORE) if n != "no tables"])
def test_rows_taken_from_the_bytes_come_back_exactly(body: str) -> None:
    _check(ROOT.format(body).encode("utf-8"))


def test_the_rows_taken_are_the_skeletons_less_those_lxml_would_write_otherwise() -> None:
    body = BODIES["tracked changes and drawings"] + BODIES["a nested table"] + BODIES["own declarations"]
    data = ROOT.format(body).encode("utf-8")
    assert _check(data) == [b"after", b"in", b"z"]
    assert len(parse(data)[1].known) == 3  # the same rows as the skeleton's own reading
    for name in ODD:
        assert _check(ROOT.format(MORE[name]).encode("utf-8")) == [b"before", b"after"], name
    assert _check(ROOT.format(MORE["rows in a row-level content control"]).encode("utf-8")) == [b"4"]
    assert _check(ROOT.format(MORE["a table in a text box"]).encode("utf-8")) == [b"out"]


SHAPES = {  # parts read whole, as before
    "another encoding": lambda part: "<?xml version='1.0' encoding='ISO-8859-1'?>\n" + part,
    "a comment": lambda part: part.replace("<w:body>", "<w:body><!-- a note -->"),
    "a document type": lambda part: "<!DOCTYPE w:document>" + part,
    "w: declared again": lambda part: part.replace("<w:body>", f'<w:body xmlns:w="{W_NS}">'),
    "a processing instruction": lambda part: part.replace("<w:body>", "<w:body><?mso-application x?>"),
    "another prefix for w:": lambda part: part.replace("w:", "ns0:").replace("xmlns:w=", "xmlns:ns0="),
}


@pytest.mark.parametrize("shape", list(SHAPES), ids=list(SHAPES))
def test_a_part_not_shaped_as_lxml_writes_it_is_read_whole(shape: str) -> None:
    text = SHAPES[shape](ROOT.format(BODIES["plain rows"] + "<w:p><w:r><w:t>caf\u00e9</w:t></w:r></w:p>"))
    data = text.encode("ISO-8859-1" if shape == "another encoding" else "utf-8")
    assert split_rows(data) is None
    root, skeleton = parse(data)
    assert skeleton.expand(tostring(root)) == tostring(fromstring(data))


def test_a_malformed_row_is_refused_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _make(tmp_path / "good.docx", INTRO, BIG[:30], BETWEEN, SMALL)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                at = data.index(b"</w:t></w:r>", data.index(b"BV20"))
                data = data[:at] + b"</w:r></w:t>" + data[at + 12:]  # inside a row that would be taken
            target.writestr(name, data)
    with zipfile.ZipFile(broken) as package:
        assert split_rows(package.read("word/document.xml")) is None
    with pytest.raises(RedlineError) as error:
        redline(good, broken, author=AUTHOR, date=DATE)
    with monkeypatch.context() as patch, pytest.raises(RedlineError) as before:
        patch.setattr(version, "split", lambda data: None)
        redline(good, broken, author=AUTHOR, date=DATE)
    assert str(error.value) == str(before.value)
    assert str(error.value).startswith(f"{broken}: malformed XML in the document (Opening and ending tag mismatch")
    undeclared = _table(_row("h"), _row("a"), "<w:tr><w:tc><q:p/></w:tc></w:tr>")  # libxml2 reads it, lxml refuses it
    assert split_rows(ROOT.format(undeclared).encode("utf-8")) is None


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_the_redline_is_the_same_with_rows_taken_from_the_bytes(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _make(tmp_path / "old.docx", INTRO, BIG, BETWEEN, SMALL)
    new = _make(tmp_path / "new.docx", *CASES[case]())
    with zipfile.ZipFile(new) as package:
        assert split_rows(package.read("word/document.xml")) is not None  # python-docx writes with lxml
    fast = redline(old, new, author=AUTHOR, date=DATE).docx
    with monkeypatch.context() as patch:
        patch.setattr(version, "split", lambda data: None)
        slow = redline(old, new, author=AUTHOR, date=DATE).docx
    assert fast == slow
