"""The `bvpp` command line's entry point: the plainest command lines are run without Typer.

An up-to-date `bvpp status` or `bvpp build` is answered from the stamp (build/.cache/stamp.json);
a plain `bvpp build`, `bvpp check` or `bvpp diff DOC` the stamp cannot answer is run through the
public API and printed by cli_run.py, as the Typer app prints it (Typer's parsing costs a large
plan's build a twentieth of its time). Every other command line goes to the Typer app in
cli_app.py, which answers it as it always has.

Only the plainest command lines take the short way (`status` with `--json`/`--all`, `build` with
document ids and `--json`, `check` with `--json`/`--strict`, `diff` with one document id and
`--json`, `--project DIR` before or after the command): anything else, such as `--help`,
`--label`, `--from` or an option this module does not know, is left to Typer, so that usage
errors and help read exactly as they do there; so is a document id the project does not define.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

PROJECT_FLAGS = ("--project", "-p")  # as cli_options.py names them
OPTIONS = {"status": {"--json", "--all"}, "build": {"--json"}, "check": {"--json", "--strict"}, "diff": {"--json"}}
ARGUMENTS = {"status": range(0, 1), "build": range(0, sys.maxsize), "check": range(0, 1), "diff": range(1, 2)}


def __getattr__(name: str) -> Any:
    """Return the Typer app (`bvpp_docgen.cli.app`) from cli_app.py, loading Typer on first use."""
    if name == "app":
        from .cli_app import app

        return app
    raise AttributeError(f"module 'bvpp_docgen.cli' has no attribute {name!r}")


def main() -> None:
    """Run the `bvpp` command line."""
    if "watch" not in sys.argv[1:]:
        # A command runs once and exits. Python's full collections walk every object a large load keeps (a
        # tenth of a 5,000-indicator build) and find next to nothing to free; young objects are still
        # collected as usual. `bvpp watch` lives for hours and keeps Python's thresholds.
        gc.set_threshold(700, 10, 1000)
    try:
        _main()
    finally:
        # The process ends here. Python's collections at exit would walk every object the command kept (a tenth
        # of a 5,000-indicator build's time) to free what exiting frees anyway; objects are still released.
        gc.freeze()


def _main() -> None:
    try:
        if _answered(sys.argv[1:]):
            return
    except BrokenPipeError:  # the reader went away (`bvpp status | head -1`): exit 1 quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # Ctrl-C: exit 130 quietly, as Typer does
        sys.exit(130)
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
        elif arg.startswith("-"):
            return None
        else:
            arguments.append(arg)
    if len(arguments) not in ARGUMENTS[command]:
        return None
    return project, command, flags, arguments


def _answered(args: list[str]) -> bool:
    """Run a plain command line (an up-to-date `status` or `build` from the stamp) and return True; False leaves it to Typer."""
    plain = plain_command(args)
    if plain is None:
        return False
    project, command, flags, arguments = plain
    if project is not None and project.is_file():
        return False  # Typer says what is wrong with it
    from . import DocgenError, Project

    try:
        root = project if project is not None else Project.locate()
        if command == "status":
            report: Any = Project(root).stamped_status()
        elif command == "build":
            report = Project(root).stamped_build(arguments)
        else:
            report = None
    except DocgenError:
        return False  # the full command meets the same problem and reports it as it always has
    if report is None:  # the stamp cannot answer: status goes to Typer, build, check and diff run here in full
        return command != "status" and _run(root, command, flags, arguments)
    as_json = "--json" in flags
    if command == "status":
        _out(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if as_json else "\n".join(report.lines("--all" in flags)))
    else:
        from .cli_run import print_build

        print_build(report, as_json)
    return True


def _run(root: Path, command: str, flags: set[str], arguments: list[str]) -> bool:
    """Run a plain `build`, `check` or `diff` in full, printing as the Typer app does; False for an unknown document id."""
    from . import Project, UnknownDocumentError
    from .cli_progress import progress
    from .cli_run import print_build, print_check, print_diff, user_errors

    as_json = "--json" in flags
    with user_errors(as_json), progress(as_json) as say:
        try:
            if command == "build":
                report: Any = Project(root).build(arguments, progress=say)
            elif command == "check":
                report = Project(root).check(progress=say)
            else:
                report = Project(root).diff(arguments[0], None, None, progress=say)
        except UnknownDocumentError:
            return False  # Typer says it as a usage error, naming the argument
    if command == "build":
        print_build(report, as_json)
    elif command == "diff":
        print_diff(report, arguments[0], as_json)
    elif code := print_check(report, as_json, "--strict" in flags):
        raise SystemExit(code)
    return True


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
