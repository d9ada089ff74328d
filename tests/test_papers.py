"""The example project's three papers, read back by python-docx, lxml, pandoc and LibreOffice."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from .conftest import DOCUMENTS, paper
from .readback import (
    NS,
    all_xml_parts,
    body_paragraphs,
    body_tables,
    pandoc_text,
    paragraphs_by_style,
    pdf_text,
    xml_part,
)

SEED_HEADINGS = [
    "Purpose of the report",
    "Conclusion",
    "BVPP requirements and implications",
    "Timetable and process for finalising the BVPP",
]


PROMISES = [p["title"] for p in tomllib.loads((Path(__file__).parent.parent / "bvpp.toml").read_text())["promises"]]


def test_build_writes_the_three_papers(built_example: Path) -> None:
    papers = sorted(str(p.relative_to(built_example)) for p in (built_example / "build").rglob("*.docx"))
    assert papers == [
        "build/cabinet/cabinet-v001.docx", "build/plan/plan-v001.docx", "build/topic-group/topic-group-v001.docx",
    ]


def test_every_part_of_every_paper_parses_strictly(built_example: Path) -> None:
    for doc in DOCUMENTS:
        parts = all_xml_parts(paper(built_example, doc))
        body = parts["word/document.xml"]
        assert not body.xpath("//w:p//w:p | //w:t//w:p", namespaces=NS), doc
        assert not re.search(r"\{\{|\{%|\[\[", "".join(body.itertext())), f"unrendered tag left in {doc}"


def test_cabinet_report_has_the_seed_header_block(built_example: Path) -> None:
    text = pandoc_text(paper(built_example, "cabinet"))
    lines = [line.strip(" |") for line in text.splitlines()]
    for expected in (
        "HERTFORDSHIRE COUNTY COUNCIL",
        "CABINET",
        "MONDAY 28 APRIL 2003 AT 2.00 P.M.",
        "DRAFT BEST VALUE PERFORMANCE PLAN",
        "Report of Acting Assistant Chief Executive (Performance)",
        "Author:- Judith Sharples (Tel. 01992 588318)",
        "Executive Member:- David Beatty",
    ):
        assert any(line.startswith(expected) for line in lines), expected
    doc = Document(str(paper(built_example, "cabinet")))
    masthead = body_paragraphs(doc)[:4]
    assert [p.text for p in masthead] == [
        "Agenda item no. 4", "HERTFORDSHIRE COUNTY COUNCIL", "CABINET", "MONDAY 28 APRIL 2003 AT 2.00 P.M.",
    ]
    assert masthead[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [r.bold for r in masthead[0].runs] == [None, True]  # the number stands out
    assert all(r.bold for p in masthead[1:] for r in p.runs)
    if body_tables(doc):  # no layout table for the masthead: the first table is not the body's first block
        top = body_tables(doc)[0]._tbl
        while top.getparent() is not doc.element.body:
            top = top.getparent()
        assert doc.element.body.index(top) > 0


def test_cabinet_report_has_the_seed_sections_in_order(built_example: Path) -> None:
    headings = [t for style, t in paragraphs_by_style(paper(built_example, "cabinet")) if style == "Heading 1"]
    numbered = [h for h in headings if re.match(r"\d+\.\t", h)]
    assert numbered == [f"{i}.\t{h}" for i, h in enumerate(SEED_HEADINGS, start=1)]
    text = pandoc_text(paper(built_example, "cabinet"))
    positions = [text.index(f"{i}.\t{h}") if f"{i}.\t{h}" in text else text.index(f"{i}. {h}")
                 for i, h in enumerate(SEED_HEADINGS, start=1)]
    assert positions == sorted(positions)


def test_cabinet_report_states_the_seed_facts(built_example: Path) -> None:
    text = " ".join(pandoc_text(paper(built_example, "cabinet")).split())
    for fact in (
        "7 May 2003", "19 May 2003", "20 May 2003", "30 June 2003", "16 December 2002",
        "4 March 2003", "2 May 2003", "March 2003", "promise 8", "Resources Scrutiny Committee",
        "Best Value Performance Plan Topic Group", "Chief Executive in consultation with the Group Leaders",
    ):
        assert fact in text, fact
    for change in (
        "outturn figures, not estimates",
        "targets must be set for three years",
        "Comprehensive Performance Assessment (CPA) scores must be included",
        "progress over the last three years",
        "improvement plans for the next three years",
        "Code of Practice on Workforce Matters in Local Authority Service Contracts",
    ):
        assert change in text, change


def test_cabinet_report_appendix_holds_draft_plan_sections(built_example: Path) -> None:
    styled = paragraphs_by_style(paper(built_example, "cabinet"))
    headings = [t for style, t in styled if style == "Heading 1"]
    assert headings[-1] == "Appendix: draft sections of the plan"
    appendix = [t for style, t in styled if style == "Heading 2"]
    assert appendix[:2] == ["Our promises to Hertfordshire for the year ahead", "How our budget is spent"]
    # the contents list's own heading looks like a Heading 2 but is body text, so no contents list lists it
    assert ("Contents heading 2", "Contents") in styled
    assert "Performance data and targets" in appendix
    promise_items = [t for style, t in styled if style == "List Number" and t.startswith("Work with partners to reduce youth crime")]
    assert promise_items, "promise 8 is missing from the appendix"


def test_topic_group_report_names_its_meeting(built_example: Path) -> None:
    text = " ".join(pandoc_text(paper(built_example, "topic-group")).split())
    assert "BEST VALUE PERFORMANCE PLAN TOPIC GROUP OF THE RESOURCES SCRUTINY COMMITTEE" in text
    assert "WEDNESDAY 7 MAY 2003 AT 10.00 A.M." in text
    assert "received by 2 May 2003" in text
    assert "Executive Member" not in text  # optional, and not set for the Topic Group


def test_plan_has_title_page_and_every_section(built_example: Path) -> None:
    styled = paragraphs_by_style(paper(built_example, "plan"))
    texts = [t for _, t in styled]
    assert "Best Value Performance Plan 2003/04" in texts
    assert "Draft for Cabinet, 28 April 2003" in texts
    headings = [t for style, t in styled if style == "Heading 1"]
    assert ("Contents heading 1", "Contents") in styled  # looks like Heading 1; body text, so not listed
    assert headings == [
        "Our promises to Hertfordshire for the year ahead",
        "How our budget is spent",
        "Strategic objectives, recent achievements and actions for 2003/04",
        "Comprehensive Performance Assessment",
        "Our improvement plans and progress",
        "Local Public Service Agreement",
        "Working with town and parish councils",
        "Statement on contracts and workforce matters",
        "Performance data and targets",
    ]
    subheadings = [t for style, t in styled if style == "Heading 2"]
    assert [t for t in subheadings if t.startswith("Promise ")] == [
        f"Promise {n}: {title}" for n, title in enumerate(PROMISES, start=1)
    ]
    assert "Progress over the last three years (2000/01 to 2002/03)" in subheadings
    assert "Improvement plans for the next three years (2003/04 to 2005/06)" in subheadings
    promise_parts = [t for style, t in styled if style == "Heading 3"][:4]
    assert promise_parts == ["Strategic objectives", "Recent achievements", "Actions for 2003/04", "How we measure progress"]


def test_papers_are_a4_with_page_numbers_in_the_footer(built_example: Path) -> None:
    for doc in DOCUMENTS:
        section = Document(str(paper(built_example, doc))).sections[0]
        assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
        footer = section.footer._element
        fields = [f.get(f"{{{NS['w']}}}instr").strip() for f in footer.iter(f"{{{NS['w']}}}fldSimple")]
        assert fields == ["PAGE", "NUMPAGES"], doc


def test_narrative_keeps_lists_tables_and_emphasis(built_example: Path) -> None:
    body = xml_part(paper(built_example, "plan"))
    table = body.xpath("//w:tbl[.//w:t[.='Education']]", namespaces=NS)[0]
    header = table.xpath("w:tr[1]", namespaces=NS)[0]
    assert header.xpath("w:trPr/w:tblHeader", namespaces=NS)
    assert not table.xpath("w:tr[position()>1]/w:trPr/w:tblHeader", namespaces=NS)
    assert [c.xpath("string(.)", namespaces=NS) for c in table.xpath("w:tr[last()]/w:tc", namespaces=NS)] == [
        "Total", "877.8", "939.5", "+61.7", "+7.0%",
    ]
    bold = body.xpath("//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS)
    assert "52.4%" in bold  # from promise 1's achievements, a Word snippet


def test_numbered_lists_restart_in_each_snippet(built_example: Path) -> None:
    body = xml_part(paper(built_example, "topic-group"))
    num_ids = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='ListNumber']/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    # what the members are asked to do, and the promises, are two lists: two numbering instances, each restarting
    assert len(set(num_ids)) == 2
    numbering = xml_part(paper(built_example, "topic-group"), "word/numbering.xml")
    for num_id in set(num_ids):
        start = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:lvlOverride/w:startOverride/@w:val", namespaces=NS)
        assert start == ["1"]


def test_papers_convert_to_pdf_with_libreoffice(pdfs: dict[str, Path]) -> None:
    cabinet = pdf_text(pdfs["cabinet"])
    assert "HERTFORDSHIRE COUNTY COUNCIL" in cabinet
    assert "Page 1 of" in cabinet
    assert "Purpose of the report" in cabinet
    assert "Best Value Performance Plan 2003/04" in pdf_text(pdfs["plan"])
    assert "TOPIC GROUP" in pdf_text(pdfs["topic-group"])


def test_core_properties_are_set_once_each_in_their_own_namespace(built_example: Path) -> None:
    core_ns = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    allowed = {core_ns, "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"}
    for doc in DOCUMENTS:
        core = xml_part(paper(built_example, doc), "docProps/core.xml")
        tags = [child.tag for child in core]
        assert len(tags) == len(set(tags)), f"duplicate core properties in {doc}"  # Word rejects them
        assert {tag[1:].split("}")[0] for tag in tags} <= allowed
        props = Document(str(paper(built_example, doc))).core_properties
        assert props.last_modified_by == "bvpp-docgen"
        assert props.language == "en-GB"
    cabinet = Document(str(paper(built_example, "cabinet"))).core_properties
    assert (cabinet.title, cabinet.author) == ("Draft Best Value Performance Plan", "Judith Sharples")
    assert cabinet.subject == "Best Value Performance Plan 2003/04"
