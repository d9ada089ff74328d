"""The redline's rows taken from the part's bytes (split.py) against lxml's parse and serialisation of the whole part.

Rows are taken as they stand only when their bytes are what lxml writes for them; any other row
is parsed, and a part not shaped as lxml writes it is parsed whole (skeleton.py), so the redline
is the same either way.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pytest

from bvpp_docgen.errors import RedlineError
from bvpp_docgen.ooxml.ns import W_NS, fromstring, tostring
from bvpp_docgen.redline import redline, version
from bvpp_docgen.redline.skeleton import parse
from bvpp_docgen.redline.split import split as split_rows

from ..test_redline import AUTHOR
from ..test_redline_alignment import BETWEEN, BIG, CASES, DATE, INTRO, SMALL, _make
from .test_redline_skeleton import BODIES, ROOT, _row, _table, assert_rows_parse_back

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
    "paragraph ids as Word writes them": _table(_row("h"), *(
        _row(f"{i}", attrs=f' w:rsidR="00A1" x:paraId="{i:08X}"') for i in range(5)), _row("tab", attrs=' x:paraId="a\tb"')),
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
    assert_rows_parse_back(root, skeleton, kept, expected)
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
    assert _check(ROOT.format(MORE["escapes as lxml writes them"]).encode("utf-8")) == [b"a &amp; b &lt;c&gt;", b"x"]
    assert _check(ROOT.format(MORE["paragraph ids as Word writes them"]).encode("utf-8")) == [b"0", b"1", b"2", b"3", b"4"]


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


BREAKS = {  # in the text or tags of a row that would be taken: (what is replaced, by what, libxml2's words)
    "tags crossed": (b"</w:t></w:r>", b"</w:r></w:t>", "Opening and ending tag mismatch"),
    "a control character": (b"BV20<", b"BV20\x01<", "PCDATA invalid Char value 1"),
    "bytes that are not UTF-8": (b"BV20<", b"BV20\xff<", "Invalid bytes in character encoding"),
    "U+FFFF": (b"BV20<", "BV20\uffff<".encode(), "PCDATA invalid Char value 65535"),
    "an attribute twice": (b"<w:tc>", b'<w:tc w:x="1" w:x="2">', "Attribute w:x redefined"),
    "an undeclared prefix": (b"<w:tc>", b'<w:tc q:x="1">', "Namespace prefix q for x on tc is not defined"),
}


@pytest.mark.parametrize("broken", list(BREAKS), ids=list(BREAKS))
def test_a_malformed_row_is_refused_as_before(broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _make(tmp_path / "good.docx", INTRO, BIG[:30], BETWEEN, SMALL)
    bad = tmp_path / "bad.docx"
    old, new, words = BREAKS[broken]
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                at = data.index(old, data.index(b"BV20"))
                data = data[:at] + new + data[at + len(old):]
            target.writestr(name, data)
    with pytest.raises(RedlineError) as error:
        redline(good, bad, author=AUTHOR, date=DATE)
    with monkeypatch.context() as patch, pytest.raises(RedlineError) as before:
        patch.setattr(version, "split", lambda data: None)
        redline(good, bad, author=AUTHOR, date=DATE)
    assert str(error.value) == str(before.value)
    assert str(error.value).startswith(f"{bad}: malformed XML in the document ({words}")


def _word_ids(docx: Path) -> Path:
    """Give every paragraph and row a paragraph id of its own, as Word does when it saves."""
    count = itertools.count(0x100)
    with zipfile.ZipFile(docx) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    assert b'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"' in parts["word/document.xml"]
    parts["word/document.xml"] = re.sub(rb"<w:(p|tr)>", lambda m: b'<w:%s w14:paraId="%08X">' % (m.group(1), next(count)),
                                        parts["word/document.xml"])
    with zipfile.ZipFile(docx, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return docx


@pytest.mark.parametrize("word", [False, True], ids=["as built", "with Word's paragraph ids"])
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_the_redline_is_the_same_with_rows_taken_from_the_bytes(
    case: str, word: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _make(tmp_path / "old.docx", INTRO, BIG, BETWEEN, SMALL)
    new = _make(tmp_path / "new.docx", *CASES[case]())
    if word:
        old, new = _word_ids(old), _word_ids(new)
    with zipfile.ZipFile(new) as package:
        found = split_rows(package.read("word/document.xml"))  # python-docx writes with lxml
        assert found is not None and len(found[1].known) > 200
    fast = redline(old, new, author=AUTHOR, date=DATE).docx
    with monkeypatch.context() as patch:
        patch.setattr(version, "split", lambda data: None)
        slow = redline(old, new, author=AUTHOR, date=DATE).docx
    assert fast == slow
