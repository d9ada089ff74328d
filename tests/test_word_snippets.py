"""Narrative written in Word (and Markdown), merged into the papers in the council's styles."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from .conftest import edit_config, paper, point_snippet, run_bvpp
from .readback import NS, body_paragraphs, convert_to_pdf, pandoc_text, xml_part
from .wordfiles import png, rich_snippet

WP = {**NS, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture"}
PICTURES = "//w:drawing[.//pic:pic]"  # pictures, not charts (the example plan draws charts too)

W = "{" + NS["w"] + "}"


def use_snippets(project: Path, **snippets: Path) -> None:
    """Point the cabinet report's sections (purpose, conclusion ...) at new snippet files."""
    for name, path in snippets.items():
        point_snippet(project, f"inputs/cabinet/{name}.docx", str(path.relative_to(project)))


def build_cabinet(project: Path) -> Path:
    """Build the cabinet report; return the file of the version the build left current."""
    result = run_bvpp(project, "build", "cabinet", "--json")
    assert result.exit_code == 0, result.stderr
    return project / json.loads(result.stdout)["documents"][0]["path"]


def section_paragraphs(path: Path, first: str, until: str) -> list:
    """Return the body paragraphs between two Heading 1 texts (python-docx)."""
    out, inside = [], False
    for p in body_paragraphs(Document(str(path))):
        if p.style.name == "Heading 1":
            inside = p.text.endswith(first) or (inside and not p.text.endswith(until))
            continue
        if inside:
            out.append(p)
    return out


