"""A Word snippet's checked parts, as python-docx is given them to open.

python-docx parses every part it knows when it opens a package. A snippet saved by Word holds
a style sheet of some 350 KB (Word's every style), most often the same in every snippet: the
reader parses it once (`read/word.py`) and python-docx is given an empty one in its place.
"""

from __future__ import annotations

import io
import zipfile

from ..ooxml.ns import RT_OFFICE_DOCUMENT, RT_STYLES, W_NS
from ..ooxml.package import Package

CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
NO_STYLES = f'<w:styles xmlns:w="{W_NS}"/>'.encode()  # what python-docx is given for the style sheet


def style_sheet_part(package: Package) -> str | None:
    """Return the part python-docx reads as the style sheet (the main part's one styles relationship names it), if any."""
    main = package.related("", RT_OFFICE_DOCUMENT)
    found = [r for r in package.rels(main) if r.type == RT_STYLES] if main else []
    name = found[0].target_part if len(found) == 1 else None  # python-docx refuses two, makes its own for none
    return name if name in package.parts and package.content_type(name) == CT_STYLES else None


def stored(parts: dict[str, bytes]) -> bytes:
    """Return the checked parts as a zip for python-docx to open: stored, as nothing keeps it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(parts):
            archive.writestr(name, parts[name])
    return out.getvalue()
