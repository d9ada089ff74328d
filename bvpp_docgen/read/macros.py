"""Workbooks that carry macros under an `.xlsx` name: read for their cells, and warned about."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import Location, Notice

MACRO_MESSAGE = "saved as macro-enabled: save it as an Excel Workbook (.xlsx)"


def macro_notice(path: Path, label: str) -> Notice | None:
    """Return a warning if the workbook at `path` (shown as `label`) holds macros or declares itself macro-enabled."""
    try:
        with zipfile.ZipFile(path) as package:
            names = {name.lower() for name in package.namelist()}
            types = package.read("[Content_Types].xml") if "[content_types].xml" in names else b""
    except (OSError, zipfile.BadZipFile, KeyError):
        return None  # reading the workbook reports what is wrong with it
    macros = any(name.endswith("vbaproject.bin") for name in names) or b"macroenabled" in types.lower()
    return Notice(MACRO_MESSAGE, Location(label)) if macros and Path(label).suffix.lower() == ".xlsx" else None
