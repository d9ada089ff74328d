"""Read and validate `bvpp.toml`, the project's configuration: every fact written once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .formats import find_financial_year
from .plausibility import Confirmation, parse_confirmation
from .text import item_key

CONFIG_SCHEMA = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Council(_Model):
    """The council the papers are for."""

    name: Text
    address: str | None = None


SectionContent = Literal[
    "narrative", "contents", "promises", "promise-details", "budget", "cpa", "improvements", "workforce",
    "indicators", "indicator-annex", "lpsa", "joint-working",
]
LANDSCAPE_DEFAULT = ("indicator-annex",)


class PlanSection(_Model):
    """One section of the plan: its snippet(s), then what `content` adds (contents, tables ...).

    Without `snippet`, a narrative section reads `inputs/plan/<id>.docx` or `.md`.
    """

    id: Id
    title: Text
    snippet: Text | list[Text] | None = None
    content: SectionContent = "narrative"
    landscape: bool | None = None  # None: landscape for the indicator annex only

    @property
    def is_landscape(self) -> bool:
        """Return whether the section sits on landscape pages."""
        return self.landscape if self.landscape is not None else self.content in LANDSCAPE_DEFAULT

    def snippet_list(self) -> list[str]:
        """Return the section's snippet paths, in order (a path without suffix: .docx or .md)."""
        if isinstance(self.snippet, list):
            return list(self.snippet)
        if self.snippet:
            return [self.snippet]
        return [f"inputs/plan/{self.id}"] if self.content in ("narrative", "joint-working") else []


PROMISE_PARTS = ("objectives", "achievements", "actions")


class Promise(_Model):
    """One of the council's numbered promises for the year, and its narrative snippets.

    Without a path, each part reads `inputs/plan/promise-<number>/<part>.docx` or `.md`.
    """

    number: Annotated[int, Field(ge=1)]
    title: Text
    objectives: Text | None = None
    achievements: Text | None = None
    actions: Text | None = None
    charts: list[Text] = []  # indicator references charted in the promise's section (docs/charts.md)

    def part_path(self, part: str) -> str:
        """Return the snippet path of `objectives`, `achievements` or `actions`."""
        return getattr(self, part) or f"inputs/plan/promise-{self.number}/{part}"


class DiffSettings(_Model):
    """How `bvpp diff` marks its tracked changes."""

    author: str | None = None  # who the changes are attributed to; default: the council's name


class PublishSettings(_Model):
    """How `bvpp publish` finds LibreOffice, and the language its PDFs declare."""

    soffice: str | None = None  # the soffice program; default: found on the PATH
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] = "en-GB"


class PathSettings(_Model):
    """Folders outside the project that its files may come from (shared corporate material)."""

    allow: list[Text] = []  # relative to the project folder, such as "../corporate"


class SnippetSettings(_Model):
    """How snippets are read."""

    accept_changes: bool = False  # accept Word tracked changes (and drop comments) instead of refusing


class IndicatorSource(_Model):
    """Where the performance team's indicator workbook is, and the council's own indicator prefixes."""

    workbook: Text
    sheet: Text = "Indicators"
    local_prefixes: list[str] = ["L"]  # `LPI` accepts `LPI 12`; see docs/workbook.md
    confirmed: list[str] = []  # figures checked though they look wrong: `BV82c outturn 2000/01 = 910`

    @field_validator("confirmed")
    @classmethod
    def _confirmations(cls, value: list[str]) -> list[str]:
        for text in value:
            parse_confirmation(text)
        return value

    def confirmations(self) -> list[Confirmation]:
        """Return the figures confirmed as they stand."""
        return [parse_confirmation(text) for text in self.confirmed]

    @field_validator("local_prefixes")
    @classmethod
    def _letters_not_bv(cls, value: list[str]) -> list[str]:
        for prefix in value:
            if not re.fullmatch(r"[A-Za-z]{1,10}", prefix):
                raise ValueError(f"{prefix!r} is not a prefix: use 1 to 10 letters, such as 'LPI'")
            if prefix.upper() in ("BV", "BVPI"):
                raise ValueError(f"{prefix!r} is the prefix of the national BV codes, which are always accepted")
        return value


class SheetSource(_Model):
    """A sheet of a workbook that holds one table of the plan (budget, CPA, improvements)."""

    workbook: Text
    sheet: Text


