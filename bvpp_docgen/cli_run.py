"""What `bvpp build`, `bvpp check` and `bvpp diff` print, and how a user's mistake is reported.

Shared by the Typer app (cli_app.py) and the short way (cli.py), which runs a plain command line
without loading Typer: both print the same lines, on the same streams, with the same exit code.
Nothing here imports Typer.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from . import plural

if TYPE_CHECKING:
    from . import BuildReport, CheckReport, DiffReport


def echo(text: str = "", err: bool = False) -> None:
    """Print one line on stdout (or stderr), flushed at once, as click's echo does."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def print_json(data: dict[str, Any]) -> None:
    """Print a report as indented JSON on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_warnings(notices: Any, strict: bool = False) -> None:
    """Print each warning on stderr, one per line, at its place; under --strict they are errors."""
    for notice in notices:
        echo(f"{'error' if strict else 'warning'}: {notice}", err=True)


@contextmanager
def user_errors(as_json: bool) -> Iterator[None]:
    """Print user-fixable errors one per line (or as JSON) and exit 1; no traceback."""
    from . import DocgenError

    try:
        yield
    except DocgenError as exc:
        problems = list(exc.problems)
        if as_json:
            shown = [{"location": str(p.location) if p.location else None, "message": p.message} for p in problems]
            print_json({"ok": False, "problems": shown})
        for problem in problems:
            echo(str(problem), err=True)
        raise SystemExit(1) from None


def print_build(report: BuildReport, as_json: bool) -> None:
    """Print a build's warnings on stderr, then its report."""
    print_warnings(report.warnings)
    if as_json:
        print_json(report.to_json())
        return
    for line in report.lines():
        echo(line)


def print_diff(report: DiffReport, document: str, as_json: bool) -> None:
    """Print what a comparison wrote and the changes it found (or that it found none)."""
    if as_json:
        print_json(report.to_json())
        return
    print_warnings(report.warnings)
    if report.path is None:
        echo(f"{document}: no differences between v{report.from_version} and v{report.to_version}; nothing written")
        return
    span = f"v{report.from_version} to v{report.to_version}"
    counts = f"{plural(report.insertions, 'insertion')}, {plural(report.deletions, 'deletion')}"
    if report.formatting:
        counts += f", {plural(report.formatting, 'formatting change')}"
    echo(f"wrote {report.path} ({span}: {counts})")
    for change in report.changes:
        echo(f"  {change}")


def print_check(report: CheckReport, as_json: bool, strict: bool) -> int:
    """Print a check's report (warnings, missing figures, the guidance, accessibility); return the exit code."""
    missing, unmet, findings = report.missing_json(), report.unmet(), report.findings()
    failed = strict and bool(report.strict_problems())
    if as_json:
        print_json(report.to_json(strict=strict))
        return 1 if failed else 0
    print_warnings(report.warnings, strict)
    echo(f"ok: {plural(len(report.documents), 'document')}, {plural(len(report.templates), 'template')}, "
         f"{plural(len(report.snippets), 'snippet')}, {plural(report.indicators, 'indicator')} checked")
    if missing:
        total = sum(len(items) for items in missing.values())
        echo(f"still missing: {plural(total, 'figure')}")
        for promise, items in missing.items():
            outturns = sum(1 for m in items if m["missing"].startswith("outturn"))
            echo(f"  promise {promise}: {plural(outturns, 'outturn')}, {plural(len(items) - outturns, 'target')}")
            for m in items:
                echo(f"    {m['indicator']:<8} {m['missing']:<16} ({m['where']})")
    for doc, checklist in report.compliance.items():  # met or not, the requirement, the reason
        echo(f"\n{doc}: the 2003/04 guidance and completeness")
        width = max(len(r.title) for r in checklist)
        for r in checklist:
            echo(f"  {'met' if r.met else 'NOT MET':<8} {r.title:<{width}}  {r.reason}")
    echo("\naccessibility: " + ", ".join(
        f"{doc}: {plural(len(items), 'problem') if items else 'no problems'}" for doc, items in report.accessibility.items()
    ))
    word = "error" if strict else "warning"
    for doc, requirement in unmet:
        echo(f"{word}: {doc}: not met: {requirement.title}: {requirement.reason}", err=True)
    for finding in findings:
        echo(f"{word}: {finding}", err=True)
    if failed:
        echo(f"{plural(len(report.warnings), 'warning')}, {plural(len(unmet), 'requirement')} not met, "
             f"{plural(len(findings), 'accessibility problem')}; the check fails under --strict", err=True)
        return 1
    return 0
