"""Write indicator workbooks for the performance team: a blank one to start from, or filled rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..core.indicators import UNITS, Years, column_names
from ..core.quartiles import QUARTILES, comparison_names
from ..core.settings import Config
from ..errors import Location, ProjectError

LIST_SHEET = "Lists"
DIRECTION_CHOICES = ("higher is better", "lower is better", "none")
WIDTHS = {"reference": 11, "title": 60, "promise": 9, "unit": 16, "direction": 17, "decimals": 9, "notes": 40}
MAX_ROWS = 2000  # rows the drop-downs and formats cover


def new_workbook(path: Path, label: str, config: Config) -> None:
    """Write a blank indicator workbook for the configured plan year; never replace a file."""
    write_workbook(path, label, config, rows=())


def write_workbook(path: Path, label: str, config: Config, rows: Iterable[Sequence[Any]], notes: Sequence[str] = ()) -> None:
    """Write an indicator workbook with `rows` under the header (refusing to replace a file).

    The comparator columns (quartiles for the outturn year) follow Notes; `notes` are added
    to the Instructions sheet.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if path.exists():
        raise ProjectError("already exists; nothing was written (choose a new name)", location=Location(label))
    sheet_name = config.indicators.sheet if config.indicators else "Indicators"
    years = Years.for_plan(config.plan.year)
    columns = column_names(years) | comparison_names(years.outturn[-1])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name
    sheet.append(list(columns.values()))
    for row in rows:
        sheet.append(list(row))
    for index, key in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, 12)
    sheet.freeze_panes = "B2"

    lists = book.create_sheet(LIST_SHEET)
    choices: dict[str, list[Any]] = {
        "unit": list(UNITS),
        "direction": list(DIRECTION_CHOICES),
        "promise": [p.number for p in config.promises],
        f"quartile:{years.outturn[-1]}": list(QUARTILES),
    }
    for column, (key, values) in enumerate(choices.items(), start=1):
        lists.cell(row=1, column=column, value=key.split(":")[0])
        for offset, value in enumerate(values, start=2):
            lists.cell(row=offset, column=column, value=value)
        letter = get_column_letter(column)
        target = get_column_letter(list(columns).index(key) + 1)
        rule = DataValidation(type="list", formula1=f"={LIST_SHEET}!${letter}$2:${letter}${len(values) + 1}",
                              allow_blank=True, showErrorMessage=True, error=f"Choose a {key.split(':')[0]} from the list.")
        rule.add(f"{target}2:{target}{MAX_ROWS}")
        sheet.add_data_validation(rule)
    decimals = get_column_letter(list(columns).index("decimals") + 1)
    places = DataValidation(type="whole", operator="between", formula1="0", formula2="6", allow_blank=True,
                            showErrorMessage=True, error="Decimal places: a whole number from 0 to 6.")
    places.add(f"{decimals}2:{decimals}{MAX_ROWS}")
    sheet.add_data_validation(places)
    lists.sheet_state = "hidden"
    _instructions(book, config, years, notes)
    try:
        book.save(path)
    except OSError as exc:
        raise ProjectError(f"cannot write the workbook ({exc.strerror})", location=Location(label)) from None


def _instructions(book: Any, config: Config, years: Years, notes: Sequence[str] = ()) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet("Instructions")
    lines = [
        f"Indicator workbook for {config.council.name}, {config.plan.title}",
        "",
        "One row per indicator on the first sheet. Columns are found by their header, in any order.",
        _reference_line(config),
        "Promise: the number of the promise the indicator belongs to (see bvpp.toml [[promises]]).",
        f"Unit: one of {', '.join(UNITS)}.",
        "Direction: higher is better, lower is better, or none (context indicators get no judgement).",
        "Decimal places: how many the papers show (blank: 1 for percent and days, else 0).",
        f"Outturn {years.outturn[0]} to {years.outturn[-1]}: actual results, not estimates.",
        f"Target {years.outturn[-1]}: last year's target, to judge whether it was met.",
        f"Target {years.target[0]} to {years.target[-1]}: targets for the plan year and the two after.",
        "Missing figures: leave blank, or write n/a, 'not yet available' or 'to follow'.",
        "Estimates: write the figure followed by (e), e.g. 12.5 (e). New indicators: 'new indicator'.",
        "Percentages: 62.5 or 62.5%, or a cell formatted as a percentage.",
        f"Comparison with other authorities (optional): Top quartile, Median and Bottom quartile {years.outturn[-1]} "
        "are the thresholds among councils of the same type (for lower-is-better indicators the top quartile "
        f"threshold is the lowest); or give the council's position in Quartile {years.outturn[-1]}: Top, Second, "
        "Third or Bottom. A figure equal to a threshold is in the better quartile. Blank: n/a in the plan.",
        "Check the workbook with: bvpp check",
        *notes,
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=True)