def test_word_snippet_keeps_what_the_author_wrote(project: Path, tmp_path: Path) -> None:
    purpose = rich_snippet(project / "inputs" / "cabinet" / "purpose.docx", tmp_path)
    conclusion = rich_snippet(project / "inputs" / "cabinet" / "conclusion.docx", tmp_path, heading="Asks")
    use_snippets(project, purpose=purpose, conclusion=conclusion)
    path = build_cabinet(project)
    paragraphs = section_paragraphs(path, "Purpose of the report", "Conclusion")
    styles = [(p.style.name, p.text) for p in paragraphs]
    assert styles[0] == ("Heading 2", "Highlights")  # the snippet's Heading 1, one level below its section
    runs = {r.text: r for r in paragraphs[1].runs}
    assert runs["bold"].bold and not runs["bold"].italic
    assert runs["italic"].italic and not runs["italic"].bold
    assert ("List Bullet", "First achievement") in styles and ("List Bullet 2", "Nested detail") in styles
    body = xml_part(path)
    link = body.xpath("//w:hyperlink[.//w:t='the council website']/@r:id", namespaces=NS)
    rels = {r.rId: r.target_ref for r in Document(str(path)).part.rels.values()}
    assert [rels[rid] for rid in link] == ["https://www.hertsdirect.org/"] * 2  # one in each snippet
    cells = body.xpath("//w:tbl[.//w:t='r0c0']", namespaces=NS)
    assert len(cells) == 2
    assert [c.xpath("string(.)", namespaces=NS) for c in cells[0].xpath("w:tr[3]/w:tc", namespaces=NS)] == ["r2c0", "r2c1", "r2c2"]
    assert cells[0].xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)
    pictures = body.xpath(PICTURES + "//wp:docPr/@descr", namespaces=WP)  # the snippets' pictures, not the plan's charts
    assert pictures == ["Chart of recycling rates", "Chart of recycling rates"]
    with zipfile.ZipFile(path) as package:
        assert any(n.startswith("word/media/") for n in package.namelist())
    # each snippet's numbered list is a list of its own, restarting at 1
    numbered = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='ListNumber'][.//w:t[starts-with(., 'Step')]]/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    assert len(numbered) == 4 and numbered[0] == numbered[1] and numbered[2] == numbered[3] and numbered[0] != numbered[2]
    numbering = xml_part(path, "word/numbering.xml")
    for num_id in set(numbered):
        assert numbering.xpath(f"w:num[@w:numId='{num_id}']/w:lvlOverride/w:startOverride/@w:val", namespaces=NS) == ["1"]
    text = pandoc_text(path)
    assert "Plain, bold and italic text; see the council website." in " ".join(text.split())
    assert "[Chart of recycling rates]" in text
    pdfs = convert_to_pdf([path], tmp_path / "pdf")
    assert pdfs[path.stem].stat().st_size > 0


def test_markdown_snippet_gets_the_same_treatment(project: Path) -> None:
    snippet = project / "inputs" / "cabinet" / "purpose.md"
    use_snippets(project, purpose=snippet, conclusion=project / "inputs" / "cabinet" / "conclusion.md")
    snippet.write_text(
        "# Highlights\n\nPlain, **bold** and *italic* text; see [the council website](https://www.hertsdirect.org/).\n\n"
        "- First achievement\n  - Nested detail\n- Second achievement\n\n1. Step one\n2. Step two\n\n"
        "| a | b | c |\n|---|---|---|\n| r1c0 | r1c1 | r1c2 |\n| r2c0 | r2c1 | r2c2 |\n\n"
        "![Chart of recycling rates](chart.png)\n",
        encoding="utf-8",
    )
    (project / "inputs" / "cabinet" / "chart.png").write_bytes(png(400, 100))
    (project / "inputs" / "cabinet" / "conclusion.md").write_text("1. Again one\n2. Again two\n", encoding="utf-8")
    path = build_cabinet(project)
    styles = [(p.style.name, p.text) for p in section_paragraphs(path, "Purpose of the report", "Conclusion")]
    assert styles[0] == ("Heading 2", "Highlights")
    assert ("List Bullet 2", "Nested detail") in styles
    body = xml_part(path)
    assert body.xpath("//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS)[:1] == ["bold"] or "bold" in body.xpath("//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS)
    assert "italic" in body.xpath("//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS)
    link = body.xpath("//w:hyperlink[.//w:t='the council website']/@r:id", namespaces=NS)
    rels = {r.rId: r.target_ref for r in Document(str(path)).part.rels.values()}
    assert [rels[rid] for rid in link] == ["https://www.hertsdirect.org/"]
    numbered = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='ListNumber'][.//w:t[starts-with(., 'Step') or starts-with(., 'Again')]]/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    assert len(set(numbered)) == 2  # the second snippet's list starts again at 1
    table = body.xpath("//w:tbl[.//w:t='r1c0']", namespaces=NS)[0]
    assert [c.xpath("string(.)", namespaces=NS) for c in table.xpath("w:tr[1]/w:tc", namespaces=NS)] == ["a", "b", "c"]
    assert body.xpath(PICTURES + "//wp:docPr/@descr", namespaces=WP) == ["Chart of recycling rates"]
    assert int(body.xpath(f"string({PICTURES}//wp:extent/@cx)", namespaces=WP)) <= 17 * 360000


def test_markdown_images_must_be_local_files(project: Path) -> None:
    snippet = project / "inputs" / "cabinet" / "purpose.md"
    use_snippets(project, purpose=snippet)
    snippet.write_text("![a](https://example.org/x.png) ![b](missing.png)\n", encoding="utf-8")
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "inputs/cabinet/purpose.md:1: image 'https://example.org/x.png' is not a local file; remote images are not fetched",
        "inputs/cabinet/purpose.md:1: image 'missing.png' not found (looked for missing.png beside the snippet)",
    ]


def tracked_snippet(path: Path) -> Path:
    doc = Document()
    para = doc.add_paragraph("The budget rises by ")
    para._p.append(parse_xml(
        f'<w:del xmlns:w="{NS["w"]}" w:id="1" w:author="Author" w:date="2003-04-20T10:00:00Z">'
        '<w:r><w:delText>5%</w:delText></w:r></w:del>'))
    para._p.append(parse_xml(
        f'<w:ins xmlns:w="{NS["w"]}" w:id="2" w:author="Author" w:date="2003-04-20T10:00:00Z">'
        '<w:r><w:t>7%</w:t></w:r></w:ins>'))
    para.add_run(" next year.")
    doc.save(str(path))
    return path


def test_tracked_changes_fail_unless_accepted(project: Path) -> None:
    purpose = tracked_snippet(project / "inputs" / "cabinet" / "purpose.docx")
    use_snippets(project, purpose=purpose)
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "inputs/cabinet/purpose.docx: has unaccepted tracked changes (1 insertions, 1 deletions): accept or reject "
        "them in Word, or set snippets.accept_changes = true in bvpp.toml",
    ]
    assert not (project / "build").exists()
    edit_config(project, lambda t: t.replace("[indicators]", "[snippets]\naccept_changes = true\n\n[indicators]"))
    text = " ".join(pandoc_text(build_cabinet(project)).split())
    assert "The budget rises by 7% next year." in text
    assert "rises by 5%" not in text and "5%7%" not in text


def test_unsafe_packages_are_refused_and_nothing_is_written(project: Path) -> None:
    bomb = project / "inputs" / "cabinet" / "purpose.docx"
    Document().save(str(bomb))
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/huge.bin", b"\0" * (5 << 20))
    fake = project / "inputs" / "cabinet" / "conclusion.docx"
    fake.write_text("this is not a Word document", encoding="utf-8")
    external = project / "inputs" / "cabinet" / "requirements.docx"
    doc = Document()
    doc.add_paragraph("Text from a document based on a network template.")
    settings = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.SETTINGS)
    settings.relate_to("file:///S:/Templates/HCC.dotm", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", is_external=True)
    doc.save(str(external))
    use_snippets(project, purpose=bomb, conclusion=fake, requirements=external)
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "inputs/cabinet/conclusion.docx: not a Word .docx file (it is not a zip package): open it in Word and save it "
        "as .docx (File, Save as, Word Document)",
        "inputs/cabinet/purpose.docx: unpacks to 5 MB from "
        f"{bomb.stat().st_size // 1024} KB: refused as a possible zip bomb",
        "inputs/cabinet/requirements.docx: refers to an external file (attachedTemplate: "
        "file:///S:/Templates/HCC.dotm); remove the link in Word (for a template: Developer > Document "
        "Template) or save a copy without it",
    ]
    assert not (project / "build").exists()


