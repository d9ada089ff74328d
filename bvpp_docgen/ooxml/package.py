"""OOXML packages: parts, relationships and content types read once; safety check; digest; byte-stable zip.

A `Package` holds every part's bytes in memory. It knows the relationships both ways (a
part's outgoing relationships, and which parts point at a target), the content types and
the main document part, and writes itself back as a zip whose bytes depend only on its parts.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import DocgenError, InputError, Location
from .ns import CT_NS, CUSTOM_NS, REL_NS, RT_HYPERLINK, RT_OFFICE_DOCUMENT, VT_NS, fromstring, tostring

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
MAX_UNPACKED = 100 * 1024 * 1024  # bytes an untrusted package may unpack to
MAX_RATIO = 100  # unpacked : packed, per member, above 1 MB
CONTENT_TYPES = "[Content_Types].xml"


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship: from `source` (a part name, "" for the package) to a target."""

    source: str
    id: str
    type: str
    target: str
    external: bool

    @property
    def target_part(self) -> str | None:
        """Return the part name the target resolves to, or None for an external target."""
        if self.external:
            return None
        if self.target.startswith("/"):
            return self.target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.source), self.target)).lstrip("/")


def rels_name(part: str) -> str:
    """Return the name of the relationships part of `part` ("" is the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


@dataclass
class Package:
    """One OOXML package in memory: part name -> bytes, with relationships and content types."""

    parts: dict[str, bytes]
    label: str = ""  # how users know the file, for messages
    _rels: dict[str, list[Relationship]] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, source: Path | bytes, label: str | None = None) -> Package:
        """Read a package from a path or bytes (raises OSError, zipfile.BadZipFile)."""
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            parts = {i.filename: archive.read(i) for i in infos}
        name = label if label is not None else ("package" if isinstance(source, bytes) else str(source))
        return cls(parts, name)

    @classmethod
    def open(cls, source: Path | bytes, label: str, error: type[DocgenError] = InputError) -> Package:
        """Read a Word package, raising `error` at `label` if it is not one."""
        where = Location(label)
        try:
            package = cls.read(source, label)
            package.main_part()
        except FileNotFoundError:
            raise error("file not found", location=where) from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise error(f"cannot read the file as a Word document ({exc})", location=where) from None
        except KeyError as exc:
            raise error(f"not a Word document: part {exc} is missing", location=where) from None
        except etree.XMLSyntaxError as exc:
            raise error(f"malformed XML in the package ({exc})", location=where) from None
        return package

    # --- relationships and content types ---------------------------------------------------

    def rels(self, part: str = "") -> list[Relationship]:
        """Return the relationships of `part` ("" for the package's own), in document order."""
        if part not in self._rels:
            data = self.parts.get(rels_name(part))
            root = fromstring(data) if data else None
            self._rels[part] = [] if root is None else [
                Relationship(part, rel.get("Id", ""), rel.get("Type", ""), rel.get("Target", ""),
                             rel.get("TargetMode") == "External")
                for rel in root.iterchildren(f"{{{REL_NS}}}Relationship")
            ]
        return self._rels[part]

    def rel(self, part: str, rel_id: str) -> Relationship | None:
        """Return the relationship `rel_id` of `part`, or None."""
        return next((r for r in self.rels(part) if r.id == rel_id), None)

    def related(self, part: str, rel_type: str) -> str | None:
        """Return the first part `part` points at with a relationship of `rel_type`."""
        return next((r.target_part for r in self.rels(part) if r.type == rel_type and not r.external), None)

    def sources_of(self, target: str) -> list[Relationship]:
        """Return every relationship, from any part, whose target is the part `target`."""
        sources = [""] + [n for n in sorted(self.parts) if not n.endswith(".rels")]
        return [r for s in sources for r in self.rels(s) if r.target_part == target]

    def main_part(self) -> str:
        """Return the main document part's name (raises KeyError if the package has none)."""
        found = self.related("", RT_OFFICE_DOCUMENT)
        if found is None:
            found = next((r.target_part for r in self.rels("") if r.type.endswith("/officeDocument")), None)
        if found is None and not self.rels(""):  # no package relationships at all: Word's usual name
            found = "word/document.xml"
        if found is None or found not in self.parts:
            raise KeyError(found or "word/document.xml")
        return found

    def content_type(self, part: str) -> str | None:
        """Return a part's content type: its Override, else its extension's Default."""
        root = fromstring(self.parts[CONTENT_TYPES])
        for override in root.iterchildren(f"{{{CT_NS}}}Override"):
            if override.get("PartName", "").lstrip("/") == part:
                return override.get("ContentType")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        for default in root.iterchildren(f"{{{CT_NS}}}Default"):
            if default.get("Extension", "").lower() == ext:
                return default.get("ContentType")
        return None

    def add_part(self, name: str, data: bytes, content_type: str, source: str, rel_type: str) -> None:
        """Add (or replace) part `name`, related from part `source` by `rel_type`, with its content type."""
        self.parts[name] = data
        types = fromstring(self.parts[CONTENT_TYPES])
        if not any(o.get("PartName", "").lstrip("/") == name for o in types.iterchildren(f"{{{CT_NS}}}Override")):
            etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=content_type)
            self.parts[CONTENT_TYPES] = tostring(types)
        if any(r.target_part == name for r in self.rels(source)):
            return
        rels_part = rels_name(source)
        rels = fromstring(self.parts[rels_part]) if rels_part in self.parts else etree.Element(
            f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
        used = {r.get("Id") for r in rels}
        rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        target = posixpath.relpath(name, posixpath.dirname(source) or ".")
        etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
        self.parts[rels_part] = tostring(rels)
        self._rels.pop(source, None)

    def relate(self, source: str, rel_type: str, target: str, external: bool = False) -> str:
        """Add a relationship from part `source` to `target` (a part name, or a URL if `external`); return its id."""
        rels_part = rels_name(source)
        rels = fromstring(self.parts[rels_part]) if rels_part in self.parts else etree.Element(
            f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
        used = {r.get("Id") for r in rels}
        rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        relative = target if external else posixpath.relpath(target, posixpath.dirname(source) or ".")
        rel = etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=rel_type, Target=relative)
        if external:
            rel.set("TargetMode", "External")
        self.parts[rels_part] = tostring(rels)
        self._rels.pop(source, None)
        return rel_id

    def unrelate(self, source: str, rel_ids: set[str]) -> None:
        """Remove the relationships `rel_ids` of part `source`."""
        rels_part = rels_name(source)
        if not rel_ids or rels_part not in self.parts:
            return
        rels = fromstring(self.parts[rels_part])
        for rel in [r for r in rels if r.get("Id") in rel_ids]:
            rels.remove(rel)
        self.parts[rels_part] = tostring(rels)
        self._rels.pop(source, None)

    def remove_part(self, name: str) -> None:
        """Remove part `name`, its relationships part and its content-type override."""
        self.parts.pop(name, None)
        self.parts.pop(rels_name(name), None)
        self._rels.pop(name, None)
        types = fromstring(self.parts[CONTENT_TYPES])
        for override in [o for o in types.iterchildren(f"{{{CT_NS}}}Override") if o.get("PartName", "").lstrip("/") == name]:
            types.remove(override)
        self.parts[CONTENT_TYPES] = tostring(types)

    def xml(self, part: str) -> etree._Element:
        """Parse one part with the safe parser."""
        return fromstring(self.parts[part])

    # --- output ----------------------------------------------------------------------------

    def digest(self) -> str:
        """Return `sha256:<hex>` over the member names and contents (zip timestamps play no part)."""
        outer = hashlib.sha256()
        for name in sorted(self.parts):
            outer.update(name.encode("utf-8") + b"\0" + hashlib.sha256(self.parts[name]).digest())
        return "sha256:" + outer.hexdigest()

    def write(self, streamed: Mapping[str, Iterable[bytes]] | None = None) -> bytes:
        """Return the package as a byte-stable zip; a part named in `streamed` is written from those pieces instead,
        never held whole (the same bytes as writing them joined)."""
        streamed = streamed or {}
        return _zip({**self.parts, **streamed}, lambda name: streamed[name] if name in streamed else self.parts[name])

    # --- untrusted input -------------------------------------------------------------------

    def check_content(self) -> None:
        """Refuse a package with macros or an external template (raises InputError at its label)."""
        where = Location(self.label)
        if "word/document.xml" not in self.parts or CONTENT_TYPES not in self.parts:
            raise InputError("not a Word .docx file (no word/document.xml)", location=where)
        if any(n.lower().endswith("vbaproject.bin") for n in self.parts) or b"macroEnabled" in self.parts[CONTENT_TYPES]:
            raise InputError("contains macros; save it in Word as a plain .docx document", location=where)
        for name in sorted(n for n in self.parts if n.endswith(".rels")):
            try:
                root = fromstring(self.parts[name])
            except etree.XMLSyntaxError as exc:
                raise InputError(f"damaged Word package ({exc})", location=where) from None
            for rel in root.iter(f"{{{REL_NS}}}Relationship"):
                if rel.get("TargetMode") == "External" and rel.get("Type") != RT_HYPERLINK:
                    kind = rel.get("Type", "").rsplit("/", 1)[-1]
                    msg = (f"refers to an external file ({kind}: {rel.get('Target')}); remove the link in Word "
                           "(for a template: Developer > Document Template) or save a copy without it")
                    raise InputError(msg, location=where)


def unpacked_size(infos: list[zipfile.ZipInfo], max_ratio: int) -> tuple[int, list[zipfile.ZipInfo]]:
    """Return what a zip unpacks to, from its directory alone, and its members over 1 MB unpacking to
    more than `max_ratio` times their packed size (a zip bomb's mark)."""
    swollen = [i for i in infos if i.file_size > 1 << 20 and i.file_size > max_ratio * max(i.compress_size, 1)]
    return sum(i.file_size for i in infos), swollen


def check_package(path: Path, label: str) -> Package:
    """Read an untrusted Word package, refusing it (InputError) before any of its XML is used if unsafe.

    Zip bombs are refused from the zip directory, before anything is unpacked; then macros
    and external templates.
    """
    where = Location(label)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError("not a Word .docx file (it is not a zip package)", location=where) from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or CONTENT_TYPES not in names:
        raise InputError("not a Word .docx file (no word/document.xml)", location=where)
    unpacked, swollen = unpacked_size(infos, MAX_RATIO)
    if unpacked > MAX_UNPACKED or swollen:
        msg = f"unpacks to {unpacked // (1 << 20)} MB from {path.stat().st_size // 1024} KB: refused as a possible zip bomb"
        raise InputError(msg, location=where)
    package = Package.read(path, label)
    package.check_content()
    return package


def package_digest(path: Path) -> str:
    """Return `sha256:<hex>` over a package's member names and contents, ignoring zip timestamps."""
    return Package.read(path).digest()


def normalize_package(data: bytes) -> bytes:
    """Rewrite an OOXML zip so that the same parts always give the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _zip(source.namelist(), source.read)


def _zip(names: Iterable[str], content: Callable[[str], bytes | Iterable[bytes]]) -> bytes:
    """Return a zip of the members `names` (content types first, then by name), deflated, with fixed metadata."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(names, key=lambda n: (n != CONTENT_TYPES, n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            data = content(name)
            if isinstance(data, bytes):
                target.writestr(info, data, compresslevel=6)
                continue
            with target.open(info, "w") as member:  # zlib's default level is 6: the same bytes as writestr's
                for piece in data:
                    member.write(piece)
    return out.getvalue()


_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties_xml(existing: bytes | None, values: Mapping[str, str | int]) -> bytes:
    """Return `docProps/custom.xml` with `values` set, keeping any other properties."""
    root = fromstring(existing) if existing else etree.Element(
        f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS}
    )
    by_name = {p.get("name"): p for p in root.iterchildren(f"{{{CUSTOM_NS}}}property")}
    next_pid = max((int(p.get("pid", "1")) for p in by_name.values()), default=1) + 1
    for name, value in values.items():
        prop = by_name.get(name)
        if prop is None:
            prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(next_pid), name=name)
            next_pid += 1
        for child in list(prop):
            prop.remove(child)
        kind = "i4" if isinstance(value, int) else "lpwstr"
        etree.SubElement(prop, f"{{{VT_NS}}}{kind}").text = str(value)
    return tostring(root)
