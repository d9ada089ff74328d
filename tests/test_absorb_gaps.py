"""`bvpp absorb`: what issue 15 still asked for, tested as a user meets it.

A reader's picture, footnote, endnote, link and comment thread (a reply, a resolved comment) made
in Word in the returned paper arrive in the Word snippet with their parts, nothing dangling or
stale; a picture put in a Markdown snippet's part arrives as an image file beside the snippet; the
refusals and `--json` the acceptance list names.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches

from .conftest import paper
from .readback import body_paragraphs
from .test_absorb import BUDGET, absorb, build_ok, paragraph, replace_in_run, snapshot
from .test_absorb_word import PURPOSE, WHEN, track_replace, valid

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
MS = "http://schemas.microsoft.com/office/"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def insert_picture(document, start: str, image: Path, alt: str) -> None:
    """Insert > Picture after a paragraph, as Word writes it: a paragraph holding a drawing, its image part related."""
    holder = document.add_paragraph()
    holder.add_run().add_picture(str(image), width=Inches(1.5))
    holder._p.find(f".//{qn('wp:docPr')}").set("descr", alt)
    paragraph(document, start)._p.addnext(holder._p)


def add_note(document, start: str, kind: str, text: str) -> None:
    """References > Insert Footnote (or Endnote) at the end of a paragraph: a mark run and the note in its part."""
    part_name, rel = (f"/word/{kind}s.xml", RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)
    found = next((r.target_part for r in document.part.rels.values() if r.reltype == rel), None)
    note = (f'<w:{kind} {nsdecls("w")} w:id="1"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}'
            f'</w:t></w:r></w:p></w:{kind}>')
    if found is None:
        blob = (f'<w:{kind}s {nsdecls("w")}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                f'</w:r></w:p></w:{kind}>{note.replace(nsdecls("w") + " ", "")}</w:{kind}s>')
        document.part.relate_to(Part(PackURI(part_name), f"{CT}{kind}s+xml", blob.encode(), document.part.package), rel)
    paragraph(document, start)._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:{kind}Reference w:id="1"/></w:r>'))


def comment_thread(document, start: str) -> None:
    """A comment, a reply to it, and a second comment marked resolved, as Word 2016+ writes them."""
    comments = (f'<w:comments {nsdecls("w")} xmlns:w14="{W14}" xmlns:mc="{MC}" mc:Ignorable="w14">'
                f'<w:comment w:id="0" w:author="Chair" w:date="{WHEN}" w:initials="C"><w:p w14:paraId="1A000001">'
                f'<w:r><w:t>Say when the timetable was agreed.</w:t></w:r></w:p></w:comment>'
                f'<w:comment w:id="1" w:author="Clerk" w:date="{WHEN}" w:initials="K"><w:p w14:paraId="1A000002">'
                f'<w:r><w:t>Agreed in January.</w:t></w:r></w:p></w:comment>'
                f'<w:comment w:id="2" w:author="Chair" w:date="{WHEN}" w:initials="C"><w:p w14:paraId="1A000003">'
                f'<w:r><w:t>Typo fixed.</w:t></w:r></w:p></w:comment></w:comments>')
    extended = (f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="{MC}" mc:Ignorable="w15"><w15:commentEx w15:paraId="1A000001" w15:done="0"/>'
                f'<w15:commentEx w15:paraId="1A000002" w15:paraIdParent="1A000001" w15:done="0"/>'
                f'<w15:commentEx w15:paraId="1A000003" w15:done="1"/></w15:commentsEx>')
    people = (f'<w15:people xmlns:w15="{W15}" xmlns:mc="{MC}" mc:Ignorable="w15"><w15:person w15:author="Chair"><w15:presenceInfo w15:providerId="None" '
              f'w15:userId="Chair"/></w15:person><w15:person w15:author="Clerk"><w15:presenceInfo w15:providerId="None" '
              f'w15:userId="Clerk"/></w15:person></w15:people>')
    package = document.part.package
    for name, ct, rel, blob in (("/word/comments.xml", f"{CT}comments+xml", RT.COMMENTS, comments),
                                ("/word/commentsExtended.xml", f"{CT}commentsExtended+xml",
                                 MS + "2011/relationships/commentsExtended", extended),
                                ("/word/people.xml", f"{CT}people+xml", MS + "2011/relationships/people", people)):
        document.part.relate_to(Part(PackURI(name), ct, blob.encode(), package), rel)
    p = paragraph(document, start)._p
    first = p.find(qn("w:r"))
    for n in (0, 1, 2):
        first.addprevious(parse_xml(f'<w:commentRangeStart {nsdecls("w")} w:id="{n}"/>'))
        p.append(parse_xml(f'<w:commentRangeEnd {nsdecls("w")} w:id="{n}"/>'))
        p.append(parse_xml(f'<w:r {nsdecls("w")}><w:commentReference w:id="{n}"/></w:r>'))


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def no_dangling(path: Path) -> None:
    """Every relationship id the document and its notes and comments use exists, and every relationship is used."""
    files = parts(path)
    for story in ("document", "footnotes", "endnotes", "comments"):
        xml = files.get(f"word/{story}.xml")
        if xml is None:
            continue
        rels = files.get(f"word/_rels/{story}.xml.rels", b"").decode()
        declared = set(re.findall(r'Id="(rId\d+)"', rels))
        used = set(re.findall(r'r:(?:id|embed|link)="(rId\d+)"', xml.decode()))
        assert used <= declared, (story, used - declared)
        for rel_id, kind in re.findall(r'Id="(rId\d+)" Type="[^"]*/(hyperlink|image)"', rels):
            assert rel_id in used, (story, rel_id, kind)  # no stale link or picture relationships
    document = files["word/document.xml"].decode()
    for kind in ("footnote", "endnote", "comment"):
        refs = set(re.findall(rf'<w:{kind}Reference w:id="(\d+)"', document))
        notes = set(re.findall(rf'<w:{kind} [^>]*w:id="(\d+)"', files.get(f"word/{kind}s.xml", b"").decode()))
        assert refs <= notes, (kind, refs - notes)
    media = {n for n in files if n.startswith("word/media/")}
    targets = {"word/" + t for name, blob in files.items() if name.endswith(".rels")
               for t in re.findall(r'Target="(media/[^"]+)"', blob.decode())}
    assert media <= targets, media - targets


def test_a_picture_a_footnote_and_an_endnote_made_in_the_paper_arrive_in_the_word_snippet(project: Path) -> None:
    build_ok(project)
    image = project.parent / "map.png"
    image.write_bytes(png(40, 20, (30, 90, 160)))
    document = Document(str(paper(project, "cabinet")))
    insert_picture(document, "The report also reminds Cabinet", image, "Map of the county's districts")
    add_note(document, "This report puts before Cabinet", "footnote", "See the 2002 guidance.")
    add_note(document, "The report also reminds Cabinet", "endnote", "Timetable agreed in January.")
    returned = project.parent / "cabinet-v001-officer.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    assert f"    absorbed  {PURPOSE}: rewritten from the paper (cabinet v1)" in result.stdout
    files = parts(project / PURPOSE)
    assert image.read_bytes() in files.values()
    body = files["word/document.xml"].decode()
    assert 'descr="Map of the county\'s districts"' in body
    assert b"See the 2002 guidance." in files["word/footnotes.xml"]
    assert b"Timetable agreed in January." in files["word/endnotes.xml"]
    no_dangling(project / PURPOSE)
    valid(project / PURPOSE)

    build_ok(project)
    built = paper(project, "cabinet", 2)
    files = parts(built)
    assert image.read_bytes() in files.values()  # the next version shows the picture
    notes = files["word/footnotes.xml"].decode()
    assert "See the 2002 guidance." in notes and "Timetable agreed in January." in notes  # the endnote as a footnote
    valid(built)


def test_a_comment_thread_travels_with_its_comments_and_nothing_dangles(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "cabinet")))
    comment_thread(document, "The report also reminds Cabinet")
    track_replace(document, "This report puts before Cabinet", "a draft", "the draft")
    returned = project.parent / "cabinet-v001-chair.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    files = parts(project / PURPOSE)
    comments = files["word/comments.xml"].decode()
    assert [t for t in ("Say when the timetable was agreed.", "Agreed in January.", "Typo fixed.") if t in comments] == [
        "Say when the timetable was agreed.", "Agreed in January.", "Typo fixed."]
    extended = files["word/commentsExtended.xml"].decode()
    assert 'w15:paraId="1A000002" w15:paraIdParent="1A000001"' in extended  # the reply stays a reply
    assert 'w15:paraId="1A000003" w15:done="1"' in extended  # the resolved comment stays resolved
    assert "Clerk" in files["word/people.xml"].decode()
    for para_id in re.findall(r'w15:paraId="([0-9A-F]+)"', extended):
        assert f'w14:paraId="{para_id}"' in comments  # every entry names a comment the snippet holds
    no_dangling(project / PURPOSE)
    valid(project / PURPOSE)

    config = project / "bvpp.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[snippets]\naccept_changes = true\n", encoding="utf-8")
    build_ok(project)
    valid(paper(project, "cabinet", 2))


def test_with_accept_changes_no_comment_thread_part_is_left_behind(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "cabinet")))
    comment_thread(document, "The report also reminds Cabinet")
    track_replace(document, "This report puts before Cabinet", "a draft", "the draft")
    returned = project.parent / "cabinet-v001-chair.docx"
    document.save(str(returned))

    result = absorb(project, returned, "--accept-changes")
    assert result.exit_code == 0, result.stderr
    assert (f"3 comments in the paper's part of {PURPOSE} were dropped (--accept-changes): read them in the paper"
            in result.stderr)
    files = parts(project / PURPOSE)
    assert "word/commentsExtended.xml" not in files and "commentReference" not in files["word/document.xml"].decode()
    no_dangling(project / PURPOSE)
    valid(project / PURPOSE)
    build_ok(project)


def test_links_a_reader_removed_lose_their_relationship_and_new_links_get_one(project: Path) -> None:
    from .test_absorb_word import rich_snippet

    rich_snippet(project / PURPOSE)
    build_ok(project)
    document = Document(str(paper(project, "cabinet")))
    linked = paragraph(document, "See the guidance at")._p
    link = linked.find(f".//{qn('w:hyperlink')}")
    for run in list(link):
        link.addprevious(run)  # Remove Hyperlink: the text stays, the link goes
    link.getparent().remove(link)
    target = paragraph(document, "The Plan for")
    rel = document.part.relate_to("https://www.legislation.gov.uk/ukpga/1999/27", RT.HYPERLINK, is_external=True)
    target._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t xml:space="preserve"> (the 1999 Act)'
                               f'</w:t></w:r></w:hyperlink>'))
    returned = project.parent / "cabinet-v001-officer.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    rels = parts(project / PURPOSE)["word/_rels/document.xml.rels"].decode()
    assert "https://www.gov.uk/guidance" not in rels
    assert rels.count("https://www.legislation.gov.uk/ukpga/1999/27") == 1
    no_dangling(project / PURPOSE)
    valid(project / PURPOSE)
    build_ok(project)
    again = Document(str(paper(project, "cabinet", 2)))
    assert paragraph(again, "The Plan for").text == "The Plan for 2003/04 is due. (the 1999 Act)"
    assert paragraph(again, "See the guidance at").text == "See the guidance at the ODPM site"


def test_a_picture_put_in_a_markdown_snippets_part_is_written_beside_it_and_the_next_build_shows_it(project: Path) -> None:
    build_ok(project)
    (project / "inputs/plan/budget-image-1.png").write_bytes(png(4, 4, (0, 0, 0)))  # someone's file: never overwritten
    theirs = (project / "inputs/plan/budget-image-1.png").read_bytes()
    image = project.parent / "chart.png"
    image.write_bytes(png(60, 30, (200, 60, 40)))
    document = Document(str(paper(project, "plan")))
    insert_picture(document, "Each 1% on council tax", image, "Chart of council tax [2003/04] by band")
    returned = project.parent / "plan-v001-chair.docx"
    document.save(str(returned))

    before = snapshot(project)
    dry = absorb(project, returned, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert snapshot(project) == before
    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    written = "inputs/plan/budget-image-2.png"
    assert (f"    absorbed  {BUDGET}: rewritten from the paper (plan v1); the reader's picture is in {written} (kept the "
            "old one as") in result.stdout
    assert (project / written).read_bytes() == image.read_bytes()
    assert (project / "inputs/plan/budget-image-1.png").read_bytes() == theirs
    text = (project / BUDGET).read_text(encoding="utf-8")
    assert "![Chart of council tax \\[2003/04\\] by band](<budget-image-2.png>)" in text
    assert text.index("Each 1% on council tax") < text.index("![Chart")

    build_ok(project)
    again = Document(str(paper(project, "plan", 2)))
    assert image.read_bytes() in parts(paper(project, "plan", 2)).values()
    texts = [p.text for p in body_paragraphs(again)]
    assert texts.index(next(t for t in texts if t.startswith("Each 1% on council tax"))) >= 0
    alts = [d.get("descr") for d in again.element.body.iter(qn("wp:docPr"))]
    assert "Chart of council tax [2003/04] by band" in alts
    valid(paper(project, "plan", 2))


def test_an_edit_beside_a_markdown_snippets_own_picture_keeps_its_file(project: Path) -> None:
    folder = project / "inputs/plan"
    (folder / "bands.png").write_bytes(png(30, 10, (10, 120, 10)))
    budget = folder / "budget.md"
    budget.write_text(budget.read_text(encoding="utf-8") + "\n![Council tax bands](bands.png)\n", encoding="utf-8")
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    returned = project.parent / "plan-v001-chair.docx"
    document.save(str(returned))

    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    text = budget.read_text(encoding="utf-8")
    assert "about £3.1m" in text and "![Council tax bands](<bands.png>)" in text
    assert sorted(p.name for p in folder.glob("budget-image-*")) == []


def test_json_lists_a_conflict_an_absorbed_snippet_and_a_reported_edit_with_their_places(project: Path) -> None:
    from .test_absorb import COUNCIL_TAX

    build_ok(project)
    document = Document(str(paper(project, "plan")))
    replace_in_run(document, "Each 1% on council tax", "about £3m", "about £3.1m")
    masthead = paragraph(document, "HERTFORDSHIRE COUNTY COUNCIL")
    masthead.runs[0].text = masthead.text.replace("HERTFORDSHIRE", "HERTS")
    for run in masthead.runs[1:]:
        run.text = ""
    returned = project.parent / "plan-v001-chair.docx"
    document.save(str(returned))
    authored = (project / BUDGET).read_text(encoding="utf-8") + "\nThe budget was set on 20 February.\n"
    (project / BUDGET).write_text(authored, encoding="utf-8")

    result = absorb(project, returned, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    budget = next(s for s in data["snippets"] if s["snippet"] == BUDGET)
    beside = "inputs/plan/budget.absorbed-plan-v001.md"
    assert budget == {"snippet": BUDGET, "status": "conflict", "written": beside, "kept": None, "message": (
        f"changed since v1 was built, and edited in the paper too: not overwritten; the paper's text of it is in {beside}: "
        f"merge it into {BUDGET} by hand, then delete it")}
    assert (project / BUDGET).read_text(encoding="utf-8") == authored  # nothing written over the snippet
    assert COUNCIL_TAX.replace("£3m", "£3.1m") in (project / beside).read_text(encoding="utf-8")
    assert {s["status"] for s in data["snippets"]} == {"conflict", "unchanged"}
    assert data["reported"] == [{"message": (
        "plan: 'HERTFORDSHIRE COUNTY COUNCIL' changed to 'HERTS COUNTY COUNCIL' in the paper; this text is not from a "
        "snippet: it comes from the template templates/plan.docx or bvpp.toml: make the change there"),
        "location": str(returned)}]


def test_a_footnote_added_to_a_markdown_snippets_part_is_named_as_what_markdown_cannot_hold(project: Path) -> None:
    build_ok(project)
    document = Document(str(paper(project, "plan")))
    add_note(document, "Each 1% on council tax", "footnote", "At band D.")
    returned = project.parent / "plan-v001-chair.docx"
    document.save(str(returned))
    result = absorb(project, returned)
    assert result.exit_code == 0, result.stderr
    assert f"Markdown cannot hold footnotes: left out of {BUDGET}" in result.stderr
    assert f"absorbed  {BUDGET}" in result.stdout
    assert "At band D." not in (project / BUDGET).read_text(encoding="utf-8")
