"""`bvpp absorb` into Word snippets: the reader's edits, tracked changes and comments arrive in the .docx snippet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from .conftest import paper, run_bvpp
from .readback import body_paragraphs
from .test_absorb import absorb, add_paragraph_after, bold_word, build_ok, paragraph, replace_in_run, snapshot

PURPOSE = "inputs/cabinet/purpose.docx"
ASKED = "inputs/topic-group/asked.docx"
VALIDATE = "/work/shared/tools/ooxml_validate.py"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WHEN = "2003-02-10T09:30:00Z"


def track_replace(document, start: str, old: str, new: str) -> None:
    """Replace a word with track changes on, as Word writes it: the run split, a w:del of the old, a w:ins of the new."""
    run = next(r for r in paragraph(document, start).runs if old in r.text)
    before, _, after = run.text.partition(old)
    run.text = before
    deleted = parse_xml(f'<w:del {nsdecls("w")} w:id="901" w:author="Chair" w:date="{WHEN}"><w:r>'
                        f'<w:delText xml:space="preserve">{old}</w:delText></w:r></w:del>')
    inserted = parse_xml(f'<w:ins {nsdecls("w")} w:id="902" w:author="Chair" w:date="{WHEN}"><w:r>'
                         f'<w:t xml:space="preserve">{new}</w:t></w:r></w:ins>')
    tail = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{after}</w:t></w:r>')
    run._r.addnext(deleted)
    deleted.addnext(inserted)
    inserted.addnext(tail)


def add_comment(document, start: str, text: str) -> None:
    """Comment on a whole paragraph as Word does: range marks around its runs, a reference run, the comments part."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    comments = (f'<w:comments {nsdecls("w")}><w:comment w:id="0" w:author="Chair" w:date="{WHEN}" w:initials="C">'
                f'<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment></w:comments>')
    part = Part(PackURI("/word/comments.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                comments.encode(), document.part.package)
    document.part.relate_to(part, RT.COMMENTS)
    p = paragraph(document, start)._p
    first = p.find(qn("w:r"))
    first.addprevious(parse_xml(f'<w:commentRangeStart {nsdecls("w")} w:id="0"/>'))
    p.append(parse_xml(f'<w:commentRangeEnd {nsdecls("w")} w:id="0"/>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:commentReference w:id="0"/></w:r>'))


def body_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def valid(path: Path) -> None:
    result = subprocess.run([sys.executable, VALIDATE, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_edits_in_a_word_snippet_are_absorbed_in_its_own_styles_and_the_next_version_shows_them(project: Path) -> None:
    build_ok(project)
    original = (project / PURPOSE).read_bytes()
    document = Document(str(paper(project, "cabinet")))
    replace_in_run(document, "This report puts before Cabinet", "a draft", "the draft")
    add_paragraph_after(document, "The report also reminds Cabinet", "Members are asked to read the appendix first.")
    bold_word(document, "The report also reminds Cabinet", "timetable")
    returned = project.parent / "cabinet-v001-leader.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    stamp = next(p for p in (project / "build" / ".absorbed").iterdir() if p.is_dir()).name  # beside the trail file
    assert (f"    absorbed  {PURPOSE}: rewritten from the paper (cabinet v1) (kept the old one as "
            f"build/.absorbed/{stamp}/{PURPOSE})") in result.stdout.splitlines()
    assert (project / "build" / ".absorbed" / stamp / PURPOSE).read_bytes() == original

    snippet = Document(str(project / PURPOSE))
    texts = [p.text for p in snippet.paragraphs]
    assert texts[0].startswith("This report puts before Cabinet the draft of the main sections")
    assert "for [[plan.year]], for approval before they go to the [[meetings.topic-group.committee]]" in texts[0]  # facts as keys
    assert texts[1].startswith("The report also reminds Cabinet of the timetable for producing the Plan for [[plan.year]]")
    assert texts[2] == "Members are asked to read the appendix first."
    assert [p.style.name for p in snippet.paragraphs] == ["Normal", "Normal", "Normal"]
    assert [r.text for r in snippet.paragraphs[1].runs if r.bold] == ["timetable"]
    assert "_bvpp_" not in body_xml(project / PURPOSE) and "bvpp:" not in body_xml(project / PURPOSE)
    # the snippet's own page set-up and parts stay
    assert snippet.sections[0].page_width == Document(str(project / "build" / ".absorbed" / stamp / PURPOSE)).sections[0].page_width
    valid(project / PURPOSE)

    build_ok(project)
    texts = [p.text for p in body_paragraphs(Document(str(paper(project, "cabinet", 2))))]
    at = next(n for n, t in enumerate(texts) if t.startswith("This report puts before Cabinet"))
    assert texts[at].startswith("This report puts before Cabinet the draft of the main sections of the Best Value "
                                "Performance Plan (BVPP) for 2003/04")
    assert texts[at + 1].startswith("The report also reminds Cabinet of the timetable")
    assert texts[at + 2] == "Members are asked to read the appendix first."
    before = [p.text for p in body_paragraphs(Document(str(paper(project, "cabinet", 1))))]
    assert [t for t in texts if t not in before] == [texts[at], texts[at + 2]]  # exactly the edit (bold keeps the text)


def test_tracked_changes_and_comments_arrive_as_tracked_changes_and_comments(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "cabinet")))
    track_replace(document, "This report puts before Cabinet", "a draft", "the draft")
    add_comment(document, "The report also reminds Cabinet", "Say when the timetable was agreed.")
    returned = project.parent / "cabinet-v001-chair.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    assert (f"    absorbed  {PURPOSE}: rewritten from the paper (cabinet v1); {PURPOSE} now holds the readers' tracked "
            "changes and comments: accept or reject them in Word, then build (or set snippets.accept_changes = true in "
            "bvpp.toml)") in result.stdout
    xml = body_xml(project / PURPOSE)
    snippet = Document(str(project / PURPOSE))
    body = snippet.element.body
    deleted = body.findall(f".//{{{W}}}del")
    inserted = body.findall(f".//{{{W}}}ins")
    assert ["".join(t.text for t in d.iter(qn("w:delText"))) for d in deleted] == ["a draft"]
    assert ["".join(t.text for t in i.iter(qn("w:t"))) for i in inserted] == ["the draft"]
    assert deleted[0].get(qn("w:author")) == "Chair"
    assert len(body.findall(f".//{{{W}}}commentReference")) == 1 and "commentRangeStart" in xml
    comments = next(r.target_part for r in snippet.part.rels.values() if r.reltype.endswith("/comments"))
    assert b"Say when the timetable was agreed." in comments.blob
    valid(project / PURPOSE)

    refused = run_bvpp(project, "build")  # the snippet holds tracked changes: build says what to do
    assert refused.exit_code != 0
    assert f"{PURPOSE}: has unaccepted tracked changes (1 insertions, 1 deletions)" in refused.stderr
    config = project / "bvpp.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[snippets]\naccept_changes = true\n", encoding="utf-8")
    build_ok(project)
    texts = [p.text for p in body_paragraphs(Document(str(paper(project, "cabinet", 2))))]
    assert any(t.startswith("This report puts before Cabinet the draft of the main sections") for t in texts)


