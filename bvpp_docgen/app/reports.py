"""What the use cases return: typed reports, each owning the JSON shape `--json` prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.summary import shorten, summary_lines
from ..core.versioning import Decision
from ..errors import Location, Notice, StrictError, plural

if TYPE_CHECKING:  # names in annotations only: `bvpp status` answered from the stamp imports none of them
    from ..accessibility import Finding
    from ..core.compliance import Requirement
    from ..core.indicators import Missing
    from ..core.provenance import Figure
    from ..store.register import VersionRecord


def _notices(notices: tuple[Notice, ...]) -> list[dict[str, str | None]]:
    return [notice.to_json() for notice in notices]


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What a build did with one document."""

    document: str
    path: str
    status: str  # "built", "rebuilt", "up to date"
    version: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, and what it warns about."""

    documents: tuple[DocumentResult, ...]
    warnings: tuple[Notice, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp build --json` prints it."""
        return {"ok": True, "documents": [asdict(r) for r in self.documents], "warnings": _notices(self.warnings)}

    def lines(self) -> list[str]:
        """Return the report as `bvpp build` prints it: one line a paper, with why it was built."""
        return [f"{r.status:>10}  {r.document:<12} v{r.version}  {r.path}" + (f"  ({', '.join(r.reasons)})" if r.reasons else "")
                for r in self.documents]


