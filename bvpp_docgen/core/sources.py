"""What a paper shows, as sources and values for its register entry: which config keys and sheet rows.

Pure. The register keeps a short digest per source (to tell what changed) and the value as
the paper shows it (to say how): `config changed: meetings.cabinet.date: 28 April 2003 → 29 April 2003`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from types import FunctionType, MethodType
from typing import Any, cast

from .charts import charted
from .data import PlanData
from .facts import Fact
from .fingerprint import short_digest
from .formats import format_date, format_millions, format_time
from .indicator_tables import shown_row
from .indicators import Indicator, Years
from .narrative import Narrative
from .quartiles import has_comparators
from .settings import Config
from .text import sanitize_text


def config_values(config: Config) -> dict[str, str]:
    """Return every scalar the configuration holds, as written, keyed by its dotted name."""
    values: dict[str, str] = {}
    _flatten(config.model_dump(by_alias=True, exclude={"schema_"}), "", values)
    return values


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for index, item in enumerate(value):  # list items are not facts, but they are configuration
            _flatten(item, f"{prefix}[{index}]", out)
    elif isinstance(value, dt.date):
        out[prefix] = format_date(value)
    elif isinstance(value, dt.time):
        out[prefix] = format_time(value)
    elif isinstance(value, str | int) and not isinstance(value, bool):
        out[prefix] = sanitize_text(str(value))


def reading(config: Config, keys: set[str]) -> Config:
    """Return `config` as a view that adds to `keys` the dotted name of every value read through it.

    Names are spelt as `config_values` spells them (`meetings.cabinet.date`, `promises[3].title`).
    Sections, lists and maps are views too; a value (text, number, date, None) is returned as it
    is, its name noted. Properties and methods of the models run on the view, so what they read counts.
    """
    return cast(Config, _Reading(config, "", keys))


class _Reading:
    """A read-only view of part of the configuration that notes which values are read."""

    __slots__ = ("_key", "_keys", "_read", "_value")

    def __init__(self, value: Any, key: str, keys: set[str]) -> None:
        self._value, self._key, self._keys = value, key, keys
        self._read: dict[Any, Any] = {}  # what was read once, noted: the configuration is frozen

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # so that isinstance() sees the section, list or map
        return type(self._value)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._read[name]
        except KeyError:
            pass
        value = self._value
        if isinstance(value, dict | list):  # only the reads defined here: none may go unnoted
            raise AttributeError(f"a configuration view of {type(value).__name__} has no {name!r}")
        if name.startswith("_"):
            return getattr(value, name)
        if name not in type(value).model_fields:
            member = getattr(type(value), name, None)
            if isinstance(member, property) and member.fget is not None:
                return member.fget(self)
            if isinstance(member, FunctionType):
                return MethodType(member, self)
        found = self._read[name] = self._child(getattr(value, name), f"{self._key}.{name}" if self._key else name)
        return found

    def __getitem__(self, item: Any) -> Any:
        key = ("item", item)
        try:
            return self._read[key]
        except (KeyError, TypeError):  # TypeError: a slice, unhashable before Python 3.12
            pass
        if isinstance(self._value, list):
            if isinstance(item, slice):
                return [self[i] for i in range(len(self._value))[item]]
            found = self._child(self._value[item], f"{self._key}[{item % len(self._value)}]")
        else:
            found = self._child(self._value[item], f"{self._key}.{item}")
        self._read[key] = found
        return found

    def get(self, item: Any, default: Any = None) -> Any:
        """Return the entry `item` of a map, or `default`."""
        return self[item] if item in self._value else default

    def __iter__(self) -> Iterator[Any]:
        if isinstance(self._value, list):
            return (self[i] for i in range(len(self._value)))
        return iter(self._value)  # a map's keys are names, not values

    def items(self) -> Iterator[tuple[Any, Any]]:
        """Return a map's entries, each value a view."""
        return ((key, self[key]) for key in self._value)

    def values(self) -> Iterator[Any]:
        """Return a map's values, each a view."""
        return (self[key] for key in self._value)

    def keys(self) -> Any:
        """Return a map's keys."""
        return self._value.keys()

    def __contains__(self, item: Any) -> bool:
        return item in self._value

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def _child(self, value: Any, key: str) -> Any:
        if isinstance(value, dict | list) or hasattr(type(value), "model_fields"):
            return _Reading(value, key, self._keys)
        self._keys.add(key)
        return value


def shown_keys(
    reads: Mapping[str, frozenset[str]],
    names: frozenset[str] | None,
    narratives: list[Narrative],
    facts: Mapping[str, Fact],
) -> set[str]:
    """Return the config keys a paper shows: those read to make the context names its template uses
    (`names`; None: all of them), and those of the Facts its snippets used.
    """
    keys = {key for name, read in reads.items() if names is None or name in names for key in read}
    return keys | {facts[name].config_key for narrative in narratives for name in narrative.facts if facts[name].config_key}


