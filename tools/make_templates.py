"""Generate the default council-styled templates: `python tools/make_templates.py DIR`.

The committed `.docx` files in `templates/` are what builds read; this module is how they
were made, kept so they can be reviewed and regenerated. A council restyles the
templates in Word (Styles pane: Normal, Title, Heading 1-3, List Bullet, List Number,
Council Table) without touching this code.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from bvpp_docgen.ooxml.package import normalize_package
from bvpp_docgen.write.narrative import TABLE_STYLE

HOUSE_FONT = "Arial"
BLACK = RGBColor(0, 0, 0)


def make_covering_report() -> Any:
    """Return the covering report template: the seed's header block, sections, appendix."""
    doc = _house_document("Covering report to a meeting")
    # The masthead is paragraphs, not a layout table: read in order, and not a data table to a screen reader.
    item = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    item.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    item.paragraph_format.space_after = Pt(0)
    item.add_run("{% if meeting.agenda_item %}Agenda item no. ")
    number = item.add_run("{{ meeting.agenda_item }}{% endif %}")
    number.bold = True
    number.font.size = Pt(20)
    for line in ("{{ council.name_upper }}", "{{ meeting.name_upper }}", "{{ meeting.heading }}"):
        para = doc.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        para.add_run(line).bold = True
    doc.add_paragraph("{{ document.title_upper }}", style="Title")
    doc.add_paragraph("Report of {{ document.report_of }}")
    doc.add_paragraph("Author:- {{ document.author }} (Tel. {{ document.telephone }})")
    doc.add_paragraph("{%p if document.executive_member %}")
    doc.add_paragraph("Executive Member:- {{ document.executive_member }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for section in sections %}")
    doc.add_paragraph("{{ section.number }}.\t{{ section.heading }}", style="Heading 1")
    doc.add_paragraph("{{p section.body }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if appendix %}")
    appendix = doc.add_paragraph("{{ appendix.title }}", style="Heading 1")
    appendix.paragraph_format.page_break_before = True
    doc.add_paragraph("{%p for part in appendix.sections %}")
    doc.add_paragraph("{{ part.title }}", style="Heading 2")
    doc.add_paragraph("{{p part.body }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    _footer(doc, "{{ meeting.committee }}, {{ meeting.date }}{% if meeting.agenda_item %}, item {{ meeting.agenda_item }}{% endif %}")
    return doc


def make_plan() -> Any:
    """Return the plan template: title page, then every plan section in order."""
    doc = _house_document("Best Value Performance Plan")
    for _ in range(6):
        doc.add_paragraph()
    _centred(doc, "{{ council.name_upper }}", 16)
    _centred(doc, "{{ document.title }}", 26)
    _centred(doc, "{{ document.status }}", 14, bold=False)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{%p for section in sections %}")
    doc.add_paragraph("{{ section.title }}", style="Heading 1")
    doc.add_paragraph("{{p section.body }}")
    doc.add_paragraph("{%p endfor %}")
    header = doc.sections[0].header.paragraphs[0]
    header.text = "{{ council.name }}: {{ document.title }}"
    header.style = doc.styles["Header"]
    doc.sections[0].different_first_page_header_footer = True
    _footer(doc, "{{ document.title }}: {{ document.status }}")
    return doc


def _house_document(subject: str) -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.start_type = WD_SECTION.NEW_PAGE
    _style_text(doc)
    props = doc.core_properties
    props.title, props.subject, props.author = "", subject, "bvpp-docgen"
    props.last_modified_by, props.comments, props.keywords = "bvpp-docgen", "", ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2003, 1, 1)
    return doc


