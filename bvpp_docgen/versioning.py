"""Decide, per paper, whether a build makes a new version, rebuilds one, or leaves it: pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Action = Literal["up to date", "new version", "rebuild", "refuse"]

# Source names are "<kind>:<name>"; each kind has the reason users read.
SOURCE_KINDS = {
    "template": "template changed",
    "snippet": "narrative changed",
    "data": "data changed",
    "config": "config changed",
}


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the register says of a paper's latest version."""

    version: int
    fingerprint: str
    sha256: str
    sources: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Decision:
    """What a build will do with one paper, and why."""

    document: str
    action: Action
    version: int
    reasons: tuple[str, ...]
    changes: tuple[str, ...] = ()


def decide(
    document: str,
    latest: Recorded | None,
    fingerprint: str,
    sources: Mapping[str, str],
    output_sha256: str | None,
    *,
    force: bool = False,
    discard_edits: bool = False,
) -> Decision:
    """Return the decision for one paper; `output_sha256` is None when its file is missing."""
    if latest is None:
        return Decision(document, "new version", 1, ("new",), ("new",))
    if latest.fingerprint != fingerprint:
        changes = describe_changes(latest.sources, sources)
        reasons = tuple(dict.fromkeys(c.split(":")[0] for c in changes)) or ("format changed",)
        return Decision(document, "new version", latest.version + 1, reasons, changes or ("format changed",))
    if output_sha256 is None:
        return Decision(document, "rebuild", latest.version, ("output missing",))
    if output_sha256 != latest.sha256:
        if discard_edits:
            return Decision(document, "rebuild", latest.version, ("output edited", "edits discarded"))
        if force:
            return Decision(document, "refuse", latest.version, ("output edited",))
        return Decision(document, "up to date", latest.version, ("output edited",))
    if force:
        return Decision(document, "rebuild", latest.version, ("forced",))
    return Decision(document, "up to date", latest.version, ())


def describe_changes(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[str, ...]:
    """Return `"<reason>: <name>"` for every source added, removed or changed, in a stable order."""
    changes = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            kind, _, detail = name.partition(":")
            changes.append(f"{SOURCE_KINDS.get(kind, kind + ' changed')}: {detail}")
    return tuple(changes)
