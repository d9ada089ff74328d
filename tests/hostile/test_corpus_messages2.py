"""Corpus: messages a clerk can act on, continued (issue 14, point 5): list entries counted from 1,
counts in plain English, Word's lock files beside snippets, no programmer's words ("got").

Each case is an input a council produces; `SHOWN` adds, for the commands that print a report,
lines the report must hold (a clerk reads them on stdout).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from .harness import Case, check, edit

CONFIG, INDICATORS = "bvpp.toml", "inputs/indicators.xlsx"
OWNER = b"\x0bJudith Sharples" + bytes(150)  # what Word writes in its owner file: the user's name, padded
ROADS = 'title = "Improve roads and pavements and tackle congestion"'


def remove(file: str) -> Callable[[Path], None]:
    return lambda root: (root / file).unlink()


def lock_file(file: str) -> Callable[[Path], None]:
    """Leave Word's owner file as Word does while someone has the document open."""
    return lambda root: (root / file).write_bytes(OWNER)


def indicator_cell(cell: str, value: Any) -> Callable[[Path], None]:
    """Type `value` into a cell of the Indicators sheet and save, as a clerk would in Excel."""

    def mutate(root: Path) -> None:
        book = openpyxl.load_workbook(root / INDICATORS)
        book["Indicators"][cell] = value
        book.save(root / INDICATORS)

    return mutate


def older_register_lines(root: Path) -> None:
    """Make the cabinet paper's v1 carry a change line as releases before this one recorded it (counted from 0)."""
    path = root / "bvpp-register.json"
    register = json.loads(path.read_text(encoding="utf-8"))
    register["documents"]["cabinet"]["versions"][0]["changes"] = ["config changed: promises[2].title: Roads → Roads and pavements"]
    path.write_text(json.dumps(register, indent=2), encoding="utf-8")


WORD_OPEN = "the build uses the last saved copy; save it in Word first if you changed it"

def renamed_workbook(root: Path) -> None:
    """The indicator workbook saved under an old name (.xls), as a team copying last year's file might."""
    (root / INDICATORS).rename(root / "inputs/indicators.xls")
    edit('workbook = "inputs/indicators.xlsx"', 'workbook = "inputs/indicators.xls"')(root)


def damaged_workbook(root: Path) -> None:
    """A workbook whose package holds parts but no readable workbook (a broken copy from a mail gateway)."""
    import zipfile

    with zipfile.ZipFile(root / INDICATORS, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook>")


CASES = [
    Case("workbook-named-xls", renamed_workbook,
         refused=("inputs/indicators.xls: bvpp reads workbooks saved as .xlsx, and this one is named .xls: save it in "
                  "Excel as Excel Workbook (.xlsx), and name that file in bvpp.toml",)),
    Case("workbook-damaged", damaged_workbook,
         refused=("inputs/indicators.xlsx: not a readable .xlsx workbook (damaged): open it in Excel, which offers "
                  "to repair it, and save it again",)),
    # list entries in bvpp.toml, counted from 1 as a clerk counts the [[...]] blocks
    Case("section-snippet-missing", remove("inputs/plan/cpa.md"),
         refused=("bvpp.toml:plan.sections#5.snippet: snippet file 'inputs/plan/cpa.md' not found",)),
    Case("section-id-twice", edit('id = "improvement"', 'id = "budget"'),
         refused=("bvpp.toml:plan.sections#6.id: duplicate section id 'budget'",)),
    Case("promise-number-twice", edit("number = 3", "number = 2"),
         refused=("bvpp.toml:promises#3.number: duplicate promise number 2",)),
    Case("promise-number-in-words", edit("number = 2", 'number = "two"'),
         refused=("bvpp.toml:promises#2.number: expected a whole number, not 'two'",)),
    Case("appendix-unknown-section", edit('"contents", "promises", "budget"', '"contents", "promises", "budgets"'),
         refused=("bvpp.toml:documents.cabinet.appendix#3: no plan section 'budgets' in [plan.sections] "
                  "(did you mean 'budget'?)",)),
    Case("report-section-key-misspelt", edit('heading = "Conclusion", snippet', 'heading = "Conclusion", snipet'),
         refused=("bvpp.toml:documents.cabinet.sections#2.snipet: unknown key (did you mean 'snippet'?)",)),
    Case("promise-part-named-missing", edit(ROADS, f'{ROADS}\nactions = "inputs/plan/promise-3/action.docx"'),
         refused=("bvpp.toml:promises#3.actions: snippet file 'inputs/plan/promise-3/action.docx' not found",)),
    Case("schema-from-a-newer-release", edit("schema = 1", "schema = 2"),
         refused=("bvpp.toml:schema: this release of bvpp reads schema 1, not 2: use the release the file was "
                  "written for",)),
    # sheets: plain words, not "got"
    Case("figure-in-words", indicator_cell("I2", "lots"),
         refused=("inputs/indicators.xlsx:Indicators!I2: expected a number, not 'lots'",)),
    Case("direction-in-other-words", indicator_cell("E2", "upwards"),
         refused=("inputs/indicators.xlsx:Indicators!E2: expected 'higher is better', 'lower is better' or 'none', "
                  "not 'upwards'",)),
    # snippets open in Word: Word's owner file beside them
    Case("snippet-open-in-word", lock_file("inputs/cabinet/~$rpose.docx"),
         warned=(f"inputs/cabinet/purpose.docx: is open in Word (its lock file ~$rpose.docx is beside it): {WORD_OPEN}",)),
    Case("short-snippet-open-in-word", lock_file("inputs/topic-group/~$asked.docx"),
         warned=(f"inputs/topic-group/asked.docx: is open in Word (its lock file ~$asked.docx is beside it): {WORD_OPEN}",)),
    Case("promise-part-open-in-word", lock_file("inputs/plan/promise-2/~$tions.docx"),
         warned=("inputs/plan/promise-2/actions.docx: is open in Word (its lock file ~$tions.docx is beside it): "
                 f"{WORD_OPEN}",)),
    Case("stale-owner-file", lock_file("inputs/cabinet/~$d-draft.docx")),
    # counts and change lines a clerk reads
    Case("check-counts", lambda root: None, command=("check",)),
    Case("status-names-the-third-promise", edit(ROADS, 'title = "Improve roads and pavements"'), command=("status",)),
    Case("versions-of-an-older-register", older_register_lines, command=("versions", "cabinet")),
]

SHOWN = {
    "check-counts": ("ok: 3 documents, 2 templates, 41 snippets, 89 indicators checked",
                     "accessibility: cabinet: no problems, topic-group: no problems, plan: no problems"),
    "status-names-the-third-promise": (
        "config changed: promises#3.title: Improve roads and pavements and tackle congestion → Improve roads and pavements",
    ),
    "versions-of-an-older-register": ("cabinet: 1 version", "config changed: promises#3.title: Roads → Roads and pavements"),
}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    outcome = check(case, built)
    for line in SHOWN.get(case.id, ()):
        assert any(line in shown for shown in outcome.stdout.splitlines()), (line, outcome.stdout)
    assert not any("~$" in warning and "not used" in warning for warning in outcome.warnings()), outcome.stderr
    assert "(s)" not in outcome.stdout + outcome.stderr
