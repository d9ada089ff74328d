"""Indicator facts: a snippet cites a workbook figure as `[[BV82a.outturn.2002/03]]`. Pure.

A name is `<reference>.<kind>` or `<reference>.<kind>.<year>`; the reference in any spelling the
workbook's reference matches by (`BV82a`, `BV 82a`). Each kind is one entry of `FACT_KINDS`:
the years it takes (none, or the years of the sheet's columns) and the text it shows, made by
the same function the indicator tables use, so a figure in the prose reads as in the tables.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .facts import Fact
from .indicators import Indicator, IndicatorSet, Value, Years
from .judgements import direction_of_travel, format_value
from .quartiles import comparison_names, quartile_position
from .references import reference_key
from .sheet_rows import column_letter


@dataclass(frozen=True, slots=True)
class FactKind:
    """One kind of indicator fact: the years it takes (None: no year), its text, and the sheet columns behind it."""

    years: Callable[[Years], tuple[str, ...]] | None
    text: Callable[[Indicator, IndicatorSet, str], str]  # (indicator, workbook, year or "")
    columns: Callable[[Years, str], tuple[str, ...]]  # the workbook contract's column keys behind it


def _outturn(ind: Indicator, workbook: IndicatorSet, year: str) -> str:
    return format_value(ind.outturns[workbook.years.outturn.index(year)], ind)


def target_years(years: Years) -> tuple[str, ...]:
    """Return the years a target is given for: last year's (judged against its outturn) and the three ahead."""
    return (years.outturn[-1], *years.target)


def _target(ind: Indicator, workbook: IndicatorSet, year: str) -> str:
    values: tuple[Value, ...] = (ind.previous_target, *ind.targets)
    return format_value(values[target_years(workbook.years).index(year)], ind)


def _travel_columns(years: Years, _: str) -> tuple[str, ...]:
    return (f"outturn:{years.outturn[-2]}", f"outturn:{years.outturn[-1]}", "direction")


def _quartile_columns(years: Years, _: str) -> tuple[str, ...]:
    return (f"outturn:{years.outturn[-1]}", "direction", *comparison_names(years.outturn[-1]))


# Adding a kind is one entry here.
FACT_KINDS: dict[str, FactKind] = {
    "outturn": FactKind(lambda y: y.outturn, _outturn, lambda _, year: (f"outturn:{year}",)),
    "target": FactKind(target_years, _target, lambda _, year: (f"target:{year}",)),
    "title": FactKind(None, lambda ind, _, __: ind.title, lambda _, __: ("title",)),
    "travel": FactKind(None, lambda ind, _, __: direction_of_travel(ind), _travel_columns),
    "quartile": FactKind(None, lambda ind, _, __: quartile_position(ind) or "n/a", _quartile_columns),  # as the tables show it
}


class IndicatorFacts:
    """The facts of every indicator of a workbook (`FactResolver`); `workbook` None: the workbook is
    configured but could not be read (its own errors say why), so references are left as written.
    """

    def __init__(self, workbook: IndicatorSet | None, where: str, prefixes: tuple[str, ...] = ()) -> None:
        self.workbook, self.where = workbook, where  # where: `inputs/indicators.xlsx:Indicators`
        self.prefixes = workbook.local_prefixes if workbook is not None else prefixes

    def _split(self, name: str) -> tuple[str, str, str] | None:
        """Return (reference, kind, year) of a name of the indicator form, or None."""
        parts = name.split(".")
        if len(parts) not in (2, 3) or reference_key(parts[0], self.prefixes) is None:
            return None
        return parts[0].strip(), parts[1].strip(), parts[2].strip() if len(parts) == 3 else ""

    def fact(self, name: str) -> Fact | None:
        split = self._split(name)
        if split is None:
            return None
        if self.workbook is None:
            return Fact(f"[[{name}]]", "")
        if self._problem(*split, name) is not None:
            return None
        ref, kind_name, year = split
        ind = self.workbook.find(ref)
        assert ind is not None
        kind = FACT_KINDS[kind_name]
        return Fact(kind.text(ind, self.workbook, year), "", ind.ref, self._cells(ind, kind.columns(self.workbook.years, year)))

    def _cells(self, ind: Indicator, keys: tuple[str, ...]) -> str:
        assert self.workbook is not None
        columns = self.workbook.columns
        letters = [column_letter(columns[key]) for key in keys if key in columns]
        if len(letters) == 1:
            return f"{self.where}!{letters[0]}{ind.row}"
        return f"{self.where}!{ind.row}:{ind.row}"

    def problem(self, name: str) -> str | None:
        split = self._split(name)
        if split is None or self.workbook is None:
            return None
        return self._problem(*split, name)

    def _problem(self, ref: str, kind_name: str, year: str, name: str) -> str | None:
        assert self.workbook is not None
        head = f"unknown fact '[[{name}]]'"
        ind = self.workbook.find(ref)
        if ind is None:
            known = [i.ref for i in self.workbook.indicators]
            close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
            nearest = f" (the nearest: '{close[0]}')" if close else ""
            return (f"{head}: no indicator {ref!r} in {self.where}{nearest}; write a reference the workbook's "
                    "Reference column holds")
        kind = FACT_KINDS.get(kind_name)
        if kind is None:
            close = difflib.get_close_matches(kind_name, list(FACT_KINDS), n=1, cutoff=0.6)
            nearest = f" (did you mean '[[{ref}.{close[0]}{'.' + year if year else ''}]]'?)" if close else ""
            return f"{head}: no kind {kind_name!r}{nearest}; an indicator fact is {self._forms(ref)}"
        if kind.years is None:
            return f"{head}: {kind_name} takes no year; write [[{ref}.{kind_name}]]" if year else None
        years = kind.years(self.workbook.years)
        if year in years:
            return None
        available = ", ".join(years)
        if not year:
            return f"{head}: {kind_name} needs a year, e.g. [[{ref}.{kind_name}.{years[-1]}]] ({kind_name} years: {available})"
        return f"{head}: the workbook has no {kind_name} for {year!r} ({kind_name} years: {available})"

    def _forms(self, ref: str) -> str:
        return ", ".join(f"[[{ref}.{name}{'.YEAR' if kind.years else ''}]]" for name, kind in FACT_KINDS.items())

    def names(self) -> Iterator[str]:
        if self.workbook is None:
            return
        for ind in self.workbook.indicators:
            for name, kind in FACT_KINDS.items():
                if kind.years is None:
                    yield f"{ind.ref}.{name}"
                else:
                    yield from (f"{ind.ref}.{name}.{year}" for year in kind.years(self.workbook.years))
