"""Stable digests of what decides a paper's content: pure, standard library only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

# Raise by hand when a code change alters what a paper looks like for the same inputs,
# so that every paper gets a new version; a release that changes nothing visible keeps it.
RENDER_FORMAT = 4


def canonical_json(value: Any) -> str:
    """Return `value` as JSON with sorted keys and no spacing; lists keep their order."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_encode)


def _encode(value: Any) -> Any:
    slots = getattr(type(value), "__slots__", None)
    if slots is not None and dataclasses.is_dataclass(value):  # fast path: large tables are many spans
        return [type(value).__name__, *(getattr(value, name) for name in slots)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__, **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "sha256:" + sha256(value)
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def sha256(data: bytes) -> str:
    """Return the SHA-256 of `data` as hex."""
    return hashlib.sha256(data).hexdigest()


def digest(value: Any) -> str:
    """Return `sha256:<hex>` of the canonical JSON of `value`."""
    return "sha256:" + sha256(canonical_json(value).encode("utf-8"))


def fingerprint(template_digest: str, context: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    """Return the fingerprint of a paper: its template, its context, its settings, the format."""
    return digest({"render_format": RENDER_FORMAT, "template": template_digest, "context": context, "settings": settings})


def short_digest(value: Any) -> str:
    """Return a short digest, enough to tell two config values apart in the register."""
    return sha256(canonical_json(value).encode("utf-8"))[:16]