class CpaSource(SheetSource):
    """Where the Comprehensive Performance Assessment result is, and when it was published."""

    published: dt.date | None = None


class Contract(_Model):
    """A contract awarded in the outturn year that transferred staff."""

    name: Text
    service: Text
    awarded: dt.date
    staff: Annotated[int, Field(ge=1)]


class Workforce(_Model):
    """The contracts the statement on workforce matters covers; none is a valid answer."""

    contracts: list[Contract]


class Plan(_Model):
    """The Best Value Performance Plan: its year, title and sections, in order."""

    year: str
    title: Text
    sections: list[PlanSection]

    @field_validator("year")
    @classmethod
    def _financial_year(cls, value: str) -> str:
        """Accept `2003/04`, `2003-04`, `2003/2004` or `2003-2004`; keep `2003/04`."""
        text = value.strip()
        found = find_financial_year(text)
        if found is None or (found.start, found.end) != (0, len(text)) or " " in text:
            raise ValueError(f"expected a financial year such as '2003/04', not {value!r}")
        if found.label is None:
            raise ValueError(f"{value!r} is not a financial year: the second year must follow the first")
        return found.label


class Meeting(_Model):
    """A meeting a paper goes to."""

    committee: Text
    part_of: str | None = None
    date: dt.date
    time: dt.time | None = None
    agenda_item: str | int | None = None
    venue: str | None = None  # where it meets: the meeting pack's front sheet names it

    @field_validator("time", mode="before")
    @classmethod
    def _not_a_number(cls, value: object) -> object:
        """Refuse `time = 14.00` (TOML reads a number, which pydantic would take as seconds)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            hours, minutes = int(value), round((value - int(value)) * 100)
            meant = f"{hours:02d}:{minutes:02d}:00" if 0 <= hours < 24 and 0 <= minutes < 60 else "14:00:00"
            raise ValueError(f"a number ({value}) is not a time: write time = {meant} (24-hour clock, without quotes)")
        return value


class ReportSection(_Model):
    """A numbered section of a covering report, filled by a narrative snippet.

    Without `snippet`, it reads `inputs/<document id>/<heading as a slug>.docx` or `.md`.
    """

    heading: Text
    snippet: Text | None = None

    def snippet_path(self, doc_id: str) -> str:
        """Return the snippet path (a path without suffix: .docx or .md, by convention)."""
        return self.snippet or f"inputs/{doc_id}/{slug(self.heading)}"


def slug(text: str) -> str:
    """Return `purpose-of-the-report` for `Purpose of the report`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ReportDocument(_Model):
    """A covering report to a meeting, in the seed's layout."""

    kind: Literal["report"]
    template: Text
    meeting: Id
    title: Text
    report_of: Text
    author: Text
    telephone: Text
    executive_member: str | None = None
    sections: list[ReportSection] = Field(min_length=1)
    appendix_title: Text = "Appendix: draft sections of the plan"
    appendix: list[Id] = []


class PlanDocument(_Model):
    """The plan itself."""

    kind: Literal["plan"]
    template: Text
    title: Text
    status: Text
    meeting: Id | None = None


Document = Annotated[ReportDocument | PlanDocument, Field(discriminator="kind")]

VERSION_FIELDS = ("version", "date", "label")


class Versions(_Model):
    """How the version shows on the paper."""

    line: Text = "Draft version {version} – {date}"

    @field_validator("line")
    @classmethod
    def _known_fields(cls, value: str) -> str:
        for name in re.findall(r"\{([^{}]*)\}", value):
            if name not in VERSION_FIELDS:
                fields = ", ".join("{" + f + "}" for f in VERSION_FIELDS)
                raise ValueError(f"unknown field {{{name}}} (use {fields})")
        return value