def test_with_accept_changes_the_snippet_holds_plain_text_and_the_comments_are_dropped_with_a_warning(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "cabinet")))
    track_replace(document, "This report puts before Cabinet", "a draft", "the draft")
    add_comment(document, "The report also reminds Cabinet", "Say when the timetable was agreed.")
    returned = project.parent / "cabinet-v001-chair.docx"
    document.save(str(returned))

    result = absorb(project, returned, "--accept-changes")
    assert result.exit_code == 0, result.stderr
    assert f"    absorbed  {PURPOSE}: rewritten from the paper (cabinet v1) (kept" in result.stdout
    assert (f"1 comment in the paper's part of {PURPOSE} was dropped (--accept-changes): read it in the paper"
            in result.stderr)
    xml = body_xml(project / PURPOSE)
    assert "<w:ins " not in xml and "<w:del " not in xml and "comment" not in xml
    assert Document(str(project / PURPOSE)).paragraphs[0].text.startswith("This report puts before Cabinet the draft of")
    valid(project / PURPOSE)
    build_ok(project)  # no accept_changes needed


def test_a_numbered_list_in_a_word_snippet_stays_a_list_in_its_own_style(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "topic-group")))
    replace_in_run(document, "comment on the draft sections", "comment on", "comment in writing on")
    returned = project.parent / "topic-group-v001-chair.docx"
    document.save(str(returned))
    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    assert f"absorbed  {ASKED}" in result.stdout
    snippet = Document(str(project / ASKED))
    assert snippet.paragraphs[1].text.startswith("comment in writing on the draft sections")
    assert [p.style.name for p in snippet.paragraphs][:3] == ["Normal", "List Number", "List Number"]
    assert result.stderr == ""
    valid(project / ASKED)
    build_ok(project)


