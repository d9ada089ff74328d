"""Native Word charts: a DrawingML chart part, its embedded workbook (Word's Edit Data), and the inline drawing.

Byte-stable: the chart's XML depends only on the chart model, and the embedded workbook is
written with fixed document properties and zip dates.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from html import escape  # xml.sax.saxutils' escape, without its module's imports (urllib.request, ssl: 20 ms)
from pathlib import Path
from typing import Any

from ..core.narrative import Chart
from ..ooxml.ns import NS, R_NS, W_NS
from ..ooxml.numbers import BUILTIN_IDS, BUILTIN_LIMIT
from ..ooxml.package import Package

C_NS, A_NS, WP_NS = NS["c"], NS["a"], NS["wp"]
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
WIDTH_EMU = 16 * 360000  # within A4's text width less 2 cm margins
HEIGHT_EMU = 7 * 360000
SHEET = "Sheet1"
SERIES = ("Outturn", "Target")
COLOURS = ("1F4E79", "B34700")  # dark blue and dark orange: both 4.5:1 or more on white
# openpyxl's workbook for a chart without figures (its core properties FIXED_CORE): all but two parts stay as they are
_BOOK = Path(__file__).with_name("chart-workbook.xlsx")
_SHEET, _STYLES = "xl/worksheets/sheet1.xml", "xl/styles.xml"
_XF = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>'
_ODD = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")  # refused by openpyxl, or written as a reference or not at all
_ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")  # openpyxl keeps these as errors
MAX_TEXT = 32767  # characters of a cell's text: openpyxl cuts a longer one
FIXED_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>bvpp-docgen</dc:creator></cp:coreProperties>'
)


def add_chart(document: Any, chart: Chart) -> str:
    """Add the chart's part and embedded workbook to a python-docx document; return its `w:drawing`."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    book_name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    book = Part(PackURI(book_name), CT_XLSX, chart_workbook(chart), package)
    part = Part(PackURI(chart_name), CT_CHART, b"", package)
    part._blob = chart_xml(chart, part.relate_to(book, RT_PACKAGE))
    return drawing_xml(chart, document.part.relate_to(part, RT_CHART))


