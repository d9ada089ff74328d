"""Decide, per paper, whether a build makes a new version, rebuilds one, or leaves it: pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .text import shown_key

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
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decision:
    """What a build will do with one paper, and why."""

    document: str
    action: Action
    version: int
    reasons: tuple[str, ...]
    changes: tuple[str, ...] = ()
    adopt: bool = False  # the latest version is the paper these inputs make: record them as its inputs


SAME_PAPER = "inputs changed, the paper did not"


def decide(
    document: str,
    latest: Recorded | None,
    fingerprint: str,
    sources: Mapping[str, str],
    output_sha256: str | None,
    *,
    values: Mapping[str, Mapping[str, str]] | None = None,
    config_now: Mapping[str, str] | None = None,
    force: bool = False,
    discard_edits: bool = False,
    absorbed: Mapping[str, str] | None = None,
) -> Decision:
    """Return the decision for one paper; `output_sha256` is None when its file is missing.

    `config_now` holds the digest of every config source as the configuration holds it now: a
    config source recorded before but no longer among the paper's sources is a change only if
    its value changed (an earlier release may have recorded more than the paper showed).
    `absorbed` holds, per source name, where `bvpp absorb` took its present content from.
    """
    if latest is None:
        return Decision(document, "new version", 1, ("new",), ("new",))
    if latest.fingerprint != fingerprint:
        before = _still_relevant(latest.sources, sources, config_now or {})
        changes = describe_changes(before, sources, latest.values, values, absorbed)
        taken = (n for name, n in sorted((absorbed or {}).items()) if before.get(name) != sources.get(name))
        reasons = (*(changed_kinds(before, sources) or ("format changed",)), *dict.fromkeys(taken))
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


def _still_relevant(before: Mapping[str, str], after: Mapping[str, str], now: Mapping[str, str]) -> dict[str, str]:
    """Drop recorded config sources the paper no longer shows whose value is unchanged."""
    return {name: digest for name, digest in before.items()
            if name in after or not name.startswith("config:") or now.get(name) != digest}


def changed_kinds(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[str, ...]:
    """Return the reasons (`data changed` ...) of the sources that differ, each once."""
    names = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
    return tuple(dict.fromkeys(_reason(n.partition(":")[0]) for n in names))


def describe_changes(
    before: Mapping[str, str],
    after: Mapping[str, str],
    before_values: Mapping[str, Mapping[str, str]] | None = None,
    after_values: Mapping[str, Mapping[str, str]] | None = None,
    absorbed: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Return one line per change, in a stable order: `<reason>: <name>`, or, where both sides'
    shown values are known, `<reason>: <name> <field>: <old> → <new>` per changed field; a
    source named in `absorbed` reads `<reason>: <name> (<its note>)`.
    """
    old_values, new_values = before_values or {}, after_values or {}
    changes = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        kind, _, detail = name.partition(":")
        detail = shown_key(detail) if kind == "config" else detail
        reason = _reason(kind)
        old, new = old_values.get(name), new_values.get(name)
        fields = [f for f in dict.fromkeys([*(old or {}), *(new or {})]) if (old or {}).get(f) != (new or {}).get(f)]
        if name in (absorbed or {}):
            changes.append(f"{reason}: {detail} ({(absorbed or {})[name]})")
            continue
        if old is None or new is None or not fields:
            changes.append(f"{reason}: {detail}")
            continue
        for item in fields:
            label = f"{detail} {item}" if item else detail
            changes.append(f"{reason}: {label}: {old.get(item, '(none)') or '(blank)'} → {new.get(item, '(none)') or '(blank)'}")
    return tuple(changes)


def _reason(kind: str) -> str:
    return SOURCE_KINDS.get(kind, kind + " changed")
