"""The OOXML layer on small XML strings: one answer to each WordprocessingML question, no build."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bvpp_docgen.errors import InputError, RedlineError
from bvpp_docgen.ooxml.ns import W_NS, fromstring, q, w
from bvpp_docgen.ooxml.package import Package, check_package, normalize_package, package_digest
from bvpp_docgen.ooxml.styles import Styles
from bvpp_docgen.ooxml.wml import (
    accept_revisions,
    has_field,
    is_header_row,
    on_off,
    reject_revisions,
    revision_counts,
    text_of,
)

DECL = f'xmlns:w="{W_NS}"'


def xml(body: str) -> etree._Element:
    """Parse a w:body holding `body`."""
    return fromstring(f"<w:body {DECL}>{body}</w:body>")


def paragraphs(body: etree._Element) -> list[str]:
    """Return the text of each top-level paragraph."""
    return [text_of(p) for p in body.iterchildren(w("p"))]


def p(text: str, mark: str = "") -> str:
    """Return a paragraph with one run; `mark` goes into its paragraph mark's run properties."""
    ppr = f"<w:pPr><w:rPr>{mark}</w:rPr></w:pPr>" if mark else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def row(text: str, trpr: str = "") -> str:
    """Return a table row of one cell."""
    return f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>"


# --- names and parsing ----------------------------------------------------------------------


def test_clark_names_of_prefixed_and_w_names() -> None:
    assert w("p") == f"{{{W_NS}}}p"
    assert q("wp:docPr") == "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def test_the_parser_resolves_no_entities() -> None:
    evil = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    root = fromstring(evil)
    assert "root:" not in etree.tostring(root).decode()


# --- on/off and header rows -----------------------------------------------------------------


@pytest.mark.parametrize(("attrs", "expected"), [
    ("", True), ('w:val="1"', True), ('w:val="true"', True), ('w:val="on"', True),
    ('w:val="0"', False), ('w:val="false"', False), ('w:val="off"', False),
])
def test_on_off_reads_st_onoff(attrs: str, expected: bool) -> None:
    assert on_off(fromstring(f"<w:b {DECL} {attrs}/>")) is expected


def test_on_off_absent_is_off() -> None:
    assert on_off(None) is False


@pytest.mark.parametrize(("trpr", "expected"), [
    ("<w:tblHeader/>", True), ('<w:tblHeader w:val="true"/>', True), ('<w:tblHeader w:val="0"/>', False),
    ('<w:tblHeader w:val="false"/>', False), ("<w:cantSplit/>", False), ("", False),
])
def test_header_row_honours_its_value(trpr: str, expected: bool) -> None:
    tr = fromstring(f"<w:tr {DECL}>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}<w:tc/></w:tr>")
    assert is_header_row(tr) is expected


# --- tracked changes ------------------------------------------------------------------------

RUNS = ('<w:p><w:r><w:t xml:space="preserve">rises by </w:t></w:r>'
        '<w:del w:id="1"><w:r><w:delText>5%</w:delText></w:r></w:del>'
        '<w:ins w:id="2"><w:r><w:t>7%</w:t></w:r></w:ins></w:p>')


def test_accept_keeps_insertions_and_drops_deletions() -> None:
    body = xml(RUNS)
    accept_revisions(body)
    assert paragraphs(body) == ["rises by 7%"]
    assert revision_counts(body) == {}


def test_reject_keeps_deletions_and_drops_insertions() -> None:
    body = xml(RUNS)
    reject_revisions(body)
    assert paragraphs(body) == ["rises by 5%"]
    assert revision_counts(body) == {}
    assert not list(body.iter(w("delText")))


def test_accept_joins_a_paragraph_whose_mark_was_deleted() -> None:
    body = xml(p("The budget ", "<w:del w:id='1'/>") + p("rises."))
    accept_revisions(body)
    assert paragraphs(body) == ["The budget rises."]


def test_reject_joins_a_paragraph_whose_mark_was_inserted() -> None:
    body = xml(p("The budget ", "<w:ins w:id='1'/>") + p("rises."))
    reject_revisions(body)
    assert paragraphs(body) == ["The budget rises."]
    accepted = xml(p("The budget ", "<w:ins w:id='1'/>") + p("rises."))
    accept_revisions(accepted)
    assert paragraphs(accepted) == ["The budget ", "rises."]