class Config(_Model):
    """The whole of `bvpp.toml`."""

    schema_: int = Field(alias="schema")
    council: Council
    plan: Plan
    meetings: dict[Id, Meeting]
    dates: dict[Id, dt.date] = {}
    promises: list[Promise] = []
    indicators: IndicatorSource | None = None
    budget: SheetSource | None = None
    cpa: CpaSource | None = None
    improvements: SheetSource | None = None
    lpsa: SheetSource | None = None  # Local Public Service Agreement targets and progress (core/lpsa.py)
    workforce: Workforce | None = None
    snippets: SnippetSettings = SnippetSettings()
    paths: PathSettings = PathSettings()
    versions: Versions = Versions()
    diff: DiffSettings = DiffSettings()
    publish: PublishSettings = PublishSettings()
    documents: dict[Id, Document]

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, value: int) -> int:
        if value != CONFIG_SCHEMA:
            raise ValueError(f"this release of bvpp reads schema {CONFIG_SCHEMA}, not {value}: "
                             "use the release the file was written for")
        return value

    def sheet_sources(self) -> list[SheetSource | IndicatorSource]:
        """Return the workbook sheets the project reads, in the order of `bvpp.toml`'s tables."""
        sources = (self.indicators, self.budget, self.cpa, self.improvements, self.lpsa)
        return [source for source in sources if source is not None]

    def timetable_problems(self) -> list[tuple[str, str]]:
        """Return (key, message) for each meeting dated more than a year from the plan year's start, and each
        section an appendix names twice."""
        start = dt.date(int(self.plan.year[:4]), 4, 1)
        problems = []
        for name, meeting in self.meetings.items():
            if abs((meeting.date - start).days) > 366:
                msg = (f"{meeting.date.isoformat()} is more than a year from the start of the {self.plan.year} plan year "
                       f"({start.isoformat()}): check the year")
                problems.append((f"meetings.{name}.date", msg))
        for doc_id, doc in self.documents.items():
            refs = list(doc.appendix) if isinstance(doc, ReportDocument) else []
            for i, ref in enumerate(refs):
                if ref in refs[:i]:
                    msg = f"names the section {ref!r} twice (entries {refs.index(ref) + 1} and {i + 1}): remove one"
                    problems.append((f"documents.{doc_id}.appendix", msg))
        return problems

    def section_ids_of(self, doc_id: str) -> list[str]:
        """Return the ids of the plan sections one document shows, in its order."""
        doc = self.documents[doc_id]
        return list(doc.appendix) if isinstance(doc, ReportDocument) else [s.id for s in self.plan.sections]

    def sections_of(self, doc_id: str) -> list[PlanSection]:
        """Return the plan sections one document shows, in its order."""
        by_id = {s.id: s for s in self.plan.sections}
        return [by_id[ref] for ref in self.section_ids_of(doc_id)]

    def snippets_of(self, doc_id: str) -> list[str]:
        """Return the snippet paths one document shows (required and optional), in order, each once."""
        doc = self.documents[doc_id]
        paths = [s.snippet_path(doc_id) for s in doc.sections] if isinstance(doc, ReportDocument) else []
        for section in self.sections_of(doc_id):
            paths += section.snippet_list()
            if section.content == "promise-details":
                paths += [p.part_path(part) for p in self.promises for part in PROMISE_PARTS]
        return list(dict.fromkeys(paths))

    def shows(self, doc_id: str, *contents: str) -> bool:
        """Return whether a document shows a plan section with one of `contents`."""
        return any(s.content in contents for s in self.sections_of(doc_id))

    def shows_indicators(self, doc_id: str) -> bool:
        """Return whether a document shows indicator tables."""
        return self.shows(doc_id, "indicators", "indicator-annex", "promise-details")

    def snippet_refs(self) -> list[SnippetRef]:
        """Return every snippet the documents read, in order: where bvpp.toml names it, its path, whether required.

        A promise part found by convention (not named on its entry) is not required: while the
        plan is drafted the papers say "To follow." and `check` says so.
        """
        refs = [SnippetRef(f"{item_key('plan.sections', i)}.snippet", p)
                for i, s in enumerate(self.plan.sections) for p in s.snippet_list()]
        for doc_id, doc in self.documents.items():
            if isinstance(doc, ReportDocument):
                refs += [SnippetRef(f"{item_key(f'documents.{doc_id}.sections', i)}.snippet", s.snippet_path(doc_id))
                         for i, s in enumerate(doc.sections)]
        if not any(s.content == "promise-details" for s in self.plan.sections):
            return refs
        parts = [(f"{item_key('promises', i)}.{part}", p.part_path(part), getattr(p, part) is not None)
                 for i, p in enumerate(self.promises) for part in PROMISE_PARTS]
        return refs + [SnippetRef(key, path, named) for named_first in (True, False)
                       for key, path, named in parts if named == named_first]


@dataclass(frozen=True, slots=True)
class SnippetRef:
    """A snippet a document reads: the config key that names it (or would), its path, whether it must exist."""

    key: str
    path: str
    required: bool = True
