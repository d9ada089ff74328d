"""Which label each paper of a build gets: one for every paper, or one per document (`cabinet=TEXT`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..errors import Location, UnknownDocumentError

LABEL_OPTION = Location("command line", key="--label")
_PER_DOCUMENT = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)=(.*)", re.DOTALL)

Labels = str | Sequence[str] | Mapping[str, str] | None


def resolve_labels(given: Labels, known: Sequence[str], building: Sequence[str]) -> dict[str, str | None]:
    """Return each built document's label.

    `given` is one label for every paper (a str), the command line's `--label` values (each
    `TEXT` for every paper or `ID=TEXT` for one; a per-document label wins over the plain one),
    or a mapping of document id to label. A label for a document the project does not define,
    or that this build does not build, is refused; so is the same document (or a plain label) twice.
    """
    plain, per_document = _split(given)
    for doc_id in per_document:
        if doc_id not in known:
            msg = f"no document {doc_id!r} in this project (documents: {', '.join(known)})"
            raise UnknownDocumentError(msg, location=LABEL_OPTION)
        if doc_id not in building:
            msg = f"a label for {doc_id!r}, which this build does not build (building: {', '.join(building)})"
            raise UnknownDocumentError(msg, location=LABEL_OPTION)
    return {doc_id: per_document.get(doc_id, plain) for doc_id in building}


def _split(given: Labels) -> tuple[str | None, dict[str, str]]:
    if given is None or isinstance(given, str):
        return given, {}
    if isinstance(given, Mapping):
        return None, dict(given)
    plain: str | None = None
    per_document: dict[str, str] = {}
    for value in given:
        match = _PER_DOCUMENT.fullmatch(value)
        if match is None:
            if plain is not None:
                msg = f"two labels for every paper ({plain!r} and {value!r}): give one, or one per document as ID=TEXT"
                raise UnknownDocumentError(msg, location=LABEL_OPTION)
            plain = value
            continue
        doc_id, text = match.groups()
        if doc_id in per_document:
            msg = f"two labels for {doc_id!r} ({per_document[doc_id]!r} and {text!r}): give one"
            raise UnknownDocumentError(msg, location=LABEL_OPTION)
        per_document[doc_id] = text
    return plain, per_document