def test_a_style_sheet_of_another_content_type_is_a_damaged_document_not_a_crash(project: Path) -> None:
    snippet = project / "inputs" / "cabinet" / "conclusion.docx"
    Document().save(str(snippet))
    with zipfile.ZipFile(snippet) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"styles+xml", b"stylez+xml")
    with zipfile.ZipFile(snippet, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    use_snippets(project, conclusion=snippet)
    result = run_bvpp(project, "build")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "inputs/cabinet/conclusion.docx: not a readable Word document (damaged): open it in Word, which offers to "
        "repair it, and save it as .docx again"]
    assert not (project / "build").exists()


def test_surprises_are_reported_as_warnings(project: Path) -> None:
    doc = Document()
    styles = doc.styles
    from docx.enum.style import WD_STYLE_TYPE

    styles.add_style("Fancy Callout", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("Styled by the author {{ 7*7 }}", style="Fancy Callout")
    boxed = doc.add_paragraph("Around a text box")
    boxed._p.append(parse_xml(
        f'<w:r xmlns:w="{NS["w"]}"><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p>'
        '</w:txbxContent></w:drawing></w:r>'))
    boxed._p.append(parse_xml(f'<w:r xmlns:w="{NS["w"]}"><w:object/></w:r>'))
    doc.sections[0].header.paragraphs[0].text = "Author's own header"
    path = project / "inputs" / "cabinet" / "purpose.docx"
    doc.save(str(path))
    empty = project / "inputs" / "cabinet" / "conclusion.docx"
    Document().save(str(empty))
    use_snippets(project, purpose=path, conclusion=empty)
    result = run_bvpp(project, "check")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: inputs/cabinet/") and ".docx:" in line]
    assert warnings == [
        "warning: inputs/cabinet/purpose.docx: style 'Fancy Callout' is not a house style; shown as Normal (paragraph 1)",
        "warning: inputs/cabinet/purpose.docx: text boxes are not shown in the papers; put their text in the body (paragraph 2)",
        "warning: inputs/cabinet/purpose.docx: embedded objects are not shown in the papers; paste them as a picture or a table (paragraph 2)",
        "warning: inputs/cabinet/purpose.docx: headers and footers in a snippet are ignored: the template has the council's",
        "warning: inputs/cabinet/conclusion.docx: the snippet is empty",
    ]
    path_built = build_cabinet(project)
    paragraph = next(p for p in body_paragraphs(Document(str(path_built))) if p.text.startswith("Styled by"))
    assert (paragraph.style.name, paragraph.text) == ("Normal", "Styled by the author {{ 7*7 }}")


def test_two_builds_with_word_snippets_are_byte_identical(project: Path, tmp_path: Path) -> None:
    purpose = rich_snippet(project / "inputs" / "cabinet" / "purpose.docx", tmp_path)
    use_snippets(project, purpose=purpose)
    first = hashlib.sha256(build_cabinet(project).read_bytes()).hexdigest()
    paper(project, "cabinet").unlink()
    assert run_bvpp(project, "build", "cabinet").exit_code == 0
    assert hashlib.sha256(paper(project, "cabinet").read_bytes()).hexdigest() == first


def test_snippets_are_found_by_convention_and_unused_ones_reported(project: Path) -> None:
    edit_config(project, lambda t: t.replace('{ heading = "Conclusion", snippet = "inputs/cabinet/conclusion.docx" }',
                                             '{ heading = "Conclusion" }'))
    conventional = project / "inputs" / "cabinet" / "conclusion.docx"
    assert run_bvpp(project, "build", "cabinet").exit_code == 0  # found by its conventional name
    conventional.rename(project / "inputs" / "cabinet" / "conclusion.old")
    result = run_bvpp(project, "build", "cabinet")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bvpp.toml:documents.cabinet.sections#2.snippet: snippet not found: expected inputs/cabinet/conclusion.docx "
        "or inputs/cabinet/conclusion.md (or name a file at documents.cabinet.sections#2.snippet in bvpp.toml)",
    ]
    (project / "inputs" / "cabinet" / "conclusion.md").write_text("Cabinet is asked to agree the draft.\n", encoding="utf-8")
    assert "Cabinet is asked to agree the draft." in pandoc_text(build_cabinet(project))
    (project / "inputs" / "plan" / "old-draft.md").write_text("Left over.\n", encoding="utf-8")
    check = run_bvpp(project, "check")
    assert check.exit_code == 0
    assert "warning: inputs/plan/old-draft.md: not used by any document (name it in bvpp.toml, or remove it)" in check.stderr.splitlines()


