"""The `bvpp` command line's entry point: an up-to-date `bvpp status` or `bvpp build` is answered
from the stamp (build/.cache/stamp.json) before Typer loads; every other command line, and any
the stamp cannot answer, goes to the Typer app in cli_app.py, which answers it as it always has.

Only the plainest command lines take the short way (`status` with `--json`/`--all`, `build` with
document ids and `--json`, `--project DIR` before or after the command): anything else, such as
`--help`, `--label` or an option this module does not know, is left to Typer, so that usage errors
and help read exactly as they do there.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

PROJECT_FLAGS = ("--project", "-p")  # as cli_options.py names them
OPTIONS = {"status": {"--json", "--all"}, "build": {"--json"}}


def __getattr__(name: str) -> Any:
    """Return the Typer app (`bvpp_docgen.cli.app`) from cli_app.py, loading Typer on first use."""
    if name == "app":
        from .cli_app import app

        return app
    raise AttributeError(f"module 'bvpp_docgen.cli' has no attribute {name!r}")


def main() -> None:
    """Run the `bvpp` command line."""
    try:
        if _answered(sys.argv[1:]):
            return
    except BrokenPipeError:  # the reader went away (`bvpp status | head -1`): exit 1 quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    from .cli_app import app

    app()


def plain_command(args: list[str]) -> tuple[Path | None, str, set[str], list[str]] | None:
    """Return (`--project` folder or None, command, flags, arguments) of a plain `status` or `build`
    command line, or None for any other, which Typer parses."""
    project: Path | None = None
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in PROJECT_FLAGS or arg.startswith("--project="):
            value = args[i + 1] if arg in PROJECT_FLAGS and i + 1 < len(args) else arg.partition("=")[2]
            if project is not None or not value or value.startswith("-") or (arg in PROJECT_FLAGS and i + 1 == len(args)):
                return None
            project = Path(value)
            i += 2 if arg in PROJECT_FLAGS else 1
            continue
        rest.append(arg)
        i += 1
    if not rest or rest[0] not in OPTIONS:
        return None
    command, flags, arguments = rest[0], set(), []
    for arg in rest[1:]:
        if arg in OPTIONS[command]:
            flags.add(arg)
        elif arg.startswith("-") or command != "build":
            return None
        else:
            arguments.append(arg)
    return project, command, flags, arguments


def _answered(args: list[str]) -> bool:
    """Print the report of a plain up-to-date `status` or `build` from the stamp and return True; else False."""
    plain = plain_command(args)
    if plain is None:
        return False
    project, command, flags, documents = plain
    if project is not None and project.is_file():
        return False  # Typer says what is wrong with it
    from . import DocgenError, Project

    try:
        root = project if project is not None else Project.locate()
        if command == "status":
            report: Any = Project(root).stamped_status()
        else:
            report = Project(root).stamped_build(documents)
    except DocgenError:
        return False  # the full command meets the same problem and reports it as it always has
    if report is None:
        return False
    as_json = "--json" in flags
    if command == "status":
        _out(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if as_json else "\n".join(report.lines("--all" in flags)))
        return True
    for notice in report.warnings:  # as cli_app.py's build prints them
        sys.stderr.write(f"warning: {notice}\n")
    if as_json:
        _out(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return True
    for line in report.lines():
        _out(line)
    return True


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
