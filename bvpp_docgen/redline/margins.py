"""Headers and footers: each of the new paper's compared with the old paper's in the same place.

Places are paired as users see them (`footer`, `first-page header`, ...: `ooxml.wml.margin_parts`),
not by part name, so a template whose parts were renumbered still compares footer with footer.
A place the old paper did not have is all inserted.
"""

from __future__ import annotations

from lxml import etree

from ..ooxml.ns import tostring
from ..ooxml.wml import accept_revisions, margin_parts
from .body import Builder
from .marks import blocks_of, set_children
from .version import Version


def _places(version: Version) -> dict[str, str]:
    def target(rel_id: str) -> str | None:
        rel = version.rels.get(rel_id)
        return version.part_of(rel[1]) if rel and rel[2] != "External" else None

    return {place: part for place, part in margin_parts(version.root, target).items() if part in version.parts}


def _part_version(version: Version, part: str) -> Version:
    root = version.package.xml(part)
    accept_revisions(root)
    rels = {r.id: (r.type, r.target, "External" if r.external else "Internal") for r in version.package.rels(part)}
    return Version(version.package, part, root, rels)


def margin_places(old: Version, new: Version) -> list[tuple[Version | None, Version]]:
    """Return each header and footer part of `new` with the one of `old` in the same place (None: none).

    Read before the bodies are compared: the sections' references are those of the papers as they are.
    """
    old_places = _places(old)
    pairs: list[tuple[Version | None, Version]] = []
    for place, part in _places(new).items():
        before = old_places.get(place)
        pairs.append((_part_version(old, before) if before else None, _part_version(new, part)))
    return pairs


def redline_margin(old: Version | None, new: Version, parts: dict[str, bytes]) -> etree._Element | None:
    """Mark `new`'s part with tracked changes from `old`; return its root, or None if unchanged.

    The relationships and media deleted content needs are added to `parts`; the caller numbers
    the revisions and writes the part.
    """
    if old is not None and tostring(old.root) == tostring(new.root):
        return None
    builder = Builder(old if old is not None else _empty_like(new), new)
    blocks = builder.blocks(blocks_of(old.root) if old is not None else [], blocks_of(new.root))
    set_children(new.root, blocks)
    builder.adopter.write_into(parts)
    return new.root


def _empty_like(new: Version) -> Version:
    return Version(new.package, new.document_name, etree.Element(new.root.tag), {})
