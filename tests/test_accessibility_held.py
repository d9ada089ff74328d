"""Rows a rendering holds out of a paper (write/rows.py) give the accessibility check exactly the whole paper's
findings: told from their text where the rules can tell, parsed into the tree where they cannot."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from lxml import etree

import bvpp_docgen.accessibility as accessibility
from bvpp_docgen.accessibility import Finding, check_accessibility
from bvpp_docgen.accessibility.held import Run, tell
from bvpp_docgen.app.load import load
from bvpp_docgen.app.rendering import render_paper
from bvpp_docgen.ooxml.ns import fromstring, w
from bvpp_docgen.ooxml.package import Package

from .conftest import DOCUMENTS, copy_example
from .test_accessibility import NAMESPACES, TEXT_BOX, set_language
from .test_accessibility_reference import STYLES, made_up

TEXTS = ["Budget", "18.4%", "5", "n/a", "Tom &amp; Jerry", "a &lt; b", "Yes"]
ODD = ["✓", "–", " ", "&amp;", "&#x2713;", "&#65;"]  # no letter or digit (or only as a character reference)


def hold_rows(data: bytes) -> tuple[bytes, list[str]]:
    """Return the paper with each table's inner rows (all but its first and last) held out as the renderer holds them."""
    package = Package.read(data)
    root = fromstring(package.parts["word/document.xml"])
    held: list[str] = []
    for table in list(root.iter(w("tbl"))):
        inner = list(table.iterchildren(w("tr")))[1:-1]
        if not inner or table.getroottree().getroot() is not root:  # in rows already held
            continue
        held.append("".join(etree.tostring(row, encoding="unicode") for row in inner))
        inner[0].addprevious(etree.Element(w("tr"), {"bvpp-slot": str(len(held) - 1)}))
        for row in inner:
            table.remove(row)
    package.parts["word/document.xml"] = etree.tostring(root)
    return package.write(), held


def cell(rng: random.Random, edge: bool, trouble: str) -> str:
    """A cell as the narrative writer writes one; in inner rows, now and then with the paper's one kind of `trouble`,
    which the rules must see in the tree (in the first and last rows, which are never held, another kind)."""
    def odd(kind: str) -> bool:
        if edge:  # a calm paper's colours all read: its first and last rows may say something by colour alone
            return kind != trouble and (bool(trouble) or kind in ("text", "shading")) and rng.random() < 0.05
        return kind == trouble and rng.random() < 0.02

    shading = '<w:shd w:val="clear" w:color="auto" w:fill="1F3D7A"/>' if odd("shading") else ""
    style = "Heading3" if odd("heading") else "Pale" if odd("pale") else "TableText"  # Pale: grey text
    paragraphs = []
    for _ in range(rng.choice([1, 1, 1, 2])):
        text = rng.choice(ODD) if odd("text") else rng.choice(TEXTS)
        bold = "<w:rPr><w:b/></w:rPr>" if rng.random() < 0.2 else ""
        colour = '<w:rPr><w:color w:val="BBBBBB"/></w:rPr>' if odd("colour") else ""
        paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
                          f'<w:r>{colour or bold}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
    return f'<w:tc><w:tcPr><w:tcW w:w="900" w:type="dxa"/>{shading}</w:tcPr>{"".join(paragraphs)}</w:tc>'


