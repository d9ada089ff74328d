"""Indicator references: the forms councils write them in, and the one key every spelling matches by.

A paper prints a reference exactly as the workbook writes it (`BV82a(i)`, `BVPI 8`, `LPI 12`);
matching (duplicates, look-ups) goes by its key, so `BV82a(i)`, `BV82ai` and `BV 82a(i)` are one
indicator. Pure: text in, text out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

DEFAULT_LOCAL_PREFIXES = ("L",)
RESERVED_PREFIXES = ("BV", "BVPI")
# A sub-part: up to four letters (`82a`, `82ai`, `142ii`), or one letter and a roman numeral in
# brackets (`82a(i)`, `99b(ii)`, `142(iii)`), as the 2004/05 guidance writes them.
_SUB_PART = r"(?:([a-z]?)\s*\(\s*([ivx]{1,4})\s*\)|([a-z]{0,4}))"
REF_BV = re.compile(r"(?:BVPI|BV)\s*0*(\d+)\s*" + _SUB_PART, re.IGNORECASE)
REF_LOCAL_BODY = r"\s*-?\s*0*(\d+)\s*" + _SUB_PART  # after the council's own prefix
ACCEPTED_FORMS = "BV8, BV 82a, BVPI 82ai, BV82a(i) or BV99b(ii)"


def _key(prefix: str, number: str, *sub_parts: str | None) -> str:
    return f"{prefix}{int(number)}{''.join(part or '' for part in sub_parts).lower()}"


@functools.lru_cache(maxsize=64)
def _local_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so that `LPI 12` is never read as `L` followed by `PI 12`.
    ordered = sorted({p.upper() for p in prefixes}, key=lambda p: (-len(p), p))
    return re.compile("(" + "|".join(map(re.escape, ordered)) + ")" + REF_LOCAL_BODY, re.IGNORECASE)


def reference_key(text: str, local_prefixes: Iterable[str] = DEFAULT_LOCAL_PREFIXES) -> str | None:
    """Return the key a reference matches by (`BV82ai` for `BV 82a(i)`, `LPI12` for `lpi 012`); None if it fits no form."""
    text = text.strip()
    match = REF_BV.fullmatch(text)
    if match:
        return _key("BV", *match.groups())
    prefixes = tuple(local_prefixes)
    match = _local_pattern(prefixes).fullmatch(text) if prefixes else None
    if match:
        prefix, *rest = match.groups()
        return _key(prefix.upper(), *rest)
    return None


def reference_problem(text: str, local_prefixes: Iterable[str] = DEFAULT_LOCAL_PREFIXES) -> str:
    """Return the message for text that fits no reference form: the forms accepted, and how to add a local prefix."""
    prefixes = list(dict.fromkeys(p.upper() for p in local_prefixes))
    local = (f"a local code: {' or '.join(prefixes)}, then a number, e.g. {prefixes[0]}406 or {prefixes[0]} 12b"
             if prefixes else "a local code (no local prefixes are set)")
    leading = re.match(r"\s*([A-Za-z]{1,10})[\s-]*\d", text)
    guess = leading.group(1).upper() if leading else None
    if guess and guess not in prefixes and guess not in RESERVED_PREFIXES:
        what, added = f"{text.strip()!r}, add its prefix", guess
    else:
        what, added = "another local prefix, add it", "<prefix>"
    listed = ", ".join(f'"{p}"' for p in [*prefixes, added])
    how = f"to accept {what} in bvpp.toml: [indicators] local_prefixes = [{listed}]"
    return f"not an indicator reference: {text!r} (expected a BV code such as {ACCEPTED_FORMS}, or {local}; {how})"