PLAN_DATA_WIDTHS = (34, 24, 60, 10, 12, 60, 9)


def write_plan_data_workbook(
    path: Path, label: str, config: Config, budget: Sequence[Sequence[Any]] = (),
    cpa: Sequence[Sequence[Any]] | None = None, improvements: Sequence[Sequence[Any]] = (),
    lpsa: Sequence[Sequence[Any]] = (),
) -> None:
    """Write a workbook with the plan's Budget, CPA, Improvements and LPSA sheets (refusing to replace a file).

    Blank by default: the budget's Total row adds up its lines, the CPA sheet lists every block
    to score, and drop-down lists offer the categories, scores, years, statuses and promises.
    """
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..core.formats import financial_year
    from ..core.lpsa import PROGRESS
    from ..core.plan_data import CPA_BLOCKS, CPA_CATEGORIES, STATUSES

    if path.exists():
        raise ProjectError("already exists; nothing was written (choose a new name)", location=Location(label))
    start = int(config.plan.year[:4])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Service", f"Budget {financial_year(start - 1)} £m", f"Budget {config.plan.year} £m"])
    lines = list(budget) or [[None, None, None]] * 10
    for line in lines:
        sheet.append(list(line))
    last = len(lines) + 1
    total = [round(sum(line[i] for line in budget), 1) for i in (1, 2)] if budget else [f"=SUM(B2:B{last})", f"=SUM(C2:C{last})"]
    sheet.append(["Total", *total])
    scores = book.create_sheet("CPA")
    scores.append(["Assessment", "Score"])
    for row in cpa if cpa is not None else [["Overall category", None], *([block, None] for block in CPA_BLOCKS)]:
        scores.append(list(row))
    plans = book.create_sheet("Improvements")
    plans.append(["Area", "Source", "Action", "Year", "Status", "Outcome", "Promise"])
    for row in improvements:
        plans.append(list(row))
    agreement = book.create_sheet("LPSA")
    agreement.append(["Target", "Baseline", "Target without stretch", "Stretch target", "Latest", "Progress"])
    for row in lpsa:
        agreement.append(list(row))
    years = [financial_year(start + n) for n in range(-3, 3)]
    _choices(book, {
        "CPA!B2": list(CPA_CATEGORIES), f"CPA!B3:B{len(CPA_BLOCKS) + 2}": ["1", "2", "3", "4", "n/a"],
        f"Improvements!D2:D{MAX_ROWS}": years, f"Improvements!E2:E{MAX_ROWS}": list(STATUSES),
        f"Improvements!G2:G{MAX_ROWS}": [str(p.number) for p in config.promises],
        f"LPSA!F2:F{MAX_ROWS}": list(PROGRESS),
    })
    for each in (sheet, scores, plans, agreement):
        for cell in each[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="D9D9D9")
        for column, width in enumerate(PLAN_DATA_WIDTHS, start=1):
            each.column_dimensions[get_column_letter(column)].width = width
        each.freeze_panes = "A2"
    try:
        book.save(path)
    except OSError as exc:
        raise ProjectError(f"cannot write the workbook ({exc.strerror})", location=Location(label)) from None


def _choices(book: Any, ranges: dict[str, list[str]]) -> None:
    """Add a drop-down list of `values` to each `Sheet!A1:A9` range."""
    from openpyxl.worksheet.datavalidation import DataValidation

    for target, values in ranges.items():
        sheet_name, cells = target.split("!")
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                              showErrorMessage=True, error="Choose a value from the list.")
        rule.add(cells)
        book[sheet_name].add_data_validation(rule)


def _reference_line(config: Config) -> str:
    """Return the instruction for the reference column: the forms, and this council's local prefixes."""
    prefixes = list(config.indicators.local_prefixes) if config.indicators else ["L"]
    local = (f"or a local code: {' or '.join(prefixes)} then a number, e.g. {prefixes[0]}406"
             if prefixes else "(no local prefixes are set in bvpp.toml)")
    return (f"Reference: a BV code such as BV8, BV82a or BV82a(i), {local}. The papers print it as written here; "
            "other local prefixes are added in bvpp.toml [indicators] local_prefixes.")
