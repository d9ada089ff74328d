"""Facts: every value of `bvpp.toml` as display text under one dotted name, for snippets and templates.

A snippet names a fact as `[[meetings.cabinet.date.long]]`; a template as
`{{ meetings.cabinet.date.long }}`. Older spellings stay as aliases: `date_long` and
`date_month` (templates' first spelling), `dates.<id>.date`, and `plan.outturn-year`.
Filling is pure: it works on the narrative model, whatever file the snippet came from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..errors import InputError, Location, raise_all
from .formats import financial_year, format_date, format_long_date, format_month, format_time
from .narrative import Block, Narrative, Span, expand_block_spans, map_blocks
from .text import sanitize_text

FACT_REF = re.compile(r"(?<!\\)\[\[\s*([^\[\]\n]*?)\s*\]\]")
# A `[` the author escaped (Markdown `\[`): it never opens a fact reference, and reads `[`.
LITERAL_BRACKET = "\ufdd1"
TEMPLATE_ALIASES = {"outturn-year": "outturn_year"}  # plan['outturn-year'], the snippets' first spelling


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact's display text and where it comes from: a configuration key, or a workbook's figure.

    `data` names the indicator (as the workbook writes it) whose figure the fact shows, and `cell`
    the workbook cell (or row) behind it; both are empty for a fact of `bvpp.toml`.
    """

    text: str
    config_key: str
    data: str = ""
    cell: str = ""


class FactResolver(Protocol):
    """Facts other than `bvpp.toml`'s (indicator facts): answers the names of its own form."""

    def fact(self, name: str) -> Fact | None:
        """Return the fact `name` names, or None."""

    def problem(self, name: str) -> str | None:
        """Return what is wrong with a name of this resolver's form that it cannot answer; None: not its form."""

    def names(self) -> Iterator[str]:
        """Yield every name it answers, for suggestions."""


class Facts(Mapping[str, Fact]):
    """The facts a snippet may name: every value of `bvpp.toml`, then what each resolver answers."""

    def __init__(self, config_facts: Mapping[str, Fact], resolvers: Sequence[FactResolver] = ()) -> None:
        self._config, self._resolvers = dict(config_facts), tuple(resolvers)

    def __getitem__(self, name: str) -> Fact:
        fact = self._config.get(name)
        for resolver in self._resolvers:
            if fact is not None:
                break
            fact = resolver.fact(name)
        if fact is None:
            raise KeyError(name)
        return fact

    def __iter__(self) -> Iterator[str]:
        yield from self._config
        for resolver in self._resolvers:
            yield from resolver.names()

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def problem(self, name: str) -> str:
        """Return the message for a name no fact has: the resolver's own, or the nearest config fact."""
        return next((msg for r in self._resolvers if (msg := r.problem(name)) is not None), None) or \
            unknown_message(name, canonical_names(self._config))


def unknown_message(name: str, known: Sequence[str]) -> str:
    """Return `unknown fact '[[name]]'` with the nearest known name, or how to write a literal `[[`."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" (did you mean '[[{close[0]}]]'?)" if close else " (write \\[[ for a literal '[[')"
    return f"unknown fact '[[{name}]]'{hint}"


class DateText(str):
    """A date as shown (`7 May 2003`), with `.long` and `.month` forms, for templates."""

    long: str
    month: str

    def __new__(cls, day: dt.date) -> DateText:
        """Return the short date of `day`, carrying its other forms."""
        text = super().__new__(cls, format_date(day))
        text.long = format_long_date(day)
        text.month = format_month(day)
        return text


class DateFields(dict[str, str]):
    """A dated entry (`dates.<id>`): reads as its date; `.long`, `.month` and the keys `date*`."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(date=format_date(day), date_long=format_long_date(day), date_month=format_month(day))

    def __str__(self) -> str:
        return self["date"]

    @property
    def long(self) -> str:
        """Return `Wednesday 7 May 2003`."""
        return self["date_long"]

    @property
    def month(self) -> str:
        """Return `May 2003`."""
        return self["date_month"]


class Aliased(dict[str, Any]):
    """A template value whose entries may also be named by an alias (`outturn-year`), not stored."""

    def __missing__(self, key: str) -> Any:
        if key in TEMPLATE_ALIASES:
            return self[TEMPLATE_ALIASES[key]]
        raise KeyError(key)


def outturn_year(plan_year: str) -> str:
    """Return the financial year before the plan year, whose outturn the plan reports."""
    return financial_year(int(plan_year[:4]) - 1)


