"""The one-pass reader's number formats and dates agree with openpyxl's own (the independent reference),
and on made-up sheets of every kind of cell both readers give the same cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from bvpp_docgen.read import xlsx_formats

from .xlsx_packages import assert_same, package, worksheet

CODES = [*BUILTIN_FORMATS.values(), "dd/mm/yyyy", "yyyy-mm-dd h:mm:ss", '#,##0.0"%"', '0.0" days"', '"d"0', r"\d0",
         "_d0", "[Red]0.0", "[$-809]dd mmmm yyyy", "[h]:mm", "[mm]:ss", "[ss].00", "[hh]:mm:ss;@", "0;[Red]-0",
         "General;dd", "mmm-yy", "MMM YY", "@", "", '"Year "yyyy', "[$£-809]#,##0.00", "h:mm AM/PM", "0.0E+00"]


@pytest.mark.parametrize("code", CODES)
def test_a_format_is_a_date_or_a_duration_as_openpyxl_says(code: str) -> None:
    assert xlsx_formats.is_date_format(code) == is_date_format(code)
    assert xlsx_formats.is_duration_format(code) == is_timedelta_format(code)


@given(st.one_of(st.integers(-100, 3_000_000), st.floats(-100, 3_000_000, allow_nan=False)), st.booleans(), st.booleans())
def test_a_serial_is_the_date_openpyxl_gives(value: float, mac: bool, duration: bool) -> None:
    epoch = MAC_EPOCH if mac else WINDOWS_EPOCH
    try:
        expected: object = from_excel(value, epoch, timedelta=duration)
    except (OverflowError, ValueError) as error:
        expected = type(error)
    try:
        got: object = xlsx_formats.from_serial(value, epoch, duration)
    except (OverflowError, ValueError) as error:
        got = type(error)
    assert (type(got), got) == (type(expected), expected)


FORMATS = ["General", "0.0%", "dd/mm/yyyy", "h:mm", "[h]:mm:ss", "0.00", "yyyy-mm-dd h:mm", "@", '#,##0" t"']
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from("\t\n\r"),
               max_size=12)


def _escaped(text: str, by_reference: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"&#{ord(c)};" for c in text) if by_reference else text


@st.composite
def cell(draw: st.DrawFn, reference: str, strings: int) -> str:
    """One cell as Excel may write it: a number, date, text (shared or inline), boolean, error, formula or blank."""
    style = draw(st.integers(0, len(FORMATS) - 1))
    s = f' s="{style}"' if style else ""
    kind = draw(st.sampled_from(["number", "float", "shared", "inline", "bool", "error", "formula", "text-formula",
                                 "uncalculated", "blank", "empty-value"]))
    if kind == "number":
        return f'<c r="{reference}"{s}><v>{draw(st.integers(-1000, 10**6))}</v></c>'
    if kind == "float":
        return f'<c r="{reference}"{s}><v>{draw(st.floats(-1000, 1e6, allow_nan=False))!r}</v></c>'
    if kind == "shared":
        return f'<c r="{reference}"{s} t="s"><v>{draw(st.integers(0, strings - 1))}</v></c>'
    if kind == "inline":
        text = _escaped(draw(TEXT), draw(st.booleans()))
        return f'<c r="{reference}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if kind == "bool":
        return f'<c r="{reference}"{s} t="b"><v>{draw(st.integers(0, 1))}</v></c>'
    if kind == "error":
        return f'<c r="{reference}"{s} t="e"><v>{draw(st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!", "#REF!"]))}</v></c>'
    if kind == "formula":
        return f'<c r="{reference}"{s}><f>SUM(A1:B2)*2</f><v>{draw(st.integers(0, 99))}</v></c>'
    if kind == "text-formula":
        return f'<c r="{reference}"{s} t="str"><f>A1&amp;"x"</f><v>{_escaped(draw(TEXT), False)}</v></c>'
    if kind == "uncalculated":
        return f'<c r="{reference}"{s}><f>A1+1</f></c>'
    if kind == "empty-value":
        return f'<c r="{reference}"{s}><v/></c>'
    return f'<c r="{reference}"{s}/>'


@st.composite
def sheet(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A worksheet of a few rows (some hidden, some missing) of cells in some of columns A to H, and its shared strings."""
    strings = [f"<t xml:space=\"preserve\">{_escaped(t, False)}</t>" for t in draw(st.lists(TEXT, min_size=1, max_size=5))]
    rows = []
    for number in sorted(draw(st.sets(st.integers(1, 30), max_size=8))):
        columns = sorted(draw(st.sets(st.sampled_from("ABCDEFGH"), max_size=6)))
        hidden = ' hidden="1"' if draw(st.booleans()) else ""
        cells = "".join(draw(cell(f"{column}{number}", len(strings))) for column in columns)
        rows.append(f'<row r="{number}"{hidden}>{cells}</row>')
    return "".join(rows), strings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(made=sheet(), date1904=st.booleans())
def test_made_up_sheets_read_alike(tmp_path: Path, made: tuple[str, list[str]], date1904: bool) -> None:
    rows, strings = made
    path = package(tmp_path / "made.xlsx", {"Data": worksheet(rows)}, strings, FORMATS, date1904)
    assert_same(path, "Data")


def test_a_time_of_day_and_a_date_before_march_1900_are_openpyxls() -> None:
    assert xlsx_formats.from_serial(0.5, WINDOWS_EPOCH, False) == dt.time(12, 0)
    assert xlsx_formats.from_serial(59, WINDOWS_EPOCH, False) == from_excel(59) == dt.datetime(1900, 2, 28)