def test_an_unedited_paper_leaves_word_snippets_untouched(project: Path) -> None:
    build_ok(project)
    before = snapshot(project)
    result = absorb(project, paper(project, "cabinet"))
    assert result.exit_code == 0, result.stderr
    assert snapshot(project) == before


def test_a_word_snippet_changed_since_the_version_is_a_conflict_written_beside_it_as_word(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "cabinet")))
    replace_in_run(document, "This report puts before Cabinet", "a draft", "the draft")
    returned = project.parent / "cabinet-v001-leader.docx"
    document.save(str(returned))
    author = Document(str(project / PURPOSE))
    author.paragraphs[1].runs[0].text = author.paragraphs[1].runs[0].text.replace("reminds", "tells")
    author.save(str(project / PURPOSE))
    mine = (project / PURPOSE).read_bytes()

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    beside = "inputs/cabinet/purpose.absorbed-cabinet-v001.docx"
    assert (f"    conflict  {PURPOSE}: changed since v1 was built, and edited in the paper too: not overwritten; the "
            f"paper's text of it is in {beside}: merge it into {PURPOSE} by hand, then delete it") in result.stdout
    assert (project / PURPOSE).read_bytes() == mine
    assert Document(str(project / beside)).paragraphs[0].text.startswith("This report puts before Cabinet the draft")
    valid(project / beside)


def rich_snippet(path: Path) -> None:
    """An author's Word snippet with a heading, a link, a fact and a table with a merged cell."""
    document = Document()
    document.add_heading("Why now", level=1)
    p = document.add_paragraph("See the guidance at ")
    rel = document.part.relate_to("https://www.gov.uk/guidance",
                                  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", is_external=True)
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t>the ODPM site</w:t></w:r></w:hyperlink>'))
    document.add_paragraph("The Plan for [[plan.year]] is due.")
    table = document.add_table(rows=3, cols=2)
    for (row, column), text in {(0, 0): "Stage", (0, 1): "Date", (1, 0): "Cabinet", (1, 1): "[[meetings.cabinet.date]]"}.items():
        table.cell(row, column).text = text
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Council later"
    document.save(str(path))


def test_headings_links_and_merged_cells_keep_the_snippets_own_levels_and_shape(project: Path) -> None:
    from .readback import body_tables

    rich_snippet(project / PURPOSE)
    build_ok(project)
    document = Document(str(paper(project, "cabinet")))
    assert paragraph(document, "Why now").style.name == "Heading 2"  # the paper shifts the snippet's headings
    last = paragraph(document, "The Plan for")
    last.runs[-1].text = last.runs[-1].text.replace("is due.", "is due in June.")
    cell = next(c for t in body_tables(document) for r in t.rows for c in r.cells if c.text == "Stage")
    cell.paragraphs[0].runs[0].text = "Step"
    returned = project.parent / "cabinet-v001-officer.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    snippet = Document(str(project / PURPOSE))
    assert [(p.style.name, p.text) for p in snippet.paragraphs] == [
        ("Heading 1", "Why now"), ("Normal", "See the guidance at the ODPM site"),
        ("Normal", "The Plan for [[plan.year]] is due in June.")]
    links = snippet.paragraphs[1]._p.findall(qn("w:hyperlink"))
    assert [snippet.part.rels[link.get(qn("r:id"))].target_ref for link in links] == ["https://www.gov.uk/guidance"]
    table = snippet.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Step", "Date"], ["Cabinet", "[[meetings.cabinet.date]]"], ["Council later", "Council later"]]
    assert table.rows[2]._tr.find(f".//{qn('w:gridSpan')}").get(qn("w:val")) == "2"
    valid(project / PURPOSE)

    build_ok(project)
    again = Document(str(paper(project, "cabinet", 2)))
    assert paragraph(again, "Why now").style.name == "Heading 2"
    assert paragraph(again, "The Plan for").text == "The Plan for 2003/04 is due in June."
