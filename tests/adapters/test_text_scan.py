"""The text as built, read from a paper's bytes, is exactly what reading its parsed body gave.

The text as built is stored with each version and compared with the paper later: one character
of difference would make every paper look edited by hand. So the scan (`ooxml/scan.py`) and the
faster style lookups are compared with the code they replaced (`text_reference.py`) on made-up
documents of every shape the readers meet (headings in tables, tracked changes, fields, contents
lists with page numbers, content controls, references, text boxes), and on the example's papers.
"""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest
from lxml import etree

from bvpp_docgen.app.edits import built_text
from bvpp_docgen.app.load import load
from bvpp_docgen.core.edits import built_json, built_paragraphs, to_json
from bvpp_docgen.core.narrative import Narrative, Paragraph, Span
from bvpp_docgen.ooxml.ns import NS, W_NS, fromstring
from bvpp_docgen.ooxml.scan import scan_paragraphs
from bvpp_docgen.ooxml.styles import Styles
from bvpp_docgen.ooxml.toc import contents_results
from bvpp_docgen.read.paper import paper_paragraphs, written_paragraphs
from bvpp_docgen.store.layout import built_text_path
from bvpp_docgen.write.contents import fill_contents

from ..conftest import DOCUMENTS, paper
from . import text_reference as old
from .test_contents import STYLE_SHEET

DECLARATIONS = " ".join(f'xmlns:{p}="{NS[p]}"' for p in ("w", "r", "m", "v"))
STYLES = STYLE_SHEET.replace(
    "</w:styles>",
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Outlined"><w:name w:val="Outlined"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>'
    "</w:styles>")
WORDS = ["Budget", "schools", "R&amp;D", "&lt;b&gt;", "caf\u00e9", "\u2019s", "a\u00a0b", "x\u2009y", "&#x2019;", "&#13;",
         "&#10;z", "&#9;", "  ", "", "&quot;q&apos;", "\u00a3521.6m", "2003/04"]
STYLE_IDS = ["Heading1", "Heading2", "Heading3", "CouncilHeading", "CouncilNote", "Normal", "TOC1", "Outlined", "Missing"]