# --- one OOXML answer for every reader: the drifted rules, end to end -------------------------


def accept_changes(project: Path) -> None:
    """Set [snippets] accept_changes = true in the project's bvpp.toml."""
    edit_config(project, lambda t: t.replace("[indicators]", "[snippets]\naccept_changes = true\n\n[indicators]"))


def xml_snippet(path: Path, body: str, styles: tuple[str, ...] = ()) -> Path:
    """Write a snippet whose body is `body` (WordprocessingML), with extra paragraph styles `styles`."""
    doc = Document()
    element = doc.element.body
    for child in parse_xml(f'<w:body xmlns:w="{NS["w"]}">{body}</w:body>'):
        element.sectPr.addprevious(child)
    for style in styles:
        doc.styles.element.append(parse_xml(style))
    doc.save(str(path))
    return path


def cell_row(*texts: str, trpr: str = "") -> str:
    """Return a table row, one cell per text, with row properties `trpr`."""
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>" for t in texts)
    return f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{cells}</w:tr>"


def test_accepted_changes_drop_deleted_rows_and_join_deleted_paragraph_marks(project: Path) -> None:
    deleted_mark = '<w:pPr><w:rPr><w:del w:id="3" w:author="A" w:date="2003-04-20T10:00:00Z"/></w:rPr></w:pPr>'
    body = (
        f"<w:p>{deleted_mark}<w:r><w:t xml:space='preserve'>The budget rises </w:t></w:r></w:p>"
        "<w:p><w:r><w:t>by 7% next year.</w:t></w:r></w:p>"
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        + cell_row("Service", "Budget")
        + cell_row("Withdrawn", "1.0", trpr='<w:del w:id="4" w:author="A" w:date="2003-04-20T10:00:00Z"/>').replace(
            "<w:r><w:t>", '<w:del w:id="5" w:author="A"><w:r><w:delText>').replace("</w:t></w:r>", "</w:delText></w:r></w:del>")
        + cell_row("Adult learning", "521.6")
        + "</w:tbl>"
    )
    purpose = xml_snippet(project / "inputs" / "cabinet" / "purpose.docx", body)
    use_snippets(project, purpose=purpose)
    accept_changes(project)
    path = build_cabinet(project)
    texts = [p.text for p in section_paragraphs(path, "Purpose of the report", "Conclusion")]
    assert "The budget rises by 7% next year." in texts  # one paragraph: its mark was deleted
    assert "The budget rises " not in texts
    (table,) = xml_part(path).xpath("//w:tbl[.//w:t='Adult learning']", namespaces=NS)
    rows = [[c.xpath("string(.)", namespaces=NS) for c in tr.xpath("w:tc", namespaces=NS)] for tr in table.xpath("w:tr", namespaces=NS)]
    assert rows == [["Service", "Budget"], ["Adult learning", "521.6"]]  # the deleted row is gone, not left empty


