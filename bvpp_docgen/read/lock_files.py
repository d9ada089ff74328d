"""Files open in Excel while bvpp reads them: Excel's `~$name.xlsx` lock file beside a workbook."""

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
