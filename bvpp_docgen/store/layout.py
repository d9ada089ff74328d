"""Every path of a project: its configuration, register, build folder, staging, cache and outputs."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

CONFIG_NAME = "bvpp.toml"
REGISTER_NAME = "bvpp-register.json"
INPUTS_DIR = "inputs"
BUILD_DIR = "build"
STAGING = f"{BUILD_DIR}/.staging"
CACHE = f"{BUILD_DIR}/.cache"  # cells of unchanged workbooks; safe to delete
STAMP = f"{CACHE}/stamp.json"  # what the last full load answered, and the files it read: store/stamp.py
JOURNAL = f"{STAGING}/writing.json"  # the papers a build is about to write, with their checksums
BUILT_TEXT = f"{BUILD_DIR}/.built"  # each version's paragraphs as built, and where each came from
DISCARDED = f"{BUILD_DIR}/.discarded"  # hand-edited papers that --discard-edits replaced
ABSORBED = f"{BUILD_DIR}/.absorbed"  # each snippet as it was before absorb replaced it, under a time stamp
PREVIEW = f"{BUILD_DIR}/.preview"  # `bvpp watch --draft`: each paper as the inputs make it now, no version
ABSORBED_TRAIL = f"{ABSORBED}/absorbed.json"  # what absorb wrote, for the next build's change summary


def output_path(doc_id: str, version: int, year: str | None = None) -> str:
    """Return where version `version` of a paper lives, relative to the project.

    `year` is given once the project has moved on from its first plan year (`bvpp new-year`), so
    that version 1 of the 2004/05 plan never meets version 1 of the 2003/04 one.
    """
    return f"{BUILD_DIR}/{doc_id}/{doc_id}{_year_part(year)}-v{version:03d}.docx"


def preview_path(doc_id: str) -> str:
    """Return where `bvpp watch --draft` writes a paper's preview (no version, replaced on every save)."""
    return f"{PREVIEW}/{doc_id}.docx"


def redline_path(doc_id: str, old: int, new: int, year: str | None = None) -> str:
    """Return where the tracked-changes paper from version `old` to `new` is written."""
    return f"{BUILD_DIR}/{doc_id}/{doc_id}{_year_part(year)}-changes-v{old:03d}-v{new:03d}.docx"


def _year_part(year: str | None) -> str:
    return f"-{year.replace('/', '-')}" if year else ""


def archive_path(year: str, name: str) -> str:
    """Return where `bvpp new-year` keeps a workbook as it was in plan year `year`."""
    return f"{INPUTS_DIR}/archive/{year.replace('/', '-')}/{name}"


def pdf_path(output: str) -> str:
    """Return where a version's PDF lives: beside its .docx (`output`, as the register records it)."""
    return str(PurePosixPath(output).with_suffix(".pdf"))


def pack_path(meeting: str, date: str, number: int) -> str:
    """Return where meeting pack `number` of a meeting lives (`date`: the meeting's, YYYY-MM-DD)."""
    return f"{BUILD_DIR}/packs/{meeting}-{date}-pack-{number}.pdf"


def built_text_path(output: str) -> str:
    """Return where a version's paragraphs as built are kept (`output`, as the register records it)."""
    return f"{BUILT_TEXT}/{PurePosixPath(output).stem}.json"


def discarded_path(output: str, stamp: str, attempt: int = 1) -> str:
    """Return where a hand-edited paper is kept when --discard-edits replaces it (`attempt` > 1: a later name)."""
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{DISCARDED}/{PurePosixPath(output).stem}-{stamp}{suffix}.docx"


def find_root(start: Path) -> Path:
    """Return the project folder for a command run in `start`: the nearest folder upward holding
    bvpp.toml (`start` joined with `..` as often as needed), or `start` itself when there is none."""
    here = start.absolute()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return start if folder == here else start / os.path.relpath(folder, here)
    return start
