"""The version register: every version of every paper, kept as readable JSON in the project.

The register is the history: it is written atomically, never reset, and refused (not
overwritten) when it is unreadable or comes from a newer release.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import to_json

from ..errors import Location, RegisterError
from .files import write_atomic
from .layout import REGISTER_NAME

REGISTER_SCHEMA = 1
_KEEP = "the register is the version history, so it is never reset: restore it from version control or a backup"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class VersionRecord(_Model):
    """One version of one paper."""

    version: Annotated[int, Field(ge=1)]
    made: dt.datetime
    label: str | None = None
    fingerprint: str
    output: str
    sha256: str
    sources: dict[str, str]
    values: dict[str, dict[str, str]] = {}  # what each data and config source showed, for precise change summaries
    changes: list[str]
    pdf_sha256: str | None = None  # the published PDF beside the .docx (bvpp publish), once there is one
    contents_pages: list[list[int]] | None = None  # page numbers publish wrote into the contents lists (sha256 is then that file's)


class DocumentHistory(_Model):
    """Every version of one paper, oldest first."""

    versions: list[VersionRecord] = []

    @property
    def latest(self) -> VersionRecord | None:
        """Return the newest version, if any."""
        return self.versions[-1] if self.versions else None


class PackRecord(_Model):
    """One meeting pack (bvpp pack): its file, its checksum and the version of each paper it holds."""

    meeting: str
    number: Annotated[int, Field(ge=1)]
    made: dt.datetime
    output: str
    sha256: str
    versions: dict[str, int]


class Register(_Model):
    """The whole register."""

    schema_: int = Field(alias="schema", default=REGISTER_SCHEMA)
    documents: dict[str, DocumentHistory] = {}  # the plan year's papers
    earlier_years: dict[str, dict[str, DocumentHistory]] = {}  # each earlier plan year's papers (`bvpp new-year`)
    packs: list[PackRecord] = []  # written only once there is one, so older registers read as they were

    def versions(self, doc_id: str) -> list[VersionRecord]:
        """Return the recorded versions of `doc_id`, oldest first (none: an empty list); changes nothing."""
        history = self.documents.get(doc_id)
        return list(history.versions) if history else []

    def latest(self, doc_id: str) -> VersionRecord | None:
        """Return the newest version of `doc_id`, if any."""
        history = self.documents.get(doc_id)
        return history.latest if history else None

    def history_of_year(self, year: str | None) -> dict[str, DocumentHistory]:
        """Return the papers of an earlier plan year (None: this plan year's)."""
        return self.documents if year is None else self.earlier_years.get(year, {})

    def move_on(self, year: str) -> None:
        """Keep this plan year's papers under `year` and start the next plan year's from version 1."""
        self.earlier_years[year] = self.documents
        self.documents = {}

    def add_version(self, doc_id: str, record: VersionRecord) -> None:
        """Record a new version of `doc_id`."""
        self.documents.setdefault(doc_id, DocumentHistory()).versions.append(record)

    def adopt_inputs(self, doc_id: str, fingerprint: str, sources: dict[str, str], values: dict[str, dict[str, str]]) -> None:
        """Record new inputs as those of the latest version of `doc_id`: they make the very same paper."""
        latest = self.documents[doc_id].versions[-1]
        latest.fingerprint, latest.sources, latest.values = fingerprint, dict(sources), dict(values)

    def record_pdf(self, doc_id: str, version: int, sha256: str) -> None:
        """Record the checksum of the published PDF of a version."""
        record = next(r for r in self.documents[doc_id].versions if r.version == version)
        record.pdf_sha256 = sha256


    def record_contents_pages(self, doc_id: str, version: int, pages: list[list[int]], sha256: str) -> None:
        """Record the page numbers publish wrote into a version's contents lists, and the checksum of the file it made."""
        record = next(r for r in self.documents[doc_id].versions if r.version == version)
        record.contents_pages, record.sha256 = pages, sha256


def load_register(root: Path) -> Register:
    """Read the register in `root` (an empty one if there is none yet)."""
    path = root / REGISTER_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Register()
    except (OSError, UnicodeDecodeError) as exc:
        raise RegisterError(f"cannot read the register ({exc}); {_KEEP}", location=Location(REGISTER_NAME)) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON ({exc.msg}); {_KEEP}"
        raise RegisterError(msg, location=Location(REGISTER_NAME, line=exc.lineno)) from None
    schema = raw.get("schema") if isinstance(raw, dict) else None
    if isinstance(schema, int) and schema > REGISTER_SCHEMA:
        msg = (f"written by a newer release of bvpp-docgen (register schema {schema}; this release reads "
               f"{REGISTER_SCHEMA}): upgrade bvpp-docgen; the register was left as it is")
        raise RegisterError(msg, location=Location(REGISTER_NAME))
    try:
        register = Register.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        msg = f"not a valid register ({first['msg'].lower()}); {_KEEP}"
        raise RegisterError(msg, location=Location(REGISTER_NAME, key=key)) from None
    _check_order(register)
    return register


def _check_order(register: Register) -> None:
    years = [("documents", register.documents)]
    years += [(f"earlier_years.{year}", papers) for year, papers in register.earlier_years.items()]
    for key, papers in years:
        for doc_id, history in papers.items():
            numbers = [v.version for v in history.versions]
            if numbers != list(range(1, len(numbers) + 1)):
                msg = f"versions of {doc_id!r} are not numbered 1, 2, 3 ... in order; {_KEEP}"
                raise RegisterError(msg, location=Location(REGISTER_NAME, key=f"{key}.{doc_id}.versions"))


def register_bytes(register: Register) -> bytes:
    """Return the register as it is written: JSON, keys sorted, versions in order."""
    data = register.model_dump(mode="json", by_alias=True)
    if not data["earlier_years"]:
        del data["earlier_years"]  # a register of one plan year reads as it always has
    if not data["packs"]:
        del data["packs"]
    # pydantic's own JSON writer, on a copy with every object's keys in order, writes exactly what
    # json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) does (tests/test_register_bytes.py),
    # several times faster: the register holds every version's shown values, hundreds of kilobytes.
    return to_json(_sorted(data), indent=2) + b"\n"


def _sorted(value: Any) -> Any:
    """Return plain JSON data with every object's keys sorted, as `json.dumps(sort_keys=True)` writes them."""
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def save_register(root: Path, register: Register, staging: Path | None = None) -> None:
    """Write the register atomically (via `staging`), keys sorted, versions in order."""
    write_atomic(root / REGISTER_NAME, register_bytes(register), staging=staging)
