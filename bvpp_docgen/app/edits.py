"""A clerk's hand edits of a built paper: kept on record as built, named when found, kept when discarded.

Each version's paragraphs as built, with the snippet or template each came from, are kept in
`build/.built/` when the version is written. A paper edited since is read back and compared
with them, so the build can name each edited paragraph and where its edit must go.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..core.edits import Edit, Read, built_json, built_paragraphs, find_edits, from_json
from ..errors import DocgenError, Location, Notice
from ..read.paper import paper_paragraphs, written_paragraphs
from ..store.layout import built_text_path, discarded_path
from ..store.register import VersionRecord
from .load import Loaded
from .rendering import render_version

DISCARD_ADVICE = "run 'bvpp build --discard-edits' to put back the paper as built (your edited copy is kept in build/.discarded/)"


def built_text(loaded: Loaded, document: str, output: str, data: bytes, read: Read | None = None) -> bytes:
    """Return a version's paragraphs as built, each with the snippet or template it came from (kept at
    `built_text_path(output)`); `read`: its paragraphs as the render told them (default: read from `data`)."""
    return built_json(*_built_from(loaded, document, output, data, read)).encode()


def _as_built(loaded: Loaded, document: str, output: str, data: bytes) -> tuple:
    return built_paragraphs(*_built_from(loaded, document, output, data))


def _built_from(loaded: Loaded, document: str, output: str, data: bytes, read: Read | None = None) -> tuple:
    """Return what a version's paragraphs as built are made from: its paragraphs, snippets, template and the template's texts."""
    template = loaded.candidates[document].template
    narratives = [loaded.narratives[p] for p in loaded.config.snippets_of(document) if p in loaded.narratives]
    fixed = [text for _, text in paper_paragraphs((loaded.root / template).read_bytes(), template)]
    return written_paragraphs(data, output) if read is None else read, narratives, template, fixed


def edits_of(loaded: Loaded, document: str, record: VersionRecord) -> list[Edit] | None:
    """Return the paragraphs edited by hand in a version's file, or None if that cannot be told."""
    root = loaded.root
    try:
        built = from_json(json.loads((root / built_text_path(record.output)).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        built = None
    try:
        if built is None and loaded.candidates[document].fingerprint == record.fingerprint:
            candidate = loaded.candidates[document]  # built by an earlier release: the inputs still make it
            built = _as_built(loaded, document, record.output, render_version(loaded, candidate, record))
        if built is None:
            return None
        return find_edits(built, paper_paragraphs((root / record.output).read_bytes(), record.output))
    except (DocgenError, OSError):
        return None  # the edited file no longer reads as a Word document, or the template went


def edit_notices(edits: list[Edit] | None, head: str, output: str) -> list[Notice]:
    """Return the notices for an edited paper: `head`, then one per edited paragraph with where it must go.

    `head` may hold `{where}`: where the edits must be made, as the list below says or in general.
    """
    where = Location(output)
    if edits is None:
        return [Notice(head.format(where="in the snippet files or templates they came from") +
                       " (which paragraphs were edited cannot be told: this version's text as built was not kept)", where)]
    if not edits:
        return [Notice(head.format(where="in the snippet files or templates they came from") +
                       " (no paragraph's text changed: only formatting, or Word saved it again)", where)]
    return [Notice(head.format(where="where it says below"), where), *(Notice(f"{edit.describe()}: {edit.home()}", where) for edit in edits)]


def discard_place(root: Path, output: str, made: dt.datetime) -> str:
    """Return a new name in build/.discarded/ for a hand-edited paper's copy (the build writes it there)."""
    stamp = f"{made:%Y%m%d-%H%M%S}"
    attempt = 1
    while (root / discarded_path(output, stamp, attempt)).exists():
        attempt += 1
    return discarded_path(output, stamp, attempt)
