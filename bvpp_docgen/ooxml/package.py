"""OOXML packages: a byte-stable zip and custom document properties."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from lxml import etree

from .ns import CUSTOM_NS, VT_NS, parser

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_package(data: bytes) -> bytes:
    """Rewrite an OOXML zip so that the same parts always give the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()

_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties_xml(existing: bytes | None, values: Mapping[str, str | int]) -> bytes:
    """Return `docProps/custom.xml` with `values` set, keeping any other properties."""
    root = etree.fromstring(existing, parser()) if existing else etree.Element(
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
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
