"""The committed templates are exactly what the house-style code produces, and well formed."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from tools.make_templates import TEMPLATES, write_templates

from .conftest import REPO

HOUSE_STYLES = {"Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number", "Table Text", "Table Note",
                "Council Table", "Header", "Footer", "Hyperlink"}


def test_committed_templates_match_the_generator(tmp_path: Path) -> None:
    for path in write_templates(tmp_path):
        committed = REPO / "templates" / path.name
        assert committed.read_bytes() == path.read_bytes(), f"regenerate {committed} (see docs/templates.md)"
    assert sorted(TEMPLATES) == sorted(p.name for p in (REPO / "templates").glob("*.docx"))


def test_templates_carry_the_house_styles() -> None:
    for name in TEMPLATES:
        doc = Document(str(REPO / "templates" / name))
        assert {s.name for s in doc.styles} >= HOUSE_STYLES, name
        normal = doc.styles["Normal"].element
        fonts = normal.rPr.rFonts
        assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ascii") == "Arial"