def drawing_xml(chart: Chart, rel_id: str) -> str:
    """Return the inline `w:drawing` of a chart, its alt text in `wp:docPr/@descr`."""
    return (
        f'<w:drawing xmlns:w="{W_NS}"><wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{WIDTH_EMU}" cy="{HEIGHT_EMU}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name={quoteattr("Chart " + chart.name)} descr={quoteattr(chart.alt)}/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rel_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )


def quoteattr(value: str) -> str:
    """Return an attribute's value escaped and quoted, as xml.sax.saxutils.quoteattr does."""
    text = escape(value, quote=False).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"{}"'.format(text.replace('"', "&quot;"))


def _column(index: int) -> str:
    return "ABC"[index]


def _number(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _str_cache(texts: Sequence[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(t, quote=False)}</c:v></c:pt>' for i, t in enumerate(texts))
    return f'<c:strCache><c:ptCount val="{len(texts)}"/>{points}</c:strCache>'


def _series(chart: Chart, index: int) -> str:
    values = (chart.outturns, chart.targets)[index]
    column, last = _column(index + 1), len(chart.categories) + 1
    colour = COLOURS[index]
    if index == 0:  # outturns: a solid line, filled round markers
        line = f'<a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:round/></a:ln>'
        marker = (f'<c:marker><c:symbol val="circle"/><c:size val="7"/><c:spPr><a:solidFill><a:srgbClr val="{colour}"/>'
                  f'</a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln></c:spPr></c:marker>')
    else:  # targets: a dashed line, hollow square markers: told apart without colour
        line = (f'<a:ln w="22225" cap="flat"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
                '<a:prstDash val="dash"/><a:round/></a:ln>')
        marker = (f'<c:marker><c:symbol val="square"/><c:size val="7"/><c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/>'
                  f'</a:solidFill><a:ln w="19050"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln></c:spPr></c:marker>')
    points = "".join(f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    fmt = escape(chart.number_format, quote=False)
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f'<c:tx><c:strRef><c:f>{SHEET}!${column}$1</c:f>{_str_cache([SERIES[index]])}</c:strRef></c:tx>'
        f'<c:spPr>{line}</c:spPr>{marker}'
        f'<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${last}</c:f>{_str_cache(chart.categories)}</c:strRef></c:cat>'
        f'<c:val><c:numRef><c:f>{SHEET}!${column}$2:${column}${last}</c:f><c:numCache><c:formatCode>{fmt}</c:formatCode>'
        f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef></c:val><c:smooth val="0"/></c:ser>'
    )


_TEXT = ('<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:solidFill><a:srgbClr val="000000"/>'
         '</a:solidFill><a:latin typeface="Arial"/></a:defRPr></a:pPr><a:endParaRPr lang="en-GB"/></a:p></c:txPr>')
_GRID = '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>'
_AXIS_LINE = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="595959"/></a:solidFill></a:ln></c:spPr>'


def chart_xml(chart: Chart, workbook_rel: str) -> bytes:
    """Return the chart part: a line chart of the outturns and targets, bound to the embedded workbook's cells."""
    fmt = quoteattr(chart.number_format)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        '<c:date1904 val="0"/><c:lang val="en-GB"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{_series(chart, 0)}{_series(chart, 1)}'
        '<c:marker val="1"/><c:axId val="500100"/><c:axId val="500200"/></c:lineChart>'
        '<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="low"/>{_AXIS_LINE}{_TEXT}<c:crossAx val="500200"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="l"/>{_GRID}<c:numFmt formatCode={fmt} sourceLinked="0"/><c:majorTickMark val="out"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{_AXIS_LINE}{_TEXT}<c:crossAx val="500100"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_TEXT}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f'{_TEXT}<c:externalData r:id="{workbook_rel}"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
    )
    return xml.encode("utf-8")


@functools.lru_cache(maxsize=64)  # `bvpp watch` renders the same charts at every save
def chart_workbook(chart: Chart) -> bytes:
    """Return the embedded workbook: years in column A, outturns in B, targets in C, as the chart's formulas name them.

    Written as openpyxl writes it, byte for byte, without importing openpyxl (a tenth of a second);
    a label or figure openpyxl would treat specially (a formula, an error code, a character it
    refuses, a figure too large for a float) is left to openpyxl itself.
    """
    if not _plain(chart):
        return _openpyxl_workbook(chart)
    package = Package.read(_BOOK.read_bytes())
    styled = bool(chart.categories) and chart.number_format != "General"  # figures' cells with a format of their own
    package.parts[_SHEET] = _sheet_xml(package.parts[_SHEET], chart, styled)
    if styled:
        package.parts[_STYLES] = _styles_xml(package.parts[_STYLES], chart.number_format)
    return package.write()


def _plain(chart: Chart) -> bool:
    """Return whether openpyxl would write the chart's labels as plain text and its figures as plain numbers."""
    texts = (*chart.categories, chart.number_format)
    return (not any(_ODD.search(text) or len(text) > MAX_TEXT for text in texts)
            and not any(text in _ERROR_CODES or (len(text) > 1 and text.startswith("=")) for text in chart.categories)
            and all(math.isfinite(value) for value in (*chart.outturns, *chart.targets) if value is not None))


def _sheet_xml(skeleton: bytes, chart: Chart, styled: bool) -> bytes:
    """Return the worksheet of the workbook without figures (`skeleton`) with the chart's rows."""
    style = ' s="1"' if styled else ""
    rows = []
    for row, (year, outturn, target) in enumerate(zip(chart.categories, chart.outturns, chart.targets, strict=True), 2):
        cells = [_label(f"A{row}", year)]
        for column, value in (("B", outturn), ("C", target)):
            if value is not None:
                cells.append(f'<c r="{column}{row}"{style} t="n"><v>{float(value):.16g}</v></c>')
            elif styled:  # an empty cell is written only when it has a style
                cells.append(f'<c r="{column}{row}"{style} t="n"></c>')
        rows.append(f'<row r="{row}">{"".join(cells)}</row>')
    dimension = f'<dimension ref="A1:C{len(chart.categories) + 1}"/>'.encode()
    data = "".join(rows).encode("ascii", "xmlcharrefreplace")  # openpyxl's worksheet is ASCII: others are references
    return skeleton.replace(b'<dimension ref="A1:C1"/>', dimension).replace(b"</sheetData>", data + b"</sheetData>")


def _label(reference: str, text: str) -> str:
    """Return a cell holding `text` as openpyxl writes it: inline, its spaces kept when it has any at either end."""
    if not text:
        return f'<c r="{reference}" t="inlineStr"></c>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{reference}" t="inlineStr"><is><t{space}>{escape(text, quote=False)}</t></is></c>'


def _styles_xml(skeleton: bytes, number_format: str) -> bytes:
    """Return the style sheet of the workbook without figures (`skeleton`) with a second cell format: the figures'."""
    number = BUILTIN_IDS.get(number_format, BUILTIN_LIMIT)
    own = (f'<numFmts count="1"><numFmt numFmtId="{number}" formatCode="{escape(number_format, quote=False).replace(chr(34), "&quot;")}"/>'
           "</numFmts>" if number == BUILTIN_LIMIT else '<numFmts count="0"/>')
    figures = _XF.replace(b'numFmtId="0"', b'numFmtId="%d"' % number)
    return skeleton.replace(b'<numFmts count="0"/>', own.encode()).replace(b'<cellXfs count="1">' + _XF,
                                                                          b'<cellXfs count="2">' + _XF + figures)


def _openpyxl_workbook(chart: Chart) -> bytes:
    """Return the embedded workbook as openpyxl writes it (its core properties fixed)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(["Year", *SERIES])
    for year, outturn, target in zip(chart.categories, chart.outturns, chart.targets, strict=True):
        sheet.append([year, *(float(v) if v is not None else None for v in (outturn, target))])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = chart.number_format
    sheet.column_dimensions["A"].width = 10
    out = io.BytesIO()
    book.save(out)
    package = Package.read(out.getvalue())
    package.parts["docProps/core.xml"] = FIXED_CORE  # openpyxl stamps the time of saving
    return package.write()
