"""The Local Public Service Agreement sheet: its contract, validated to the cell, and the plan's LPSA section. Pure.

One row per LPSA target: what is to be achieved, the baseline, the target without and with
the reward grant's stretch, the latest figure, and progress (one of PROGRESS). Figures are
shown as the sheet writes them (an LPSA target mixes percentages, counts and money).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DocgenError, InputError, Location, raise_all
from .narrative import Block, Paragraph, Sheet, Span, Table
from .sheet_rows import RowCells, map_header
from .text import sanitize_text

COLUMNS = {
    "target": ("target", "lpsa target", "outcome", "target outcome"),
    "baseline": ("baseline",),
    "without": ("target without stretch", "without stretch", "expected without lpsa", "without lpsa"),
    "stretch": ("stretch target", "stretch", "target with stretch", "with stretch"),
    "latest": ("latest", "latest figure", "latest performance", "current"),
    "progress": ("progress", "status"),
}
OPTIONAL = ("without", "latest")
PROGRESS = {
    "Achieved": ("achieved", "met", "done"),
    "On track": ("on track", "on target", "in progress"),
    "At risk": ("at risk", "behind", "off track", "slipping"),
    "Not achieved": ("not achieved", "missed", "failed"),
}
NOT_YET = "Not yet known"


@dataclass(frozen=True, slots=True)
class LpsaTarget:
    """One LPSA target and its progress, each figure as the sheet writes it."""

    target: str
    baseline: str
    without: str
    stretch: str
    latest: str
    progress: str
    row: int = 0


@dataclass(frozen=True, slots=True)
class Lpsa:
    """The council's LPSA targets, in sheet order."""

    targets: tuple[LpsaTarget, ...]


def read_lpsa(sheet: Sheet) -> Lpsa:
    """Validate the LPSA sheet: Target, Baseline, Stretch target and Progress on every row; raise every problem at once."""

    def key_of(text: str) -> str | None:
        lowered = " ".join(text.lower().split())
        return next((k for k, aliases in COLUMNS.items() if lowered in aliases), None)

    required = {key: aliases[0].capitalize() for key, aliases in COLUMNS.items() if key not in OPTIONAL}
    header = map_header(sheet, key_of, required)
    targets: list[LpsaTarget] = []
    errors: list[DocgenError] = []
    for number, cells in sheet.rows[1:]:
        row = RowCells(sheet, number, cells, header.columns)
        texts = {key: row.text(key) for key in COLUMNS}
        for key in required:
            if not texts[key]:
                row.fail(key, f"missing {COLUMNS[key][0]}" + (": one of " + ", ".join(PROGRESS) if key == "progress" else ""))
        progress = _progress(row, texts["progress"]) if texts["progress"] else None
        errors += row.errors
        if not row.errors and progress:
            targets.append(LpsaTarget(texts["target"], texts["baseline"], texts["without"], texts["stretch"],
                                      texts["latest"], progress, number))
    if not targets and not errors:
        errors.append(InputError("no LPSA targets: add a row per target under the header",
                                 location=Location(sheet.path, sheet=sheet.name)))
    raise_all(errors)
    return Lpsa(tuple(targets))


def _progress(row: RowCells, text: str) -> str | None:
    lowered = " ".join(text.lower().split())
    for name, aliases in PROGRESS.items():
        if lowered == name.lower() or lowered in aliases:
            return name
    row.fail("progress", f"unknown progress {text!r} (one of: {', '.join(PROGRESS)})")
    return None


def lpsa_section(lpsa: Lpsa) -> tuple[Block, ...]:
    """Return the LPSA section's table (target, baseline, targets, latest, progress) and a count of progress."""
    with_without = any(t.without for t in lpsa.targets)
    header = ("Target", "Baseline", *(("Without stretch",) if with_without else ()), "Stretch target", "Latest", "Progress")
    body = [(t.target, t.baseline, *((t.without or "n/a",) if with_without else ()), t.stretch, t.latest or NOT_YET,
             t.progress) for t in lpsa.targets]
    widths = (6.0, 2.2, 2.2, 2.2, 2.2, 2.2) if with_without else (7.2, 2.4, 2.4, 2.6, 2.4)
    rows = tuple(tuple((Span(sanitize_text(text)),) for text in cells) for cells in (header, *body))
    align = (None, *(["right"] * (len(header) - 2)), None)
    table = Table(rows=rows, header_rows=1, widths=widths, align=align)
    counts = [f"{sum(1 for t in lpsa.targets if t.progress == name)} {name.lower()}" for name in PROGRESS
              if any(t.progress == name for t in lpsa.targets)]
    total = len(lpsa.targets)
    lead = Paragraph((Span(f"Progress on the council's {total} Local Public Service Agreement "
                           f"{'target' if total == 1 else 'targets'}: {', '.join(counts)}."),))
    note = Paragraph((Span("Stretch target: the improvement the council agreed with the Government beyond what it "
                           "expected to achieve without the agreement, for which a reward grant is paid."),), kind="note")
    return (lead, table, note)
