"""Files open in Excel or Word while bvpp reads them: the owner (lock) file Office leaves beside them.

Excel names it `~$` + the whole name (`~$indicators.xlsx`); Word replaces the first two
letters of a long name (`purpose.docx` → `~$rpose.docx`) and prefixes a short one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import Location, Notice


def open_in_excel(root: Path, workbooks: Iterable[str]) -> list[Notice]:
    """Return a warning for each workbook with Excel's lock file beside it: the build reads its last saved copy."""
    notices = []
    for relative in dict.fromkeys(workbooks):
        path = root / relative
        if (path.parent / f"~${path.name}").is_file():
            msg = (f"is open in Excel (its lock file ~${path.name} is beside it): the build uses the last saved copy; "
                   "save it in Excel first if you changed it")
            notices.append(Notice(msg, Location(relative)))
    return notices


def open_in_word(root: Path, relative: str) -> Notice | None:
    """Return a warning if Word's lock file is beside the `.docx` snippet `relative`: the build reads its last saved copy."""
    path = root / relative
    if path.suffix.lower() != ".docx":
        return None
    names = dict.fromkeys(f"~${path.name[cut:]}" for cut in (0, 1, 2) if len(path.name) - cut > len(path.suffix))
    lock = next((name for name in names if (path.parent / name).is_file()), None)
    if lock is None:
        return None
    msg = (f"is open in Word (its lock file {lock} is beside it): the build uses the last saved copy; "
           "save it in Word first if you changed it")
    return Notice(msg, Location(relative))
