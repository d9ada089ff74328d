"""The acceptance property of `bvpp absorb`: a paper edited as Word edits it, absorbed, builds as edited.

For every snippet of the example's plan, Markdown and Word, and a random edit (insert, delete or replace a
word; add a paragraph, a list item or a table row; bold a word), the paper is edited with
python-docx and lxml as Word writes such an edit, absorbed, and built again: the snippet's part of
the new version reads exactly as the edited paper did (text, paragraphs, bold, tables), and no
other input file changed. Absorbing an unedited paper touches no file.

The example is built once per session and copied per example.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bvpp_docgen import Project

from .conftest import REPO, copy_example

KINDS = (".md", ".docx")
DOCUMENT = "plan"
MADE = dt.datetime(2003, 4, 1, 10, 0)
# words a reader types: plain, with figures and the characters Markdown gives meaning to
WORDS = ("reserves", "Council", "£12m", "3.5%", "2004/05", "A&E", "non-statutory", "(draft)", "*", "_note_",
         "#1", "1.", "[see", "below]", "<b>", "50-50", "`x`", "\\", "+", "|", ">", "~~", "!")
LIST = "\n\n- The first point.\n- The second point.\n"
TABLE = "\n\n| Service | Amount |\n|---|---|\n| Roads | £3m |\n| Schools | £9m |\n"


def _snippets() -> list[str]:
    """Every snippet the plan shows (its sections' and the promise parts found by their names), Markdown and Word."""
    from bvpp_docgen.read.config_toml import load_config

    found = []
    for name in load_config(REPO).snippets_of(DOCUMENT):
        found += [f for f in (name, f"{name}.docx", f"{name}.md") if f.endswith(KINDS) and (REPO / f).is_file()][:1]
    return found


SNIPPETS = _snippets()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built once, as it is and with a list and a table added to each snippet (for those edits)."""
    bases = {}
    for name, extra in (("plain", ""), ("rich", LIST + TABLE)):
        root = copy_example(tmp_path_factory.mktemp(name) / "project")
        for snippet in (s for s in SNIPPETS if s.endswith(".md")):  # Word snippets have their own lists and tables
            path = root / snippet
            path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + extra, encoding="utf-8")
        Project(root).build([DOCUMENT], made=MADE)
        bases[name] = root
    return bases


def fresh(base: Path, tmp: Path) -> Path:
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(base, tmp, copy_function=shutil.copy2)
    return tmp


def mark_of(root: Path, snippet: str) -> str:
    """Return the key of bvpp.toml naming `snippet`, which the papers' marks carry."""
    from bvpp_docgen.app.absorb import snippet_files
    from bvpp_docgen.app.load import load

    return next(key for key, path in snippet_files(load(root)).items() if path == snippet)


def regions(document, mark: str) -> list:
    """Return the content elements (w:sdtContent) of each region the paper marks with `mark`."""
    tag = f"bvpp:snippet:{mark}"
    body = document.element.body
    return [sdt.find(qn("w:sdtContent")) for sdt in body.iter(qn("w:sdt"))
            if (t := sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")) is not None and t.get(qn("w:val")) == tag]


def bold(run) -> bool:
    b = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return b is not None and b.get(qn("w:val")) not in ("0", "false", "off")


def shown(paragraph) -> tuple:
    """A paragraph as a reader sees it: its text in pieces of the same weight, and whether it is a list item."""
    pieces: list[list] = []
    for run in paragraph.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if not text:
            continue
        if pieces and pieces[-1][1] == bold(run):
            pieces[-1][0] += text
        else:
            pieces.append([text, bold(run)])
    listed = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    return (listed, tuple((t, b) for t, b in pieces))


def reading(content) -> list:
    """A region as a reader sees it: paragraphs, and tables as rows of cell texts."""
    out: list = []
    for child in content:
        if child.tag == qn("w:p"):
            out.append(shown(child))
        elif child.tag == qn("w:tbl"):
            out.append([[shown(p) for p in cell.iter(qn("w:p"))] for cell in child.iter(qn("w:tc"))])
    return out


def own_runs(content) -> list:
    """Runs of the snippet's own text with at least one word (not a filled-in fact, not in a table)."""
    out, facts = [], set()
    for p in content.findall(qn("w:p")):
        for child in p:
            name = child.get(qn("w:name"), "")
            if child.tag == qn("w:bookmarkStart") and name.startswith("_bvpp_f"):
                facts.add(child.get(qn("w:id")))
            elif child.tag == qn("w:bookmarkEnd"):
                facts.discard(child.get(qn("w:id")))
            elif child.tag == qn("w:r") and not facts and run_text(child).split():
                out.append(child)
    return out


def set_text(run, text: str) -> None:
    ts = run.findall(qn("w:t"))
    ts[0].text = text
    ts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for t in ts[1:]:
        run.remove(t)


def run_text(run) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def new_paragraph(like, text: str):
    """Press Enter at the end of `like` and type: the new paragraph keeps its paragraph properties."""
    p = OxmlElement("w:p")
    if (ppr := like.find(qn("w:pPr"))) is not None:
        p.append(copy.deepcopy(ppr))
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    p.append(r)
    like.addnext(p)


Edit = Callable[[object, st.DataObject], None]


def edit_word(kind: str) -> Edit:
    def edit(content, data: st.DataObject) -> None:
        runs = own_runs(content)
        assume(runs)
        run = data.draw(st.sampled_from(runs))
        words = run_text(run).split(" ")
        spots = [n for n, w in enumerate(words) if w]
        n = data.draw(st.sampled_from(spots))
        if kind == "delete":
            assume(len(spots) > 1)
            del words[n]
        elif kind == "insert":
            words.insert(n, data.draw(st.sampled_from(WORDS)))
        elif kind == "replace":
            words[n] = data.draw(st.sampled_from(WORDS))
        else:  # bold: select the word, press Ctrl+B: the run is split in three, the middle one bold
            before, word, after = " ".join(words[:n] + [""]), words[n], " ".join([""] + words[n + 1:])
            middle, tail = copy.deepcopy(run), copy.deepcopy(run)
            run.addnext(middle)
            middle.addnext(tail)
            for element, text in ((run, before), (middle, word), (tail, after)):
                set_text(element, text)
            rpr = middle.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                middle.insert(0, rpr)
            rpr.append(OxmlElement("w:b"))
            for element in (run, tail):
                if not run_text(element):
                    element.getparent().remove(element)
            return
        set_text(run, " ".join(words))
    return edit


def add_paragraph(content, data: st.DataObject) -> None:
    paragraphs = [p for p in content.findall(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None]
    new_paragraph(data.draw(st.sampled_from(paragraphs)), " ".join(data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))))


def add_list_item(content, data: st.DataObject) -> None:
    items = [p for p in content.findall(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None]
    assume(items)
    new_paragraph(data.draw(st.sampled_from(items)), "A " + data.draw(st.sampled_from(WORDS)) + " point.")


def add_table_row(content, data: st.DataObject) -> None:
    tables = content.findall(qn("w:tbl"))
    assume(tables)
    last = tables[0].findall(qn("w:tr"))[-1]
    row = copy.deepcopy(last)
    for cell in row.findall(qn("w:tc")):
        runs = [r for r in cell.iter(qn("w:r")) if run_text(r)]
        set_text(runs[0], data.draw(st.sampled_from(WORDS)))
        for r in runs[1:]:
            r.getparent().remove(r)
    last.addnext(row)


EDITS: dict[str, tuple[str, Edit]] = {
    "insert a word": ("plain", edit_word("insert")),
    "delete a word": ("plain", edit_word("delete")),
    "replace a word": ("plain", edit_word("replace")),
    "bold a word": ("plain", edit_word("bold")),
    "add a paragraph": ("plain", add_paragraph),
    "add a list item": ("rich", add_list_item),
    "add a table row": ("rich", add_table_row),
}


@settings(derandomize=True, max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data(), snippet=st.sampled_from(SNIPPETS), edit=st.sampled_from(sorted(EDITS)))
def test_an_edit_made_in_the_paper_is_absorbed_and_the_next_build_shows_exactly_it(
    built: dict[str, Path], tmp_path: Path, data: st.DataObject, snippet: str, edit: str
) -> None:
    base, change = EDITS[edit]
    root = fresh(built[base], tmp_path / "project")
    document = Document(str(root / "build" / DOCUMENT / f"{DOCUMENT}-v001.docx"))
    mark = mark_of(root, snippet)
    content = regions(document, mark)
    assert content, f"the paper marks no region of {snippet}"
    change(content[0], data)
    expected = reading(content[0])
    returned = tmp_path / "plan-v001-reader.docx"
    document.save(str(returned))
    inputs = {p: p.read_bytes() for p in sorted((root / "inputs").rglob("*")) if p.is_file()}

    report = Project(root).absorb(returned)
    assert [s.status for s in report.snippets if s.snippet == snippet] == ["absorbed"], report.to_json()
    assert {s.status for s in report.snippets if s.snippet != snippet} == {"unchanged"}, report.to_json()
    assert report.reported == (), report.to_json()
    changed = [p for p, data_ in inputs.items() if p.read_bytes() != data_]
    assert changed == [root / snippet]

    Project(root).build([DOCUMENT], made=MADE)
    rebuilt = Document(str(root / "build" / DOCUMENT / f"{DOCUMENT}-v002.docx"))
    assert [reading(c) for c in regions(rebuilt, mark)] == [expected]


def test_absorbing_an_unedited_paper_touches_no_file(built: dict[str, Path], tmp_path: Path) -> None:
    root = fresh(built["plain"], tmp_path / "project")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}
    report = Project(root).absorb(root / "build" / DOCUMENT / f"{DOCUMENT}-v001.docx")
    assert {s.status for s in report.snippets} == {"unchanged"} and report.reported == ()
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()} == before
