"""Old content in the new package: the relationships and media that deleted content refers to."""

from __future__ import annotations

import posixpath

from lxml import etree

from ..ooxml.ns import CT_NS, R_NS, REL_NS, fromstring, tostring
from ..ooxml.package import rels_name
from ..ooxml.wml import clone
from .pieces import SKIP_NODES
from .version import Version


class Adopter:
    """Copies old content into the new package, carrying the relationships it refers to."""

    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = old, new
        self.added: dict[str, str] = {}  # old rel id -> new rel id
        self.extra_rels: list[tuple[str, str, str, str]] = []  # id, type, target, mode
        self.extra_parts: dict[str, bytes] = {}
        self.extra_types: dict[str, str] = {}  # part name -> content type, for parts with relationships of their own

    def adopt(self, element: etree._Element) -> etree._Element:
        """Return a copy of an old element, its relationship ids valid in the new package."""
        copy = clone(element)
        for gone in [e for e in copy.iter(*SKIP_NODES) if e is not copy]:
            gone.getparent().remove(gone)
        self.remap(copy)
        return copy

    def remap(self, element: etree._Element) -> None:
        """Rewrite relationship ids in `element` (old package) to ids of the new package."""
        for node in element.iter():
            for attr in [a for a in node.attrib if a.startswith(f"{{{R_NS}}}")]:
                node.set(attr, self._rel_id(node.get(attr, "")))

    def _rel_id(self, old_id: str) -> str:
        if old_id in self.added:
            return self.added[old_id]
        kind, target, mode = self.old.rels.get(old_id, ("", "", ""))
        found = self._same_in_new(kind, target, mode)
        if found is None:
            found = self._add(kind, target, mode)
        self.added[old_id] = found
        return found

    def _same_in_new(self, kind: str, target: str, mode: str) -> str | None:
        data = None if mode == "External" else self.old.parts.get(self.old.part_of(target))
        for rel_id, (nkind, ntarget, nmode) in sorted(self.new.rels.items()):
            if nkind != kind or nmode != mode:
                continue
            if mode == "External" and ntarget == target:
                return rel_id
            if mode != "External" and self.new.parts.get(self.new.part_of(ntarget)) == data:
                return rel_id
        return None

    def _add(self, kind: str, target: str, mode: str) -> str:
        rel_id = f"rIdRedline{len(self.extra_rels) + 1}"
        if mode != "External" and kind:
            source = self.old.part_of(target)
            target = self._free_target(target)
            self._carry(source, self.new.part_of(target))
        self.extra_rels.append((rel_id, kind, target, mode))
        return rel_id

    def _free_target(self, target: str) -> str:
        stem, ext = posixpath.splitext(target)
        candidate, n = target, 0
        taken = set(self.new.parts) | set(self.extra_parts)
        while self.new.part_of(candidate) in taken:
            n += 1
            candidate = f"{stem}-old{n}{ext}"
        return candidate

    def _carry(self, source: str, name: str) -> None:
        """Copy the old part `source` as `name`, with the parts it relates to in turn (a chart's workbook)
        and, for such a part, its content type."""
        self.extra_parts[name] = self.old.parts.get(source, b"")
        rels = self.old.package.rels(source)
        if not rels:
            return
        self.extra_types[name] = self.old.package.content_type(source) or "application/xml"
        root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
        for rel in rels:
            target = rel.target
            if rel.target_part is not None:
                copy = self._free_name(rel.target_part)
                self._carry(rel.target_part, copy)
                target = posixpath.relpath(copy, posixpath.dirname(name) or ".")
            node = etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rel.id, Type=rel.type, Target=target)
            if rel.external:
                node.set("TargetMode", "External")
        self.extra_parts[rels_name(name)] = tostring(root)

    def _free_name(self, part: str) -> str:
        stem, ext = posixpath.splitext(part)
        candidate, n = part, 0
        while candidate in self.new.parts or candidate in self.extra_parts:
            n += 1
            candidate = f"{stem}-old{n}{ext}"
        return candidate

    def write_into(self, parts: dict[str, bytes]) -> None:
        """Add the relationships and parts old content needed to the new package's parts."""
        if not self.extra_rels:
            return
        name = self.new.rels_name
        rels = fromstring(parts[name]) if name in parts else etree.Element(
            f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
        for rel_id, kind, target, mode in self.extra_rels:
            rel = etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=kind, Target=target)
            if mode == "External":
                rel.set("TargetMode", "External")
        parts[name] = tostring(rels)
        parts.update(self.extra_parts)
        declare_extensions(parts, {posixpath.splitext(n)[1].lstrip(".").lower() for n in self.extra_parts}, self.old)
        if self.extra_types:
            types = fromstring(parts["[Content_Types].xml"])
            for name, content_type in sorted(self.extra_types.items()):
                etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=content_type)
            parts["[Content_Types].xml"] = tostring(types)


def declare_extensions(parts: dict[str, bytes], extensions: set[str], old: Version) -> None:
    """Make sure [Content_Types].xml has a Default for each extension of an added part."""
    types = fromstring(parts["[Content_Types].xml"])
    old_types = fromstring(old.parts["[Content_Types].xml"])
    have = {d.get("Extension", "").lower() for d in types.iterchildren(f"{{{CT_NS}}}Default")}
    for default in old_types.iterchildren(f"{{{CT_NS}}}Default"):
        ext = default.get("Extension", "").lower()
        if ext in extensions and ext not in have:
            types.insert(0, clone(default))
            have.add(ext)
    parts["[Content_Types].xml"] = tostring(types)
