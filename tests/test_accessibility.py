"""The accessibility check: each rule on a small paper made with python-docx, and the example's papers."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, RGBColor

from bvpp_docgen.accessibility import Finding, check_accessibility, contrast
from bvpp_docgen.errors import InputError

from .conftest import DOCUMENTS, paper
from .wordfiles import png

Build = Callable[[Any, Path], None]
TEXT_BOX = """
<w:r {ns}><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>4000000</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>1000000</wp:posOffset></wp:positionV>
<wp:extent cx="2000000" cy="800000"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="50" name="Text Box 1"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="800000"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>
<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>
"""
NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def make_paper(path: Path, build: Build, *, title: str = "Test paper", language: str | None = "en-GB") -> Path:
    """Write a paper that passes every rule, after `build(doc, folder)` adds what a test needs."""
    doc = Document()
    doc.core_properties.title = title
    set_language(doc, language)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x3D, 0x7A)
    doc.add_heading("Introduction", level=1)
    doc.add_paragraph("Some text.")
    build(doc, path.parent)
    doc.save(str(path))
    return path


def set_language(doc: Any, language: str | None) -> None:
    """Set (or remove) the language on the document defaults."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    if language:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        rpr.append(lang)


def header_table(doc: Any, rows: list[list[str]], style: str | None = "Table Grid") -> Any:
    """Add a table whose first row repeats as a header row."""
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    if style:
        table.style = doc.styles[style]
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    return table


def shade(cell: Any, fill: str) -> None:
    """Give a cell direct shading."""
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def add_table_style(doc: Any, style_id: str, header_text: str, header_fill: str) -> None:
    """Add a table style whose header row has the given text colour and shading."""
    doc.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
        '<w:basedOn w:val="TableGrid"/>'
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="{header_text}"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/></w:tcPr></w:tblStylePr></w:style>'
    ))


def check(tmp_path: Path, build: Build, **options: Any) -> list[str]:
    """Make a paper with `build` and return its findings as text."""
    return [str(f) for f in check_accessibility(make_paper(tmp_path / "paper.docx", build, **options), "test-paper")]


def nothing(doc: Any, folder: Path) -> None:
    """Add nothing."""


