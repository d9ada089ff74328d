"""What the use cases return: typed reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..accessibility import Finding
from ..core.compliance import Requirement
from ..core.indicators import Missing


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What a build did with one document."""

    document: str
    path: str
    status: str
    version: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, and what it warns about."""

    documents: tuple[DocumentResult, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` looked at; it raised if anything was wrong."""

    documents: tuple[str, ...]
    snippets: tuple[str, ...]
    templates: tuple[str, ...]
    indicators: int = 0
    missing: dict[int, list[Missing]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    compliance: dict[str, list[Requirement]] = field(default_factory=dict)  # per plan document
    accessibility: dict[str, list[Finding]] = field(default_factory=dict)  # per paper

    def unmet(self) -> list[tuple[str, Requirement]]:
        """Return `(document, requirement)` for every requirement not met."""
        return [(doc, r) for doc, items in self.compliance.items() for r in items if not r.met]

    def findings(self) -> list[Finding]:
        """Return every accessibility finding, paper by paper."""
        return [f for items in self.accessibility.values() for f in items]
