"""A fact written once in bvpp.toml reads the same in every paper that mentions it."""

from __future__ import annotations

from pathlib import Path

from .conftest import DOCUMENTS, edit_config, paper, run_bvpp
from .readback import pandoc_text


def texts(project: Path) -> dict[str, str]:
    return {doc: " ".join(pandoc_text(paper(project, doc)).split()) for doc in DOCUMENTS}


def test_changing_the_topic_group_date_changes_every_mention(project: Path) -> None:
    edit_config(project, lambda t: t.replace("date = 2003-05-07", "date = 2003-05-09"))
    result = run_bvpp(project, "build")
    assert result.exit_code == 0, result.stderr
    papers = texts(project)
    for doc, text in papers.items():
        assert "7 May 2003" not in text, doc
        assert "7 MAY 2003" not in text, doc
    assert papers["cabinet"].count("9 May 2003") >= 3  # purpose, conclusion, timetable
    assert "FRIDAY 9 MAY 2003 AT 10.00 A.M." in papers["topic-group"]


def test_changing_the_data_cutoff_changes_both_covering_reports(project: Path) -> None:
    edit_config(project, lambda t: t.replace("data-cutoff = 2003-05-02", "data-cutoff = 2003-05-01"))
    assert run_bvpp(project, "build").exit_code == 0
    papers = texts(project)
    for doc in ("cabinet", "topic-group"):
        assert "1 May 2003" in papers[doc]
        assert "2 May 2003" not in papers[doc]
