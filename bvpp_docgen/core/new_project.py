"""A council's first project: the questions `bvpp init` asks, their answers checked, and the
bvpp.toml and placeholder snippets written from them (pure: text in, text out)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import DocgenError, Location, ProjectError, ValidationFailed
from .formats import find_financial_year


@dataclass(frozen=True, slots=True)
class Question:
    """One question `bvpp init` asks; `key` is also its option (`--KEY`); `default` None: an answer is needed."""

    key: str
    prompt: str
    default: str | None = None

    def problem(self, answer: str) -> str | None:
        """Return what is wrong with `answer` (with what to write instead), or None."""
        if not answer.strip() and self.default is None:
            return "an answer is needed"
        return _CHECKS.get(self.key.rpartition("-")[2], _needed)(answer.strip())


MEETING_FIELDS = ("committee", "date", "time")
FIRST_MEETINGS = {"cabinet": ("Cabinet", "14:00"), "topic-group": ("Best Value Performance Plan Topic Group", "10:00")}
QUESTIONS = (
    Question("council", "The council's name (e.g. Hertfordshire County Council)"),
    Question("year", "The plan year (e.g. 2004/05)"),
    *(q for meeting, (committee, time) in FIRST_MEETINGS.items() for q in (
        Question(f"{meeting}-committee", f"The {meeting} meeting: committee", committee),
        Question(f"{meeting}-date", f"The {meeting} meeting: date (YYYY-MM-DD, e.g. 2004-04-26)"),
        Question(f"{meeting}-time", f"The {meeting} meeting: time (24-hour, e.g. {time})", time),
    )),
    Question("report-of", "The officer the reports are from (e.g. Assistant Chief Executive (Performance))"),
    Question("author", "The reports' author, the officer to contact"),
    Question("telephone", "The author's telephone number"),
    Question("executive-member", "The executive member for performance (Enter for none)", ""),
)


@dataclass(frozen=True, slots=True)
class Meeting:
    committee: str
    date: dt.date
    time: dt.time


@dataclass(frozen=True, slots=True)
class NewProject:
    """The answers, checked: what a new council's bvpp.toml says."""

    council: str
    year: str
    meetings: dict[str, Meeting]
    report_of: str
    author: str
    telephone: str
    executive_member: str


def _needed(answer: str) -> str | None:
    return None if answer else "an answer is needed"


def _year(answer: str) -> str | None:
    found = find_financial_year(answer)
    if not answer or found is None or found.label is None or found.start or found.end != len(answer):
        return f"{answer!r} is not a plan year: write the financial year as 2004/05"
    return None


def _date(answer: str) -> str | None:
    try:
        dt.date.fromisoformat(answer)
    except ValueError:
        return f"{answer!r} is not a date: write it as YYYY-MM-DD, e.g. 2004-04-26"
    return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", answer) else f"write {answer!r} as YYYY-MM-DD, e.g. 2004-04-26"


def _time(answer: str) -> str | None:
    if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", answer):
        return None
    return f"{answer!r} is not a time: write it on the 24-hour clock as HH:MM, e.g. 14:00"


def _optional(answer: str) -> str | None:
    return None


_CHECKS: dict[str, Callable[[str], str | None]] = {"year": _year, "date": _date, "time": _time, "member": _optional}


def meeting_answers(options: Sequence[str]) -> tuple[dict[str, str], list[DocgenError]]:
    """Return the answers `--meeting ID=COMMITTEE,DATE,TIME` options give (`cabinet-date`: ...), and their problems."""
    answers: dict[str, str] = {}
    problems: list[DocgenError] = []
    for option in options:
        meeting, sep, rest = option.partition("=")
        fields = rest.rsplit(",", 2)
        if not sep or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meeting) or len(fields) != 3:
            msg = f"{option!r}: write a meeting as ID=COMMITTEE,DATE,TIME, e.g. cabinet=Cabinet,2004-04-26,14:00"
            problems.append(ProjectError(msg, location=Location("bvpp init", key="--meeting")))
            continue
        answers.update({f"{meeting}-{name}": value.strip() for name, value in zip(MEETING_FIELDS, fields, strict=True)})
    return answers, problems