def test_accessibility_clean_paper_has_no_findings(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        (folder / "logo.png").write_bytes(png())
        doc.add_picture(str(folder / "logo.png"), width=Cm(2))
        doc.inline_shapes[0]._inline.docPr.set("descr", "The council's crest")
        doc.add_heading("Budget", level=2)
        table = header_table(doc, [["Service", "Status"], ["Libraries", "On target"]])
        shade(table.rows[1].cells[1], "C6EFCE")
        doc.add_heading("Detail", level=3)
        doc.add_heading("Next", level=1)

    assert check(tmp_path, build) == []


def test_accessibility_image_without_alt_text(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        (folder / "chart.png").write_bytes(png())
        doc.add_paragraph("Figure:")
        doc.add_picture(str(folder / "chart.png"), width=Cm(2))

    assert check(tmp_path, build) == [
        "test-paper: paragraph 4, image 'Picture 1': the image has no alt text (Word: right-click, Edit Alt Text) [image-alt-text]",
    ]


def test_accessibility_skipped_heading_level(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        doc.add_heading("Budget", level=3)

    assert check(tmp_path, build) == [
        "test-paper: paragraph 3 (heading 'Budget'): Heading 3 follows Heading 1: a level is skipped (use Heading 2) [heading-order]",
    ]


def test_accessibility_first_heading_below_level_one(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    make_paper(path, nothing)
    doc = Document(str(path))
    doc.paragraphs[0].style = doc.styles["Heading 2"]
    doc.save(str(path))
    assert [str(f) for f in check_accessibility(path, "p")] == [
        "p: paragraph 1 (heading 'Introduction'): Heading 2 follows the start of the document: a level is skipped (use Heading 1) [heading-order]",
    ]


def test_accessibility_table_without_header_row(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        header_table(doc, [["Ref", "Value"], ["BV1", "10"]])
        table = doc.add_table(rows=2, cols=2, style="Table Grid")
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Service", "Cost"

    assert check(tmp_path, build) == [
        ("test-paper: table 2 (style 'Table Grid'), first row: the first row is not marked to repeat as a header row:"
        " 'Service | Cost' (Word: Table Properties, Row, Repeat as header row) [table-header-row]"),
    ]


def test_accessibility_low_contrast_table_style(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        add_table_style(doc, "PaleHeader", "FFFFFF", "FFFF66")
        header_table(doc, [["Ref", "Value"], ["BV1", "10"], ["BV2", "12"]], style="PaleHeader")

    assert check(tmp_path, build) == [
        ("test-paper: table 1 (style 'PaleHeader'), first row, cell 1: text #FFFFFF on #FFFF66 has a contrast of 1.1:1,"
        " below 4.5:1 [colour-contrast]"),
    ]


def test_accessibility_dark_header_with_automatic_text_passes(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        add_table_style(doc, "DarkHeader", "auto", "1F3D7A")
        header_table(doc, [["Ref", "Value"], ["BV1", "10"]], style="DarkHeader")

    assert check(tmp_path, build) == []


def test_accessibility_low_contrast_heading_and_run(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        doc.styles["Heading 2"].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
        doc.add_heading("Grey heading", level=2)
        table = header_table(doc, [["Ref", "Value"], ["BV1", ""]])
        table.rows[1].cells[1].paragraphs[0].add_run("10").font.color.rgb = RGBColor(0xCC, 0xCC, 0xCC)

    assert check(tmp_path, build) == [
        "test-paper: paragraph 3 (heading 'Grey heading'): text #AAAAAA on #FFFFFF has a contrast of 2.3:1, below 4.5:1 [colour-contrast]",
        "test-paper: table 1 (style 'Table Grid'), last row, cell 2: text #CCCCCC on #FFFFFF has a contrast of 1.6:1, below 4.5:1 [colour-contrast]",
    ]


def test_accessibility_floating_text_box(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        para = doc.add_paragraph("Key facts follow.")
        para._p.append(parse_xml(TEXT_BOX.format(ns=NAMESPACES, text="Budget up 7%")))

    assert check(tmp_path, build) == [
        ("test-paper: paragraph 3: text in a floating text box may be skipped by screen readers: 'Budget up 7%'"
        " (put it in the text) [floating-text-box]"),
    ]


def test_accessibility_status_by_colour_alone(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        table = header_table(doc, [["Ref", "Status"], ["BV1", ""], ["BV2", "●"], ["BV3", "Met"]])
        shade(table.rows[1].cells[1], "FF0000")
        shade(table.rows[3].cells[1], "C6EFCE")

    assert check(tmp_path, build) == [
        ("test-paper: table 1 (style 'Table Grid'), row 2, cell 2: the cell is shaded #FF0000 but has no text:"
        " say the status in words too [colour-only]"),
        "test-paper: table 1 (style 'Table Grid'), row 3, cell 2: the cell shows only '●': say the status in words too [colour-only]",
    ]


def test_accessibility_missing_title_and_language(tmp_path: Path) -> None:
    assert check(tmp_path, nothing, title="", language=None) == [
        "test-paper: document properties: the document has no title (docProps/core.xml dc:title) [document-title]",
        "test-paper: styles: the document has no default language (w:lang on the document defaults or Normal) [document-language]",
    ]


def test_accessibility_expected_language(tmp_path: Path) -> None:
    path = make_paper(tmp_path / "paper.docx", nothing, language="en-US")
    assert [str(f) for f in check_accessibility(path, "p", language="en-GB")] == [
        "p: styles: the document's language is 'en-US', expected 'en-GB' [document-language]",
    ]
    assert check_accessibility(path, "p", language="EN-us") == []


def test_accessibility_finding_fields(tmp_path: Path) -> None:
    path = make_paper(tmp_path / "paper.docx", nothing, title="")
    assert check_accessibility(path, "plan") == [
        Finding("plan", "document-title", "document properties", "the document has no title (docProps/core.xml dc:title)"),
    ]


def test_accessibility_unreadable_paper_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError) as caught:
        check_accessibility(bad, "p")
    assert str(caught.value).startswith(f"{bad}: cannot read the paper: ")
    with zipfile.ZipFile(tmp_path / "empty.docx", "w") as package:
        package.writestr("word/styles.xml", "<x/>")
    with pytest.raises(InputError, match=r"word/document\.xml is missing"):
        check_accessibility(tmp_path / "empty.docx", "p")


@pytest.mark.parametrize(
    ("a", "b", "ratio"), [("000000", "FFFFFF", 21.0), ("FFFFFF", "FFFFFF", 1.0), ("767676", "FFFFFF", 4.54)],
    ids=["black-white", "same", "wcag-grey"],
)
def test_accessibility_contrast_formula(a: str, b: str, ratio: float) -> None:
    assert contrast(a, b) == pytest.approx(ratio, abs=0.01)


# The example papers pass `bvpp check --strict`: the house style is en-GB, black headings to level 6,
# a masthead of paragraphs rather than a layout table.
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_accessibility_example_papers_pass(built_example: Path, doc: str) -> None:
    findings = check_accessibility(paper(built_example, doc), doc, language="en-GB")
    assert [str(f) for f in findings] == []




def test_accessibility_header_flag_set_to_0_is_no_header_row(tmp_path: Path) -> None:
    def build(doc: Any, folder: Path) -> None:
        table = header_table(doc, [["Service", "Cost"], ["Education", "521.6"]])
        table.rows[0]._tr.trPr.find(qn("w:tblHeader")).set(qn("w:val"), "0")

    assert check(tmp_path, build) == [
        ("test-paper: table 1 (style 'Table Grid'), first row: the first row is not marked to repeat as a header row:"
         " 'Service | Cost' (Word: Table Properties, Row, Repeat as header row) [table-header-row]"),
    ]


def test_accessibility_reads_bytes_and_names_the_paper_not_a_scratch_file(tmp_path: Path) -> None:
    path = make_paper(tmp_path / "scratch-1234.docx", lambda doc, folder: doc.add_table(rows=1, cols=1))
    from_bytes = check_accessibility(path.read_bytes(), "plan", source="build/plan/plan-v001.docx")
    assert from_bytes == check_accessibility(path, "plan") != []
    assert all("scratch" not in str(f) for f in from_bytes)
    with pytest.raises(InputError) as caught:
        check_accessibility(b"not a zip", "plan", source="build/plan/plan-v001.docx")
    assert str(caught.value).startswith("build/plan/plan-v001.docx: cannot read the paper: ")
