"""Join tagged PDFs into one tagged PDF: pages, bookmarks and the structure trees (the engine of `bvpp pack`).

No PDF library merges tagged PDFs' structure trees, so this does it: pypdf copies each input's
pages and nests its bookmarks under one bookmark per input; each input's structure tree is
copied after its pages (pypdf maps the copied objects per input, so the elements' /Pg still
name the copied pages) and hung, as a /Part, under one /Document element; the parent trees
become one number tree with each input's keys moved past the previous input's, and the pages'
/StructParents and annotations' /StructParent moved to match. The result is byte-stable: the
same inputs make the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


@dataclass(frozen=True, slots=True)
class MergePart:
    """One input: its PDF and the bookmark that leads to its first page."""

    pdf: Path
    bookmark: str


def merge_tagged(parts: Sequence[MergePart], title: str) -> bytes:
    """Return one tagged PDF holding every part's pages in order, each under its own bookmark."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(part.pdf.read_bytes())) for part in parts]
    document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")})
    document_ref = writer._add_object(document)
    kids, nums = ArrayObject(), ArrayObject()
    role_map = DictionaryObject()
    offset = 0
    for part, reader in zip(parts, readers, strict=True):
        first = len(writer.pages)
        writer.append(reader, outline_item=part.bookmark, import_outline=True)
        catalog: Any = reader.trailer["/Root"]
        tree = catalog.get("/StructTreeRoot")
        if tree is None:
            continue
        copied = tree.get_object().clone(writer)  # after the pages: its /Pg name the copied pages
        for kid in _as_list(copied.get("/K")):
            element = kid.get_object()
            if element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")
            element[NameObject("/P")] = document_ref
            kids.append(kid)
        entries = _number_tree(copied.get("/ParentTree"))
        for key, value in entries:
            nums += [NumberObject(key + offset), value]
        page: Any
        source: Any
        for page, source in zip(writer.pages[first:], reader.pages, strict=True):
            if "/StructParents" in source:  # pypdf leaves it out of the copy
                page[NameObject("/StructParents")] = NumberObject(int(source["/StructParents"]) + offset)
            for annot in _as_list(page.get("/Annots")):
                annot = annot.get_object()
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(int(annot["/StructParent"]) + offset)
        for name, role in (copied.get("/RoleMap") or DictionaryObject()).items():
            role_map.setdefault(NameObject(name), role)
        offset += max((key for key, _value in entries), default=-1) + 1
    document[NameObject("/K")] = kids
    root = DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): document_ref,
        NameObject("/ParentTree"): writer._add_object(DictionaryObject({NameObject("/Nums"): nums})),
        NameObject("/ParentTreeNextKey"): NumberObject(offset),
    })
    if role_map:
        root[NameObject("/RoleMap")] = role_map
    root_ref = writer._add_object(root)
    document[NameObject("/P")] = root_ref
    _catalog(writer, readers, root_ref, title)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    return _write(writer, parts)


def _catalog(writer: PdfWriter, readers: Sequence[PdfReader], tree: Any, title: str) -> None:
    """Give the catalog what a tagged PDF needs: its tree, /MarkInfo, /Lang, the title shown, the metadata."""
    catalog = writer._root_object
    first: Any = readers[0].trailer["/Root"]
    catalog[NameObject("/StructTreeRoot")] = tree
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    if "/Lang" in first:
        catalog[NameObject("/Lang")] = TextStringObject(str(first["/Lang"]))
    if "/Metadata" in first:
        catalog[NameObject("/Metadata")] = first["/Metadata"].get_object().clone(writer).indirect_reference
    info: dict[str, Any] = dict(readers[0].metadata or {})
    writer.add_metadata({"/Title": title, **{k: str(v) for k, v in info.items() if k in ("/Author", "/Subject",
                                                                                         "/CreationDate", "/ModDate")}})


def _write(writer: PdfWriter, parts: Sequence[MergePart]) -> bytes:
    """Write the PDF with an /ID fixed by the inputs' bytes (the same inputs, the same file)."""
    digest = hashlib.md5(usedforsecurity=False)
    for part in parts:
        digest.update(part.pdf.read_bytes())
    identifier = ByteStringObject(digest.digest())
    writer._ID = ArrayObject([identifier, identifier])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _as_list(value: Any) -> list[Any]:
    """Return a /K or /Annots value as a list (a single kid, an array, or nothing)."""
    if value is None:
        return []
    value = value.get_object() if hasattr(value, "get_object") else value
    return list(value) if isinstance(value, list) else [value]


def _number_tree(node: Any) -> list[tuple[int, Any]]:
    """Return a number tree's (key, value) pairs, its /Kids walked, in key order."""
    if node is None:
        return []
    node = node.get_object()
    found: list[tuple[int, Any]] = []
    nums = list(node.get("/Nums", []))
    found += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []):
        found += _number_tree(kid)
    return sorted(found, key=lambda pair: pair[0])


def pdf_pages(pdf: Path) -> int:
    """Return how many pages a PDF has."""
    return len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)