def new_project(answers: Mapping[str, str | Sequence[str]]) -> NewProject:
    """Check the answers (each question's key, `meeting`: the `--meeting` options); raise every problem at once."""
    given = {k: v.strip() for k, v in answers.items() if isinstance(v, str)}
    from_options, problems = meeting_answers(list(answers.get("meeting", ())))
    given.update(from_options)
    for question in QUESTIONS:
        answer = given.get(question.key) or question.default or ""
        given[question.key] = answer
        problem = question.problem(answer)
        meeting, _, field = question.key.rpartition("-")
        if problem and "meeting" in answers and field in MEETING_FIELDS:  # options: the meeting is one --meeting
            msg = f"{question.prompt}: {problem} (give --meeting {meeting}=COMMITTEE,DATE,TIME)"
            problems.append(ProjectError(msg, location=Location("bvpp init", key="--meeting")))
        elif problem:
            problems.append(ProjectError(f"{question.prompt}: {problem}", location=Location("bvpp init", key=f"--{question.key}")))
    meeting_ids = list(dict.fromkeys(k.rpartition("-")[0] for k in given if k.endswith(("-committee", "-date", "-time"))))
    for meeting in meeting_ids:
        for name in MEETING_FIELDS:
            key = f"{meeting}-{name}"
            problem = (Question(key, key).problem(given.get(key, "")))
            if problem and meeting not in FIRST_MEETINGS:
                problems.append(ProjectError(f"meeting {meeting!r}: {name}: {problem}", location=Location("bvpp init", key="--meeting")))
    if not problems:
        problems += _dated_in_plan_year(given, meeting_ids)
    if problems:
        raise ValidationFailed(problems)
    found = find_financial_year(given["year"])
    assert found is not None and found.label is not None
    meetings = {m: Meeting(given[f"{m}-committee"], dt.date.fromisoformat(given[f"{m}-date"]),
                           dt.time.fromisoformat(given[f"{m}-time"])) for m in meeting_ids}
    return NewProject(given["council"], found.label, meetings, given["report-of"], given["author"],
                      given["telephone"], given["executive-member"])


def _dated_in_plan_year(given: Mapping[str, str], meeting_ids: Sequence[str]) -> list[DocgenError]:
    found = find_financial_year(given["year"])
    assert found is not None and found.label is not None
    start = dt.date(int(found.label[:4]), 4, 1)
    problems: list[DocgenError] = []
    for meeting in meeting_ids:
        date = dt.date.fromisoformat(given[f"{meeting}-date"])
        if abs((date - start).days) > 366:
            msg = (f"the {meeting} meeting's date {date.isoformat()} is more than a year from the start of the "
                   f"{found.label} plan year (1 April {start.year}): check the year")
            problems.append(ProjectError(msg, location=Location("bvpp init", key=f"--{meeting}-date")))
    return problems


def toml_string(text: str) -> str:
    """Return `text` as a TOML basic string."""
    return json.dumps(text, ensure_ascii=False)


# The plan's sections for a new council: (id, title, content, what its placeholder says belongs there).
SECTIONS = (
    ("contents", "Contents", "contents", "A sentence before the contents list, if any (or leave this file empty)."),
    ("promises", "Our promises for the year ahead", "promises",
     "Introduce the council's promises for [[plan.year]]: who agreed them and when."),
    ("promise-statements", "Strategic objectives, recent achievements and actions for [[plan.year]]", "promise-details",
     "Introduce the statements that follow: for each promise, its strategic objectives, what was achieved "
     "in [[plan.outturn_year]] and the actions planned for [[plan.year]]."),
    ("workforce", "Statement on contracts and workforce matters", "workforce",
     "List in bvpp.toml ([workforce] contracts) any contract awarded in [[plan.outturn_year]] that "
     "transferred staff; the statement follows."),
    ("performance", "Performance data and targets", "indicator-annex",
     "Say where the figures come from and when they were taken; the indicator tables follow, from "
     "inputs/indicators.xlsx."),
)
PROMISE_PARTS = {
    "objectives": "The strategic objectives behind this promise.",
    "achievements": "What the council achieved towards this promise in [[plan.outturn_year]].",
    "actions": "The actions the council will take in [[plan.year]], with dates and who is responsible.",
}
REPORT_SECTIONS = {
    "cabinet": (("Purpose of the report", "Why the draft plan comes to [[meetings.cabinet.committee]], and what it is asked to agree."),
                ("Recommendations", "What [[meetings.cabinet.committee]] is asked to decide."),
                ("Timetable", "How the plan will be finalised and published after this meeting.")),
    "topic-group": (("Purpose of the report", "What the draft sections of the [[plan.year]] plan are, and why they come to "
                     "the Topic Group."),
                    ("What the Topic Group is asked to do", "The questions the Topic Group is asked to consider."),
                    ("Next steps", "What happens to the Topic Group's comments.")),
}


def placeholder(what: str) -> str:
    """Return a placeholder snippet (Markdown) saying what belongs in it."""
    return f"*To write: {what}*\n\nReplace this text (Markdown, or a Word file of the same name ending .docx).\n"


