"""Every path of a project: its configuration, register, build folder, staging, cache and outputs."""

from __future__ import annotations

from pathlib import PurePosixPath

CONFIG_NAME = "bvpp.toml"
REGISTER_NAME = "bvpp-register.json"
INPUTS_DIR = "inputs"
BUILD_DIR = "build"
STAGING = f"{BUILD_DIR}/.staging"
CACHE = f"{BUILD_DIR}/.cache"  # cells of unchanged workbooks; safe to delete
JOURNAL = f"{STAGING}/writing.json"  # the papers a build is about to write, with their checksums
BUILT_TEXT = f"{BUILD_DIR}/.built"  # each version's paragraphs as built, and where each came from
DISCARDED = f"{BUILD_DIR}/.discarded"  # hand-edited papers that --discard-edits replaced
ABSORBED = f"{BUILD_DIR}/.absorbed"  # each snippet as it was before absorb replaced it, under a time stamp
ABSORBED_TRAIL = f"{ABSORBED}/absorbed.json"  # what absorb wrote, for the next build's change summary


def output_path(doc_id: str, version: int) -> str:
    """Return where version `version` of a paper lives, relative to the project."""
    return f"{BUILD_DIR}/{doc_id}/{doc_id}-v{version:03d}.docx"


def redline_path(doc_id: str, old: int, new: int) -> str:
    """Return where the tracked-changes paper from version `old` to `new` is written."""
    return f"{BUILD_DIR}/{doc_id}/{doc_id}-changes-v{old:03d}-v{new:03d}.docx"


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
