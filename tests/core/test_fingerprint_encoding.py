"""Fingerprints are the digest of the same canonical JSON as before they were made fast: a project
built with an earlier release stays up to date. The reference below is the encoder as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
from dataclasses import replace
from decimal import Decimal
from typing import Any

from bvpp_docgen.core.fingerprint import RENDER_FORMAT, SharedTables, canonical_json, digest, fingerprint
from bvpp_docgen.core.narrative import Chart, Narrative, Note, Paragraph, Picture, Span, Table


def _reference_encode(value: Any) -> Any:
    slots = getattr(type(value), "__slots__", None)
    if slots is not None and dataclasses.is_dataclass(value):
        return [type(value).__name__, *(getattr(value, name) for name in slots)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__, **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def reference_digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_reference_encode)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class Plain:  # a dataclass without slots: encoded as a map
    name: str
    when: dt.date


@dataclasses.dataclass(frozen=True, slots=True)
class One:  # a single slot
    only: Any


TEXTS = ["", "62.5%", "£1,234", "n/a", "Improved; target met", "ünïcödé “quotes”", 'a "quoted" \\ back', "\ue000",
         "line\nbreak", "\t\x01", "Top", "emoji 🎉"]


def _span(rng: random.Random) -> Span:
    text = rng.choice(TEXTS) + str(rng.randrange(100))
    kind = rng.randrange(8)
    if kind == 0:
        return Span(text, bold=True, italic=rng.random() < 0.5, href="https://example.org/?a=1&b=2")
    if kind == 1:
        return Span(text, note=Note(((Span("a note"), Span("more", italic=True)),)), fact="BV82a.outturn.2002/03")
    if kind == 2:
        return Span(text, picture=Picture(bytes(rng.randrange(256) for _ in range(20)), "alt", 10, 20))
    if kind == 3:
        return Span(text, chart=Chart("BV1", ("2001/02", "2002/03"), (Decimal("1.50"), None), (None, Decimal("-0")), "0.0", "alt"))
    return Span(text, underline=kind == 4, highlight="yellow" if kind == 5 else None)


def _table(rng: random.Random, rows: int) -> Table:
    shared = [(_span(rng),), (), (Span("n/a"), Span("x", bold=True))]  # cells tables share, as indicator tables do

    def cell() -> tuple[Span, ...]:
        return rng.choice(shared) if rng.random() < 0.4 else (_span(rng),) if rng.random() < 0.9 else ()

    body = tuple(tuple(cell() for _ in range(5)) for _ in range(rows))
    return Table(rows=body, widths=(1.5, 2.25, 3.0, 0.1, 4.0), align=("right", None, None, "center", None), fill=1, margin=0.1)


def _context(rng: random.Random, tables: list[Table]) -> dict[str, Any]:
    blocks = [Paragraph((_span(rng),), kind="heading", level=1), *tables, Paragraph(tuple(_span(rng) for _ in range(3)))]
    rng.shuffle(blocks)
    return {
        "plan": {"year": "2003/04", "count": 4999, "share": 0.1 + 0.2, "flag": True, "none": None},
        "when": Plain("cabinet", dt.date(2003, 4, 28)), "at": dt.time(14, 0), "money": Decimal("12.30"),
        "one": One(("tuple", 1)), "sections": [{"body": Narrative("performance", tuple(blocks), facts=("a.b",))}],
        "ünï": "“x”", "\ue000key": "value",
    }


def test_shared_tables_digest_the_canonical_json_as_before() -> None:
    """Papers that share tables (the same rows, widened for a landscape page or not) get the digest
    of the canonical JSON the reference encoder writes, table by table as often as shown."""
    rng = random.Random(17)
    for _ in range(4):
        big = _table(rng, rng.choice([50, 51, 120]))
        small = _table(rng, rng.randrange(0, 49))
        wide = replace(big, wide=True)  # another table, the same rows
        shared = SharedTables()
        for tables in ([big], [big, wide], [wide, small, big, big], [small], []):
            context = _context(rng, tables)
            settings = {"document": "plan", "title": rng.choice(TEXTS)}
            expected = reference_digest({"render_format": RENDER_FORMAT, "template": "sha256:t", "context": context,
                                         "settings": settings})
            assert fingerprint("sha256:t", context, settings, shared) == expected
            assert fingerprint("sha256:t", context, settings) == expected
            assert digest(context) == reference_digest(context)
            assert canonical_json(context) == json.dumps(context, sort_keys=True, ensure_ascii=False,
                                                         separators=(",", ":"), default=_reference_encode)


def test_a_text_that_looks_like_a_table_mark_is_encoded_as_written() -> None:
    """A table's mark is a random word; a text holding it (as no input can) is still encoded as written."""
    rng = random.Random(3)
    big = _table(rng, 60)
    shared = SharedTables()
    word = shared._word
    context = {"a": [big], "b": f"\ue000{word}.{id(big.rows)}\ue000", "c": f'"\ue000{word}.1\ue000"'}
    assert digest(context, shared) == reference_digest(context)
