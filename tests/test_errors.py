"""A user's mistake gives exit code 1, one line naming the place, no traceback, no file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import edit_config, run_bvpp


def remove_line(pattern: str):
    return lambda text: re.sub(pattern + r".*\n", "", text, count=1)


def replace(old: str, new: str):
    return lambda text: text.replace(old, new, 1)


CASES = {
    "missing key": (
        remove_line(r'author = "Judith Sharples"'),
        "bvpp.toml:documents.cabinet.author: field required",
    ),
    "wrong type": (
        replace("time = 14:00:00\nagenda_item = 4", 'time = "teatime"\nagenda_item = 4'),
        "bvpp.toml:meetings.cabinet.time: 'teatime' is not a time bvpp reads: write time = 14:00:00 (24-hour clock, without quotes)",
    ),
    "unknown key with a hint": (
        replace('telephone = "01992 588318"\nexecutive_member', 'telephone = "01992 588318"\nexecutiv_member'),
        None,  # two problems: the misspelt key and the optional key is simply absent -> one line
    ),
    "unknown key in an optional table, with a hint": (
        replace('sheet = "Budget"', 'sheet = "Budget"\nworkbok = "x.xlsx"'),
        "bvpp.toml:budget.workbok: unknown key (did you mean 'workbook'?)",
    ),
    "missing snippet": (
        replace('"inputs/cabinet/purpose.docx"', '"inputs/cabinet/purpos.docx"'),
        "bvpp.toml:documents.cabinet.sections#1.snippet: snippet file 'inputs/cabinet/purpos.docx' not found",
    ),
    "bad financial year": (
        replace('year = "2003/04"', 'year = "2003/05"'),
        "bvpp.toml:plan.year: '2003/05' is not a financial year: the second year must follow the first",
    ),
    "unknown meeting": (
        replace('meeting = "topic-group"', 'meeting = "topic-grup"'),
        "bvpp.toml:documents.topic-group.meeting: no meeting 'topic-grup' in [meetings] (did you mean 'topic-group'?)",
    ),
    "invalid TOML": (
        replace("[council]", "[council"),
        "bvpp.toml:{line}: invalid TOML: expected ']' at the end of a table declaration",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_config_mistake_is_one_located_line(project: Path, case: str) -> None:
    edit, expected = CASES[case]
    edit_config(project, edit)
    result = run_bvpp(project, "build")
    assert result.exit_code == 1, result.stdout
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    if expected is None:
        expected = "bvpp.toml:documents.cabinet.executiv_member: unknown key (did you mean 'executive_member'?)"
    config_lines = (project / "bvpp.toml").read_text(encoding="utf-8").splitlines()
    line = next((i for i, text in enumerate(config_lines, start=1) if text == "[council"), None)
    assert lines == [expected.format(line=line)]
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "build").exists()


def test_unknown_template_variable_names_template_and_tag(project: Path) -> None:
    snippet_free = project / "templates" / "covering-report.docx"
    rewrite_template_text(snippet_free, "Report of {{ document.report_of }}", "Report of {{ document.reprt_of }}")
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "templates/covering-report.docx:{{ document.reprt_of }}: unknown variable 'reprt_of'",
    ]
    assert not (project / "build").exists()


def test_unknown_top_level_variable_suggests_the_nearest(project: Path) -> None:
    rewrite_template_text(project / "templates" / "plan.docx", "{{ document.status }}", "{{ documnt.status }}")
    result = run_bvpp(project, "check")
    assert result.stderr.splitlines() == [
        "templates/plan.docx:{{ documnt.status }}: unknown variable 'documnt' (did you mean 'document'?)",
    ]
    assert result.exit_code == 1


def test_template_code_cannot_escape_the_sandbox(project: Path) -> None:
    rewrite_template_text(
        project / "templates" / "plan.docx",
        "{{ document.status }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    )
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/plan.docx:")
    assert "Traceback" not in result.stderr
    assert not (project / "build").exists()


def test_every_problem_is_reported_at_once(project: Path) -> None:
    edit_config(project, replace('"inputs/cabinet/purpose.docx"', '"inputs/cabinet/a.md"'))
    edit_config(project, replace('"inputs/cabinet/conclusion.docx"', '"inputs/cabinet/b.md"'))
    (project / "inputs" / "plan" / "cpa.md").write_text("Scored [[council.nam]].\n", encoding="utf-8")
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bvpp.toml:documents.cabinet.sections#1.snippet: snippet file 'inputs/cabinet/a.md' not found",
        "bvpp.toml:documents.cabinet.sections#2.snippet: snippet file 'inputs/cabinet/b.md' not found",
        "inputs/plan/cpa.md:1: unknown fact '[[council.nam]]' (did you mean '[[council.name]]'?)",
    ]


def test_missing_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run_bvpp(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("bvpp.toml: no project configuration here")


def test_unknown_document_is_wrong_usage(project: Path) -> None:
    result = run_bvpp(project, "build", "cabinett")
    assert result.exit_code == 2
    assert "no document 'cabinett' in this project (documents: cabinet, topic-group, plan)" in result.stderr
    assert not (project / "build").exists()


def test_a_template_that_is_not_a_docx_is_reported(project: Path) -> None:
    (project / "templates" / "plan.docx").write_text("not a zip", encoding="utf-8")
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/plan.docx: not a Word .docx file (it is not a zip package)")
    assert not (project / "build").exists()


def test_unwritable_build_folder_is_reported(project: Path) -> None:
    (project / "build").write_text("a file where the folder should be", encoding="utf-8")
    result = run_bvpp(project, "build")
    assert result.exit_code == 1
    assert result.stderr == "build: is a file, not a folder: move it away, then build again\n"
    assert (project / "build").read_text(encoding="utf-8") == "a file where the folder should be"


def rewrite_template_text(path: Path, old: str, new: str) -> None:
    """Change text inside a template's document.xml (as an author editing in Word would)."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    old_xml, _new_xml = (s.replace("'", "&apos;") for s in (old, new))
    assert old in xml or old_xml in xml, f"{old!r} not found in {path.name}"
    parts["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
