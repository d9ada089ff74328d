"""The indicator workbook contract, validated to the cell, and the judgements on each indicator.

Pure: works on cells already read (see excel.py) and returns plain data or errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from ..errors import DocgenError, InputError, Location, Notice, raise_all
from .formats import excel_value, financial_year, find_financial_year
from .narrative import Cell, Sheet
from .plausibility import Confirmation, Figure, Written, confirmed_notices, row_notices
from .quartiles import Comparison, comparison_key, comparison_names, read_comparison
from .references import DEFAULT_LOCAL_PREFIXES, reference_key, reference_problem
from .sheet_rows import BAD, Header, RowCells, map_header, promise_problem, shown
from .text import sanitize_text

UNITS = {
    "percent": ("%", "percent", "per cent", "percentage"),
    "days": ("days", "day"),
    "number": ("number", "count", "no.", "num"),
    "£": ("£", "gbp", "pounds", "money", "£ per year"),
    "£ per head": ("£ per head", "gbp per head", "£/head", "per head"),
    "rate per 1,000": ("rate per 1,000", "rate per 1000", "per 1,000", "per 1000"),
    "rate per 10,000": ("rate per 10,000", "rate per 10000", "per 10,000", "per 10000"),
    "rate per 100,000": ("rate per 100,000", "rate per 100000", "per 100,000", "per 100000"),
    "yes/no": ("yes/no", "y/n", "yes / no"),
    "level": ("level", "level 0-5", "score"),
    "hours": ("hours", "hrs"),
    "kwh per m2": ("kwh per m2", "kwh/m2"),
    "watts": ("watts", "w"),
}
DEFAULT_DECIMALS = {"percent": 1, "days": 1, "£ per head": 2, "hours": 1}
Direction = Literal["higher", "lower", "none"]
DIRECTIONS: dict[str, Direction] = {
    "higher is better": "higher", "higher": "higher", "up": "higher", "high": "higher",
    "lower is better": "lower", "lower": "lower", "down": "lower", "low": "lower",
    "none": "none", "context": "none", "n/a": "none", "-": "none",
}
MISSING_WORDS = {"", "n/a", "na", "n.a.", "not yet available", "not available", "to follow", "tbc", "tba", "-", "–"}
NEW_WORDS = {"new", "new indicator"}

Kind = Literal["value", "missing", "new"]


@dataclass(frozen=True, slots=True)
class Value:
    """One figure: a number (yes/no as 1/0), or missing, or `new indicator`; maybe an estimate."""

    kind: Kind
    number: Decimal | None = None
    estimate: bool = False


MISSING = Value("missing")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of the workbook, validated: `ref` as the workbook writes it, `key` what it matches by."""

    ref: str
    title: str
    promise: int
    unit: str
    direction: Direction
    decimals: int
    outturns: tuple[Value, Value, Value]  # the three years before the plan year, oldest first
    previous_target: Value  # the target set for the year before the plan year
    targets: tuple[Value, Value, Value]  # the plan year and the two after
    notes: str = ""
    row: int = 0
    key: str = ""  # `BV82ai` for `BV 82a(i)` (see references.py); duplicates and look-ups go by it
    comparison: Comparison | None = None  # comparator figures for the outturn year (quartiles.py)


@dataclass(frozen=True, slots=True)
class Years:
    """The financial years a plan year's tables show."""

    outturn: tuple[str, str, str]
    target: tuple[str, str, str]

    @classmethod
    def for_plan(cls, plan_year: str) -> Years:
        """Return the years for a plan year such as `2003/04`."""
        start = int(plan_year[:4])
        return cls(
            outturn=tuple(financial_year(start - n) for n in (3, 2, 1)),  # type: ignore[arg-type]
            target=tuple(financial_year(start + n) for n in (0, 1, 2)),  # type: ignore[arg-type]
        )


