"""A council's first project: `bvpp init` from answers piped in or from options builds at once,
passes `bvpp check` and names the council and year in every paper; `--example` is today's example."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from bvpp_docgen.cli import app

from .conftest import DOCUMENTS, EXAMPLE_PARTS, REPO, paper, run_bvpp

ANSWERS = [
    "Dacorum Borough Council", "2004-2005",  # the year as a clerk may type it
    "", "2004-04-26", "",  # cabinet: the default committee and time
    "Performance Scrutiny Panel", "2004-05-05", "18:30",
    "Head of Performance", "Jo Bloggs", "01442 228000", "",
]
OPTIONS = [
    "--council", "Dacorum Borough Council", "--year", "2004/05",
    "--meeting", "cabinet=Cabinet,2004-04-26,14:00", "--meeting", "topic-group=Performance Scrutiny Panel,2004-05-05,18:30",
    "--meeting", "council=Full Council,2004-05-19,19:30",
    "--report-of", "Head of Performance", "--author", "Jo Bloggs", "--telephone", "01442 228000",
]


def init(tmp_path: Path, *args: str, answers: list[str] | None = None) -> tuple[int, str, str]:
    piped = "".join(f"{a}\n" for a in answers) if answers is not None else ""
    result = CliRunner().invoke(app, ["init", *args], input=piped)
    return result.exit_code, result.stdout, result.stderr


def every_text(docx: Path) -> str:
    """The paper's text as a reader sees it: body, tables, headers and footers."""
    document = Document(str(docx))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


@pytest.mark.parametrize("how", ["answers", "options"])
def test_a_new_council_s_project_builds_and_names_the_council_and_year(tmp_path: Path, how: str) -> None:
    target = tmp_path / "dacorum"
    code, out, err = init(tmp_path, str(target), answers=ANSWERS) if how == "answers" else init(tmp_path, str(target), *OPTIONS)
    assert code == 0, err
    assert out.startswith(f"created {target}")
    config = (target / "bvpp.toml").read_text(encoding="utf-8")
    assert 'name = "Dacorum Borough Council"' in config and 'year = "2004/05"' in config
    assert "Hertfordshire" not in config
    assert (target / "inputs" / "indicators.xlsx").is_file() and (target / "inputs" / "plan-data.xlsx").is_file()
    snippets = sorted(p.relative_to(target).as_posix() for p in (target / "inputs").rglob("*.md"))
    assert "inputs/plan/promise-1/objectives.md" in snippets and "inputs/cabinet/purpose-of-the-report.md" in snippets
    assert all("To write:" in (target / s).read_text(encoding="utf-8") for s in snippets)

    checked = run_bvpp(target, "check")
    assert checked.exit_code == 0, checked.stderr
    built = run_bvpp(target, "build")
    assert built.exit_code == 0, built.stderr
    for doc in DOCUMENTS:
        text = every_text(paper(target, doc))
        assert "Dacorum Borough Council" in text.replace("DACORUM BOROUGH COUNCIL", "Dacorum Borough Council"), doc
        assert "2004/05" in text, doc
        assert "Hertfordshire" not in text, doc
    cabinet = every_text(paper(target, "cabinet")).upper()
    assert "MONDAY 26 APRIL 2004 AT 2.00 P.M." in cabinet
    topic = every_text(paper(target, "topic-group")).upper()
    assert "PERFORMANCE SCRUTINY PANEL" in topic and "6.30 P.M." in topic
    plain = subprocess.run(["pandoc", str(paper(target, "plan")), "-t", "plain"], capture_output=True, text=True, check=True)
    assert "In 2004/05 Dacorum Borough Council promises to:" in " ".join(plain.stdout.split())


def test_example_is_today_s_example_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "herts"
    code, _, err = init(tmp_path, str(target), "--example")
    assert code == 0, err
    for part in EXAMPLE_PARTS:
        source = REPO / part
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        for file in files:
            copied = target / file.relative_to(REPO)
            assert copied.read_bytes() == file.read_bytes(), copied


@pytest.mark.parametrize(("answer_at", "answer", "words"), [
    (1, "2004", "--year: The plan year (e.g. 2004/05): '2004' is not a plan year: write the financial year as 2004/05"),
    (3, "26/04/2004", "--cabinet-date: The cabinet meeting: date (YYYY-MM-DD, e.g. 2004-04-26): '26/04/2004' is not a date"),
    (4, "2pm", "--cabinet-time: The cabinet meeting: time (24-hour, e.g. 14:00): '2pm' is not a time: write it on the 24-hour clock as HH:MM"),
    (6, "2005-05-05", "--topic-group-date: the topic-group meeting's date 2005-05-05 is more than a year from the start of the 2004/05 plan year"),
    (9, "", "--author: The reports' author, the officer to contact: an answer is needed"),
])
def test_a_wrong_answer_is_named_and_nothing_is_written(tmp_path: Path, answer_at: int, answer: str, words: str) -> None:
    answers = list(ANSWERS)
    answers[answer_at] = answer
    code, _, err = init(tmp_path, str(tmp_path / "new"), answers=answers)
    assert code == 1
    assert f"bvpp init:{words}" in err, err
    assert sorted(tmp_path.iterdir()) == []


def test_a_badly_written_meeting_option_is_refused(tmp_path: Path) -> None:
    options = [o if o != "cabinet=Cabinet,2004-04-26,14:00" else "cabinet=Cabinet 26 April" for o in OPTIONS]
    code, _, err = init(tmp_path, str(tmp_path / "new"), *options)
    assert code == 1
    assert "bvpp init:--meeting: 'cabinet=Cabinet 26 April': write a meeting as ID=COMMITTEE,DATE,TIME" in err
    assert ("bvpp init:--meeting: The cabinet meeting: date (YYYY-MM-DD, e.g. 2004-04-26): an answer is needed "
            "(give --meeting cabinet=COMMITTEE,DATE,TIME)") in err  # and the cabinet meeting is still needed
    assert not (tmp_path / "new").exists()


def test_an_existing_project_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "dacorum"
    assert init(tmp_path, str(target), *OPTIONS)[0] == 0
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    for args in (OPTIONS, ["--example"]):
        code, _, err = init(tmp_path, str(target), *args)
        assert code == 1
        assert "folder is not empty; nothing was written" in err
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_a_folder_holding_files_is_refused_before_any_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bvpp_docgen.cli_options as options

    asked: list[str] = []
    monkeypatch.setattr(options, "ask", lambda questions: asked.append("asked") or {})
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = init(tmp_path, str(tmp_path / "mine"), answers=ANSWERS)
    assert code == 1 and "folder is not empty" in err
    assert asked == []