def plan_like(seed: int) -> bytes:
    """A paper of headings (some out of order) and long tables of writer-like rows: a calm paper's inner rows
    are all plain, a rough one's not always, nor its table styles' colours all readable."""
    rng = random.Random(seed)
    rough = seed % 2 == 0
    trouble = rng.choice(["shading", "heading", "pale", "text", "colour", "style"]) if rough else ""
    doc = Document()
    doc.core_properties.title = "Plan"
    set_language(doc, "en-GB")
    for style in parse_xml(STYLES):
        doc.styles.element.append(style)
    body = doc.element.body
    for _ in range(rng.randint(3, 12)):
        if rng.random() < 0.5:
            level = rng.choice([1, 2, 3, 4])
            xml = f'<w:p><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr><w:r><w:t>Part {level}</w:t></w:r></w:p>'
        else:
            style = rng.choice(["Dark", "TableGrid", "Clash", None] if trouble == "style" else ["TableGrid", None])
            named = f'<w:tblStyle w:val="{style}"/>' if style else ""
            columns, count = rng.randint(1, 5), rng.randint(1, 40)
            rows = [f"<w:tr>{''.join(cell(rng, r in (0, count - 1), trouble) for _ in range(rng.choice([columns] * 5 + [1, 6])))}</w:tr>"
                    for r in range(count)]
            xml = f'<w:tbl><w:tblPr>{named}<w:tblLook w:val="04A0"/></w:tblPr>{"".join(rows)}</w:tbl>'
        body.insert(len(body) - 1, parse_xml(f"<w:x {NAMESPACES}>{xml}</w:x>")[0])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def held_check(data: bytes, held: list[str], language: str | None, parsed: list[Any] | None = None) -> tuple[list[Finding], bool]:
    """Check a paper with held rows; return the findings, and whether the rows were told from their text alone
    (`parsed` gets the placeholders parsed each time the rules could not tell)."""
    parsed = [] if parsed is None else parsed
    real = accessibility.with_rows

    def with_rows(body: Any, rows: Any, slots: Any) -> Any:
        parsed.append(slots)
        return real(body, rows, slots)

    accessibility.with_rows = with_rows  # type: ignore[assignment]
    try:
        return check_accessibility(data, "paper", language=language, held=held, told={}), not parsed
    finally:
        accessibility.with_rows = real


def same(data: bytes, language: str | None = "en-GB") -> bool:
    """Check the paper whole and with its tables' inner rows held; assert the same findings; tell whether the
    held rows were told from their text alone."""
    found, told = held_check(*hold_rows(data), language)
    assert found == check_accessibility(data, "paper", language=language)
    return told


@pytest.mark.parametrize("seed", range(60))
def test_accessibility_held_rows_give_the_whole_papers_findings(seed: int) -> None:
    same(plan_like(seed))


def test_accessibility_held_rows_take_both_ways() -> None:
    told = [same(plan_like(seed)) for seed in range(60)]
    assert all(told[1::2]) and not all(told[::2])  # calm papers: held rows told from their text; rough: some parsed
    findings = {f.rule for seed in range(60) for f in check_accessibility(plan_like(seed), "paper", language="en-GB")}
    assert {"heading-order", "colour-only", "colour-contrast"} <= findings


@pytest.mark.parametrize("seed", range(0, 80, 3))
def test_accessibility_held_rows_of_made_up_papers(seed: int) -> None:
    same(made_up(seed))


@pytest.mark.parametrize(("text", "plain"), [
    ('<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">Budget</w:t></w:r></w:p></w:tc></w:tr>', True),
    ('<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">&amp;</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">&#65;</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><w:r><w:t/></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><w:r><w:sym w:char="F0FC"/><w:t>x</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="A&amp;B"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><!-- x --><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:p><w:r><w:t>x</w:t></w:r></w:p>', False),
])
def test_accessibility_held_rows_told_only_when_plain(text: str, plain: bool) -> None:
    assert (tell(text) is not None) == plain


def test_accessibility_held_run_counts() -> None:
    rows = ('<w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p><w:p/></w:tc>'
            '<w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>')
    assert tell(rows) == Run((2, 1), 4, frozenset({"TableText"}))


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_accessibility_rendered_papers_held_rows_told_from_their_text(tmp_path: Path, doc: str) -> None:
    loaded = load(copy_example(tmp_path / "project"), lambda _message: None)
    candidate = loaded.candidates[doc]
    made = dt.datetime(2026, 1, 1)
    held: list[str] = []
    data = render_paper(loaded, candidate, 1, made, None, held=held)
    found, told = held_check(data, held, "en-GB")
    assert held and told
    whole = check_accessibility(render_paper(loaded, candidate, 1, made, None), "paper", language="en-GB")
    assert found == whole


