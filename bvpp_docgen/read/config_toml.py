"""Read `bvpp.toml`: TOML and pydantic errors turned into key locations."""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, ValidationError

from ..core.settings import Config, ReportDocument
from ..core.text import item_key
from ..errors import ConfigError, Location, raise_all
from ..store.layout import CONFIG_NAME
from .config_messages import pydantic_message, toml_value_advice


def load_config(root: Path) -> Config:
    """Read `bvpp.toml` in `root`; raise ConfigError naming each bad key."""
    path = root / CONFIG_NAME
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")  # a byte-order mark (Notepad's "UTF-8 with BOM") is fine
        raw = tomllib.loads(text)
    except FileNotFoundError:
        msg = f"no project configuration here ({root}); run 'bvpp init DIR' or pass --project DIR"
        raise ConfigError(msg, location=Location(CONFIG_NAME)) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = "not UTF-8 text: save bvpp.toml with the encoding UTF-8 (in Notepad: File, Save as, Encoding)"
        raise ConfigError(msg, location=Location(CONFIG_NAME, line=line)) from None
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, text) from None
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        raise_all([_pydantic_error(err, raw) for err in exc.errors(include_url=False)])
        raise  # unreachable: raise_all raised
    raise_all(_cross_references(config))
    return config


def _toml_error(exc: tomllib.TOMLDecodeError, source: str) -> ConfigError:
    text = str(exc)
    match = re.search(r"\(at line (\d+), column \d+\)$", text)
    line = int(match.group(1)) if match else None
    lines = source.splitlines()
    advice = toml_value_advice(lines[line - 1]) if line and line <= len(lines) else None
    if advice:
        return ConfigError(advice, location=Location(CONFIG_NAME, line=line))
    message = text[: match.start()].strip() if match else text
    return ConfigError(f"invalid TOML: {_lower_first(message)}", location=Location(CONFIG_NAME, line=line))


def _cross_references(config: Config) -> list[ConfigError]:
    """Check that names used in one place are defined in another."""
    errors: list[ConfigError] = []
    section_ids = [s.id for s in config.plan.sections]
    for i, section_id in enumerate(section_ids):
        if section_id in section_ids[:i]:
            errors.append(_key_error(f"{item_key('plan.sections', i)}.id", f"duplicate section id {section_id!r}"))
    numbers = [p.number for p in config.promises]
    for i, number in enumerate(numbers):
        if number in numbers[:i]:
            errors.append(_key_error(f"{item_key('promises', i)}.number", f"duplicate promise number {number}"))
    for i, section in enumerate(config.plan.sections):
        needs = {"indicators": "indicators", "indicator-annex": "indicators", "promise-details": "indicators",
                 "budget": "budget", "cpa": "cpa", "improvements": "improvements", "workforce": "workforce"}
        table = needs.get(section.content)
        if table and getattr(config, table) is None:
            msg = f"a section showing {section.content} needs a [{table}] table in bvpp.toml (see docs/plan.md)"
            errors.append(_key_error(f"{item_key('plan.sections', i)}.content", msg))
    for doc_id, doc in config.documents.items():
        if doc.meeting is not None and doc.meeting not in config.meetings:
            msg = f"no meeting {doc.meeting!r} in [meetings]{_hint(doc.meeting, config.meetings)}"
            errors.append(_key_error(f"documents.{doc_id}.meeting", msg))
        if not isinstance(doc, ReportDocument):
            continue
        for i, ref in enumerate(doc.appendix):
            if ref not in section_ids:
                msg = f"no plan section {ref!r} in [plan.sections]{_hint(ref, section_ids)}"
                errors.append(_key_error(item_key(f"documents.{doc_id}.appendix", i), msg))
    errors += [_key_error(key, message) for key, message in config.timetable_problems()]
    return errors


def _key_error(key: str, message: str) -> ConfigError:
    return ConfigError(message, location=Location(CONFIG_NAME, key=key))


def _pydantic_error(err: Any, raw: dict[str, Any]) -> ConfigError:
    key, siblings = _describe_loc(err["loc"])
    kind = err["type"]
    if kind == "missing":
        message = "field required"
    elif kind == "extra_forbidden":
        message = f"unknown key{_hint(key.rsplit('.', 1)[-1], siblings)}"
    elif kind == "union_tag_not_found":
        key, message = f"{key}.kind", "field required (one of 'report', 'plan')"
    elif kind == "union_tag_invalid":
        key, message = f"{key}.kind", f"unknown kind {err['input'].get('kind')!r} (expected 'report' or 'plan')"
    elif kind == "string_pattern_mismatch":
        message = f"{err['input']!r} is not an id: use lower-case letters, digits and hyphens"
    elif kind == "value_error":
        message = str(err["ctx"]["error"])
    elif (plain := pydantic_message(kind, key, err)) is not None:
        message = plain
    else:
        message = _lower_first(err["msg"])
        if not isinstance(err.get("input"), dict | list):
            message += f", not {err.get('input')!r}"
    return _key_error(key or "(top level)", message)


def _describe_loc(loc: tuple[Any, ...]) -> tuple[str, list[str]]:
    """Turn pydantic's `loc` into a dotted key, and list the keys valid beside its last part."""
    annotation: Any = Config
    parts: list[str] = []
    siblings: list[str] = []
    for item in loc:
        annotation = _unwrap(annotation)
        members = _model_members(annotation)
        if members and item in members:
            annotation = members[item]  # a discriminator tag: not a key the user wrote
            continue
        if item == "[key]":
            continue
        if isinstance(item, int):
            parts[-1] = item_key(parts[-1], item) if parts else item_key("", item)
            annotation = _args(annotation)[0] if _args(annotation) else Any
            continue
        parts.append(str(item))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = annotation.model_fields
            siblings = [f.alias or name for name, f in fields.items()]
            field = next((f for name, f in fields.items() if item in (name, f.alias)), None)
            annotation = field.annotation if field else Any
        elif typing.get_origin(annotation) is dict:
            annotation = _args(annotation)[1]
        else:
            annotation = Any
    return ".".join(parts), siblings


def _unwrap(annotation: Any) -> Any:
    """Return the type under `Annotated[...]` and under an optional `X | None` (so `[budget]` keys get hints too)."""
    while True:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is Annotated:
            annotation = args[0]
        elif origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def _args(annotation: Any) -> tuple[Any, ...]:
    return typing.get_args(_unwrap(annotation))


def _model_members(annotation: Any) -> dict[str, Any]:
    """For a union of models told apart by `kind`, map each kind to its model."""
    if typing.get_origin(annotation) not in (Union, types.UnionType):
        return {}
    members = {}
    for member in typing.get_args(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel) and "kind" in member.model_fields:
            (tag,) = typing.get_args(member.model_fields["kind"].annotation)
            members[tag] = member
    return members


def _hint(word: str, candidates: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