def paragraph_style(style_id: str, name: str, based: str) -> str:
    """Return a council paragraph style based on `based`, with no outline level of its own."""
    return (f'<w:style xmlns:w="{NS["w"]}" w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/><w:qFormat/></w:style>')


def test_council_heading_styles_based_on_headings_are_headings_everywhere(project: Path) -> None:
    body = (
        '<w:p><w:pPr><w:pStyle w:val="CouncilHeading"/></w:pPr><w:r><w:t>Our assessment in brief</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>The council was rated good.</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="CouncilSubheading"/></w:pPr><w:r><w:t>What the assessors said</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Strong services for local people.</w:t></w:r></w:p>"
    )
    styles = (paragraph_style("CouncilHeading", "Council Heading", "Heading1"),
              paragraph_style("CouncilSubheading", "Council Subheading", "Heading2"))
    xml_snippet(project / "inputs" / "plan" / "cpa.docx", body, styles)
    (project / "inputs" / "plan" / "cpa.md").unlink()
    point_snippet(project, "inputs/plan/cpa.md", "inputs/plan/cpa.docx")
    check = run_bvpp(project, "check")
    assert "is not a house style" not in check.stderr
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    plan = paper(project, "plan")
    styled = {p.text: p.style.name for p in body_paragraphs(Document(str(plan)))}
    assert styled["Our assessment in brief"] == "Heading 2"  # level 1 under the section's Heading 1
    assert styled["What the assessors said"] == "Heading 3"
    body_xml = xml_part(plan)
    entries = body_xml.xpath("//w:hyperlink[starts-with(@w:anchor, '_Toc')]", namespaces=NS)
    titles = [e.xpath("string(.)", namespaces=NS) for e in entries]
    cpa = titles.index("Comprehensive Performance Assessment")
    assert titles[cpa + 1] == "Our assessment in brief"  # listed in the contents, under its section


def test_a_header_flag_set_to_0_is_not_a_header_row(project: Path) -> None:
    off = '<w:tblHeader w:val="0"/>'
    body = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
            + cell_row("Service", "Budget", trpr=off) + cell_row("Adult learning", "521.6", trpr=off)
            + cell_row("Libraries", "20.1") + "</w:tbl>")
    purpose = xml_snippet(project / "inputs" / "cabinet" / "purpose.docx", body)
    use_snippets(project, purpose=purpose)
    (table,) = xml_part(build_cabinet(project)).xpath("//w:tbl[.//w:t='Adult learning']", namespaces=NS)
    header = [bool(tr.xpath("w:trPr/w:tblHeader", namespaces=NS)) for tr in table.xpath("w:tr", namespaces=NS)]
    assert header == [True, False, False]  # a paper's table always has one header row; "0" adds none
