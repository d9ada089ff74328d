"""Errors a user can fix, and the places in the project they point to.

DocgenError                 an error the user can fix; the CLI prints it without a traceback
├── ConfigError             bvpp.toml cannot be read or is invalid
├── InputError              a snippet or other input file is missing, unreadable or malformed
├── TemplateError           a template is missing, malformed, or needs a value not provided
├── ProjectError            an operation on the project folder was refused (e.g. init over files)
│   ├── LockBusyError       another bvpp command held the project folder for too long
│   └── PublishError        a paper cannot be published as asked
├── RegisterError           the version register is unreadable, or written by a newer release
├── UnknownDocumentError    a document id the project does not define
├── UnknownReferenceError   a figure (indicator, budget line, CPA score) the sheets or the paper do not hold
├── UnknownVersionError     a version number the register does not hold for that paper
├── RedlineError            two versions cannot be compared (a file missing, unreadable or not a paper)
├── LibreOfficeError        LibreOffice is missing, failed to start, or could not export a paper
├── StrictError             a warning (Notice) that --strict turned into an error
└── ValidationFailed        several problems at once; carries every one of them

Notice                      a warning with its Location: reported, and escalated by --strict
plural                      "1 figure", "5 figures": every count a user reads
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """Return `1 figure` or `5 figures`; `plural_form` for other plurals: `plural(2, "entry", "entries")`."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"


@dataclass(frozen=True, slots=True)
class Location:
    """A file relative to the project root, plus a place inside it: key, line, cell or tag."""

    path: str
    key: str | None = None
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None
    tag: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            place = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
            return f"{self.path}:{place}"
        places = [str(p) for p in (self.key, self.line, self.tag) if p is not None]
        return f"{self.path}:{places[0]}" if places else self.path

    def sort_key(self) -> tuple[str, str, int, int, str]:
        """Return a key that orders locations by file, then position (cells by row, then column)."""
        row, column = 0, self.key or self.tag or ""
        match = re.fullmatch(r"([A-Z]+)(\d+)", self.cell or "")
        if match:
            row, column = int(match.group(2)), f"{len(match.group(1)):02d}{match.group(1)}"
        return (self.path, self.sheet or "", self.line or row, 0, column)


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning the user can act on, at its place in the project; `--strict` makes it an error."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def to_json(self) -> dict[str, str | None]:
        """Return the notice as `--json` prints it, shaped like a problem."""
        return {"location": str(self.location) if self.location else None, "message": self.message}


class DocgenError(Exception):
    """Base class for errors the user can fix."""

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    @property
    def problems(self) -> Sequence[DocgenError]:
        """Return the individual problems this error stands for (itself, by default)."""
        return (self,)


class ConfigError(DocgenError):
    """bvpp.toml cannot be read or is invalid."""


class InputError(DocgenError):
    """A snippet or other input file is missing, unreadable or malformed."""


class TemplateError(DocgenError):
    """A template is missing, malformed, or needs a value the project does not provide."""


class ProjectError(DocgenError):
    """An operation on the project folder was refused."""


class RegisterError(DocgenError):
    """The version register is unreadable, invalid, or written by a newer release."""


class StrictError(DocgenError):
    """A warning that `--strict` turned into an error."""


class ValidationFailed(DocgenError):
    """Several user-fixable problems found in one pass; each keeps its own location."""

    def __init__(self, errors: Iterable[DocgenError]) -> None:
        # the same problem met twice (one template serving two papers) is reported once
        flat = list({str(p): p for e in errors for p in e.problems}.values())
        ordered = sorted(flat, key=lambda e: e.location.sort_key() if e.location else ("", "", 0, 0, ""))
        super().__init__(f"{plural(len(ordered), 'problem')} found")
        self.errors = tuple(ordered)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    @property
    def problems(self) -> Sequence[DocgenError]:
        return self.errors


class LockBusyError(ProjectError):
    """Another bvpp command held the project folder longer than a command waits."""


class PublishError(ProjectError):
    """A paper cannot be published as asked."""


class UnknownVersionError(DocgenError):
    """A version number the register does not hold for that paper."""


class RedlineError(DocgenError):
    """The requested versions cannot be compared (a file is missing, unreadable or not a paper)."""


class LibreOfficeError(DocgenError):
    """LibreOffice is missing, failed to start, or could not export a paper."""


class UnknownDocumentError(DocgenError):
    """A document id on the command line that the project does not define."""


class UnknownReferenceError(DocgenError):
    """A figure's reference (indicator, budget line, CPA score) that the sheets, or the paper, do not hold."""


def raise_all(errors: Sequence[DocgenError]) -> None:
    """Raise the one error, or a ValidationFailed carrying all of them; do nothing if none."""
    if len(errors) == 1 and len(errors[0].problems) == 1:
        raise errors[0]
    if errors:
        failed = ValidationFailed(errors)
        raise failed.errors[0] if len(failed.errors) == 1 else failed
