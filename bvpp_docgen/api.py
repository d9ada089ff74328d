"""The public Python API: a `Project` whose methods are the commands, each returning a typed report.

    from bvpp_docgen import Project

    project = Project.open("herts-2004")
    report = project.build(label="Cabinet 28 April")

Methods raise `DocgenError` (see `bvpp_docgen.errors`) for anything a user can fix and never print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # each use case is imported by the method that runs it: `bvpp status` pays for no other
    from .app import watch as watch_case
    from .app.build import Labels
    from .app.init import Answers, Question
    from .app.load import Loaded
    from .app.new_year import NewYearReport
    from .app.reports import (
        AbsorbReport,
        BuildReport,
        CheckReport,
        DiffReport,
        ExplainReport,
        PackReport,
        PublishReport,
        StatusReport,
        VersionsReport,
    )


class Project:
    """A project folder: `bvpp.toml`, its inputs, templates, register and `build/`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def open(cls, path: str | Path = ".") -> Project:
        """Open the project in `path`, reading and validating its `bvpp.toml` (raises ConfigError)."""
        root = Path(path)
        from .app import queries

        queries.configuration(root)
        return cls(root)

    @staticmethod
    def locate(start: str | Path = ".") -> Path:
        """Return the project folder a command run in `start` works on: the nearest folder upward
        holding bvpp.toml (like git), or `start` itself when there is none."""
        from .app.locate import locate

        return locate(Path(start))

    @classmethod
    def init(cls, path: str | Path, answers: Answers | Callable[[], Answers] | None = None) -> Project:
        """Create a council's first project from `answers` (keyed by `Project.init_questions()`' keys;
        `meeting`: more meetings as `ID=COMMITTEE,DATE,TIME`; or a function returning them, called once
        the folder is known to be free), or without answers the Hertfordshire
        example; refused if the folder holds files, and every answer checked before anything is written."""
        from .app import init as init_case

        init_case.init_project(Path(path), answers)
        return cls(Path(path))

    @staticmethod
    def init_questions() -> tuple[Question, ...]:
        """Return the questions `bvpp init` asks: each a `key` (also its option), a `prompt`, a `default`
        (None: an answer is needed) and `problem(answer)`, what is wrong with an answer, or None."""
        from .app import init as init_case

        return init_case.questions()

    def inputs(self) -> Loaded:
        """Read and validate every input; return the configuration, the data, the narratives and each paper."""
        from .app.load import load

        return load(self.root)

    def check(self, *, progress: Callable[[str], None] | None = None) -> CheckReport:
        """Validate everything and render every paper in memory; write nothing.

        `progress`, if given, is told in a few words what the work is doing now (here and in
        `build`, `diff` and `publish`), to show on a terminal; the methods never print."""
        from .app import check as check_case

        return check_case.check(self.root, progress)

    def status(self) -> StatusReport:
        """Return what a build would do with each paper, and why; write nothing."""
        from .app import uptodate  # answered from the stamp in build/.cache when nothing changed

        return uptodate.status(self.root)

    def stamped_status(self) -> StatusReport | None:
        """Return `status()` as the stamp in build/.cache keeps it, when every input is as it was; else None
        (reading nothing more: `status()` then loads the inputs)."""
        from .app import uptodate

        return uptodate.stamped_status(self.root)

    def stamped_build(self, documents: Sequence[str] = ()) -> BuildReport | None:
        """Return the report of `build(documents)` when the stamp in build/.cache shows every named paper up to
        date and unedited; else None, having read and written nothing (`build()` then builds in full)."""
        from .app import uptodate

        return uptodate.stamped_build(self.root, documents)

    def build(
        self,
        documents: Sequence[str] = (),
        *,
        label: Labels = None,
        made: dt.datetime | None = None,
        force: bool = False,
        discard_edits: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> BuildReport:
        """Build the named papers (all when none is named); `made` is the new versions' time (default: now).

        `label` is one label for every new version (a str), one per document (a mapping of id to
        label), or the command line's `--label` values (`TEXT` for every paper, `ID=TEXT` for one).
        """
        from .app import uptodate

        when = made or dt.datetime.now().astimezone().replace(microsecond=0)
        return uptodate.build(self.root, documents, made=when, label=label, force=force, discard_edits=discard_edits,
                                progress=progress)

    def versions(self, document: str | None = None, *, year: str | None = None) -> VersionsReport:
        """Return the recorded versions of one paper (or all), newest first, with each file's state.

        `year` names an earlier plan year, whose papers `new_year` kept (default: this plan year's).
        """
        from .app import queries

        return queries.versions(self.root, document, year)

    def diff(self, document: str, from_version: int | None = None, to_version: int | None = None, *,
             progress: Callable[[str], None] | None = None) -> DiffReport:
        """Write a tracked-changes Word document between two recorded versions of a paper."""
        from .app import diff as diff_case

        return diff_case.diff(self.root, document, from_version, to_version, progress)

    def explain(self, document: str, reference: str) -> ExplainReport:
        """Return every figure paper `document` shows for `reference` (`BV82a`, `budget Education`,
        `CPA Education`, `CPA category`): its table, column and text, and the workbook cells behind it."""
        from .app import explain as explain_case

        return explain_case.explain(self.root, document, reference)

    def publish(
        self, documents: Sequence[str] = (), *, version: int | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> PublishReport:
        """Export an accessible PDF of each named paper's latest (or `version`) version."""
        from .app import publish as publish_case

        return publish_case.publish(self.root, documents, version, progress=progress)

    def watch(
        self, documents: Sequence[str] = (), *, draft: bool = False, publish: bool = False,
        on_event: Callable[[watch_case.WatchEvent], None] | None = None,
    ) -> watch_case.WatchReport:
        """Build the named papers (all when none is named), then again on every save of an input, until
        Ctrl-C or SIGTERM; each thing done is passed to `on_event` as a `WatchEvent` (kind, message).

        A version is made for each paper whose content changed, as `build` does; with `draft`, a preview
        under build/.preview/ instead, recording no version. With `publish`, each new paper's PDF too.
        A mistake in an input is an event of kind `problem`, and the watch goes on.
        """
        from .app import watch as watch_case

        options = watch_case.WatchOptions(tuple(documents), draft=draft, publish=publish)
        return watch_case.watch(self.root, options, on_event or (lambda _event: None))

    def pack(self, meeting: str, *, progress: Callable[[str], None] | None = None) -> PackReport:
        """Make one tagged PDF for meeting `meeting`: a front sheet, then each of its papers' latest version,
        every page numbered in the pack; recorded in the register, never overwritten (docs/pack.md)."""
        from .app import pack as pack_case

        return pack_case.pack(self.root, meeting, progress=progress)

    def new_workbook(self, path: str | Path, *, plan_data: bool = False) -> Path:
        """Write a blank indicator workbook (or, with `plan_data`, the Budget/CPA/Improvements one)."""
        from .app import init as init_case

        return init_case.new_workbook(self.root, Path(path), plan_data=plan_data)

    def new_year(self, *, into: str | Path | None = None, dry_run: bool = False) -> NewYearReport:
        """Move the project (or a copy made at `into`) on to next year's plan; see docs/new-year.md.

        The workbooks are kept first under `inputs/archive/<year>/`; the register keeps this plan year's
        versions (`versions(year=...)`) and the next plan year's papers start at version 1.
        """
        from .app import new_year as new_year_case

        return new_year_case.new_year(self.root, Path(into) if into is not None else None, dry_run)

    def absorb(self, path: str | Path, *, dry_run: bool = False, accept_changes: bool = False) -> AbsorbReport:
        """Take a paper sent back (any copy of a built version) and write each edited snippet back to its file.

        Edits absorb cannot take (facts, figures in tables, template text, deleted parts) are reported
        with where to make them; a snippet changed since that version is a conflict, written beside it.
        Readers' tracked changes and comments stay tracked changes and comments in a Word snippet;
        with `accept_changes` they are accepted (comments dropped).
        """
        from .app import absorb as absorb_case

        return absorb_case.absorb(self.root, Path(path), dry_run=dry_run, accept_changes=accept_changes)