def config_sources(values: Mapping[str, str], keys: Iterable[str]) -> dict[str, str]:
    """Return `config:<key>` → short digest for each of `keys` that holds a value, in key order.

    `values` are `config_values(config)`; a key read that holds no value (an unset option, a
    flag) is not a source: its absence is not shown.
    """
    return {f"config:{key}": short_digest(values[key]) for key in sorted(set(keys)) if key in values}


def data_values(
    config: Config, doc_id: str, data: PlanData, shared: dict[str, dict[str, str]] | None = None,
) -> dict[str, dict[str, str]]:
    """Return, for every sheet row a paper shows, `data:<name>` → its fields as the paper shows them.

    Names read as the change summary says them: `BV82a`, `chart BV82a`, `budget Education`, `CPA Education`,
    `improvement 2003/04 Schools: <action>`; a budget's total row is left out (it must equal
    the sum of the lines). `shared`: an indicator's fields as another paper of the same data showed them.
    """
    values: dict[str, dict[str, str]] = {}
    if data.workbook is not None and config.shows_indicators(doc_id):
        shared = {} if shared is None else shared
        quartiles, years = has_comparators(data.workbook.columns), data.workbook.years
        for ind in data.workbook.indicators:
            name = f"data:{ind.ref}"
            values[name] = shared.get(name) or shared.setdefault(name, _indicator_values(ind, years, quartiles))
        if config.shows(doc_id, "promise-details"):  # a chart's figures: its change is named as the chart's too
            for promise in config.promises:
                values |= {f"data:chart {ind.ref}": _figures(ind, years) for ind in charted(promise, data.workbook)}
    if data.budget is not None and config.shows(doc_id, "budget"):
        previous, current = data.budget.years
        for line in data.budget.lines:
            values[f"data:budget {line.service}"] = {previous: format_millions(line.previous), current: format_millions(line.current)}
    if data.cpa is not None and config.shows(doc_id, "cpa"):
        values["data:CPA category"] = {"": data.cpa.category}
        for block in data.cpa.blocks:
            values[f"data:CPA {block.block}"] = {"": str(block.score) if block.score is not None else "n/a"}
    if data.improvements is not None and config.shows(doc_id, "improvements"):
        for item in data.improvements.items:
            name = f"data:improvement {item.year} {item.area}: {item.action}"
            name = name if name not in values else f"{name} (row {item.row})"
            values[name] = {
                "source": item.source, "status": item.status, "outcome": item.outcome, "promise": str(item.promise or ""),
            }
    if data.lpsa is not None and config.shows(doc_id, "lpsa"):
        for target in data.lpsa.targets:
            name = f"data:LPSA {target.target}"
            values[name if name not in values else f"{name} (row {target.row})"] = {
                "baseline": target.baseline, "without stretch": target.without, "stretch target": target.stretch,
                "latest": target.latest, "progress": target.progress,
            }
    return values


def _figures(ind: Indicator, years: Years) -> dict[str, str]:
    """Return an indicator's figures as the tables show them, by name (`outturn 2002/03`, `target 2003/04`)."""
    return dict(zip(_figure_names(years), shown_row(ind)[0], strict=True))


@functools.lru_cache(maxsize=8)
def _figure_names(years: Years) -> tuple[str, ...]:
    return (*(f"outturn {y}" for y in years.outturn), f"target {years.outturn[-1]}", *(f"target {y}" for y in years.target))


def _indicator_values(ind: Indicator, years: Years, quartiles: bool) -> dict[str, str]:
    values = {
        "title": ind.title, "promise": str(ind.promise), "unit": ind.unit, "direction": ind.direction,
        **_figures(ind, years), "notes": ind.notes,
    }
    if quartiles:
        values[f"quartile {years.outturn[-1]}"] = shown_row(ind)[1] or "n/a"
    return values


def cited_values(
    narratives: Iterable[Narrative], facts: Mapping[str, Fact], data: PlanData, shared: dict[str, dict[str, str]] | None = None,
) -> dict[str, dict[str, str]]:
    """Return `data:<ref>` → its fields (as `data_values` gives them) for each indicator the snippets cite a fact of.

    A paper that shows no indicator table still shows the figures its narrative cites: a changed
    figure is a changed source of that paper, named in its change summary. `shared`: as `data_values`.
    """
    if data.workbook is None:
        return {}
    cited = {facts[name].data for narrative in narratives for name in narrative.facts if name in facts}
    if not cited:
        return {}
    shared = {} if shared is None else shared
    quartiles, years = has_comparators(data.workbook.columns), data.workbook.years
    return {name: shared.get(name) or shared.setdefault(name, _indicator_values(ind, years, quartiles))
            for ind in data.workbook.indicators if ind.ref in cited for name in (f"data:{ind.ref}",)}


def config_shown_values(sources: Mapping[str, str], values: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Return `config:<key>` → the value as written, for the config sources a paper has."""
    return {name: {"": values[name[len("config:"):]]} for name in sources if name.startswith("config:")}


