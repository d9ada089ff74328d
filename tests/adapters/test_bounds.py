"""The bounds on one sheet's XML and on one template part, on strings in memory."""

from __future__ import annotations

import io

import pytest

from bvpp_docgen.errors import InputError
from bvpp_docgen.read.sheet_bounds import column_letter, sheet_extent
from bvpp_docgen.write.template_env import BoundedEnvironment, BoundError


def _sheet(rows: str, dimension: str = "A1:B2") -> io.BytesIO:
    xml = (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
           f"<sheetData>{rows}</sheetData></worksheet>")
    return io.BytesIO(xml.encode())


def test_extent_counts_data_not_the_stated_dimension_nor_formatting() -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="C1" s="2"/></row><row r="7"><c r="B7" t="inlineStr"><is><t>x</t></is></c></row>'
    rows += '<row r="90000"><c r="A90000" s="1"/></row>'
    assert sheet_extent(_sheet(rows, "A1:XFD1048576"), "w.xlsx", "S") == (7, 2)


def test_extent_refuses_data_beyond_the_limits_at_its_cell() -> None:
    with pytest.raises(InputError) as raised:
        sheet_extent(_sheet('<row r="5001"><c r="A5001"><f>1+1</f></c></row>'), "w.xlsx", "S")
    assert str(raised.value).startswith("w.xlsx:S!A5001: data in row 5,001, beyond the 5,000 rows")
    with pytest.raises(InputError) as raised:
        sheet_extent(_sheet('<row><c><v>1</v></c>' + "<c><v>1</v></c>" * 100 + "</row>"), "w.xlsx", "S")
    assert str(raised.value).startswith("w.xlsx:S!CW1: data in column CW")
    assert column_letter(100) == "CV" and column_letter(16384) == "XFD"


@pytest.mark.parametrize(("source", "message"), [
    ("{% include 'x' %}", "{% include %} is not allowed"),
    ("{% for i in range(10**6) %}{% endfor %}", "range() of 1,000,000 numbers"),
    ("{% for i in range(1000) %}{% for j in range(1001) %}{% endfor %}{% endfor %}", "loops ran more than 1,000,000 steps"),
    ("{{ 'ab' * 600000 }}", "repeating a value 600,000 times"),
    ("{{ self }}", "a template internal (TemplateReference)"),
    ("{{ 'x'|indent(10**7) }}", "|indent(10,000,000) is too wide"),
])
def test_template_bounds(source: str, message: str) -> None:
    env = BoundedEnvironment()
    with pytest.raises(BoundError) as raised:
        env.render_part(env.compile_part(source), {})
    assert message in raised.value.message


def test_ordinary_template_code_still_renders() -> None:
    env = BoundedEnvironment()
    source = "{% for s in sections %}{{ loop.index }}. {{ s ~ '!' }} {{ '{:,}'.format(12345678) }} {{ 'ab' * 2 }};{% endfor %}"
    assert env.render_part(env.compile_part(source), {"sections": ["A & B", "C"]}) == "1. A &amp; B! 12,345,678 abab;2. C! 12,345,678 abab;"
