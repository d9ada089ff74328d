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

from .app import queries

if TYPE_CHECKING:  # each use case is imported by the method that runs it: a command loads only its own
    from .app.load import Loaded
    from .app.reports import (
        AbsorbReport,
        BuildReport,
        CheckReport,
        DiffReport,
        ExplainReport,
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
        queries.configuration(root)
        return cls(root)

    @classmethod
    def init(cls, path: str | Path) -> Project:
        """Create a new project folder from the example project (refused if the folder holds files)."""
        from .app import init as init_case

        init_case.init_project(Path(path))
        return cls(Path(path))

    def inputs(self) -> Loaded:
        """Read and validate every input; return the configuration, the data, the narratives and each paper."""
        from .app.load import load

        return load(self.root)

    def check(self) -> CheckReport:
        """Validate everything and render every paper in memory; write nothing."""
        from .app import check as check_case

        return check_case.check(self.root)

    def status(self) -> StatusReport:
        """Return what a build would do with each paper, and why; write nothing."""
        return queries.status(self.root)

    def build(
        self,
        documents: Sequence[str] = (),
        *,
        label: str | None = None,
        made: dt.datetime | None = None,
        force: bool = False,
        discard_edits: bool = False,
    ) -> BuildReport:
        """Build the named papers (all when none is named); `made` is the new versions' time (default: now)."""
        when = made or dt.datetime.now().astimezone().replace(microsecond=0)
        from .app import build as build_case

        return build_case.build(self.root, documents, made=when, label=label, force=force, discard_edits=discard_edits)

    def versions(self, document: str | None = None) -> VersionsReport:
        """Return the recorded versions of one paper (or all), newest first, with each file's state."""
        return queries.versions(self.root, document)

    def diff(self, document: str, from_version: int | None = None, to_version: int | None = None) -> DiffReport:
        """Write a tracked-changes Word document between two recorded versions of a paper."""
        from .app import diff as diff_case

        return diff_case.diff(self.root, document, from_version, to_version)

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

    def new_workbook(self, path: str | Path, *, plan_data: bool = False) -> Path:
        """Write a blank indicator workbook (or, with `plan_data`, the Budget/CPA/Improvements one)."""
        from .app import init as init_case

        return init_case.new_workbook(self.root, Path(path), plan_data=plan_data)

    def absorb(self, path: str | Path, *, dry_run: bool = False, accept_changes: bool = False) -> AbsorbReport:
        """Take a paper sent back (any copy of a built version) and write each edited snippet back to its file.

        Edits absorb cannot take (facts, figures in tables, template text, deleted parts) are reported
        with where to make them; a snippet changed since that version is a conflict, written beside it.
        Readers' tracked changes and comments stay tracked changes and comments in a Word snippet;
        with `accept_changes` they are accepted (comments dropped).
        """
        from .app import absorb as absorb_case

        return absorb_case.absorb(self.root, Path(path), dry_run=dry_run, accept_changes=accept_changes)
