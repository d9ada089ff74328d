"""Write .xlsx packages part by part, as Excel lays them out, and compare the two workbook readers.

The fast reader (`read/xlsx_cells.py`) must give, cell by cell, what openpyxl gives through
`read_sheet_openpyxl`: the same value of the same type, the same formula text and number
format, the same rows and hidden rows, and the same message when it refuses.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from bvpp_docgen.errors import InputError
from bvpp_docgen.read.excel import _translator, read_sheet, read_sheet_openpyxl
from bvpp_docgen.read.xlsx_cells import read_cells
from bvpp_docgen.read.xlsx_parts import Unsure, read_book

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BUILTIN = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "0%": 9, "0.00%": 10, "mm-dd-yy": 14, "d-mmm-yy": 15,
           "h:mm": 20, "h:mm:ss": 21, "m/d/yy h:mm": 22, "mm:ss": 45, "[h]:mm:ss": 46, "@": 49}
NINETEEN_O_FOUR = ' date1904="1"'
ROOT = (f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
        'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xr:uid="{00000000-0001-0000-0000-000000000000}">')


def worksheet(rows: str, before: str = '<dimension ref="A1"/>', after: str = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>') -> str:
    """Return a worksheet part as Excel writes it, with `rows` as its sheetData."""
    data = f"<sheetData>{rows}</sheetData>" if rows else "<sheetData/>"
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n{ROOT}{before}{data}{after}</worksheet>'


def styles(formats: list[str]) -> str:
    """Return a styles part whose cell style i shows number format `formats[i]` (the workbook's own from 164)."""
    own = [code for code in dict.fromkeys(formats) if code not in BUILTIN]
    ids = {code: 164 + n for n, code in enumerate(own)} | BUILTIN
    numbers = "".join(f'<numFmt numFmtId="{ids[c]}" formatCode="{_attribute(c)}"/>' for c in own)
    applied = ' applyNumberFormat="1"'
    xfs = "".join(f'<xf numFmtId="{ids[c]}" fontId="0" fillId="0" borderId="0" xfId="0"{applied if ids[c] else ""}/>'
                  for c in formats)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<styleSheet xmlns="{MAIN}">'
            f'<numFmts count="{len(own)}">{numbers}</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(formats)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def package(path: Path, sheets: dict[str, str], shared: list[str] | None = None, formats: list[str] | None = None,
            date1904: bool = False, style_part: str | None = None) -> Path:
    """Write an .xlsx of `sheets` (name -> worksheet XML); `shared`: the `<si>` elements' inner XML."""
    overrides = [("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
                 ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")]
    relations = [("rIdS", "styles", "styles.xml")]
    parts = {"xl/styles.xml": style_part or styles(formats or ["General"])}
    entries = []
    for n, (name, xml) in enumerate(sheets.items(), 1):
        overrides.append((f"/xl/worksheets/sheet{n}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
        relations.append((f"rId{n}", "worksheet", f"worksheets/sheet{n}.xml"))
        parts[f"xl/worksheets/sheet{n}.xml"] = xml
        entries.append(f'<sheet name="{_attribute(name)}" sheetId="{n}" r:id="rId{n}"/>')
    if shared is not None:
        overrides.append(("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))
        relations.append(("rIdT", "sharedStrings", "sharedStrings.xml"))
        parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="{MAIN}" '
                                         f'count="{len(shared)}" uniqueCount="{len(shared)}">'
                                         + "".join(f"<si>{s}</si>" for s in shared) + "</sst>")
    parts["[Content_Types].xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                                    '<Default Extension="xml" ContentType="application/xml"/>'
                                    + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides) + "</Types>")
    parts["_rels/.rels"] = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{key}" Type="{REL}/{kind}" Target="{target}"/>' for key, kind, target in relations)
        + "</Relationships>")
    parts["xl/workbook.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                                f'<workbookPr{NINETEEN_O_FOUR if date1904 else ""} defaultThemeVersion="164011"/>'
                                f'<bookViews><workbookView xWindow="0" yWindow="0"/></bookViews><sheets>{"".join(entries)}</sheets>'
                                '<calcPr calcId="191029"/></workbook>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


def shown(value: Any) -> tuple[str, str]:
    """Return a value as its type and repr: 1, 1.0 and True are told apart, and so are 0.0 and -0.0."""
    return type(value).__name__, repr(value)


def cells_of(sheet: Any) -> tuple[Any, ...]:
    """Return a sheet's rows with each cell as (type, repr, percent, formula, number format)."""
    rows = tuple((number, tuple((*shown(c.value), c.percent, c.formula, c.number_format) for c in cells))
                 for number, cells in sheet.rows)
    return sheet.path, sheet.name, rows, sheet.hidden_rows


def outcome(read: Any, path: Path, sheet: str) -> Any:
    """Return what a reader gives: the cells, or the message it refuses with."""
    try:
        return cells_of(read(path, "inputs/book.xlsx", sheet))
    except InputError as error:
        return ("refused", str(error))


def takes_fast_path(path: Path, sheet: str) -> bool:
    """Return whether the one-pass reader reads the sheet itself (rather than leaving it to openpyxl)."""
    with zipfile.ZipFile(path) as archive:
        try:
            read_cells(archive, read_book(archive, sheet), "inputs/book.xlsx", sheet, _translator)
        except Unsure:
            return False
    return True


def assert_same(path: Path, sheet: str, fast: bool | None = True) -> Any:
    """Assert both readers give the same for `sheet`, and whether the one-pass reader read it (None: either)."""
    reference = outcome(read_sheet_openpyxl, path, sheet)
    assert outcome(read_sheet, path, sheet) == reference
    if fast is not None:
        assert takes_fast_path(path, sheet) is fast
    return reference