DEL, INS = '<w:del w:id="1"/>', '<w:ins w:id="2"/>'


def test_accept_removes_a_row_deleted_under_tracked_changes() -> None:
    body = xml(f"<w:tbl>{row('head')}{row('gone', DEL)}{row('new', INS)}</w:tbl>")
    accept_revisions(body)
    assert [text_of(tr) for tr in body.iter(w("tr"))] == ["head", "new"]
    assert revision_counts(body) == {}


def test_reject_removes_a_row_inserted_under_tracked_changes() -> None:
    body = xml(f"<w:tbl>{row('head')}{row('old', DEL)}{row('new', INS)}</w:tbl>")
    reject_revisions(body)
    assert [text_of(tr) for tr in body.iter(w("tr"))] == ["head", "old"]


def test_a_table_whose_every_row_was_deleted_goes() -> None:
    body = xml(f"<w:tbl>{row('a', '<w:del/>')}</w:tbl>" + p("after"))
    accept_revisions(body)
    assert body.find(w("tbl")) is None and paragraphs(body) == ["after"]


def test_moves_land_at_their_destination_or_stay_at_their_source() -> None:
    moved = ('<w:p><w:moveFrom w:id="1"><w:r><w:t>moved </w:t></w:r></w:moveFrom><w:r><w:t>stays</w:t></w:r>'
             '<w:moveTo w:id="2"><w:r><w:t> moved</w:t></w:r></w:moveTo></w:p>')
    accepted, rejected = xml(moved), xml(moved)
    accept_revisions(accepted)
    reject_revisions(rejected)
    assert paragraphs(accepted) == ["stays moved"]
    assert paragraphs(rejected) == ["moved stays"]


def test_formatting_changes_accepted_and_rejected() -> None:
    formatted = ('<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr>'
                 "<w:t>x</w:t></w:r></w:p>")
    accepted, rejected = xml(formatted), xml(formatted)
    accept_revisions(accepted)
    reject_revisions(rejected)
    assert [etree.QName(c).localname for c in accepted.find(f".//{w('rPr')}")] == ["b"]
    assert [etree.QName(c).localname for c in rejected.find(f".//{w('rPr')}")] == ["i"]


def test_text_of_leaves_out_deleted_text_and_can_space_breaks() -> None:
    node = fromstring(f"<w:p {DECL}><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:delText>c</w:delText></w:r></w:p>")
    assert text_of(node) == "ab"
    assert text_of(node, breaks=" ") == "a b"


# --- styles ---------------------------------------------------------------------------------


def styles(*defs: str) -> Styles:
    """Return the Styles of a styles.xml holding `defs`."""
    return Styles(fromstring(f"<w:styles {DECL}>{''.join(defs)}</w:styles>"))


def style(style_id: str, name: str, based: str = "", ppr: str = "") -> str:
    """Return one paragraph style definition."""
    base = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{base}'
            f"{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}</w:style>")


def styled(style_id: str, ppr: str = "") -> etree._Element:
    """Return a paragraph in the style `style_id`."""
    return fromstring(f'<w:p {DECL}><w:pPr><w:pStyle w:val="{style_id}"/>{ppr}</w:pPr></w:p>')


SHEET = styles(
    style("Normal", "Normal"),
    style("Heading2", "heading 2", "Normal"),  # no outline level of its own, as in some templates
    style("Heading1", "heading 1", "Normal", '<w:outlineLvl w:val="0"/>'),
    style("CouncilHeading", "Council Heading", "Heading2"),
    style("TOCHeading", "TOC Heading", "Heading1", '<w:outlineLvl w:val="9"/>'),
    style("Outlined", "Outlined", "Normal", '<w:outlineLvl w:val="2"/>'),
    style("Title", "Title", "Normal"),
)


@pytest.mark.parametrize(("style_id", "level"), [
    ("Heading1", 1), ("Heading2", 2), ("CouncilHeading", 2), ("Outlined", 3),
    ("TOCHeading", None), ("Normal", None), ("Title", None), ("Missing", None),
])
def test_heading_level_follows_the_based_on_chain(style_id: str, level: int | None) -> None:
    assert SHEET.heading_level(styled(style_id)) == level


