"""Snippet files: which file a config path means (`.docx` or `.md`), which go unused, and reading them all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..core.facts import Fact
from ..core.narrative import Narrative, with_origin
from ..core.settings import Config
from ..errors import DocgenError, InputError, Location, Notice, raise_all
from ..store.cache import Cache
from ..store.confine import confinement
from ..store.files import file_sha256
from ..store.layout import CONFIG_NAME, INPUTS_DIR
from .lock_files import open_in_word
from .snippet_kinds import other_kind, same_name_other_kind


def resolve_snippet(root: Path, relative: str, key: str, allow: Sequence[str] = ()) -> str:
    """Return the snippet file a config path means: as written, or by convention `.docx`/`.md`.

    The file must resolve inside the project (or a folder `[paths] allow` lists), links followed.
    """
    where = Location(CONFIG_NAME, key=key)
    if Path(relative).suffix:
        confinement(root, allow).resolve(relative, where, "snippet file")
        if (root / relative).is_file():
            return relative
        raise InputError(f"snippet file {relative!r} not found", location=where)
    found = [f"{relative}{suffix}" for suffix in (".docx", ".md") if (root / f"{relative}{suffix}").is_file()]
    if len(found) == 1:
        confinement(root, allow).resolve(found[0], where, "snippet file")
        return found[0]
    if found:
        msg = f"both {found[0]!r} and {found[1]!r} exist; keep one, or name it at {key}"
        raise InputError(msg, location=Location(found[0]))
    other = same_name_other_kind(root, relative)
    if other:
        raise InputError(f"{other_kind(Path(other))}", location=Location(other))
    msg = f"snippet not found: expected {relative}.docx or {relative}.md (or name a file at {key} in bvpp.toml)"
    raise InputError(msg, location=Location(CONFIG_NAME, key=key))


def snippet_exists(root: Path, relative: str) -> bool:
    """Return whether a snippet path names a file (as written, or by convention `.docx`/`.md`)."""
    if Path(relative).suffix:
        return (root / relative).is_file()
    return any((root / f"{relative}{suffix}").is_file() for suffix in (".docx", ".md"))


def unused_snippets(root: Path, config: Config) -> list[Notice]:
    """Return snippet files under inputs/ that no document uses."""
    used = set()
    for ref in config.snippet_refs():
        try:
            used.add(resolve_snippet(root, ref.path, ref.key, config.paths.allow))
        except InputError:
            continue
    found = sorted(
        str(p.relative_to(root)) for p in (root / INPUTS_DIR).rglob("*")
        if p.suffix.lower() in (".docx", ".md") and not p.name.startswith(("~$", "."))
    ) if (root / INPUTS_DIR).is_dir() else []
    message = "not used by any document (name it in bvpp.toml, or remove it)"
    return [Notice(message, Location(path)) for path in found if path not in used]


def read_narratives(
    root: Path, config: Config, facts: Mapping[str, Fact], cache: Cache
) -> tuple[dict[str, Narrative], dict[str, str], list[Notice]]:
    """Read every snippet the configuration names, filling in `facts`; return them, their digests and warnings."""
    from .markdown import read_snippet

    narratives: dict[str, Narrative] = {}
    digests: dict[str, str] = {}
    warnings: list[Notice] = []
    errors: list[DocgenError] = []
    for ref in config.snippet_refs():
        key, relative = ref.key, ref.path
        if relative in narratives:
            continue
        if not ref.required and not snippet_exists(root, relative) and not same_name_other_kind(root, relative):
            warnings.append(Notice('not written yet; the papers say "To follow."', Location(f"{relative}.docx (or .md)")))
            continue  # `check` lists it against its promise
        try:
            actual = resolve_snippet(root, relative, key, config.paths.allow)
            if (open_now := open_in_word(root, actual)) is not None:
                warnings.append(open_now)
            digest = file_sha256(root / actual)
            narrative, found = read_snippet(
                root / actual, actual, facts, config.snippets.accept_changes, cache, digest,
                confinement(root, config.paths.allow),
            )
            # marked by the place that names it, not its file name: renaming the file leaves the paper as it was
            narratives[relative] = replace(narrative, blocks=with_origin(narrative.blocks, f"snippet:{key}"))
            warnings += found
            digests[relative] = f"sha256:{digest}"
        except DocgenError as exc:
            errors.append(exc)
    raise_all(errors)
    return narratives, digests, warnings
