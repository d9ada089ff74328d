"""The `bvpp` command line: a thin layer over the pipeline.

Heavy libraries (docxtpl, python-docx, pydantic) are imported inside the commands, so
that `bvpp --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__

app = typer.Typer(
    name="bvpp",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Build a council's Best Value Performance Plan papers from its workbooks and narrative.",
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


class _State:
    project: Path = Path(".")


@app.callback()
def _main(
    project: Annotated[
        Path,
        typer.Option("--project", "-p", help="The project folder (holding bvpp.toml).", file_okay=False),
    ] = Path("."),
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Build a council's Best Value Performance Plan papers from its workbooks and narrative.

    Run the commands from a project folder, or name it with --project.
    """
    if version:
        typer.echo(f"bvpp {__version__}")
        raise typer.Exit(0)
    _State.project = project


@app.command()
def build(
    documents: Annotated[
        list[str] | None, typer.Argument(help="Document ids to build (default: all).", show_default=False)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Build the named papers, or all of them, into build/.

    Everything is read and checked first; nothing is written unless every paper renders.

    Examples:

      bvpp build

      bvpp build cabinet topic-group

      bvpp --project ../herts-2004 build --json
    """
    from .pipeline import UnknownDocumentError, build as run_build

    with _user_errors(as_json):
        try:
            results = run_build(_State.project, documents or ())
        except UnknownDocumentError as exc:
            raise typer.BadParameter(exc.message, param_hint="DOCUMENTS") from None
    if as_json:
        _print_json({"ok": True, "documents": [_asdict(r) for r in results]})
        return
    for result in results:
        typer.echo(f"{result.status:>8}  {result.document:<12} {result.path}")


@app.command()
def check(as_json: JsonOption = False) -> None:
    """Load and validate every input and template without writing anything.

    Exit code 1, with one line per problem, if anything needs fixing.

    Examples:

      bvpp check

      bvpp check --json
    """
    from .pipeline import check as run_check

    with _user_errors(as_json):
        report = run_check(_State.project)
    if as_json:
        _print_json({"ok": True, "problems": [], **_asdict(report)})
        return
    typer.echo(
        f"ok: {len(report.documents)} document(s), {len(report.templates)} template(s), "
        f"{len(report.snippets)} snippet(s) checked"
    )


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create (must be new or empty).", file_okay=False)],
) -> None:
    """Create a new project folder: bvpp.toml, templates and sample inputs, ready to build.

    Refuses to touch a folder that already holds files.

    Examples:

      bvpp init herts-2004

      bvpp --project herts-2004 build
    """
    from .project import init_project

    with _user_errors(False):
        written = init_project(directory)
    typer.echo(f"created {directory} ({len(written)} files); next: bvpp --project {directory} build")


@contextmanager
def _user_errors(as_json: bool) -> Iterator[None]:
    """Print user-fixable errors one per line (or as JSON) and exit 1; no traceback."""
    from .errors import DocgenError

    try:
        yield
    except DocgenError as exc:
        problems = list(exc.problems)
        if as_json:
            _print_json(
                {
                    "ok": False,
                    "problems": [
                        {"location": str(p.location) if p.location else None, "message": p.message} for p in problems
                    ],
                }
            )
        for problem in problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None


def _asdict(obj: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(obj)


def _print_json(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    """Run the `bvpp` command line."""
    app()