def _style_text(doc: Any) -> None:
    """Apply the house font, sizes and spacing to the styles authors and templates use."""
    styles = doc.styles
    _font(styles["Normal"], size=12)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    _font(styles["Title"], size=14, bold=True)
    _strip_border(styles["Title"])
    styles["Title"].paragraph_format.space_before = Pt(18)
    styles["Title"].paragraph_format.space_after = Pt(12)
    for level, (size, italic) in enumerate([(12, False), (12, False), (12, True), (12, True), (11, True), (11, True)], start=1):
        heading = styles[f"Heading {level}"]
        _font(heading, size=size, bold=True, italic=italic)
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
    tabs = styles["Heading 1"].paragraph_format
    tabs.left_indent, tabs.first_line_indent = Cm(1.0), Cm(-1.0)
    tabs.tab_stops.add_tab_stop(Cm(1.0), WD_TAB_ALIGNMENT.LEFT)
    for name in ("Header", "Footer"):
        _font(styles[name], size=9)
        stops = styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Cm(17.0), WD_TAB_ALIGNMENT.RIGHT)
    for name in ("List Bullet", "List Bullet 2", "List Number", "List Number 2"):
        styles[name].paragraph_format.space_after = Pt(3)
    _hyperlink_style(styles)
    _table_style(styles)
    _language(doc, "en-GB")
    _toc_styles(styles)
    _small_paragraph_style(styles, "Table Text", size=8, space_after=0)
    _small_paragraph_style(styles, "Table Note", size=9, space_after=2)


def _font(style: Any, size: int, bold: bool = False, italic: bool = False) -> None:
    """Set the house font on `style`, removing theme fonts and colours that would override it."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), HOUSE_FONT)
    rpr.insert(0, fonts)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = BLACK
    for tag in ("w:caps", "w:spacing", "w:kern"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)


def _strip_border(style: Any) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)


def _small_paragraph_style(styles: Any, name: str, size: int, space_after: int) -> None:
    """Add a paragraph style based on Normal for table cells and the notes under tables."""
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.font.size = Pt(size)
    style.paragraph_format.space_after = Pt(space_after)
    style.paragraph_format.line_spacing = 1.0


def _language(doc: Any, tag: str) -> None:
    """Set the document's default language (spelling, hyphenation, and a PDF's tagged language)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _toc_styles(styles: Any) -> None:
    """Add Word's contents-list entry styles (`toc 1` ...), indented by level."""
    for level in (1, 2, 3):
        style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), f"TOC{level}")
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(3 if level > 1 else 6)
        style.font.bold = level == 1


def _hyperlink_style(styles: Any) -> None:
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True
    link.font.color.rgb = RGBColor(0x1F, 0x3D, 0x7A)


def _table_style(styles: Any) -> None:
    """Add the house table style: thin black grid, header row shaded grey and repeated."""
    grid = styles["Table Grid"].element
    style = copy.deepcopy(grid)
    style.set(qn("w:styleId"), TABLE_STYLE.replace(" ", ""))
    style.find(qn("w:name")).set(qn("w:val"), TABLE_STYLE)
    for child in style.findall(qn("w:uiPriority")) + style.findall(qn("w:rsid")):
        style.remove(child)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    first.append(rpr)
    tcpr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "D9D9D9")):
        shading.set(qn(attr), value)
    tcpr.append(shading)
    first.append(tcpr)
    style.append(first)
    grid.addnext(style)


def _centred(doc: Any, text: str, size: int, bold: bool = True) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(18)
    run = para.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _footer(doc: Any, text: str) -> None:
    """Footer: the version line, then a right-aligned line naming the paper and `Page X of Y`.

    Right-aligned rather than tabbed, so that it stays at the margin on landscape pages too.
    """
    section = doc.sections[0]
    footers = [section.footer]
    if section.different_first_page_header_footer:
        footers.append(section.first_page_footer)
    for footer in footers:
        version = footer.paragraphs[0]
        version.style = doc.styles["Footer"]
        version.add_run("{{ version.line }}").bold = True
        para = footer.add_paragraph(style=doc.styles["Footer"])
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.add_run(text + " \u2013 Page ")
        _field(para, "PAGE", "1")
        para.add_run(" of ")
        _field(para, "NUMPAGES", "1")


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


TEMPLATES = {
    "covering-report.docx": make_covering_report,
    "plan.docx": make_plan,
}


def write_templates(folder: Path) -> list[Path]:
    """Write every default template into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, maker in TEMPLATES.items():
        buffer = io.BytesIO()
        maker().save(buffer)
        (folder / name).write_bytes(normalize_package(buffer.getvalue()))
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_templates(Path(sys.argv[1] if len(sys.argv) > 1 else "templates")):
        print(path)