@dataclass(frozen=True, slots=True)
class IndicatorSet:
    """The validated indicators of the workbook's sheet, in sheet order, the years they cover, and any warnings."""

    indicators: tuple[Indicator, ...]
    years: Years
    warnings: tuple[Notice, ...] = field(default=())
    columns: Mapping[str, int] = field(default_factory=dict)  # each column key's index in the sheet (0: A)
    local_prefixes: tuple[str, ...] = DEFAULT_LOCAL_PREFIXES

    def find(self, reference: str) -> Indicator | None:
        """Return the indicator a reference names, however it is spelt (`BV 82a(i)` finds `BV82ai`)."""
        key = reference_key(reference, self.local_prefixes)
        return next((ind for ind in self.indicators if key is not None and ind.key == key), None)


# --- columns ---------------------------------------------------------------------------------

FIXED_COLUMNS = {
    "reference": ("reference", "ref", "code", "indicator ref", "indicator reference", "pi", "bvpi"),
    "title": ("indicator", "title", "indicator title", "description", "name"),
    "promise": ("promise", "promise number", "promise no", "promise no."),
    "unit": ("unit", "units"),
    "direction": ("direction", "polarity", "good is"),
    "decimals": ("decimal places", "decimals", "dp", "d.p."),
    "notes": ("notes", "note", "comments", "comment"),
}
OPTIONAL = {"decimals", "notes"}


def column_names(years: Years) -> dict[str, str]:
    """Return every column key with the header a blank workbook gives it, in sheet order."""
    names = {"reference": "Reference", "title": "Indicator", "promise": "Promise", "unit": "Unit",
             "direction": "Direction", "decimals": "Decimal places"}
    names |= {f"outturn:{y}": f"Outturn {y}" for y in years.outturn}
    names[f"target:{years.outturn[-1]}"] = f"Target {years.outturn[-1]}"
    names |= {f"target:{y}": f"Target {y}" for y in years.target}
    names["notes"] = "Notes"
    return names


def _normalise(header: str) -> str:
    return " ".join(header.lower().replace("_", " ").split())


def _header_key(header: str) -> str | None:
    """Return the column key a header names, or None if it names none."""
    text = _normalise(header)
    year = find_financial_year(text)
    if year:
        label = year.label
        rest = (text[: year.start] + text[year.end:]).strip()
        if label and rest in ("outturn", "actual", "outturn (actual)"):
            return f"outturn:{label}"
        if label and rest in ("target", "targets"):
            return f"target:{label}"
        return comparison_key(rest, label) if label else None
    for key, aliases in FIXED_COLUMNS.items():
        if text in aliases:
            return key
    return None


def _map_columns(sheet: Sheet, years: Years) -> Header:
    required = {key: name for key, name in column_names(years).items() if key not in OPTIONAL}
    expected = {**required, "decimals": "", "notes": "", **comparison_names(years.outturn[-1])}

    def key_of(text: str) -> str | None:
        key = _header_key(text)
        return key if key in expected else None

    return map_header(sheet, key_of, required, warn_unknown=True)


# --- rows --------------------------------------------------------------------------------------


def read_indicators(
    sheet: Sheet, plan_year: str, promises: Iterable[int], local_prefixes: Iterable[str] = DEFAULT_LOCAL_PREFIXES,
    confirmed: Iterable[Confirmation] = (), confirmed_at: Location | None = None,
) -> IndicatorSet:
    """Validate every row of the indicators sheet; raise every problem at once.

    A reference is kept as written; two rows whose references match by key are a duplicate.
    Figures `confirmed` as they stand raise no plausibility warning; a confirmation that
    matches no figure any more is one, at `confirmed_at`.
    """
    prefixes = tuple(local_prefixes)
    confirmations: dict[str, dict[str, Confirmation]] = {}
    for confirmation in confirmed:
        confirmations.setdefault(reference_key(confirmation.reference, prefixes) or "", {})[confirmation.column] = confirmation
    used: set[str] = set()
    years = Years.for_plan(plan_year)
    columns = _map_columns(sheet, years)
    known_promises = set(promises)
    indicators: list[Indicator] = []
    errors: list[DocgenError] = []
    notices: list[Notice] = []
    first_seen: dict[str, tuple[str, str]] = {}
    for number, cells in sheet.rows[1:]:
        reader = _RowReader(sheet, number, cells, columns.columns)
        indicator = reader.indicator(years, known_promises, prefixes, confirmations, used)
        errors += reader.errors
        notices += reader.notices
        if indicator is None:
            continue
        where = reader.at("reference")
        if indicator.key in first_seen:
            ref, cell = first_seen[indicator.key]
            same = "" if ref == indicator.ref else f", written {ref!r}"
            msg = f"duplicate reference {indicator.ref!r} (also at {cell}{same})"
            errors.append(InputError(msg, location=Location(sheet.path, sheet=sheet.name, cell=where)))
        else:
            first_seen[indicator.key] = (indicator.ref, where)
            indicators.append(indicator)
    raise_all(errors)
    stale = [
        Notice(f"'{c.text}' confirms a figure the indicators sheet no longer holds (it changed, or its row went): "
               "remove it from the list", confirmed_at)
        for by_column in confirmations.values() for c in by_column.values() if c.text not in used
    ]
    hidden = _hidden_rows(sheet)
    return IndicatorSet(tuple(indicators), years, (*columns.warnings, *hidden, *notices, *stale), columns.columns, prefixes)


