"""A council's first project from its answers: checked answers, the bvpp.toml and snippets written."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from bvpp_docgen.core.new_project import QUESTIONS, config_text, new_project, snippet_files
from bvpp_docgen.errors import ValidationFailed

ANSWERS = {"council": "Dacorum Borough Council", "year": "2004/2005", "cabinet-date": "2004-04-26",
           "topic-group-date": "2004-05-05", "report-of": "Head of Performance", "author": "Jo Bloggs",
           "telephone": "01442 228000"}


def test_answers_make_the_config_a_clerk_would_write() -> None:
    project = new_project({**ANSWERS, "executive-member": 'Sam "the" Member'})
    config = tomllib.loads(config_text(project))
    assert config["council"]["name"] == "Dacorum Borough Council"
    assert config["plan"]["year"] == "2004/05" and config["plan"]["title"].endswith("2004/05")
    assert config["meetings"]["cabinet"] == {"committee": "Cabinet", "date": dt.date(2004, 4, 26), "time": dt.time(14)}
    assert config["meetings"]["topic-group"]["time"] == dt.time(10)
    assert config["documents"]["cabinet"]["executive_member"] == 'Sam "the" Member'
    assert "executive_member" not in config["documents"]["topic-group"]
    named = {s["snippet"] for doc in ("cabinet", "topic-group") for s in config["documents"][doc]["sections"]}
    named |= {s["snippet"] for s in config["plan"]["sections"]}
    assert named <= set(snippet_files(project))


def test_options_add_meetings_and_override_defaults() -> None:
    answers = {k: v for k, v in ANSWERS.items() if not k.endswith("-date")}
    project = new_project({**answers, "meeting": ["cabinet=Cabinet, Executive,2004-04-26,09:30",
                                                  "topic-group=Panel,2004-05-05,18:30", "council=Council,2004-05-19,19:30"]})
    assert list(project.meetings) == ["cabinet", "topic-group", "council"]
    assert project.meetings["cabinet"].committee == "Cabinet, Executive"
    assert project.meetings["council"].time == dt.time(19, 30)


@pytest.mark.parametrize(("key", "answer", "words"), [
    ("year", "2004/06", "is not a plan year"),
    ("year", "in 2004/05", "is not a plan year"),
    ("cabinet-date", "2004-02-30", "is not a date"),
    ("cabinet-time", "25:00", "is not a time"),
    ("council", "  ", "an answer is needed"),
])
def test_every_wrong_answer_is_named_at_its_option(key: str, answer: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        new_project({**ANSWERS, key: answer, "telephone": ""})
    shown = [str(p) for p in caught.value.problems]
    assert any(line.startswith(f"bvpp init:--{key}: ") and words in line for line in shown), shown
    assert any(line.startswith("bvpp init:--telephone: ") for line in shown)  # every problem at once


def test_every_question_has_a_distinct_key() -> None:
    assert len({q.key for q in QUESTIONS}) == len(QUESTIONS)