@dataclass(frozen=True, slots=True)
class StatusReport:
    """What a build would do with each paper, and why."""

    decisions: tuple[Decision, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp status --json` prints it."""
        return {"ok": True, "documents": [
            {"document": d.document, "action": d.action, "version": d.version,
             "reasons": list(d.reasons), "changes": list(d.changes)}
            for d in self.decisions
        ]}

    def lines(self, everything: bool = False) -> list[str]:
        """Return what `bvpp status` prints: a line per paper, then a new version's changes summarised
        (counts per kind and the first few; `everything`: all of them), no line over 200 characters."""
        lines = []
        for d in self.decisions:
            what = {"up to date": f"v{d.version} up to date", "new version": f"would make v{d.version}",
                    "rebuild": f"would rebuild v{d.version}", "refuse": f"v{d.version} edited"}[d.action]
            why = f"  ({', '.join(d.reasons)})" if d.reasons else ""
            lines.append(shorten(f"{d.document:<12} {what}{why}"))
            if d.action == "new version":
                lines += summary_lines(d.changes, everything=everything, indent=" " * 15, more="bvpp status --all")
        return lines


@dataclass(frozen=True, slots=True)
class VersionState:
    """A recorded version, and the state of its file now: `ok`, `missing` or `edited`."""

    record: VersionRecord
    state: str


@dataclass(frozen=True, slots=True)
class VersionsReport:
    """The recorded versions of each paper asked about, newest first."""

    documents: dict[str, list[VersionState]]

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp versions --json` prints it."""
        return {"ok": True, "documents": {
            doc: [{**v.record.model_dump(mode="json"), "state": v.state} for v in states]
            for doc, states in self.documents.items()
        }}

    def lines(self, everything: bool = False) -> list[str]:
        """Return what `bvpp versions` prints: per paper its versions, newest first, each with its
        changes summarised (counts per kind and the first few; `everything`: all of them)."""
        lines = []
        for doc, states in self.documents.items():
            lines.append(f"{doc}: {plural(len(states), 'version')}")
            for v in states:
                r = v.record
                label = f' "{r.label}"' if r.label else ""
                note = "" if v.state == "ok" else f"  [{v.state}]"
                lines.append(shorten(f"  v{r.version}  {r.made:%Y-%m-%d %H:%M}{label}  {r.output}{note}"))
                lines += summary_lines(r.changes, everything=everything, indent=" " * 8, more="bvpp versions --all")
        return lines


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` looked at; it raised if anything was wrong."""

    documents: tuple[str, ...]
    snippets: tuple[str, ...]
    templates: tuple[str, ...]
    indicators: int = 0
    missing: dict[int, list[Missing]] = field(default_factory=dict)
    warnings: tuple[Notice, ...] = ()
    compliance: dict[str, list[Requirement]] = field(default_factory=dict)  # per plan document
    accessibility: dict[str, list[Finding]] = field(default_factory=dict)  # per paper

    def unmet(self) -> list[tuple[str, Requirement]]:
        """Return `(document, requirement)` for every requirement not met."""
        return [(doc, r) for doc, items in self.compliance.items() for r in items if not r.met]

    def findings(self) -> list[Finding]:
        """Return every accessibility finding, paper by paper."""
        return [f for items in self.accessibility.values() for f in items]

    def strict_problems(self) -> list[StrictError]:
        """Return what `--strict` fails on: warnings, unmet requirements, accessibility problems."""
        problems = [StrictError(n.message, location=n.location) for n in self.warnings]
        problems += [StrictError(f"not met: {r.title}: {r.reason}", location=Location(doc)) for doc, r in self.unmet()]
        problems += [StrictError(f"{f.message} [{f.rule}]", location=Location(f.paper, tag=f.place))
                     for f in self.findings()]
        return problems

    def missing_json(self) -> dict[str, list[dict[str, str]]]:
        """Return the figures still missing, per promise, as `--json` prints them."""
        return {
            str(promise): [{"indicator": m.ref, "missing": m.what, "where": m.cell} for m in items]
            for promise, items in sorted(self.missing.items())
        }

    def to_json(self, strict: bool = False) -> dict[str, Any]:
        """Return the report as `bvpp check --json` prints it (`ok` false when `strict` finds problems)."""
        problems = [{"location": str(p.location), "message": p.message} for p in self.strict_problems()] if strict else []
        return {
            "ok": not problems, "problems": problems,
            "documents": list(self.documents), "snippets": list(self.snippets), "templates": list(self.templates),
            "indicators": self.indicators, "missing": self.missing_json(), "warnings": _notices(self.warnings),
            "compliance": {doc: [asdict(r) for r in items] for doc, items in self.compliance.items()},
            "accessibility": {doc: [asdict(f) for f in items] for doc, items in self.accessibility.items()},
        }


@dataclass(frozen=True, slots=True)
class DiffReport:
    """What `bvpp diff` compared and wrote."""

    document: str
    from_version: int
    to_version: int
    path: str | None  # None: no differences, nothing written
    insertions: int
    deletions: int
    formatting: int
    changes: tuple[str, ...]
    warnings: tuple[Notice, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp diff --json` prints it."""
        return {"ok": True, **asdict(self), "changes": list(self.changes), "warnings": _notices(self.warnings)}


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What publishing did with one paper."""

    document: str
    version: int
    path: str
    status: str  # "published", "already published", "restored"
    sha256: str


@dataclass(frozen=True, slots=True)
class PublishReport:
    """Every paper's result, and the warnings."""

    documents: tuple[PublishResult, ...]
    warnings: tuple[Notice, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp publish --json` prints it."""
        return {"ok": True, "documents": [asdict(r) for r in self.documents], "warnings": _notices(self.warnings)}


@dataclass(frozen=True, slots=True)
class ExplainReport:
    """Every figure a paper shows for one indicator, budget line or CPA score, each with its cells."""

    document: str
    reference: str  # as the change summary names it: `BV8`, `budget Education`, `CPA category`
    title: str
    row: Location  # the row of the sheet it comes from
    figures: tuple[Figure, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp explain --json` prints it."""
        return {"ok": True, "document": self.document, "reference": self.reference, "title": self.title,
                "row": str(self.row), "figures": [
                    {"table": f.table, "column": f.column, "shown": f.shown, "how": f.how, "sources": [
                        {"cell": str(s.location), "value": _json_value(s.value), "number_format": s.number_format,
                         "formula": s.formula} for s in f.sources
                    ]} for f in self.figures
                ]}

    def lines(self) -> list[str]:
        """Return the report as `bvpp explain` prints it: table by table, each figure and its cells."""
        lines = [f"{self.reference}: {self.title} ({self.row}), as {self.document} shows it"]
        width = max(len(f.column) for f in self.figures)
        table = None
        for f in self.figures:
            if f.table != table:
                table = f.table
                lines.append(f"\n{table}")
            cells = "; ".join(f"{s.location} = {_shown_value(s.value)} [{s.number_format}]"
                              + (f" {s.formula}" if s.formula else "") for s in f.sources) or "not traced to a cell"
            lines.append(f"  {f.column:<{width}}  {f.shown!r}  ← {cells}")
            if f.how and f.sources:
                lines.append(f"  {'':<{width}}  ({f.how})")
        return lines


def _json_value(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _shown_value(value: Any) -> str:
    return "empty" if value is None else repr(value) if isinstance(value, str) else str(value)


@dataclass(frozen=True, slots=True)
class SnippetAbsorbed:
    """What absorbing a paper did with one snippet: absorbed, unchanged, conflict, refused or missing."""

    snippet: str
    status: str
    message: str = ""
    written: str | None = None  # the snippet rewritten, or the file beside it (a conflict)
    kept: str | None = None  # where the snippet as it was is kept


@dataclass(frozen=True, slots=True)
class AbsorbReport:
    """What `bvpp absorb` did (or, with --dry-run, would do) with a paper sent back."""

    path: str
    document: str
    version: int
    dry_run: bool
    snippets: tuple[SnippetAbsorbed, ...]
    reported: tuple[Notice, ...] = ()  # edits not absorbed: facts, figures, template text, with where to make them
    warnings: tuple[Notice, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp absorb --json` prints it."""
        return {"path": self.path, "document": self.document, "version": self.version, "dry_run": self.dry_run,
                "snippets": [asdict(s) for s in self.snippets], "reported": _notices(self.reported),
                "warnings": _notices(self.warnings)}


@dataclass(frozen=True, slots=True)
class PackReport:
    """What `bvpp pack` made: the meeting's pack, its pages and the version of each paper it holds."""

    meeting: str
    path: str
    pages: int
    versions: dict[str, int]
    status: str  # "packed", or "already packed" (these versions' pack is there, byte for byte)
    sha256: str

    def to_json(self) -> dict[str, Any]:
        """Return the report as `bvpp pack --json` prints it."""
        return {"ok": True, **asdict(self)}
