"""A chart's embedded workbook is written without openpyxl, in the very bytes openpyxl writes.

`write/charts.py` fills two parts of a stored workbook (openpyxl's, for a chart without
figures) instead of importing openpyxl for every build with charts. These tests compare it with
openpyxl on varied charts (labels with spaces, markup and other scripts, every built-in number
format and others, figures large and small, gaps) and check that what openpyxl treats specially
is still left to openpyxl. Should a new openpyxl write other bytes, they fail: the stored
workbook keeps the papers as they were, and whether to follow openpyxl is a decision to make.
"""

from __future__ import annotations

import random
import subprocess
import sys
from decimal import Decimal

import pytest
from openpyxl.styles.numbers import BUILTIN_FORMATS as OPENPYXL_BUILTIN_FORMATS
from openpyxl.utils.exceptions import IllegalCharacterError

from bvpp_docgen.core.narrative import Chart
from bvpp_docgen.ooxml.numbers import BUILTIN_FORMATS
from bvpp_docgen.write import charts

LABELS = ["2003/04", " 2004/05", "2005/06 ", "  ", "", "a & b", "<year>", 'say "so"', "it's", "caf\u00e9", "\u4e2d\u6587",
          "\U0001f600", "\u00a0nbsp\u00a0", "=", "#N/A?", "]]>", "x" * 40]
FORMATS = ["General", "0.0", '#,##0.0"%"', "\u00a3#,##0", "0.0;[Red]-0.0", 'a&b<c>"d"\'e', "general", "0.000%",
           *BUILTIN_FORMATS.values()]
FIGURES = ["0", "-0", "1.10", "-3E+2", "0.1234567890123456789", "1E-7", "12345678901234567890", "52.5", "1E+300",
           "-0.000001", "100"]


def _chart(rng: random.Random) -> Chart:
    years = rng.randint(0, 8)

    def figures() -> tuple[Decimal | None, ...]:
        return tuple(None if rng.random() < 0.3 else Decimal(rng.choice(FIGURES)) for _ in range(years))

    return Chart("BV1", tuple(rng.choice(LABELS) for _ in range(years)), figures(), figures(), rng.choice(FORMATS), "alt")


@pytest.mark.parametrize("seed", range(60))
def test_the_workbook_is_the_bytes_openpyxl_writes(seed: int) -> None:
    chart = _chart(random.Random(seed))
    assert charts._plain(chart)  # written without openpyxl
    assert charts.chart_workbook.__wrapped__(chart) == charts._openpyxl_workbook(chart)


@pytest.mark.parametrize("code", sorted(BUILTIN_FORMATS))
def test_each_built_in_format_is_named_by_its_id(code: int) -> None:
    chart = Chart("BV1", ("2003/04",), (Decimal("1.5"),), (None,), BUILTIN_FORMATS[code], "alt")
    assert charts.chart_workbook.__wrapped__(chart) == charts._openpyxl_workbook(chart)


def test_the_built_in_formats_are_openpyxls() -> None:
    assert BUILTIN_FORMATS == OPENPYXL_BUILTIN_FORMATS


def test_the_stored_workbook_is_openpyxls_for_a_chart_without_figures() -> None:
    assert charts._BOOK.read_bytes() == charts._openpyxl_workbook(Chart("BV1", (), (), (), "General", "alt"))


@pytest.mark.parametrize(("labels", "figures"), [
    (("=1+1",), (Decimal(1),)),  # a formula, to openpyxl
    (("#N/A",), (Decimal(1),)),  # an error code
    (("tab\there",), (Decimal(1),)),
    (("2003/04",), (Decimal("1E+400"),)),  # no float holds it
    (("2003/04",), (Decimal("NaN"),)),
])
def test_what_openpyxl_treats_specially_is_left_to_openpyxl(labels: tuple[str, ...], figures: tuple[Decimal, ...]) -> None:
    chart = Chart("BV1", labels, figures, (None,) * len(labels), "0.0", "alt")
    assert not charts._plain(chart)
    assert charts.chart_workbook.__wrapped__(chart) == charts._openpyxl_workbook(chart)


def test_a_character_openpyxl_refuses_is_refused_as_before() -> None:
    chart = Chart("BV1", ("bell\x07",), (Decimal(1),), (None,), "0.0", "alt")
    assert not charts._plain(chart)
    with pytest.raises(IllegalCharacterError):
        charts.chart_workbook.__wrapped__(chart)


def test_a_chart_is_written_without_importing_openpyxl() -> None:
    code = ("import sys; from decimal import Decimal; from bvpp_docgen.core.narrative import Chart; "
            "from bvpp_docgen.write.charts import chart_workbook; "
            "chart_workbook(Chart('BV1', ('2003/04',), (Decimal(1),), (None,), '0.0', 'alt')); "
            "print('openpyxl' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@pytest.mark.parametrize("text", ["plain", 'say "so"', "it's", "both \"'\" kinds", "a & b < c > d", "line\nbreak\ttab\rreturn",
                                  "&amp;", "", "caf\u00e9 \U0001f600"])
def test_attributes_are_quoted_as_the_standard_library_quotes_them(text: str) -> None:
    from xml.sax.saxutils import escape, quoteattr

    assert charts.quoteattr(text) == quoteattr(text)
    assert charts.escape(text, quote=False) == escape(text)
