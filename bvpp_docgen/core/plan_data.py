"""The budget, CPA and improvements sheets: their contracts, validated to the cell. Pure.

Works on cells already read (see excel.py); returns plain data or raises every problem at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..errors import DocgenError, InputError, Location, raise_all
from .formats import financial_year, find_financial_year, format_millions
from .narrative import Cell, Sheet
from .sheet_rows import BAD, Header, RowCells, column_letter, map_header, promise_problem, shown

TOTAL_WORDS = ("total", "net total", "total net budget", "total budget", "grand total")
BUDGET_TOLERANCE = Decimal("0.05")  # £m: the lines must add up to the total as the table shows it (0.1)

CPA_CATEGORIES = ("Excellent", "Good", "Fair", "Weak", "Poor")
CPA_BLOCKS = {
    "Education": ("education",),
    "Social care (children)": ("social care (children)", "social care children", "children's social care",
                               "social services (children)", "care children"),
    "Social care (adults)": ("social care (adults)", "social care adults", "adult social care",
                             "social services (adults)", "care adults"),
    "Environment": ("environment",),
    "Housing": ("housing",),
    "Libraries and leisure": ("libraries and leisure", "libraries & leisure", "libraries", "leisure", "culture"),
    "Benefits": ("benefits",),
    "Use of resources": ("use of resources", "resource use", "resources"),
    "Core service performance": ("core service performance", "core services", "core service"),
    "Ability to improve": ("ability to improve", "corporate assessment", "council's ability to improve"),
}
CPA_OVERALL = ("overall category", "overall", "category", "cpa category")
NOT_APPLICABLE = ("n/a", "na", "not applicable", "-", "–")

STATUSES = {
    "Completed": ("completed", "complete", "done", "achieved"),
    "In progress": ("in progress", "ongoing", "on track", "under way", "underway"),
    "Planned": ("planned", "not started", "to start", "proposed"),
    "Delayed": ("delayed", "behind", "slipped", "overdue"),
    "Dropped": ("dropped", "withdrawn", "cancelled", "superseded"),
}


# --- shared ------------------------------------------------------------------------------------


def _header(sheet: Sheet, wanted: Mapping[str, tuple[str, ...]], optional: Iterable[str] = (),
            match: Callable[[str], str | None] | None = None) -> Header:
    """Map the first row's headers to column keys; `match(text)` may name keys the aliases do not."""

    def key_of(text: str) -> str | None:
        lowered = " ".join(text.lower().split())
        return next((k for k, aliases in wanted.items() if lowered in aliases), None) or (match(lowered) if match else None)

    required = {key: aliases[0].capitalize() for key, aliases in wanted.items() if key not in optional}
    return map_header(sheet, key_of, required)


class _Row(RowCells):
    """One data row of a plan sheet."""

    def required(self, key: str, what: str) -> str:
        text = self.text(key)
        if not text and key in self.columns:
            self.fail(key, f"missing {what}")
        return text

    def decimal(self, key: str, what: str) -> Decimal | None:
        """Return the cell as a number (`£`, `m` and thousands separators allowed), or report why not."""
        value = self.raw(key)
        if value is BAD:
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if key in self.columns:
                self.fail(key, f"missing {what}")
            return None
        text = str(value).replace(",", "").replace("£", "").replace("m", "").strip() if isinstance(value, str) else str(value)
        try:
            number = None if isinstance(value, bool) else Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.fail(key, f"expected a number ({what}), not {shown(value)}")
            return None
        return number


def _where(sheet: Sheet, index: int, row: int) -> Location:
    return Location(sheet.path, sheet=sheet.name, cell=f"{column_letter(index)}{row}")


def _year_label(text: str) -> str | None:
    """Return `2002/03` for a header or cell naming that financial year, else None."""
    found = find_financial_year(text)
    return found.label if found else None


