"""The `bvpp` command line's Typer app: parse, call the public API (`bvpp_docgen.Project`), print its report.

Run through cli.py's `main`, which answers a plain up-to-date `status` or `build` itself first.

The package's names are imported inside the commands (and load their libraries on first
use), so that `bvpp --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from . import cli_options as o
from .cli_help import ACCEPT_HELP, HELP
from .cli_options import AllOption, LabelOption, ProjectGroup, ProjectOption, show_version
from .cli_progress import progress
from .cli_run import print_build, print_check, print_diff
from .cli_run import print_json as _print_json
from .cli_run import print_warnings as _print_warnings
from .cli_run import user_errors as _user_errors

app = typer.Typer(
    name="bvpp",
    epilog=HELP["main"],
    cls=ProjectGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Build a council's Best Value Performance Plan papers from its workbooks and narrative.",
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
DocumentArg = Annotated[str, typer.Argument(help="Document id, e.g. plan.", show_default=False)]
ReferenceArg = Annotated[str, typer.Argument(help="BV82a, 'budget Education', 'CPA Education' or 'CPA category'.")]


class _State:
    project: Path = Path(".")


@app.callback()
def _main(
    project: ProjectOption = None,
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True, callback=show_version(__version__)
    )] = False,
) -> None:
    from . import Project

    _State.project = project if project is not None else Project.locate()


@app.command(help=HELP["build"])
def build(
    documents: Annotated[
        list[str] | None, typer.Argument(help="Document ids to build (default: all).", show_default=False)
    ] = None,
    label: LabelOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-render up-to-date papers as the same version (same bytes).")
    ] = False,
    discard_edits: Annotated[
        bool, typer.Option("--discard-edits", help="Put back papers edited by hand in build/ as built; keep the edited copies in build/.discarded/.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    from . import Project, UnknownDocumentError

    with _user_errors(as_json), progress(as_json) as say:
        try:
            report = Project(_State.project).build(
                documents or (), label=label, force=force, discard_edits=discard_edits, progress=say
            )
        except UnknownDocumentError as exc:
            hint = exc.location.key if exc.location and exc.location.key else "DOCUMENTS"
            raise typer.BadParameter(exc.message, param_hint=hint) from None
    print_build(report, as_json)


@app.command(help=HELP["status"])
def status(as_json: JsonOption = False, everything: AllOption = False) -> None:
    from . import Project

    with _user_errors(as_json):
        report = Project(_State.project).status()
    _print_json(report.to_json()) if as_json else typer.echo("\n".join(report.lines(everything)))


@app.command(help=HELP["versions"])
def versions(
    document: Annotated[str | None, typer.Argument(help="Document id (default: all).", show_default=False)] = None,
    year: Annotated[str | None, typer.Option("--year", help="An earlier plan year (e.g. 2003/04), kept by 'bvpp new-year'.",
                                             show_default=False)] = None,
    as_json: JsonOption = False,
    everything: AllOption = False,
) -> None:
    from . import Project, UnknownDocumentError

    with _user_errors(as_json):
        try:
            report = Project(_State.project).versions(document, year=year)
        except UnknownDocumentError as exc:
            raise typer.BadParameter(exc.message, param_hint="DOCUMENT") from None
    _print_json(report.to_json()) if as_json else typer.echo("\n".join(report.lines(everything)))


@app.command(help=HELP["diff"])
def diff(
    document: Annotated[str, typer.Argument(help="Document id, e.g. plan.", show_default=False)],
    old: Annotated[int | None, typer.Option("--from", help="The earlier version (default: the one before --to).")] = None,
    new: Annotated[int | None, typer.Option("--to", help="The later version (default: the latest).")] = None,
    as_json: JsonOption = False,
) -> None:
    from . import Project

    with _user_errors(as_json), progress(as_json) as say:
        report = Project(_State.project).diff(document, old, new, progress=say)
    print_diff(report, document, as_json)


@app.command(help=HELP["explain"])
def explain(document: DocumentArg, reference: ReferenceArg, as_json: JsonOption = False) -> None:
    from . import Project

    with _user_errors(as_json):
        report = Project(_State.project).explain(document, reference)
    _print_json(report.to_json()) if as_json else typer.echo("\n".join(report.lines()))


@app.command(help=HELP["publish"])
def publish(
    documents: Annotated[list[str] | None, typer.Argument(help="Document ids to publish (default: all).", show_default=False)] = None,
    version: Annotated[int | None, typer.Option("--version", help="The recorded version to publish (default: the latest).")] = None,
    as_json: JsonOption = False,
) -> None:
    from . import Project

    with _user_errors(as_json), progress(as_json) as say:
        report = Project(_State.project).publish(documents or (), version=version, progress=say)
    if as_json:
        _print_json(report.to_json())
        return
    _print_warnings(report.warnings)
    for result in report.documents:
        typer.echo(f"{result.status:>17}  {result.document:<12} v{result.version}  {result.path}")


@app.command(help=HELP["pack"])
def pack(meeting: Annotated[str, typer.Argument(help="The meeting's key in bvpp.toml, e.g. cabinet.")], as_json: JsonOption = False) -> None:
    from . import Project

    with _user_errors(as_json):
        report = Project(_State.project).pack(meeting, progress=(lambda _m: None) if as_json else (lambda m: typer.echo(m, err=True)))
    _print_json(report.to_json()) if as_json else typer.echo(f"{report.status:>14}  {report.path}  ({report.pages} pages)")


@app.command(help=HELP["check"])
def check(
    as_json: JsonOption = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on any warning, requirement of the guidance not met, or accessibility problem.")
    ] = False,
) -> None:
    from . import Project

    with _user_errors(as_json), progress(as_json) as say:
        report = Project(_State.project).check(progress=say)
    code = print_check(report, as_json, strict)
    if code:
        raise typer.Exit(code)


@app.command(help=HELP["init"])
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create (must be new or empty).", file_okay=False)],
    example: o.ExampleOption = False, council: o.CouncilOption = None, year: o.YearOption = None,
    meeting: o.MeetingOption = None, report_of: o.ReportOfOption = None, author: o.AuthorOption = None,
    telephone: o.TelephoneOption = None, executive_member: o.MemberOption = None,
) -> None:
    from . import Project

    given = {"council": council, "year": year, "report-of": report_of, "author": author, "telephone": telephone,
             "executive-member": executive_member, "meeting": meeting}
    options = {key: value for key, value in given.items() if value}
    with _user_errors(False):
        Project.init(directory, None if example else options or (lambda: o.ask(Project.init_questions())))
    written = sum(1 for p in directory.rglob("*") if p.is_file())
    typer.echo(f"created {directory} ({written} files); next: bvpp build --project {directory}")


@app.command("new-year", help=HELP["new_year"])
def new_year(
    into: Annotated[Path | None, typer.Option("--into", help="Make next year's project in this new folder instead.",
                                              file_okay=False, show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    as_json: JsonOption = False,
) -> None:
    from . import Project

    with _user_errors(as_json):
        report = Project.open(_State.project).new_year(into=into, dry_run=dry_run)
    if as_json:
        _print_json(report.to_json())
        return
    head = f"{report.root}: the {report.old_year} plan moved on to {report.new_year}"
    typer.echo(head + (" (dry run: nothing written)" if report.dry_run else ""))
    for line in (*report.changes, *(f"kept {path} as it was" for path in report.kept)):
        typer.echo(f"  {line}")
    for notice in report.todo:
        typer.echo(f"to do: {notice.message}")


@app.command(help=HELP["absorb"])
def absorb(
    file: Annotated[Path, typer.Argument(help="The paper sent back (.docx).", dir_okay=False, show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    accept_changes: Annotated[bool, typer.Option("--accept-changes", help=ACCEPT_HELP)] = False,
    as_json: JsonOption = False,
) -> None:
    from . import Project, plural

    with _user_errors(as_json):
        report = Project.open(_State.project).absorb(file, dry_run=dry_run, accept_changes=accept_changes)
    if as_json:
        _print_json(report.to_json())
        return
    _print_warnings(report.warnings)
    would = "would be " if report.dry_run else ""
    typer.echo(f"{report.path}: {report.document} v{report.version}" + (" (dry run: nothing written)" if report.dry_run else ""))
    for s in (s for s in report.snippets if s.status != "unchanged" or s.message):
        kept = f" (kept the old one as {s.kept})" if s.kept and not report.dry_run else ""
        typer.echo(f"{would + s.status if s.status == 'absorbed' else s.status:>12}  {s.snippet}: {s.message}{kept}")
    unchanged = sum(1 for s in report.snippets if s.status == "unchanged" and not s.message)
    typer.echo(f"{'unchanged':>12}  {plural(unchanged, 'snippet')}")
    for notice in report.reported:
        typer.echo(f"not absorbed: {notice.message}")


@app.command(help=HELP["watch"])
def watch(
    documents: Annotated[list[str] | None, typer.Argument(help="Document ids to watch (default: all).", show_default=False)] = None,
    publish: Annotated[bool, typer.Option("--publish", help="Also export each new paper's PDF.")] = False,
    draft: Annotated[bool, typer.Option("--draft", help="Write previews to build/.preview/; record no version.")] = False,
) -> None:
    from . import Project, UnknownDocumentError

    def show(event: Any) -> None:
        typer.echo(event.message, err=event.kind in ("problem", "warning", "busy", "watching", "stopped"))
        sys.stdout.flush()  # a line per save, as it happens, even into a pipe

    with _user_errors(False):
        try:
            Project(_State.project).watch(documents or (), draft=draft, publish=publish, on_event=show)
        except UnknownDocumentError as exc:
            raise typer.BadParameter(exc.message, param_hint="DOCUMENTS") from None


workbook_app = typer.Typer(no_args_is_help=True, help=HELP["workbook"])
app.add_typer(workbook_app, name="workbook")


@workbook_app.command("new", help=HELP["workbook_new"])
def workbook_new(
    path: Annotated[Path, typer.Argument(help="Where to write the .xlsx (must not exist yet).", dir_okay=False)],
    plan_data: Annotated[bool, typer.Option("--plan-data", help="Write the Budget, CPA, Improvements and LPSA sheets instead.")] = False,
) -> None:
    from . import Project

    with _user_errors(False):
        Project.open(_State.project).new_workbook(path, plan_data=plan_data)
    tables = "[budget], [cpa] and [improvements]" if plan_data else "[indicators]"
    typer.echo(f"wrote {path}; fill it in, name it in bvpp.toml {tables}, then run: bvpp check")