def test_a_paragraphs_own_outline_level_decides() -> None:
    assert SHEET.heading_level(styled("Normal", '<w:outlineLvl w:val="1"/>')) == 2
    assert SHEET.heading_level(styled("Heading1", '<w:outlineLvl w:val="9"/>')) is None


def test_based_on_loops_end() -> None:
    looped = styles(style("A", "A", "B"), style("B", "B", "A"))
    assert [s.get(w("styleId")) for s in looped.chain("A")] == ["A", "B"]
    assert looped.heading_level(styled("A")) is None


# --- packages -------------------------------------------------------------------------------

CONTENT_TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="main+xml"/></Types>')
ROOT_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="word/document.xml"/></Relationships>')
DOC_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId5" Type="image" Target="media/a.png"/>'
            '<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>')


def make_docx(extra: dict[str, bytes | str] | None = None) -> bytes:
    """Return a minimal Word package as bytes."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
        "word/document.xml": f"<w:document {DECL}><w:body/></w:document>",
        "word/_rels/document.xml.rels": DOC_RELS, "word/media/a.png": b"png", **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_package_reads_parts_relationships_both_ways_and_content_types() -> None:
    package = Package.read(make_docx())
    assert package.main_part() == "word/document.xml"
    image = package.rel("word/document.xml", "rId5")
    assert image is not None and image.target_part == "word/media/a.png"
    link = package.rel("word/document.xml", "rId6")
    assert link is not None and link.external and link.target_part is None
    assert [(r.source, r.id) for r in package.sources_of("word/media/a.png")] == [("word/document.xml", "rId5")]
    assert package.content_type("word/document.xml") == "main+xml"
    assert package.content_type("word/styles.xml") == "application/xml"


def test_package_writes_the_same_bytes_for_the_same_parts(tmp_path: Path) -> None:
    first = Package.read(make_docx()).write()
    again = Package.read(first).write()
    assert first == again == normalize_package(first)
    path = tmp_path / "a.docx"
    path.write_bytes(make_docx())
    assert package_digest(path) == Package.read(first).digest()


def test_package_open_names_the_file_in_the_callers_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(RedlineError, match=r"bad\.docx: cannot read the file as a Word document"):
        Package.open(bad, str(bad), RedlineError)
    with pytest.raises(InputError, match=r"^paper: not a Word document: part"):
        Package.open(make_docx({"_rels/.rels": ROOT_RELS.replace("word/document.xml", "word/other.xml")}), "paper")


def test_untrusted_packages_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "snippet.docx"
    path.write_bytes(make_docx({"word/vbaProject.bin": b"x"}))
    with pytest.raises(InputError, match="contains macros"):
        check_package(path, "snippet.docx")
    template = DOC_RELS.replace("</Relationships>", '<Relationship Id="rId9" Type="x/attachedTemplate" '
                                'Target="file:///t.dotm" TargetMode="External"/></Relationships>')
    path.write_bytes(make_docx({"word/_rels/document.xml.rels": template}))
    with pytest.raises(InputError, match=r"external file \(attachedTemplate: file:///t.dotm\)"):
        check_package(path, "snippet.docx")
    path.write_bytes(make_docx({"word/media/big.bin": b"\0" * (3 << 20)}))
    with pytest.raises(InputError, match="zip bomb"):
        check_package(path, "snippet.docx")
    path.write_bytes(make_docx())
    assert check_package(path, "snippet.docx").main_part() == "word/document.xml"


def test_a_field_is_found_by_its_name_in_either_spelling() -> None:
    complex_toc = xml('<w:p><w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h </w:instrText></w:r></w:p>')
    simple_toc = xml('<w:p><w:fldSimple w:instr="TOC \\o &quot;1-3&quot;"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>')
    page_only = xml('<w:p><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>TOC</w:t></w:r></w:p>')
    assert has_field(complex_toc, "TOC") and has_field(simple_toc, "TOC")
    assert not has_field(page_only, "TOC")  # the word in text is not a field
    assert has_field(page_only, "PAGE")