def _choice(row: _Row, key: str, choices: Mapping[str, tuple[str, ...]], what: str) -> str | None:
    text = row.text(key)
    lowered = " ".join(text.lower().split())
    for name, aliases in choices.items():
        if lowered == name.lower() or lowered in aliases:
            return name
    close = difflib.get_close_matches(lowered, [a for aliases in choices.values() for a in aliases], n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (one of: {', '.join(choices)})"
    row.fail(key, f"unknown {what} {text!r}{hint}" if text else f"missing {what}{hint}")
    return None


# --- budget ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One service's net budget in £m, the year before the plan year and the plan year."""

    service: str
    previous: Decimal
    current: Decimal
    row: int = 0


@dataclass(frozen=True, slots=True)
class Budget:
    """The budget by service, and the total row that the lines add up to."""

    years: tuple[str, str]
    lines: tuple[BudgetLine, ...]
    total: BudgetLine
    columns: Mapping[str, int] = field(default_factory=dict)  # `service`, `previous`, `current`: index in the sheet


def read_budget(sheet: Sheet, plan_year: str) -> Budget:
    """Validate the budget sheet: a line per service, then a Total row the lines add up to."""
    start = int(plan_year[:4])
    years = (financial_year(start - 1), financial_year(start))
    wanted = {"service": ("service", "services", "service area"), "previous": (f"budget {years[0]} £m",),
              "current": (f"budget {years[1]} £m",)}

    def by_year(text: str) -> str | None:
        label = _year_label(text)
        return {years[0]: "previous", years[1]: "current"}.get(label or "")

    header = _header(sheet, wanted, match=by_year)
    lines: list[BudgetLine] = []
    total: BudgetLine | None = None
    total_row: _Row | None = None
    errors: list[DocgenError] = []
    as_text: dict[str, list[tuple[str, Decimal]]] = {"previous": [], "current": []}  # figures stored as text
    for number, cells in sheet.rows[1:]:
        row = _Row(sheet, number, cells, header.columns)
        if total is not None and _is_note(cells):
            msg = ("a note below the Total row: the plan shows no notes from the sheet; delete the row, or put the "
                   "note in the budget section's snippet")
            errors.append(InputError(msg, location=_where(sheet, _first_filled(cells), number)))
            continue
        for key in as_text:
            value = row.raw(key)
            if isinstance(value, str) and _number(value) is not None:
                as_text[key].append((row.at(key), _number(value) or Decimal(0)))
        service = row.required("service", "service name")
        previous = row.decimal("previous", f"{years[0]} budget in £m")
        current = row.decimal("current", f"{years[1]} budget in £m")
        errors += row.errors
        if row.errors:
            continue
        assert previous is not None and current is not None
        line = BudgetLine(service, previous, current, number)
        if service.lower() in TOTAL_WORDS:
            if total is not None:
                errors.append(InputError(f"a second total row (the first is row {total.row})", location=_where(sheet, header.columns["service"], number)))
            total, total_row = line, row
        elif total is not None:
            msg = f"a service line after the total row (row {total.row}); put the total last"
            errors.append(InputError(msg, location=_where(sheet, header.columns["service"], number)))
        else:
            lines.append(line)
    if total is None and not errors:
        msg = "no Total row: add a row named 'Total' under the services, with the total budget of each year"
        errors.append(InputError(msg, location=Location(sheet.path, sheet=sheet.name)))
    if total is not None and total_row is not None and not errors:  # sums of a partly read sheet mean nothing
        for key, attr, year in (("previous", "previous", years[0]), ("current", "current", years[1])):
            added = sum((getattr(line, attr) for line in lines), Decimal(0))
            stated = getattr(total, attr)
            text_cells = [(cell, v) for cell, v in as_text[key] if cell != total_row.at(key)]
            skipped = sum((v for _, v in text_cells), Decimal(0))
            if text_cells and abs(added - stated) > BUDGET_TOLERANCE and abs(added - skipped - stated) <= BUDGET_TOLERANCE:
                for cell, value in text_cells:
                    msg = (f"{value:f} is stored as text: Excel's SUM leaves it out, so the sheet's total differs; "
                           "make it a number (in Excel: the green triangle, Convert to Number)")
                    errors.append(InputError(msg, location=Location(sheet.path, sheet=sheet.name, cell=cell)))
            elif abs(added - stated) > BUDGET_TOLERANCE:
                places = 1 if format_millions(added) != format_millions(stated) else 2  # never "£9.1m, but £9.1m"
                msg = f"the {year} lines add up to {format_millions(added, places)}, but the total says {format_millions(stated, places)}"
                errors.append(InputError(msg, location=Location(sheet.path, sheet=sheet.name, cell=total_row.at(key))))
    raise_all(errors)
    assert total is not None
    return Budget(years, tuple(lines), total, header.columns)


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", "").replace("£", "").replace("m", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _is_note(cells: tuple[Cell, ...]) -> bool:
    """Return whether a row holds only words (no figures): a note, not a budget line."""
    values = [c.value for c in cells if c.value is not None and str(c.value).strip()]
    return bool(values) and all(isinstance(v, str) and _number(v) is None for v in values) and not any(
        str(v).strip().lower() in TOTAL_WORDS for v in values)


def _first_filled(cells: tuple[Cell, ...]) -> int:
    return next(i for i, c in enumerate(cells) if c.value is not None and str(c.value).strip())


# --- CPA ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlockScore:
    """A CPA service block (or the corporate assessment) and its score 1-4, None if not applicable."""

    block: str
    score: int | None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Cpa:
    """The council's CPA result: the overall category and the scores."""

    category: str
    blocks: tuple[BlockScore, ...]
    category_row: int = 0
    columns: Mapping[str, int] = field(default_factory=dict)  # `area`, `score`: index in the sheet


def read_cpa(sheet: Sheet) -> Cpa:
    """Validate the CPA sheet: `Overall category` (Excellent ... Poor), then a score 1-4 or n/a per block."""
    wanted = {"area": ("assessment", "area", "block", "service block", "item"), "score": ("score", "result")}
    header = _header(sheet, wanted)
    category: str | None = None
    category_row: int | None = None
    blocks: list[BlockScore] = []
    seen: dict[str, int] = {}
    errors: list[DocgenError] = []
    for number, cells in sheet.rows[1:]:
        row = _Row(sheet, number, cells, header.columns)
        area = " ".join(row.required("area", "assessment area").lower().split())
        if area in CPA_OVERALL and category_row is not None:
            row.fail("area", f"'Overall category' appears twice (also in row {category_row})")
        elif area in CPA_OVERALL:
            category_row = number
            category = _choice(row, "score", {c: (c.lower(),) for c in CPA_CATEGORIES}, "CPA category")
        elif area:
            block = _choice(row, "area", CPA_BLOCKS, "CPA service block")
            score = _score(row)
            if block and block in seen:
                row.fail("area", f"{block!r} appears twice (also in row {seen[block]})")
            elif block:
                seen[block] = number
                blocks.append(BlockScore(block, score, number))
        errors += row.errors
    if category is None and not errors:
        msg = "no 'Overall category' row: add one with Excellent, Good, Fair, Weak or Poor"
        errors.append(InputError(msg, location=Location(sheet.path, sheet=sheet.name)))
    raise_all(errors)
    assert category is not None
    return Cpa(category, tuple(blocks), category_row or 0, header.columns)


def _score(row: _Row) -> int | None:
    text = row.text("score").lower()
    if text in NOT_APPLICABLE:
        return None
    if not text:
        row.fail("score", "missing score: 1, 2, 3 or 4, or n/a where the block does not apply")
        return None
    if text.isdigit() and 1 <= int(text) <= 4:
        return int(text)
    row.fail("score", f"a CPA score is 1, 2, 3 or 4 (or n/a), not {row.text('score')!r}")
    return None


# --- improvements ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Improvement:
    """One improvement measure: done in the last three years, or planned for the next three."""

    area: str
    source: str
    action: str
    year: str
    status: str
    outcome: str
    promise: int | None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Improvements:
    """Every improvement row, in sheet order, and the years the plan looks back on and ahead to."""

    items: tuple[Improvement, ...]
    past_years: tuple[str, str, str]
    plan_years: tuple[str, str, str]

    def progress(self) -> tuple[Improvement, ...]:
        """Return the measures of the last three years, by year."""
        return tuple(sorted((i for i in self.items if i.year in self.past_years), key=lambda i: i.year))

    def plans(self) -> tuple[Improvement, ...]:
        """Return the plans for the plan year and the two after, by year."""
        return tuple(sorted((i for i in self.items if i.year in self.plan_years), key=lambda i: i.year))


def read_improvements(sheet: Sheet, plan_year: str, promises: Iterable[int]) -> Improvements:
    """Validate the improvements sheet: area, source, action, year, status, outcome and promise."""
    start = int(plan_year[:4])
    past = tuple(financial_year(start - n) for n in (3, 2, 1))
    ahead = tuple(financial_year(start + n) for n in (0, 1, 2))
    wanted = {
        "area": ("area", "service", "service area"),
        "source": ("source", "from", "arising from"),
        "action": ("action", "improvement", "measure", "improvement measure"),
        "year": ("year", "financial year"),
        "status": ("status", "progress"),
        "outcome": ("outcome", "outcomes", "result"),
        "promise": ("promise", "promise number", "promise no", "promise no."),
    }
    header = _header(sheet, wanted, optional=("outcome", "promise"))
    known = set(promises)
    items: list[Improvement] = []
    errors: list[DocgenError] = []
    for number, cells in sheet.rows[1:]:
        row = _Row(sheet, number, cells, header.columns)
        area = row.required("area", "area")
        source = row.required("source", "source (e.g. corporate assessment, best value review, inspection)")
        action = row.required("action", "action")
        year = _improvement_year(row, past + ahead)
        status = _choice(row, "status", STATUSES, "status")
        promise = _promise(row, known)
        errors += row.errors
        if not row.errors and year and status:
            items.append(Improvement(area, source, action, year, status, row.text("outcome"), promise, number))
    raise_all(errors)
    return Improvements(tuple(items), past, ahead)  # type: ignore[arg-type]


def _improvement_year(row: _Row, years: tuple[str, ...]) -> str | None:
    text = row.text("year")
    label = _year_label(text) or (financial_year(int(text)) if text.isdigit() and len(text) == 4 else None)
    if label is None:
        row.fail("year", f"expected a financial year such as {years[3]!r}, not {text!r}" if text else "missing year")
        return None
    if label not in years:
        row.fail("year", f"{label} is outside the years the plan covers ({years[0]} to {years[-1]})")
        return None
    return label


def _promise(row: _Row, known: set[int]) -> int | None:
    text = row.text("promise")
    if not text:
        return None
    if not text.isdigit():
        row.fail("promise", f"expected a promise number, not {text!r}")
        return None
    problem = promise_problem(int(text), known)
    if problem:
        row.fail("promise", problem)
        return None
    return int(text)