def docx(document: str, styles: str = STYLES) -> bytes:
    """Return a .docx package holding `document` as its main part and `styles` as its style sheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        archive.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                         'officeDocument" Target="word/document.xml"/></Relationships>')
        archive.writestr("word/_rels/document.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                         '2006/relationships/styles" Target="styles.xml"/></Relationships>')
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles)
    return out.getvalue()


def document(body: str, declaration: str = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n") -> str:
    return f"{declaration}<w:document {DECLARATIONS}><w:body>{body}<w:sectPr/></w:body></w:document>"


class Maker:
    """Made-up WordprocessingML, as bvpp writes it and as Word and other tools write it."""

    def __init__(self, seed: int, odd: bool) -> None:
        self.random = random.Random(seed)
        self.odd = odd  # also what the scan declines: tracked changes, text boxes, comments, properties not first

    def choice(self, *options: str) -> str:
        return self.random.choice(options)

    def text(self) -> tuple[str, str]:
        words = self.random.sample(WORDS, self.random.randint(0, 3))
        return self.choice("", ' xml:space="preserve"'), " ".join(words)

    def run(self) -> str:
        space, text = self.text()
        kind = self.random.randint(0, 11)
        if kind <= 4:
            return f"<w:r><w:rPr><w:b/></w:rPr><w:t{space}>{text}</w:t></w:r>" if kind == 0 else f"<w:r><w:t{space}>{text}</w:t></w:r>"
        return [
            "<w:r><w:t/></w:r>", f"<w:r><w:tab/><w:t>{text}</w:t></w:r>", '<w:r><w:br w:type="page"/></w:r>',
            "<w:r><w:cr/></w:r>", f'<w:hyperlink w:anchor="a&gt;b&quot;" w:tooltip="1 > 0"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>',
            f'<w:sdt><w:sdtPr><w:tag w:val="bvpp:x"/></w:sdtPr><w:sdtContent><w:r><w:t>{text}</w:t></w:r></w:sdtContent></w:sdt>',
            f'<w:bookmarkStart w:id="7" w:name="b"/><w:r><w:delText>{text}</w:delText></w:r><w:bookmarkEnd w:id="7"/>',
        ][kind - 5]

    def field(self) -> str:
        instruction = self.choice(' TOC \\o "1-3" \\h ', "PAGE", "TOC", " toc ", "")
        return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
                + self.choice('<w:r><w:fldChar w:fldCharType="separate"/></w:r>', "")
                + self.choice('<w:r><w:fldChar w:fldCharType="end"/></w:r>', "", "<w:r><w:fldChar w:fldCharType='end'/></w:r>"))

    def properties(self) -> str:
        kind = self.random.randint(0, 6)
        if kind == 0:
            return ""
        if kind == 1:
            return "<w:pPr/>"
        style = self.choice(*STYLE_IDS)
        parts = [f'<w:pStyle w:val="{style}"/>' if kind != 2 else "<w:pStyle/>"]
        if self.random.random() < 0.3:
            parts.append('<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9026"/></w:tabs>')
        if self.random.random() < 0.3:
            parts.append(f'<w:outlineLvl w:val="{self.random.randint(0, 9)}"/>')
        if self.random.random() < 0.2:
            parts.append("<w:rPr><w:b/></w:rPr>")
        return f"<w:pPr>{''.join(parts)}</w:pPr>"

    def paragraph(self) -> str:
        start = self.choice("<w:p>", '<w:p w:rsidR="00AB12CD">', "<w:p>")
        runs = [self.field() if self.random.random() < 0.08 else self.run() for _ in range(self.random.randint(0, 4))]
        if self.random.random() < 0.05:
            return self.choice("<w:p/>", '<w:p w:rsidR="00AB12CD"/>')
        if self.random.random() < 0.1:  # a contents entry with its page number, as publishing writes it
            runs = [f'<w:hyperlink w:anchor="_Toc1" w:history="1"><w:r><w:t>{self.text()[1]}</w:t></w:r><w:r><w:tab/></w:r>'
                    f"<w:r><w:t>{self.random.randint(1, 40)}</w:t></w:r></w:hyperlink>"]
        if self.odd and self.random.random() < 0.04:
            runs.append(self.choice(
                "<w:ins w:id='1' w:author='a'><w:r><w:t>new</w:t></w:r></w:ins>",
                '<w:del w:id="2" w:author="a"><w:r><w:delText>old</w:delText></w:r></w:del>',
                "<w:r><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></w:r>",
                "<!-- a comment -->", '<w:r><w:t><![CDATA[a <b>]]></w:t></w:r>', "<w:pPr><w:pStyle w:val='Heading1'/></w:pPr>"))
        return f"{start}{self.properties()}{''.join(runs)}</w:p>"

    def contents(self) -> str:
        """A contents list as bvpp fills it (the field around its entries), with page numbers or without."""
        entries = [f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:hyperlink w:anchor="_Toc{n}" w:history="1"><w:r>'
                   f"<w:t>{self.text()[1]} {n}</w:t></w:r>" + self.choice("", "<w:r><w:tab/></w:r><w:r><w:t>7</w:t></w:r>")
                   + "</w:hyperlink></w:p>" for n in range(self.random.randint(0, 4))]
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
                 + self.choice('TOC \\o "1-2" \\h', "PAGE") + ' </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries or self.random.random() < 0.3:
            return f"<w:p>{begin}</w:p>{''.join(entries)}{self.paragraph()}<w:p>{end}</w:p>"
        entries[0] = entries[0].replace("</w:pPr>", f"</w:pPr>{begin}", 1)
        entries[-1] = entries[-1].replace("</w:p>", f"{end}</w:p>")
        return "".join(entries)

    def block(self, depth: int = 0) -> str:
        kind = self.random.randint(0, 9)
        if kind == 2:
            return self.contents()
        if kind == 0 and depth < 2:
            rows = "".join("<w:tr>" + "".join(f"<w:tc><w:tcPr><w:tcW w:w='1'/></w:tcPr>{self.block(depth + 1)}</w:tc>"
                                              for _ in range(2)) + "</w:tr>" for _ in range(2))
            return f"<w:tbl><w:tblPr/>{rows}</w:tbl>"
        if kind == 1 and depth < 2:
            return f"<w:sdt><w:sdtPr/><w:sdtContent>{self.block(depth + 1)}{self.block(depth + 1)}</w:sdtContent></w:sdt>"
        return self.paragraph()

    def body(self) -> str:
        return "".join(self.block() for _ in range(self.random.randint(1, 25)))


@pytest.mark.parametrize("window", [1 << 20, 64])  # a window: the bytes scanned at a time (up to a paragraph's end)
@pytest.mark.parametrize("odd", [False, True])
def test_the_scan_reads_every_made_up_paper_as_the_parsed_body_did(odd: bool, window: int, monkeypatch) -> None:
    monkeypatch.setattr("bvpp_docgen.ooxml.scan._WINDOW", window)
    scanned = 0
    for seed in range(150):
        data = docx(document(Maker(seed, odd).body()))
        assert written_paragraphs(data, "paper.docx") == old.paper_paragraphs(data, "paper.docx"), seed
        assert paper_paragraphs(data, "paper.docx") == old.paper_paragraphs(data, "paper.docx"), seed
        part = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        scanned += scan_paragraphs(part, Styles(fromstring(STYLES))) is not None
    assert scanned == 150 if not odd else 40 < scanned < 150  # the odd ones are read by parsing


@pytest.mark.parametrize("body", [
    "<w:p><w:r><w:t>plain</w:t></w:r></w:p>",
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Budget</w:t></w:r></w:p>',
    "<w:tbl><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val='Heading2'/></w:pPr><w:r><w:t>In a cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
])
@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="utf-8"?>', "<?xml version='1.0'?>\n"])
def test_what_bvpp_writes_is_scanned_not_parsed(body: str, declaration: str) -> None:
    part = document(body, declaration).encode()
    found = scan_paragraphs(part, Styles(fromstring(STYLES)))
    assert found is not None and found == old.paper_paragraphs(docx(part.decode()), "paper.docx")


@pytest.mark.parametrize("part", [
    document("<w:p><w:r><w:t>a</w:t></w:r></w:p>").replace("xmlns:w=", f'xmlns:x="{W_NS}" xmlns:w=', 1),  # two prefixes
    document("<w:p><w:r><w:t>a</w:t></w:r></w:p>").replace("UTF-8", "ISO-8859-1"),
    document("<w:p><w:r><w:t>a</w:t></w:r></w:p>").replace("<w:body>", "<w:background/><w:body>"),
    document("<w:p><w:r><w:t>a</w:t></w:r></w:p>").replace("<w:p>", '<w:p xmlns:w="' + W_NS + '">'),
    document("<w:p><w:r><w:t>a&amp</w:t></w:r></w:p>"),
    document("<w:p><w:bookmarkStart w:id='1' w:name='a'/><w:pPr/><w:r><w:t>a</w:t></w:r></w:p>"),
    document("<w:p><w:r><w:t>a</w:t></w:r></w:p>").replace("\n", "\r\n"),
    document("<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r></w:p><w:r><w:instrText>TOC</w:instrText></w:r>"),
    document("<w:p><w:pPr><w:rPr/><w:t>in the properties</w:t></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"),
    document("<w:p><w:r><w:t>a</w:t><w:p><w:r><w:t>b</w:t></w:r></w:p></w:r></w:p>"),
])
def test_what_bvpp_does_not_write_is_left_to_the_parser(part: str) -> None:
    assert scan_paragraphs(part.encode(), Styles(fromstring(STYLES))) is None
    if "&amp<" not in part:  # well-formed: the parser reads it as before
        assert written_paragraphs(docx(part), "paper.docx") == old.paper_paragraphs(docx(part), "paper.docx")


def test_the_example_papers_text_as_built_is_unchanged(built_example) -> None:
    for path in sorted((built_example / "build").glob("*/*.docx")):
        data = path.read_bytes()
        part = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        styles = Styles(fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")))
        assert scan_paragraphs(part, styles) is not None, path.name  # the fast way
        assert written_paragraphs(data, path.name) == old.paper_paragraphs(data, path.name), path.name


def test_the_text_as_built_the_render_told_is_the_text_read_back_from_each_paper(built_example) -> None:
    loaded = load(built_example)
    for document in DOCUMENTS:
        output = paper(built_example, document).relative_to(built_example).as_posix()
        kept = (built_example / built_text_path(output)).read_bytes()
        assert kept == built_text(loaded, document, output, (built_example / output).read_bytes()), document


def test_a_held_stretch_that_cuts_a_paragraph_is_left_to_the_parser() -> None:
    part = document("<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p>").encode()
    cut = part.index(b"<w:t>b")
    styles = Styles(fromstring(STYLES))
    assert scan_paragraphs(part, styles, [(cut, cut, ["held"])]) is None
    between = part.index(b"<w:p><w:r><w:t>b")
    assert scan_paragraphs(part, styles, [(between, between, ["held", ""])]) == [(None, "a"), (None, "held"), (None, "b")]


def test_the_text_as_built_is_written_as_the_records_would_write_it() -> None:
    snippet = Narrative("inputs/plan/promises.md", (Paragraph((Span("We promise "), Span("to:", bold=True))),))
    odd = ['say "no"', "back\\slash", "tab\there", "\u2019curly\u2019 \u00a3", "nul\x00 \x1f", "\U0001f600", "</script>", ""]
    read = [(1, "Our promises"), (None, "We promise to:"), (None, "Prepared by the clerk"), (2, "Budget"), (None, "521.6"),
            *((level, text) for level in (None, 3) for text in odd)]
    assert built_json(read, [snippet], "templates/plan \"x\".docx", ["Prepared by the clerk", "tab\there"]) == json.dumps(
        to_json(built_paragraphs(read, [snippet], "templates/plan \"x\".docx", ["Prepared by the clerk", "tab\there"])),
        ensure_ascii=False)
    assert built_json([], [], "t.docx", []) == json.dumps(to_json(()), ensure_ascii=False)


def test_style_lookups_answer_as_the_find_paths_did() -> None:
    styles, reference = Styles(fromstring(STYLES)), old.OldStyles(fromstring(STYLES))
    maker = Maker(7, odd=False)
    shapes = [maker.paragraph() for _ in range(300)] + [
        "<w:p><w:pPr><w:jc w:val='left'/></w:pPr><w:pPr><w:pStyle w:val='Heading1'/></w:pPr></w:p>",  # two pPr
        "<w:p><w:pPr><w:pStyle w:val='Normal'/></w:pPr><w:pPr><w:outlineLvl w:val='1'/></w:pPr></w:p>",
        "<w:p><w:r/><w:pPr><!-- c --><w:outlineLvl w:val='9'/><w:pStyle w:val='Heading1'/></w:pPr></w:p>",
        "<w:p><w:pPr><w:pStyle w:val='Heading2'/><w:pStyle w:val='Heading1'/></w:pPr></w:p>",
    ]
    for shape in shapes:
        paragraph = fromstring(f"<w:body {DECLARATIONS}>{shape}</w:body>")[0]
        assert styles.heading_level(paragraph) == reference.heading_level(paragraph), shape
        assert styles.paragraph_style(paragraph) == reference.paragraph_style(paragraph), shape


def test_the_field_tracker_finds_the_contents_lists_the_old_walk_found() -> None:
    for seed in range(100):
        body = fromstring(f"<w:body {DECLARATIONS}>{Maker(seed, odd=True).body()}</w:body>")
        assert contents_results(body) == old.contents_results(body), seed



@pytest.mark.parametrize("few", [1000, 0])  # paragraphs placed by their ancestors, or by walking them all
@pytest.mark.parametrize("default_heading", [False, True])
def test_the_contents_list_is_filled_as_when_every_paragraph_was_asked(default_heading: bool, few: int, monkeypatch) -> None:
    """Headings in tables, council styles, outline levels, lists of levels and of styles, two lists, own headings."""
    monkeypatch.setattr("bvpp_docgen.write.contents._FEW", few)
    sheet = STYLES.replace('w:styleId="Normal"><w:name w:val="Normal"/>',
                           'w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr>'
                           if default_heading else 'w:styleId="Normal"><w:name w:val="Normal"/>')
    lists = ['TOC \\o &quot;1-3&quot; \\h', 'TOC \\o &quot;2-3&quot;', 'TOC \\t &quot;Heading 2,1&quot;', "TOC"]
    for seed in range(120):
        maker = Maker(seed, odd=seed % 2 == 1)  # text boxes, tracked changes and comments too
        blocks = [maker.block() for _ in range(maker.random.randint(1, 20))]
        for _ in range(maker.random.randint(1, 2)):
            instruction = maker.choice(*lists)
            field = (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{instruction}</w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
            blocks.insert(maker.random.randint(0, len(blocks)), maker.choice(field, f"<w:tbl><w:tr><w:tc>{field}</w:tc></w:tr></w:tbl>"))
        body = f"<w:body {DECLARATIONS}>{''.join(blocks)}<w:sectPr/></w:body>"
        new_sheet, old_sheet = fromstring(sheet), fromstring(sheet)
        new_body, old_body = fromstring(body), fromstring(body)
        found = fill_contents(new_body, Styles(new_sheet), new_sheet)
        expected = old.fill_contents(old_body, old.OldStyles(old_sheet), old_sheet)
        assert found == expected, seed
        assert etree.tostring(new_body) == etree.tostring(old_body), seed
        assert etree.tostring(new_sheet) == etree.tostring(old_sheet), seed


def test_a_colour_reads_as_six_hex_digits_as_before() -> None:
    from bvpp_docgen.ooxml.styles import is_hex

    maker = random.Random(3)
    values = ["FFFFFF", "00aaff".upper(), "FFFFF", "FFFFFFF", "FFFFFF\n", "AUTO", "", "\u0660" * 6, "\uff26" * 6, "12345G"]
    values += ["".join(maker.choice("0123456789ABCDEFG\n ") for _ in range(maker.randint(5, 7))) for _ in range(500)]
    for value in values:
        assert is_hex(value) == (len(value) == 6 and all(ch in "0123456789ABCDEF" for ch in value)), value