def test_accessibility_held_rows_styles_count_for_the_tables_colours() -> None:
    def row(style: str) -> str:
        return f'<w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>Budget</w:t></w:r></w:p></w:tc></w:tr>'

    doc = Document()
    doc.core_properties.title = "Plan"
    for style in parse_xml(STYLES):
        doc.styles.element.append(style)
    xml = f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{row("Normal")}{row("Pale")}{row("Normal")}</w:tbl>'
    doc.element.body.insert(0, parse_xml(f"<w:x {NAMESPACES}>{xml}</w:x>")[0])
    out = io.BytesIO()
    doc.save(out)
    assert [f.place for f in check_accessibility(out.getvalue(), "paper")
            if f.rule == "colour-contrast"] == ["table 1 (style 'Table Grid'), row 2, cell 1"]
    same(out.getvalue(), None)  # held, the grey text is seen in the tree


@pytest.mark.parametrize("holder", ["cell", "text box"])
def test_accessibility_held_rows_of_a_table_in_a_cell_or_text_box(holder: str) -> None:
    def row(text: str) -> str:
        return f'<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc></w:tr>'

    inner = f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{row("✓")}{row("Yes")}{row("✓")}</w:tbl><w:p/>'
    if holder == "cell":
        xml = f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>'
    else:
        xml = TEXT_BOX.replace("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>", inner).format(ns="")
        xml = f"<w:p>{xml}</w:p>"
    doc = Document()
    doc.core_properties.title = "Plan"
    doc.element.body.insert(0, parse_xml(f"<w:x {NAMESPACES}>{xml}</w:x>")[0])
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    assert not same(data, None)  # the rows are seen in the tree: the cell's (or box's) text is theirs too


def test_accessibility_only_the_held_rows_the_rules_cannot_tell_are_parsed() -> None:
    def table(*texts: str) -> str:
        rows = "".join(f'<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p></w:tc></w:tr>' for t in texts)
        return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{rows}</w:tbl>'

    doc = Document()
    doc.core_properties.title = "Plan"
    for xml in (table("Year", "2003", "2004", "✓"), table("Year", "–", "2004", "Total"), table("Year", "2003", "2004", "Total"),
                '<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>Late</w:t></w:r></w:p>'):
        doc.element.body.insert(len(doc.element.body) - 1, parse_xml(f"<w:x {NAMESPACES}>{xml}</w:x>")[0])
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    parsed: list[Any] = []
    found, _ = held_check(*hold_rows(data), None, parsed)
    assert found == check_accessibility(data, "paper")
    assert [len(slots) for slots in parsed] == [1]  # the second table's: its '–' may say something by colour alone
    assert {(f.rule, f.place) for f in found} >= {("colour-only", "table 1 (style 'Table Grid'), last row, cell 1"),
                                                 ("heading-order", "paragraph 13 (heading 'Late')")}


@pytest.mark.parametrize("placeholder", ['<w:tr bvpp-slot="7"/>', '<w:tr bvpp-slot="0"> </w:tr>', '<w:tr bvpp-slot="0" x="1"/>',
                                         '<w:tr bvpp-slot="²"/>'])
def test_accessibility_a_row_not_written_as_a_placeholder_is_a_row(placeholder: str) -> None:
    row = '<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">Yes</w:t></w:r></w:p></w:tc></w:tr>'
    xml = f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{row}{placeholder}{row}</w:tbl>'
    doc = Document()
    doc.element.body.insert(0, parse_xml(f"<w:x {NAMESPACES}>{xml}</w:x>")[0])
    out = io.BytesIO()
    doc.save(out)
    untold = row.replace("Yes", "–")  # were the row a placeholder, these rows would be parsed in its place
    found, told = held_check(out.getvalue(), [untold], None)
    assert told and found == check_accessibility(out.getvalue(), "paper")