def _hidden_rows(sheet: Sheet) -> list[Notice]:
    """Warn once about the data rows hidden in Excel: the plan shows them, though the team may not see them."""
    rows = [n for n in sheet.hidden_rows if n > 1]
    if not rows:
        return []
    listed = f"row {rows[0]} is" if len(rows) == 1 else f"rows {', '.join(map(str, rows[:-1]))} and {rows[-1]} are"
    msg = (f"{listed} hidden in Excel, but bvpp reads hidden rows like any other, so the plan shows them: "
           "unhide them to check them, or delete them if they should not be in the plan")
    return [Notice(msg, Location(sheet.path, sheet=sheet.name, cell=f"A{rows[0]}"))]


class _RowReader(RowCells):
    """Read one indicator row, collecting every problem with its cell, and warnings on figures that look wrong."""

    notices: tuple[Notice, ...] = ()

    def indicator(
        self, years: Years, promises: set[int], local_prefixes: tuple[str, ...],
        confirmations: Mapping[str, Mapping[str, Confirmation]], used: set[str],
    ) -> Indicator | None:
        ref = self.text("reference")
        if not ref:
            self.fail("reference", "missing indicator reference")
            return None
        key = reference_key(ref, local_prefixes)
        if key is None:
            self.fail("reference", reference_problem(ref, local_prefixes))
            return None
        title = self.text("title")
        if not title:
            self.fail("title", "missing indicator title")
        promise = self._promise(promises)
        unit = self._unit()
        direction = self._direction()
        decimals = self._decimals(unit)
        percent = unit == "percent"
        yes_no = unit == "yes/no"
        keys = [*(f"outturn:{y}" for y in years.outturn), f"target:{years.outturn[-1]}", *(f"target:{y}" for y in years.target)]
        values = {key: self.value(key, percent, yes_no) for key in keys}
        outturns, previous, targets = tuple(values[k] for k in keys[:3]), values[keys[3]], tuple(values[k] for k in keys[4:])
        notes = self.text("notes") if "notes" in self.columns else ""
        comparison = None if direction is None or unit is None else read_comparison(
            self, years.outturn[-1], lambda k: self.value(k, percent, yes_no), direction, decimals, unit, outturns[-1])
        if self.errors or promise is None or unit is None or direction is None:
            return None
        figures = self._figures(values)
        notices = row_notices(figures, unit, decimals, self._where, self.at("unit"))
        self.notices = tuple(confirmed_notices(notices, figures, ref, confirmations.get(key, {}), used))
        return Indicator(ref, title, promise, unit, direction, decimals, outturns, previous, targets, notes, self.row, key,  # type: ignore[arg-type]
                         comparison)

    def _figures(self, values: Mapping[str, Value]) -> list[Figure]:
        """Return the row's numbers with their cells and how each was written (for the plausibility rules)."""
        figures = []
        for key, value in values.items():
            cell = self.cell(key)
            if value.number is None or cell is None:
                continue
            written: Written = "plain"
            if isinstance(cell.value, str):
                written = "percent sign" if "%" in cell.value else "plain"
            elif cell.percent:
                written = "percent format"
            figures.append(Figure(self.at(key), value.number, written, key))
        return figures

    def _where(self, cell: str) -> Location:
        return Location(self.sheet.path, sheet=self.sheet.name, cell=cell)

    def _promise(self, promises: set[int]) -> int | None:
        value = self.raw("promise")
        if value is BAD:
            return None
        if value is None or not str(value).strip():
            self.fail("promise", "missing promise number: the number of the promise in bvpp.toml this indicator serves")
            return None
        try:
            number = int(Decimal(str(value).strip()))
        except (InvalidOperation, ValueError):
            self.fail("promise", f"expected a promise number, not {shown(value)}")
            return None
        problem = promise_problem(number, promises)
        if problem:
            self.fail("promise", problem)
            return None
        return number

    def _unit(self) -> str | None:
        text = self.text("unit").lower()
        for unit, aliases in UNITS.items():
            if text in aliases:
                return unit
        names = [alias for aliases in UNITS.values() for alias in aliases]
        close = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (units: {', '.join(UNITS)})"
        self.fail("unit", f"unknown unit {text!r}{hint}" if text else f"missing unit{hint}")
        return None

    def _direction(self) -> Direction | None:
        text = self.text("direction").lower()
        if text in DIRECTIONS:
            return DIRECTIONS[text]
        wanted = "'higher is better', 'lower is better' or 'none'"
        self.fail("direction", f"expected {wanted}, not {text!r}" if text else f"missing direction: {wanted}")
        return None

    def _decimals(self, unit: str | None) -> int:
        text = self.text("decimals") if "decimals" in self.columns else ""
        if not text:
            return DEFAULT_DECIMALS.get(unit or "", 0)
        if text.isdigit() and int(text) <= 6:
            return int(text)
        self.fail("decimals", f"expected a number of decimal places from 0 to 6, not {text!r}")
        return 0

    def value(self, key: str, percent: bool, yes_no: bool) -> Value:
        """Read one figure: numbers, missing words, `(e)` estimates, `new indicator`, yes/no."""
        cell = self.cell(key)
        if cell is not None and type(cell.value) in (int, float):  # most cells: a number, read as `raw` gives it
            return self._number(key, cell, cell.value, percent, yes_no)
        raw = self.raw(key)
        if raw is BAD or raw is None:
            return MISSING
        if isinstance(raw, bool):
            return Value("value", Decimal(int(raw))) if yes_no else self._bad(key, raw)
        if isinstance(raw, dt.datetime | dt.date | dt.time):
            return self._bad(key, raw)
        estimate = False
        if isinstance(raw, str):
            text = sanitize_text(raw).strip()
            lowered = text.lower()
            if lowered in MISSING_WORDS:
                return MISSING
            if lowered in NEW_WORDS:
                return Value("new")
            if yes_no and lowered in ("yes", "no", "y", "n"):
                return Value("value", Decimal(1 if lowered.startswith("y") else 0))
            if lowered.endswith("(e)"):
                estimate, text = True, text[:-3].strip()
            text = text.replace(",", "").replace("£", "").strip()
            if percent and text.endswith("%"):
                text = text[:-1].strip()
            raw = text
        return self._number(key, cell, raw, percent, yes_no, estimate)

    def _number(self, key: str, cell: Cell | None, raw: Any, percent: bool, yes_no: bool, estimate: bool = False) -> Value:
        try:
            number = Decimal(str(raw))
        except InvalidOperation:
            return self._bad(key, raw)
        if not number.is_finite():
            return self._bad(key, raw)
        if percent and cell is not None and cell.percent and not isinstance(cell.value, str):
            number *= 100  # the cell is formatted as a percentage: Excel holds 0.625 for 62.5%
        if yes_no and number not in (0, 1):
            self.fail(key, f"expected yes or no, not {shown(raw)}")
        # as Excel shows it: =0.7/0.7 may hold 1.0000000000000002 (and nothing up to 100 shows as more)
        if percent and number > 100 and excel_value(number) > 100:
            self.fail(key, f"{excel_value(number).normalize():f}% is over 100%")
        return Value("value", number, estimate)

    def _bad(self, key: str, raw: Any) -> Value:
        self.fail(key, f"expected a number, not {shown(raw)}")
        return MISSING


@dataclass(frozen=True, slots=True)
class Missing:
    """A figure the performance team still has to supply."""

    ref: str
    what: str  # e.g. "outturn 2002/03"
    cell: str
