"""A Word snippet reads the same with its style sheet parsed once by the reader as when python-docx parsed it.

`read/word.py` hands python-docx an empty style sheet and reads the snippet's own, parsed once
per process (Word writes some 350 KB of styles into every snippet). These tests read snippets
both ways, the old way being python-docx given the package as it is, and compare what the
author is told: the narrative, the warnings, each block's place, or the refusal. The snippets
are the example's and made-up ones with the style sheets python-docx reads oddly (an id twice,
a base style named twice, list styles based on others, no style sheet, a damaged one).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from bvpp_docgen.errors import InputError
from bvpp_docgen.read import word
from bvpp_docgen.read.word import read_word_snippet

from ..wordfiles import body_snippet, rich_snippet

EXAMPLE = sorted((Path(__file__).parents[2] / "inputs").rglob("*.docx"))
STYLE = ('<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:type="{kind}" '
         'w:styleId="{id}"><w:name w:val="{name}"/>{more}</w:style>')
BODY = ('<w:p><w:pPr><w:pStyle w:val="Twice"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Twice"/></w:rPr><w:t>one</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Listed"/></w:pPr><w:r><w:t>two</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>three</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Missing"/></w:pPr><w:r><w:t>four</w:t></w:r></w:p>')


def _read(path: Path, old: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """Return what reading the snippet gives (or the message refusing it, or the failure), the old way or the new."""
    with monkeypatch.context() as patch:
        if old:  # python-docx given the package as it is, its style sheet read from the document
            patch.setattr(word, "style_sheet_part", lambda package: None)
        try:
            return read_word_snippet(path, path.name, accept_changes=True)
        except InputError as exc:
            return str(exc)
        except Exception as exc:  # python-docx's own failures (a style sheet of another type): the same either way
            return f"{type(exc).__name__}: {exc}"


def _rewrite(path: Path, edit: dict[str, bytes | None]) -> Path:
    """Rewrite a saved snippet's parts: `edit` maps a part name to its new bytes (None: drop it)."""
    with zipfile.ZipFile(path) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    for name, data in edit.items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def _styled(path: Path) -> Path:
    """A snippet whose style sheet holds an id twice, list styles based on it, and a base style named twice."""
    body_snippet(path, BODY)
    with zipfile.ZipFile(path) as package:
        sheet = package.read("word/styles.xml").decode()
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    extra = "".join([
        STYLE.format(kind="paragraph", id="Twice", name="heading 2", more=""),
        STYLE.format(kind="paragraph", id="Twice", name="List Bullet", more=numbered),
        STYLE.format(kind="character", id="Twice", name="Strong", more=""),
        STYLE.format(kind="paragraph", id="Listed", name="Council List", more='<w:basedOn w:val="Twice"/>'),
    ])
    sheet = re.sub(r"(<w:style )", lambda m: extra.replace(' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"', "")
                   + m.group(1), sheet, count=1)
    return _rewrite(path, {"word/styles.xml": sheet.encode()})


@pytest.mark.parametrize("path", EXAMPLE, ids=[p.name for p in EXAMPLE])
def test_the_examples_snippets_read_as_before(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _read(path, old=False, monkeypatch=monkeypatch) == _read(path, old=True, monkeypatch=monkeypatch)


@pytest.mark.parametrize("case", ["rich", "styled", "no style sheet", "damaged style sheet", "style sheet of another type",
                                  "two style sheets", "an entity in the style sheet"])
def test_odd_snippets_read_as_before(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "snippet.docx"
    _styled(path) if case != "rich" else rich_snippet(path, tmp_path)
    with zipfile.ZipFile(path) as package:
        types, rels = package.read("[Content_Types].xml"), package.read("word/_rels/document.xml.rels")
    styles_rel = re.search(rb'<Relationship [^>]*styles"[^>]*/>', rels)
    assert styles_rel is not None
    if case == "no style sheet":
        _rewrite(path, {"word/styles.xml": None, "word/_rels/document.xml.rels": rels.replace(styles_rel.group(), b"")})
    elif case == "damaged style sheet":
        _rewrite(path, {"word/styles.xml": b"<w:styles"})
    elif case == "style sheet of another type":
        _rewrite(path, {"[Content_Types].xml": types.replace(b"wordprocessingml.styles+xml", b"wordprocessingml.stylez+xml")})
    elif case == "two style sheets":
        second = styles_rel.group().replace(b'Id="', b'Id="x')
        _rewrite(path, {"word/_rels/document.xml.rels": rels.replace(styles_rel.group(), styles_rel.group() + second)})
    elif case == "an entity in the style sheet":
        with zipfile.ZipFile(path) as package:
            sheet = package.read("word/styles.xml")
        declared = b'<!DOCTYPE w:styles [<!ENTITY x "Council">]>' + sheet[sheet.index(b"<w:styles"):]
        _rewrite(path, {"word/styles.xml": declared.replace(b'w:val="Council List"', b'w:val="&x; List"')})
    new, old = _read(path, old=False, monkeypatch=monkeypatch), _read(path, old=True, monkeypatch=monkeypatch)
    assert new == old
    if case in ("rich", "styled"):
        assert isinstance(new, word.WordSnippet)  # read, not refused: the new way was taken


def test_a_style_sheet_shared_by_snippets_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    word._style_sheet.cache_clear()
    first, second = _styled(tmp_path / "a.docx"), _styled(tmp_path / "b.docx")
    assert _read(first, False, monkeypatch) == _read(first, True, monkeypatch)
    assert isinstance(_read(second, False, monkeypatch), word.WordSnippet)
    assert word._style_sheet.cache_info().misses == 1 and word._style_sheet.cache_info().hits == 1
