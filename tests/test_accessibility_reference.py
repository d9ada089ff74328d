"""The fast accessibility rules give exactly the findings of the old ones (kept in tests/accessibility_reference):
same rules, places, messages and order, on the example's papers and on many made-up papers with contrast
problems, text boxes, headings out of order, symbols and shading, nested tables and odd properties."""

from __future__ import annotations

import functools
import io
import random
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from bvpp_docgen.accessibility import check_accessibility

from .accessibility_reference import check_accessibility as reference
from .conftest import DOCUMENTS, paper
from .test_accessibility import NAMESPACES, set_language

COLOURS = ["000000", "FFFFFF", "777777", "AAAAAA", "1F3D7A", "FFFF00", "4F81BD", "D9D9D9", "auto", "zz12"]
TEXTS, FILLS = ["000000", "auto", "1F3D7A", "zz12"], ["FFFFFF", "D9D9D9", "FFFF00", "auto"]  # a calm paper's: all readable


class Dice(random.Random):
    """The paper's chances; a calm paper's colours all read, so its tables take the fast path."""

    def __init__(self, seed: int, calm: bool) -> None:
        super().__init__(seed)
        self.calm = calm

    def text(self) -> str:
        return self.choice(TEXTS if self.calm else COLOURS)

    def fill(self) -> str:
        return self.choice(FILLS if self.calm else COLOURS)
HIGHLIGHTS = ["yellow", "darkBlue", "lightGray", "none", "black"]
SYMBOLS = ["✓", "●", "", " ", "-", "–", "5", "Yes", "★ ✓", "n/a", "☺x"]
STYLES = f"""
<w:styles {nsdecls("w")}>
<w:style w:type="paragraph" w:styleId="Pale"><w:name w:val="Pale"/><w:basedOn w:val="Normal"/>
  <w:rPr><w:color w:val="BBBBBB"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Boxed"><w:name w:val="Boxed"/><w:pPr><w:shd w:val="clear" w:fill="1F3D7A"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My heading"/><w:basedOn w:val="Heading2"/></w:style>
<w:style w:type="paragraph" w:styleId="Outline9"><w:name w:val="Outline 9"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="Faint"><w:name w:val="Faint"/><w:rPr><w:color w:val="DDDDDD"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Dark"><w:name w:val="Dark"/><w:basedOn w:val="TableGrid"/>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:tcPr><w:shd w:val="clear" w:fill="1F3D7A"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="band1Horz"><w:tcPr><w:shd w:val="clear" w:fill="D9D9D9"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="lastCol"><w:rPr><w:color w:val="999999"/></w:rPr></w:tblStylePr></w:style>
<w:style w:type="table" w:styleId="Clash"><w:name w:val="Clash"/>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="AAAAAA"/></w:rPr></w:tblStylePr></w:style>
</w:styles>"""


