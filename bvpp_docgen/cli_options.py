"""The `bvpp` command line's shared options and argument handling, kept apart from cli.py's commands.

Imports nothing of the package: cli.py gives it what it needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

PROJECT_FLAGS = ("--project", "-p")


def project_first(args: list[str]) -> list[str]:
    """Move `--project DIR` (`-p DIR`, `--project=DIR`) written after the command to the front,
    where the main options are read, so `bvpp build --project DIR` works as `bvpp --project DIR build`.
    Nothing after `--` moves."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg in PROJECT_FLAGS and i + 1 < len(args):
            front += args[i:i + 2]
            i += 2
            continue
        if arg.startswith("--project="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


class ProjectGroup(TyperGroup):
    """The main `bvpp` group: accepts --project before or after the command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        return super().parse_args(ctx, project_first(args))


def show_version(version: str) -> Any:
    """Return an eager `--version` callback that prints `bvpp VERSION` and exits (no command needed)."""

    def callback(value: bool) -> None:
        if value:
            typer.echo(f"bvpp {version}")
            raise typer.Exit(0)

    return callback


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project", "-p", show_default=False, file_okay=False,
        help="The project folder (holding bvpp.toml), before or after the command. "
        "Default: the nearest folder upward from here that holds bvpp.toml.",
    ),
]
LabelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--label", show_default=False,
        help="Label for the versions this build makes: TEXT for every paper, or ID=TEXT for one paper "
        "(repeatable; a paper's own label wins), e.g. cabinet='Cabinet 28 April'.",
    ),
]
AllOption = Annotated[
    bool, typer.Option("--all", help="List every change (a long one wrapped onto lines of its own), not a summary.")
]


def ask(questions: Any) -> dict[str, str]:
    """Ask each question: on a terminal, again until the answer is valid; piped, one line each
    (an empty line or the end takes the default; `bvpp init` then reports every problem at once)."""
    import sys

    answers: dict[str, str] = {}
    for q in questions:
        if sys.stdin.isatty():
            while True:
                answer = typer.prompt(q.prompt, default=q.default, show_default=bool(q.default))
                problem = q.problem(answer)
                if not problem:
                    break
                typer.echo(f"  {problem}", err=True)
        else:
            answer = sys.stdin.readline().strip() or (q.default or "")
        answers[q.key] = answer
    return answers


def _text(name: str, help_text: str) -> Any:
    return Annotated[str | None, typer.Option(name, help=help_text, show_default=False)]


ExampleOption = Annotated[bool, typer.Option("--example", help="Copy the Hertfordshire 2003/04 example project instead.")]
CouncilOption = _text("--council", "The council's name (with the options below: no questions asked).")
YearOption = _text("--year", "The plan year, e.g. 2004/05.")
MeetingOption = Annotated[list[str] | None, typer.Option(
    "--meeting", show_default=False,
    help="A meeting as ID=COMMITTEE,DATE,TIME (repeatable; cabinet and topic-group needed), "
    "e.g. cabinet=Cabinet,2004-04-26,14:00.")]
ReportOfOption = _text("--report-of", "The officer the reports are from.")
AuthorOption = _text("--author", "The reports' author (the contact officer).")
TelephoneOption = _text("--telephone", "The author's telephone number.")
MemberOption = _text("--executive-member", "The executive member named on the Cabinet report (optional).")
