"""Text from the inputs appears exactly as written and never runs as a template."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from .conftest import edit_config, paper, point_snippet, run_bvpp
from .readback import NS, body_paragraphs, pandoc_text, xml_part

TRICKY = "R&D <Q3> > \"q\" 'q' {{ 7*7 }} {%p if x %} £5 – a"
# docxtpl itself turns `{_{` into `{{` after rendering; in a config value it must not.
# (In Markdown, `_{ y }_` is emphasis, so snippets do not get this one.)
CONFIG_TRICKY = TRICKY.replace(" £5", " {_{ y }_} £5")
TOML_TRICKY = CONFIG_TRICKY.replace('"', '\\"') + "\\u000Bb"  # as a TOML string, then VT and "b"


def test_config_value_appears_exactly_with_vertical_tab_as_line_break(project: Path) -> None:
    edit_config(project, lambda t: t.replace(
        'report_of = "Acting Assistant Chief Executive (Performance)"\nauthor = "Judith Sharples"\ntelephone = "01992 588318"\nexecutive_member',
        f'report_of = "{TOML_TRICKY}"\nauthor = "Judith Sharples"\ntelephone = "01992 588318"\nexecutive_member',
    ))
    edit_config(project, lambda t: t.replace('title = "Draft Best Value Performance Plan"\n', f'title = "{TOML_TRICKY}"\n', 1))
    result = run_bvpp(project, "build", "cabinet")
    assert result.exit_code == 0, result.stderr
    path = paper(project, "cabinet")
    text = pandoc_text(path)
    assert f"Report of {CONFIG_TRICKY}\nb" in text
    paragraph = next(p for p in body_paragraphs(Document(str(path))) if p.text.startswith("Report of"))
    assert paragraph.text == f"Report of {CONFIG_TRICKY}\nb"
    assert Document(str(path)).core_properties.title == f"{CONFIG_TRICKY}\nb"


def test_snippet_text_appears_exactly_and_is_never_evaluated(project: Path) -> None:
    snippet = project / "inputs" / "cabinet" / "purpose.md"
    point_snippet(project, "inputs/cabinet/purpose.docx", "inputs/cabinet/purpose.md")
    snippet.write_text(f"{TRICKY}\x0bb {{% for i in range(3) %}}loop{{% endfor %}}\x00\x1f\n", encoding="utf-8")
    result = run_bvpp(project, "build", "cabinet")
    assert result.exit_code == 0, result.stderr
    path = paper(project, "cabinet")
    text = pandoc_text(path)
    assert f"{TRICKY}\nb {{% for i in range(3) %}}loop{{% endfor %}}\n" in text
    assert "looploop" not in text
    body = xml_part(path)
    purpose = body.xpath("//w:p[w:r/w:t[starts-with(., 'R&D')]]", namespaces=NS)
    assert len(purpose) == 1
    assert purpose[0].xpath("count(.//w:br)", namespaces=NS) == 1  # the vertical tab


def test_fact_values_are_data_too(project: Path) -> None:
    edit_config(project, lambda t: t.replace(
        'name = "Hertfordshire County Council"', 'name = "Herts *County* [[council.name]] {{ x }} <b>"'
    ))
    (project / "inputs" / "plan" / "cpa.md").write_text("Rated: [[council.name]]\n", encoding="utf-8")
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    assert "Rated: Herts *County* [[council.name]] {{ x }} <b>" in pandoc_text(paper(project, "plan"))


def test_literal_double_brackets_can_be_written(project: Path) -> None:
    (project / "inputs" / "plan" / "cpa.md").write_text("Write \\[[plan.year]] to get [[plan.year]].\n", encoding="utf-8")
    result = run_bvpp(project, "build", "plan")
    assert result.exit_code == 0, result.stderr
    assert "Write [[plan.year]] to get 2003/04." in pandoc_text(paper(project, "plan"))


def read_markdown(tmp_path: Path, text: str) -> object:
    from bvpp_docgen.core.facts import make_facts
    from bvpp_docgen.read.config_toml import load_config
    from bvpp_docgen.read.markdown import read_snippet

    from .conftest import copy_example

    root = copy_example(tmp_path / "p")
    (tmp_path / "s.md").write_text(text, encoding="utf-8")
    return read_snippet(tmp_path / "s.md", "inputs/s.md", make_facts(load_config(root)))[0]


def test_markdown_fact_errors_name_the_line_of_the_reference(tmp_path: Path) -> None:
    from bvpp_docgen.errors import DocgenError

    text = "# Title\n\nFirst line\nsecond [[plan.yaer]] line\n\n| a | b |\n|---|---|\n| x | [[nope]] |\n"
    try:
        read_markdown(tmp_path, text)
    except DocgenError as exc:
        lines = str(exc).splitlines()
    assert "inputs/s.md:4: unknown fact '[[plan.yaer]]' (did you mean '[[plan.year]]'?)" in lines
    assert any(line.startswith("inputs/s.md:8: unknown fact '[[nope]]'") for line in lines)


def test_markdown_escapes_keep_brackets_literal_and_values_are_not_markdown(tmp_path: Path) -> None:
    narrative = read_markdown(tmp_path, "\\[[plan.year]], [\\[plan.year]], \\[\\[plan.year]] and *[[plan.year]]*\n")
    spans = narrative.blocks[0].spans  # type: ignore[attr-defined]
    assert "".join(s.text for s in spans) == "[[plan.year]], [[plan.year]], [[plan.year]] and 2003/04"
    assert spans[-1].italic and spans[-1].text == "2003/04"