def run(rng: Dice) -> str:
    """A run with (or without) text and some of: colour, character style, highlight, shading."""
    props = []
    if rng.random() < 0.3:
        props.append(f'<w:color w:val="{rng.text()}"/>')
    if rng.random() < 0.15:
        props.append(f'<w:rStyle w:val="{rng.choice(["Missing"] if rng.calm else ["Faint", "Missing"])}"/>')
    if rng.random() < 0.15:
        props.append(f'<w:highlight w:val="{rng.choice(["yellow", "none"] if rng.calm else HIGHLIGHTS)}"/>')
    if rng.random() < 0.1:
        props.append(f'<w:shd w:val="{rng.choice(["clear", "nil"] if rng.calm else ["clear", "solid", "pct25", "nil"])}" w:color="auto" w:fill="{rng.fill()}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props or rng.random() < 0.1 else ""
    inner = '<w:sym w:font="Wingdings" w:char="F0FC"/>' if rng.random() < 0.05 else \
        f'<w:t xml:space="preserve">{rng.choice(SYMBOLS + ["Budget", "18.4%"])}</w:t>'
    box = TEXT_BOX.format(rng.choice(["anchor", "inline"]), rng.choice(["", "Hidden words"]), rng.text()) if rng.random() < 0.04 else ""
    return f"<w:r>{rpr}{inner}</w:r>{box}"


TEXT_BOX = """<w:r><w:drawing><wp:{0} distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1" cy="1"/>
<wp:docPr id="9" name="Box"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:txbx><w:txbxContent><w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:rPr><w:color w:val="{2}"/></w:rPr>
<w:t>{1}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:{0}></w:drawing></w:r>"""


def paragraph(rng: Dice, in_cell: bool = False) -> str:
    """A paragraph: a heading at any level, a style, direct shading or outline level, and runs."""
    props = []
    if rng.random() < 0.5:
        headings = [] if rng.calm and in_cell else ["Heading1", "Heading2", "Heading3", "Heading4", "MyHeading"]
        style = rng.choice([*headings, "Outline9", "Missing", "Normal", *([] if rng.calm else ["Pale", "Boxed", "Title"])])
        props.append(f'<w:pStyle w:val="{style}"/>')
    if rng.random() < 0.1:
        props.append('<w:pStyle/>')
    if rng.random() < 0.08:
        props.append(f'<w:outlineLvl w:val="{rng.choice(["0", "2", "5", "9", "x"])}"/>')
    if rng.random() < 0.1:
        props.append(f'<w:shd w:val="clear" w:fill="{rng.fill()}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    if rng.random() < 0.03 and not rng.calm:
        ppr += '<w:pPr><w:pStyle w:val="Heading1"/><w:shd w:val="clear" w:fill="000000"/></w:pPr>'
    runs = "".join(run(rng) for _ in range(rng.choice([0, 1, 1, 1, 2, 3])))
    return f"<w:p>{ppr}{runs}</w:p>"


def table(rng: Dice, depth: int = 0) -> str:
    """A table of varied size, style, look, header row and cells (shaded, empty, symbols, nested tables)."""
    style = rng.choice(["TableGrid", "Missing", None] if rng.calm else ["Dark", "Clash", "TableGrid", "Missing", None])
    look = rng.choice(['<w:tblLook w:val="04A0"/>', '<w:tblLook w:firstRow="0" w:lastColumn="1" w:noHBand="0"/>', ""])
    shd = f'<w:shd w:val="clear" w:fill="{rng.fill()}"/>' if rng.random() < 0.1 else ""
    named = f'<w:tblStyle w:val="{style}"/>' if style else ""
    pr = f"<w:tblPr>{named}{look}{shd}</w:tblPr>"
    rows = []
    for r in range(rng.randint(0, 6)):
        header = "<w:trPr><w:tblHeader/></w:trPr>" if r == 0 and rng.random() < 0.6 else ""
        cells = []
        for _ in range(rng.randint(1, 5)):
            tcpr = f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{rng.fill()}"/></w:tcPr>' \
                if rng.random() < 0.2 else "<w:tcPr/>"
            inner = [paragraph(rng, True) for _ in range(rng.choice([1, 1, 2]))]
            if depth < 1 and rng.random() < 0.05:
                inner.insert(0, table(rng, depth + 1))
            cells.append(f"<w:tc>{tcpr}{''.join(inner)}</w:tc>")
        rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    return f"<w:tbl>{pr}{''.join(rows)}</w:tbl>"


@functools.cache
def made_up(seed: int) -> bytes:
    """A paper of random paragraphs and tables, on a style sheet with clashing colours (every other one calm)."""
    rng = Dice(seed, calm=seed % 2 == 1)
    doc = Document()
    doc.core_properties.title = "Made up" if seed % 3 else ""
    set_language(doc, rng.choice(["en-GB", "fr-FR", None]))
    for style in parse_xml(STYLES):
        doc.styles.element.append(style)
    body = doc.element.body
    for _ in range(rng.randint(5, 40)):
        xml = table(rng) if rng.random() < 0.3 else paragraph(rng)
        body.insert(len(body) - 1, parse_xml(f"<w:x {NAMESPACES}>{xml}</w:x>")[0])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def same(data: bytes | Path, language: str | None = "en-GB") -> list[Any]:
    """Check with both and return the findings, asserting they are the same."""
    new = [tuple(vars_of(f)) for f in check_accessibility(data, "paper", language=language)]
    old = [tuple(vars_of(f)) for f in reference(data, "paper", language=language)]
    assert new == old
    return new


def vars_of(finding: Any) -> tuple[str, str, str, str]:
    return (finding.paper, finding.rule, finding.place, finding.message)


@pytest.mark.parametrize("seed", range(80))
def test_accessibility_fast_rules_match_the_reference_on_made_up_papers(seed: int) -> None:
    same(made_up(seed))


def test_accessibility_made_up_papers_exercise_every_rule() -> None:
    rules = {finding[1] for seed in range(80) for finding in same(made_up(seed))}
    assert {"colour-contrast", "colour-only", "heading-order", "table-header-row", "floating-text-box",
            "document-title", "document-language"} <= rules


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_accessibility_fast_rules_match_the_reference_on_the_example(built_example: Path, doc: str) -> None:
    same(paper(built_example, doc))