def make_facts(config: Any) -> dict[str, Fact]:
    """Return every scalar of the configuration as a Fact, keyed by its dotted name and aliases.

    `config` is a `settings.Config`. Dates also get `.long` and `.month` forms; the
    derived `plan.outturn_year` is the year before the plan year.
    """
    facts: dict[str, Fact] = {}
    _flatten(config.model_dump(by_alias=True, exclude={"schema_"}), "", facts)
    year = Fact(outturn_year(config.plan.year), "plan.year")
    facts["plan.outturn_year"] = facts["plan.outturn-year"] = year
    return facts


def canonical_names(facts: Mapping[str, Fact]) -> list[str]:
    """Return the fact names a user is told about (aliases left out)."""
    return [name for name in facts if not _is_alias(name)]


def _is_alias(name: str) -> bool:
    return name == "plan.outturn-year" or name.endswith(("_long", "_month")) or (
        name.startswith("dates.") and name.endswith(".date"))


def _flatten(value: Any, prefix: str, out: dict[str, Fact]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, dt.date):
        _date_facts(value, prefix, out)
    elif isinstance(value, dt.time):
        out[prefix] = Fact(format_time(value), prefix)
    elif isinstance(value, str | int) and not isinstance(value, bool):
        out[prefix] = Fact(sanitize_text(str(value)), prefix)


def _date_facts(day: dt.date, key: str, out: dict[str, Fact]) -> None:
    short, long, month = Fact(format_date(day), key), Fact(format_long_date(day), key), Fact(format_month(day), key)
    out[key], out[f"{key}.long"], out[f"{key}.month"] = short, long, month
    if key.startswith("dates."):  # the templates' first spelling: dates.<id>.date, .date_long, .date_month
        out[f"{key}.date"], out[f"{key}.date_long"], out[f"{key}.date_month"] = short, long, month
    else:  # meetings.<id>.date_long, .date_month
        out[f"{key}_long"], out[f"{key}_month"] = long, month


def fill_facts(
    narrative: Narrative, facts: Mapping[str, Fact], line_of: Callable[[int, str], int | str | None] | None = None
) -> Narrative:
    """Return `narrative` with each `[[fact]]` replaced by its text; raise one error per unknown name.

    `line_of(block index, reference as written)` gives the place for an error: a source line
    (Markdown), or a place such as `paragraph 3` (Word) that begins the message. `\\[[` is a
    literal `[[`. A fact's text is data: never filled again.
    """
    used: dict[str, None] = {}
    errors: list[InputError] = []

    def block(index: int, item: Block) -> Block:
        def span(s: Span) -> tuple[Span, ...]:
            if "[[" not in s.text and LITERAL_BRACKET not in s.text:
                return (s,)
            if s.note is not None or s.picture is not None:
                return (replace(s, text=_literal(FACT_REF.sub(lambda m: one(m, index), s.text))),)
            pieces: list[Span] = []  # the text between references, and each fact's text marked with its name
            at = 0
            for match in FACT_REF.finditer(s.text):
                if match.start() > at:
                    pieces.append(replace(s, text=_literal(s.text[at:match.start()])))
                text = one(match, index)
                name = match.group(1)
                pieces.append(replace(s, text=text, fact=name if name in facts else None))
                at = match.end()
            if at < len(s.text):
                pieces.append(replace(s, text=_literal(s.text[at:])))
            return tuple(p for p in pieces if p.text) or (replace(s, text=""),)

        return expand_block_spans(item, span)

    def one(match: re.Match[str], index: int) -> str:
        name = match.group(1)
        fact = facts.get(name)
        if fact is not None:
            used[name] = None
            return fact.text
        place = line_of(index, match.group(0)) if line_of else None
        message = facts.problem(name) if isinstance(facts, Facts) else unknown_message(name, canonical_names(facts))
        if isinstance(place, str):
            message, place = f"{place}: {message}", None
        errors.append(InputError(message, location=Location(narrative.source, line=place)))
        return match.group(0)

    filled = map_blocks(narrative, block)
    raise_all(errors)
    return replace(filled, facts=tuple(used)) if used or filled.facts else filled


def _literal(text: str) -> str:
    """Return text between fact references as it reads: `\\[[` is `[[`, an escaped `[` is `[`."""
    return text.replace("\\[[", "[[").replace(LITERAL_BRACKET, "[")
