"""Stable digests of what decides a paper's content: pure, standard library only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import operator
import re
import secrets
from collections.abc import Callable, Mapping
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from .narrative import Span, Table

# Raise by hand when a code change alters what a paper looks like for the same inputs,
# so that every paper gets a new version; a release that changes nothing visible keeps it.
RENDER_FORMAT = 4


def canonical_json(value: Any) -> str:
    """Return `value` as JSON with sorted keys and no spacing; lists keep their order."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_encode)


def _encode(value: Any) -> Any:
    try:
        fields = _FIELDS[type(value)]
    except KeyError:
        fields = _fields_of(type(value))
    if fields is not None:  # large tables are many spans: their fields as a list, read in one call
        return [type(value).__name__, *fields(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__, **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "sha256:" + sha256(value)
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _fields_of(kind: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """Return what reads a slotted dataclass's fields in slot order (None: not one): the encoding of a
    slotted dataclass is its name, then its slots' values."""
    slots = getattr(kind, "__slots__", None)
    fields: Callable[[Any], tuple[Any, ...]] | None = None
    if slots is not None and dataclasses.is_dataclass(kind):
        names = tuple(slots)
        if len(names) == 1:
            fields = lambda value, name=names[0]: (getattr(value, name),)  # noqa: E731
        else:
            fields = operator.attrgetter(*names) if names else lambda value: ()
    _FIELDS[kind] = fields
    return fields


def sha256(data: bytes) -> str:
    """Return the SHA-256 of `data` as hex."""
    return hashlib.sha256(data).hexdigest()


def digest(value: Any, tables: SharedTables | None = None) -> str:
    """Return `sha256:<hex>` of the canonical JSON of `value` (`tables`: large tables' rows encoded once)."""
    if tables is not None:
        return "sha256:" + tables.sha256(value)
    return "sha256:" + sha256(canonical_json(value).encode("utf-8"))


def fingerprint(
    template_digest: str, context: Mapping[str, Any], settings: Mapping[str, Any], tables: SharedTables | None = None,
) -> str:
    """Return the fingerprint of a paper: its template, its context, its settings, the format.

    `tables`: shared by the papers of one load, so that a table several papers show is encoded once.
    """
    value = {"render_format": RENDER_FORMAT, "template": template_digest, "context": context, "settings": settings}
    return digest(value, tables)


class SharedTables:
    """The canonical JSON of large tables' rows, encoded once for every paper that shows them.

    The digest is of the same bytes `canonical_json` gives: each table's rows stand in the
    encoding as a mark, and the hash takes the rows' own encoding in the mark's place. A mark
    is a random word no input can guess; should one be met where no table put it, the value is
    encoded whole.
    """

    MIN_ROWS = 50  # smaller tables are cheap to encode again

    def __init__(self) -> None:
        self._word = secrets.token_hex(16)
        self._mark = re.compile(f'"\ue000{self._word}\\.([0-9]+)\ue000"')
        self._rows: dict[int, tuple[Any, bytes]] = {}  # by id(rows): the rows held, so their id stays theirs

    def sha256(self, value: Any) -> str:
        """Return the SHA-256 of the canonical JSON of `value` as hex."""
        placed = 0

        def encode(item: Any) -> Any:
            nonlocal placed
            encoded = _encode(item)
            if type(item) is Table and len(item.rows) >= self.MIN_ROWS:
                key = id(item.rows)
                if key not in self._rows:
                    self._rows[key] = (item.rows, _rows_json(item.rows).encode("utf-8"))
                encoded[_ROWS] = f"\ue000{self._word}.{key}\ue000"
                placed += 1
            return encoded

        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=encode)
        pieces = self._mark.split(text)
        if placed == 0 or len(pieces) != 2 * placed + 1 or text.count(self._word) != placed:
            return sha256(canonical_json(value).encode("utf-8")) if placed else sha256(text.encode("utf-8"))
        hashed = hashlib.sha256()
        for index, piece in enumerate(pieces):
            hashed.update(self._rows[int(piece)][1] if index % 2 else piece.encode("utf-8"))
        return hashed.hexdigest()


def _rows_json(rows: tuple[tuple[Any, ...], ...]) -> str:
    """Return `canonical_json(rows)` of a table's rows, each distinct cell encoded once (tables share their cells)."""
    cells: dict[int, str] = {}
    encoded = []
    plain = _PlainCell()
    for row in rows:
        texts = []
        for cell in row:
            text = cells.get(id(cell))
            if text is None:
                text = cells[id(cell)] = plain.json(cell)
            texts.append(text)
        encoded.append("[" + ",".join(texts) + "]")
    return "[" + ",".join(encoded) + "]"


_ROWS = 1 + Table.__slots__.index("rows")  # where a table's rows stand in its encoding, after its name


class _PlainCell:
    """`canonical_json` of a table cell, written around its text when the cell is one span of plain text (most are)."""

    def __init__(self) -> None:
        mark = "\ue000"
        fields = _FIELDS.get(Span) or _fields_of(Span)
        assert fields is not None  # Span is a slotted dataclass
        self._fields: Callable[[Any], tuple[Any, ...]] = fields
        self._at = Span.__slots__.index("text")
        plain = self._fields(Span(mark))
        self._rest = plain[:self._at] + plain[self._at + 1:]
        self._before, self._after = canonical_json((Span(mark),)).split(encode_basestring(mark))

    def json(self, cell: Any) -> str:
        """Return `canonical_json(cell)`."""
        if type(cell) is tuple and len(cell) == 1 and type(cell[0]) is Span:
            values = self._fields(cell[0])
            if values[:self._at] + values[self._at + 1:] == self._rest and type(values[self._at]) is str:
                return self._before + encode_basestring(values[self._at]) + self._after
        return canonical_json(cell)


def short_digest(value: Any) -> str:
    """Return a short digest, enough to tell two config values apart in the register."""
    return sha256(canonical_json(value).encode("utf-8"))[:16]