def snippet_files(project: NewProject) -> dict[str, str]:
    """Return each placeholder snippet of the new project: path -> Markdown."""
    files = {f"inputs/plan/{sid}.md": placeholder(what) for sid, _, _, what in SECTIONS}
    files["inputs/plan/promises.md"] = (
        "In [[plan.year]] [[council.name]] promises to:\n\n" + placeholder(SECTIONS[1][3]))
    files.update({f"inputs/plan/promise-1/{part}.md": placeholder(what) for part, what in PROMISE_PARTS.items()})
    for doc, sections in REPORT_SECTIONS.items():
        files.update({f"inputs/{doc}/{_slug(heading)}.md": placeholder(what) for heading, what in sections})
    return files


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def config_text(project: NewProject) -> str:
    """Return the new project's bvpp.toml."""
    s = toml_string
    lines = [
        f"# bvpp-docgen project: {project.council}, Best Value Performance Plan {project.year}.",
        "# Every fact is written once here. Snippets name facts as [[meetings.cabinet.date]],",
        "# so changing a date below changes every mention of it in every paper.",
        "schema = 1", "", "[council]", f"name = {s(project.council)}", "",
        "[plan]", f"year = {s(project.year)}", f"title = {s('Best Value Performance Plan ' + project.year)}", "",
        "# The council's promises for the year, numbered as the papers and the workbook use them.",
        "# Each promise's objectives, achievements and actions are in inputs/plan/promise-N/.",
        "[[promises]]", "number = 1", 'title = "Our first promise (replace with the promise as agreed)"', "",
        "# The performance team's workbook: the single source of every indicator figure (docs/workbook.md).",
        "[indicators]", 'workbook = "inputs/indicators.xlsx"', 'sheet = "Indicators"', "",
        "# inputs/plan-data.xlsx holds the Budget, CPA and Improvements sheets. Once the team has filled",
        "# them in, name them here and add their sections to the plan (docs/plan.md):",
        '#   [budget]        workbook = "inputs/plan-data.xlsx"  sheet = "Budget"',
        '#   [cpa]           workbook = "inputs/plan-data.xlsx"  sheet = "CPA"  published = YYYY-MM-DD',
        '#   [improvements]  workbook = "inputs/plan-data.xlsx"  sheet = "Improvements"',
        '#   [[plan.sections]] with content = "budget", "cpa" or "improvements"', "",
        "# Contracts awarded in the outturn year that transferred staff; [] states that there were none.",
        "[workforce]", "contracts = []", "",
        "# The plan's sections in order. A covering report's appendix picks some by id.",
    ]
    for sid, title, content, _ in SECTIONS:
        shown = title.replace("[[plan.year]]", project.year)
        lines += ["[[plan.sections]]", f"id = {s(sid)}", f"title = {s(shown)}", f'snippet = "inputs/plan/{sid}.md"']
        lines += [f"content = {s(content)}", ""]
    lines.append("# The meetings the papers go to. `time` is a 24-hour clock time.")
    for mid, meeting in project.meetings.items():
        lines += [f"[meetings.{mid}]", f"committee = {s(meeting.committee)}", f"date = {meeting.date.isoformat()}",
                  f"time = {meeting.time.isoformat(timespec='seconds')}", ""]
    lines.append('# The papers. `kind = "report"` is a covering report to a meeting; `kind = "plan"` the plan.')
    for doc, sections in REPORT_SECTIONS.items():
        title = ("Draft Best Value Performance Plan " + project.year if doc == "cabinet"
                 else f"Draft Best Value Performance Plan {project.year}: scrutiny of the draft sections")
        lines += [f"[documents.{doc}]", 'kind = "report"', 'template = "templates/covering-report.docx"',
                  f"meeting = {s(doc)}", f"title = {s(title)}", f"report_of = {s(project.report_of)}",
                  f"author = {s(project.author)}", f"telephone = {s(project.telephone)}"]
        if project.executive_member and doc == "cabinet":
            lines.append(f"executive_member = {s(project.executive_member)}")
        lines.append('appendix = ["contents", "promises", "promise-statements", "performance"]')
        lines.append("sections = [")
        lines += [f'  {{ heading = {s(h)}, snippet = "inputs/{doc}/{_slug(h)}.md" }},' for h, _ in sections]
        lines += ["]", ""]
    lines += ["[documents.plan]", 'kind = "plan"', 'template = "templates/plan.docx"',
              f"title = {s('Best Value Performance Plan ' + project.year)}", 'status = "Draft for Cabinet"',
              'meeting = "cabinet"   # the status line shows this meeting\'s date']
    return "\n".join(lines) + "\n"
