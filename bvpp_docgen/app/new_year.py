"""`new-year`: move a project on to next year's plan, keeping this year's history and figures."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.formats import financial_year
from ..core.new_year import next_plan_year
from ..errors import Location, Notice, ProjectError, raise_all
from ..read.config_toml import load_config
from ..store.files import file_sha256, locked
from ..store.layout import BUILD_DIR, CONFIG_NAME, REGISTER_NAME, archive_path
from ..store.register import load_register, register_bytes
from ..store.transaction import Transaction, recover
from ..write.next_year import roll_config, roll_snippet, roll_workbook
from .load import load

YEAR_HEADERS = ("year", "financial year")  # the improvements sheet's column of years (core/plan_data.py)


@dataclass(frozen=True, slots=True)
class NewYearReport:
    """What `bvpp new-year` did (or, with --dry-run, would do)."""

    root: str
    old_year: str
    new_year: str
    dry_run: bool
    changes: tuple[str, ...]  # one line per change: bvpp.toml keys, workbook columns
    kept: tuple[str, ...]  # the workbooks as they were, under inputs/archive/
    todo: tuple[Notice, ...]  # what the clerk and the team must now do

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp new-year --json` prints it."""
        return {"ok": True, "project": self.root, "from": self.old_year, "to": self.new_year, "dry_run": self.dry_run,
                "changes": list(self.changes), "kept": list(self.kept),
                "todo": [{"message": n.message, "location": str(n.location)} for n in self.todo]}


def new_year(root: Path, into: Path | None = None, dry_run: bool = False) -> NewYearReport:
    """Move the project at `root` (or a copy of it made at `into`) on to next year's plan."""
    if into is not None and not dry_run:
        _copy_project(root, into)
        root = into
    with locked(root):
        return _move_on(root, dry_run)


def _copy_project(root: Path, into: Path) -> None:
    if into.exists() and any(into.iterdir()):
        raise ProjectError("already exists and is not empty: name a new folder for next year's project",
                           location=Location(str(into)))
    ignore = shutil.ignore_patterns(".staging", ".cache", ".git", "__pycache__")
    try:
        shutil.copytree(root, into, ignore=ignore, symlinks=True, dirs_exist_ok=True)
    except OSError as exc:
        shutil.rmtree(into, ignore_errors=True)
        raise ProjectError(f"cannot copy the project there ({exc.strerror}): choose another folder",
                           location=Location(str(into))) from None


def _move_on(root: Path, dry_run: bool) -> NewYearReport:
    register = load_register(root)
    recover(root, {v.output for history in register.documents.values() for v in history.versions})
    config = load_config(root)
    old, new = config.plan.year, next_plan_year(config.plan.year)
    transaction = Transaction(root)
    changes = _roll_config(root, transaction)
    kept, errors = [], []
    window = financial_year(int(new[:4]) - 3)
    sources = config.sheet_sources()
    for workbook in dict.fromkeys(s.workbook for s in sources):
        sheets = [s.sheet for s in sources if s.workbook == workbook]
        by_year = {config.improvements.sheet: YEAR_HEADERS} if config.improvements and config.improvements.workbook == workbook else {}
        archive = archive_path(old, workbook.replace("/", "-").removeprefix("inputs-"))
        original = (root / workbook).read_bytes()
        if (root / archive).exists() and file_sha256(root / archive) != file_sha256(root / workbook):
            errors.append(ProjectError(f"already holds another copy of {workbook}, so it was not overwritten: move it "
                                       "away, then run 'bvpp new-year' again", location=Location(archive)))
            continue
        data, lines = roll_workbook(root / workbook, sheets, by_year, window)
        transaction.add(archive, original)
        transaction.add(workbook, data)
        kept.append(archive)
        changes += lines
    raise_all(errors)
    snippets = _roll_snippets(root, old, transaction)
    changes += [f"{path}: the years of its indicator facts moved on (kept as it was in {kept})" for path, kept in snippets]
    register.move_on(old)
    transaction.register = register_bytes(register)
    if not dry_run:
        vouched = {CONFIG_NAME, *(s.workbook for s in sources), *kept, *(p for pair in snippets for p in pair)}
        raise_all(transaction.collisions(vouched))
        transaction.commit()
    return NewYearReport(str(root), old, new, dry_run, tuple(changes), tuple(kept), tuple(_todo(config.plan.year, new)))


def _roll_snippets(root: Path, old: str, transaction: Transaction) -> list[tuple[str, str]]:
    """Move the years of the snippets' indicator facts on; keep each snippet changed under inputs/archive/."""
    loaded = load(root)
    done = []
    for path in sorted({n.source for n in loaded.narratives.values()}):
        data = (root / path).read_bytes()
        moved = roll_snippet(data, Path(path).suffix)
        if moved == data:
            continue
        kept = archive_path(old, path.removeprefix("inputs/"))
        if (root / kept).exists() and (root / kept).read_bytes() != data:
            raise ProjectError(f"already holds another copy of {path}, so it was not overwritten: move it away, then "
                               "run 'bvpp new-year' again", location=Location(kept))
        transaction.add(kept, data)
        transaction.add(path, moved)
        done.append((path, kept))
    return done


def _roll_config(root: Path, transaction: Transaction) -> list[str]:
    text, changes = roll_config((root / CONFIG_NAME).read_text(encoding="utf-8"), CONFIG_NAME)
    transaction.add(CONFIG_NAME, text.encode("utf-8"))
    return changes


def _todo(old: str, new: str) -> list[Notice]:
    start = int(new[:4])
    return [
        Notice(f"fill in the {old} outturns (left blank) and the {financial_year(start + 2)} targets; "
               f"the {old} targets stay, as the targets the outturns are judged against", Location("inputs")),
        Notice(f"set the meeting dates for the {new} plan: 'bvpp check' names each one still outside its timetable",
               Location(CONFIG_NAME, key="meetings")),
        Notice(f"rewrite the narrative for {new}: 'bvpp check' names text that still names {old} as the plan's year",
               Location("inputs")),
        Notice(f"the {old} papers stay in {BUILD_DIR}/ and in 'bvpp versions --year {old}'; the {new} papers start "
               f"at version 1", Location(REGISTER_NAME)),
    ]

