"""Prose that contradicts the workbook: a sentence naming an indicator and stating a figure or a direction
the workbook does not support ("BV82a rose to 19%" when it fell to 18.4%). Pure.

Precise rather than clever (docs/snippets.md, "What check says about the prose"):

- a sentence is checked only if it names exactly one indicator, by its reference as the workbook
  writes it (case-sensitive, a whole word: `BV82a`, not `bv82a` or `BV82ab`);
- text filled from a fact (`[[BV82a.outturn.2002/03]]`) is the workbook's own and is not checked;
- a financial year (`2002/03`) is a year, not a figure; so is a bare four-digit number from 1990 to 2099;
- figures of a percentage indicator are numbers with `%` (or `per cent`); of any other unit, numbers
  without `%`; a number after `by` (a change), `per` (`per 1,000`) or `of` (`5 of 9`) is not a figure;
- `from X to Y` states the year before and the year; a number after `target` is a target; others are outturns;
- an outturn is tied to the one financial year the sentence names (a year with only a target: that
  target), or, with no year, to the latest outturn when the sentence says it is current (`now`,
  `currently`, `latest`) or how it moved (`rose to`, `fell to`, `reached`); a target needs its year;
  two years named, or two figures for one place: the sentence is not checked;
- a direction (`rose`, `fell`, `improved`, `worsened`, `unchanged` ...) is the latest year's, against
  the year before; a sentence with a negation (`not`, `n't`, `never`) or naming another year is not
  checked for direction;
- numbers are compared as displayed: the workbook's figure as the tables show it, rounded to the
  places the sentence writes (`18%` agrees with `18.4%`; `18.5%` does not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..errors import Location, Notice
from .formats import excel_round
from .indicator_facts import IndicatorFacts, target_years
from .indicators import Indicator, IndicatorSet, Value
from .narrative import Narrative, Paragraph

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(A-Z0-9£])")
YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[/-]\s*(\d\d)(?![\d/])")
CALENDAR_YEAR = re.compile(r"(?<![\d,.£])(?:19|20)\d\d(?![\d,.%]|\s*(?:%|per\s*cent|percent))")
NUMBER = re.compile(r"(?<![\w.,])(£\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s*(?:%|per\s*cent\b|percent\b))?")
NOT_A_FIGURE = re.compile(r"\b(?:by|per|of|than)\s+(?:£\s?)?$", re.IGNORECASE)
TARGET_BEFORE = re.compile(r"\btargets?\b[^.;]{0,25}$", re.IGNORECASE)
FROM_TO = re.compile(r"\bfrom\s+$", re.IGNORECASE)
TO_AFTER_FROM = re.compile(r"^\s+to\s+$", re.IGNORECASE)
LATEST = re.compile(r"\b(?:now|currently|latest|rose|risen|fell|fallen|increased|decreased|reached|grew|dropped|"
                    r"improved|worsened|declined|stands|stood|went up|went down)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|never|no longer|nor)\b|n't\b", re.IGNORECASE)
DIRECTIONS = {
    "up": re.compile(r"\b(?:rose|risen|increased|went up|grew|grown|climbed)\b", re.IGNORECASE),
    "down": re.compile(r"\b(?:fell|fallen|decreased|went down|dropped|declined)\b", re.IGNORECASE),
    "same": re.compile(r"\b(?:unchanged|remained the same|stayed the same|held steady)\b", re.IGNORECASE),
    "improved": re.compile(r"\bimproved\b", re.IGNORECASE),
    "worse": re.compile(r"\b(?:worsened|deteriorated|got worse)\b", re.IGNORECASE),
}
MASK = "\ufffc"  # stands for each character of a fact's text: the workbook's own words are not checked


@dataclass(frozen=True, slots=True)
class _Stated:
    number: Decimal
    places: int
    role: str  # "outturn", "target", "from", "to"


def prose_contradictions(narratives: Iterable[Narrative], workbook: IndicatorSet, where: str) -> list[Notice]:
    """Return a warning for each sentence of `narratives` that states a figure or direction the workbook does not."""
    facts = IndicatorFacts(workbook, where)
    refs = {ind.ref: ind for ind in workbook.indicators}
    finder = RefFinder(refs)
    notices: list[Notice] = []
    for narrative in narratives:
        for shown, masked in _sentences(narrative, facts):
            named = finder.named(masked)
            if len(named) != 1:
                continue
            ind = refs[named.pop()]
            for problem in _Sentence(masked, ind, workbook, facts).problems():
                notices.append(Notice(f"{shown!r} does not match the workbook: {problem}", Location(narrative.source)))
    return notices


class RefFinder:
    """Finds the references a text names, each a whole word (no letter, digit, `_` or `(` either side).

    What `(?<![\\w(])(REF|...)(?![\\w(])` finds, the longest reference first, without compiling an
    alternation of every reference (a 5,000-indicator sheet's took longer than the whole check of
    its prose): at each place a reference may start, each length references have is tried, longest first.
    """

    def __init__(self, refs: Iterable[str]) -> None:
        self.refs = set(refs)
        self.lengths = sorted({len(ref) for ref in self.refs}, reverse=True)
        self.starts = {ref[0] for ref in self.refs if ref}

    def named(self, text: str) -> set[str]:
        """Return the references `text` names."""
        found: set[str] = set()
        refs, lengths, starts, end = self.refs, self.lengths, self.starts, len(text)
        at = 0
        while at < end:
            if text[at] in starts and (at == 0 or not _joins(text[at - 1])):
                for length in lengths:
                    ref = text[at:at + length]
                    if len(ref) == length and ref in refs and (at + length == end or not _joins(text[at + length])):
                        found.add(ref)
                        at += length
                        break
                else:
                    at += 1
            else:
                at += 1
        return found


def _joins(char: str) -> bool:
    """Tell whether `char` next to a reference makes it part of a longer word (as regex `[\\w(]` does)."""
    return char.isalnum() or char in "_("


def _sentences(narrative: Narrative, facts: IndicatorFacts) -> Iterator[tuple[str, str]]:
    """Yield each sentence of the narrative's paragraphs as shown, and with indicator facts' text masked."""
    for block in narrative.blocks:
        if not isinstance(block, Paragraph):
            continue
        shown = "".join(s.text for s in block.spans)
        masked = "".join(MASK * len(s.text) if s.fact and facts.fact(s.fact) else s.text for s in block.spans)
        at = 0
        for end in [m.start() for m in SENTENCE_END.finditer(shown)] + [len(shown)]:
            text = shown[at:end].strip()
            if text:
                start = shown.index(text, at)
                yield " ".join(text.split()), masked[start:start + len(text)]
            at = end


class _Sentence:
    def __init__(self, text: str, ind: Indicator, workbook: IndicatorSet, facts: IndicatorFacts) -> None:
        self.ind, self.years, self.facts = ind, workbook.years, facts
        self.named_years = list(dict.fromkeys(f"{m.group(1)}/{m.group(2)}" for m in YEAR.finditer(text)))
        self.text = CALENDAR_YEAR.sub(lambda m: "Y" * len(m.group(0)), YEAR.sub(lambda m: "Y" * len(m.group(0)), text))

    def problems(self) -> list[str]:
        if len(self.named_years) > 1:
            return []
        return [*self._figures(), *self._direction()]

    def _stated(self) -> list[_Stated]:
        found: list[_Stated] = []
        percent_unit = self.ind.unit == "percent"
        previous_end = -1
        for match in NUMBER.finditer(self.text):
            before = self.text[:match.start()]
            if bool(match.group(4)) != percent_unit or NOT_A_FIGURE.search(before):
                continue
            places = len(match.group(3) or ".") - 1
            number = Decimal((match.group(2) + (match.group(3) or "")).replace(",", ""))
            if FROM_TO.search(before):
                role = "from"
            elif found and found[-1].role == "from" and TO_AFTER_FROM.match(self.text[previous_end:match.start()]):
                role = "to"
            else:
                role = "target" if TARGET_BEFORE.search(before) else "outturn"
            found.append(_Stated(number, places, role))
            previous_end = match.end()
        return found

    def _figures(self) -> Iterator[str]:
        stated = self._stated()
        year = self.named_years[0] if self.named_years else None
        latest, before = self.years.outturn[-1], self.years.outturn[-2]
        for role in ("outturn", "target"):
            mine = [s for s in stated if s.role == role]
            if len(mine) != 1:
                continue
            if role == "target" or (year is not None and year not in self.years.outturn):
                kind, at = "target", year
            else:
                kind, at = "outturn", year or (latest if LATEST.search(self.text) else None)
            if at is not None:
                yield from self._compare(mine[0], kind, at)
        pair = [s for s in stated if s.role in ("from", "to")]
        if [s.role for s in pair] == ["from", "to"] and year in (None, latest):
            yield from self._compare(pair[0], "outturn", before)
            yield from self._compare(pair[1], "outturn", latest)

    def _compare(self, stated: _Stated, kind: str, year: str) -> Iterator[str]:
        years = self.years.outturn if kind == "outturn" else target_years(self.years)
        if year not in years:
            return
        value = self._value(kind, year)
        fact = self.facts.fact(f"{self.ind.ref}.{kind}.{year}")
        assert fact is not None
        places = min(stated.places, self.ind.decimals)
        if value.number is None or excel_round(excel_round(value.number, self.ind.decimals), places) != \
                excel_round(stated.number, places):
            yield (f"{self.ind.ref}'s {kind} for {year} is {fact.text} ({fact.cell}); cite it as "
                   f"[[{self.ind.ref}.{kind}.{year}]] and the paper shows the workbook's figure")

    def _value(self, kind: str, year: str) -> Value:
        if kind == "outturn":
            return self.ind.outturns[self.years.outturn.index(year)]
        return (self.ind.previous_target, *self.ind.targets)[target_years(self.years).index(year)]

    def _direction(self) -> Iterator[str]:
        latest, before = self.years.outturn[-1], self.years.outturn[-2]
        if self.named_years not in ([], [latest]) or NEGATION.search(self.text) or TARGET_BEFORE.search(self.text):
            return
        claimed = [name for name, pattern in DIRECTIONS.items() if pattern.search(self.text)]
        new, old = (self.ind.outturns[2].number, self.ind.outturns[1].number)
        if len(claimed) != 1 or new is None or old is None:
            return
        new, old = excel_round(new, self.ind.decimals), excel_round(old, self.ind.decimals)
        moved = "up" if new > old else "down" if new < old else "same"
        judged = {"up": "improved", "down": "worse"}.get(moved, "same") if self.ind.direction == "higher" else \
            {"up": "worse", "down": "improved"}.get(moved, "same") if self.ind.direction == "lower" else None
        claim = claimed[0]
        if claim in ("improved", "worse") and (judged is None or claim == judged):
            return
        if claim in ("up", "down", "same") and claim == moved:
            return
        words = {"up": "rose", "down": "fell", "same": "did not change"}
        ref, facts = self.ind.ref, self.facts
        now, then = facts.fact(f"{ref}.outturn.{latest}"), facts.fact(f"{ref}.outturn.{before}")
        assert now is not None and then is not None
        travel = f" ({judged} for a {self.ind.direction}-is-better indicator)" if judged and judged != "same" else ""
        yield (f"{ref} {words[moved]}{travel}: {now.text} in {latest} against {then.text} in {before} "
               f"({now.cell}); cite it as [[{ref}.travel]]")
