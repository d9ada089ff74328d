"""The register is written as `json.dumps(indent=2, sort_keys=True, ensure_ascii=False)` always wrote it,
byte for byte, though a faster writer now writes it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bvpp_docgen.store.register import DocumentHistory, PackRecord, Register, VersionRecord, register_bytes


def reference(register: Register) -> bytes:
    """The writer as it was: the standard library's, indented."""
    data = register.model_dump(mode="json", by_alias=True)
    if not data["earlier_years"]:
        del data["earlier_years"]
    if not data["packs"]:
        del data["packs"]
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


# any text a register may hold: non-ASCII, quotes, backslashes, control characters, emoji, line separators
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", "é", "\u2028", "\x7f", "\x00\x1f\b\f\n\r\t", '"\\/', "😀", "£1,234.5"]
)
made = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1),
                    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=1))]))


@st.composite
def records(draw: Any, number: int) -> VersionRecord:
    return VersionRecord(
        version=number, made=draw(made), label=draw(st.none() | texts), fingerprint=draw(texts), output=draw(texts),
        sha256=draw(texts), sources=draw(st.dictionaries(texts, texts, max_size=4)),
        values=draw(st.dictionaries(texts, st.dictionaries(texts, texts, max_size=3), max_size=3)),
        changes=draw(st.lists(texts, max_size=3)), pdf_sha256=draw(st.none() | texts),
        contents_pages=draw(st.none() | st.lists(st.lists(st.integers(0, 10**6), max_size=3), max_size=3)),
    )


@st.composite
def histories(draw: Any) -> DocumentHistory:
    count = draw(st.integers(0, 3))
    return DocumentHistory(versions=[draw(records(n)) for n in range(1, count + 1)])


@st.composite
def registers(draw: Any) -> Register:
    documents = draw(st.dictionaries(texts, histories(), max_size=3))
    earlier = draw(st.dictionaries(texts, st.dictionaries(texts, histories(), max_size=2), max_size=2))
    packs = draw(st.lists(st.builds(PackRecord, meeting=texts, number=st.integers(1, 99), made=made, output=texts,
                                    sha256=texts, versions=st.dictionaries(texts, st.integers(1, 99), max_size=3)),
                          max_size=2))
    return Register(documents=documents, earlier_years=earlier, packs=packs)


@settings(max_examples=100, deadline=None)
@given(registers())
def test_register_bytes_are_the_standard_librarys(register: Register) -> None:
    assert register_bytes(register) == reference(register)


def test_an_empty_register_reads_as_it_always_has() -> None:
    assert register_bytes(Register()) == reference(Register()) == b'{\n  "documents": {},\n  "schema": 1\n}\n'
