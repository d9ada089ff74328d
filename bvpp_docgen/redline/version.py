"""One version of a paper, read for comparing: its package, main document tree and that part's relationships."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import Location, RedlineError
from ..ooxml.ns import w
from ..ooxml.package import Package, rels_name
from .skeleton import Skeleton, parse
from .split import split


@dataclass
class Version:
    """A .docx in memory: its parts, its main document tree and that part's relationships."""

    package: Package
    document_name: str
    root: etree._Element
    rels: dict[str, tuple[str, str, str]]  # id -> (type, target, mode)
    skeleton: Skeleton | None = None  # rows of the main part kept as bytes until needed (skeleton.py)

    def fill(self, element: etree._Element) -> None:
        """Parse back the rows kept as bytes anywhere in `element`."""
        if self.skeleton is not None:
            self.skeleton.fill(element)

    @property
    def parts(self) -> dict[str, bytes]:
        """Return part name -> bytes."""
        return self.package.parts

    @property
    def rels_name(self) -> str:
        """Return the name of the main document's relationships part."""
        return rels_name(self.document_name)

    def part_of(self, target: str) -> str:
        """Return the part name a relationship target of the main document points to."""
        folder = posixpath.dirname(self.document_name)
        return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def read_version(path: Path) -> Version:
    """Read a .docx into memory; raise RedlineError naming the file if it is not a Word document."""
    where = Location(str(path))
    package = Package.open(path, str(path), RedlineError)
    name = package.main_part()
    try:
        root, skeleton = split(package.parts[name]) or parse(package.parts[name])
        rels = {r.id: (r.type, r.target, "External" if r.external else "Internal") for r in package.rels(name)}
    except etree.XMLSyntaxError as exc:
        raise RedlineError(f"malformed XML in the document ({exc})", location=where) from None
    if root.tag != w("document") or root.find(w("body")) is None:
        raise RedlineError("not a Word document: no w:body in the main part", location=where)
    return Version(package, name, root, rels, skeleton)
