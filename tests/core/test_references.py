"""Indicator references as councils write them, on in-memory sheets: kept as written, matched by one key."""

from __future__ import annotations

import pydantic
import pytest

from bvpp_docgen.core.indicators import read_indicators
from bvpp_docgen.core.settings import IndicatorSource

from .test_sheets import GOOD, HEADERS, errors_of, sheet

LOCAL = ("L", "LPI", "NCC")


def rows_with(*references: str) -> list[list[object]]:
    return [[ref, *GOOD[1:]] for ref in references]


FORMS = {
    # written: the key it matches by
    "BV82a(i)": "BV82ai",
    "BV99b(ii)": "BV99bii",
    "BV 82a(i)": "BV82ai",
    "bv82A (I)": "BV82ai",
    "BV142(iii)": "BV142iii",
    "BV82ai": "BV82ai",
    "BV142ii": "BV142ii",
    "BVPI 8": "BV8",
    "BV008": "BV8",
    "L406": "L406",
    "LPI 12": "LPI12",
    "lpi12": "LPI12",
    "LPI-3a(ii)": "LPI3aii",
    "NCC01": "NCC1",
}


@pytest.mark.parametrize(("written", "key"), list(FORMS.items()), ids=list(FORMS))
def test_each_form_is_accepted_and_kept_as_written(written: str, key: str) -> None:
    ind = read_indicators(sheet(HEADERS, *rows_with(written)), "2003/04", [1], LOCAL).indicators[0]
    assert (ind.ref, ind.key) == (written, key)


def test_spellings_of_one_reference_are_duplicates_named_as_written() -> None:
    rows = rows_with("BV82a(i)", "BV82ai", "BV 82a(i)", "BV82a(ii)")
    assert errors_of(lambda: read_indicators(sheet(HEADERS, *rows), "2003/04", [1])) == [
        "inputs/data.xlsx:Indicators!A3: duplicate reference 'BV82ai' (also at A2, written 'BV82a(i)')",
        "inputs/data.xlsx:Indicators!A4: duplicate reference 'BV 82a(i)' (also at A2, written 'BV82a(i)')",
    ]


def test_local_spellings_are_duplicates_too() -> None:
    rows = rows_with("NCC01", "NCC 1")
    assert errors_of(lambda: read_indicators(sheet(HEADERS, *rows), "2003/04", [1], ["NCC"])) == [
        "inputs/data.xlsx:Indicators!A3: duplicate reference 'NCC 1' (also at A2, written 'NCC01')",
    ]


def test_a_reference_is_found_however_it_is_spelt() -> None:
    read = read_indicators(sheet(HEADERS, *rows_with("BV82ai", "LPI 12")), "2003/04", [1], LOCAL)
    assert read.find("BV 82a(i)").ref == "BV82ai"  # type: ignore[union-attr]
    assert read.find("lpi012").ref == "LPI 12"  # type: ignore[union-attr]
    assert read.find("BV82a(ii)") is None
    assert read.find("not a reference") is None


def test_an_unknown_local_prefix_is_refused_with_the_forms_and_the_setting_to_add() -> None:
    assert errors_of(lambda: read_indicators(sheet(HEADERS, *rows_with("NCC01")), "2003/04", [1])) == [
        "inputs/data.xlsx:Indicators!A2: not an indicator reference: 'NCC01' (expected a BV code such as BV8, "
        "BV 82a, BVPI 82ai, BV82a(i) or BV99b(ii), or a local code: L, then a number, e.g. L406 or L 12b; "
        'to accept \'NCC01\', add its prefix in bvpp.toml: [indicators] local_prefixes = ["L", "NCC"])',
    ]


def test_a_malformed_code_is_refused_with_the_setting_for_other_prefixes() -> None:
    rows = rows_with("BV82a(i)(ii)", "LPI 12")
    assert errors_of(lambda: read_indicators(sheet(HEADERS, *rows), "2003/04", [1], ["LPI"])) == [
        "inputs/data.xlsx:Indicators!A2: not an indicator reference: 'BV82a(i)(ii)' (expected a BV code such as "
        "BV8, BV 82a, BVPI 82ai, BV82a(i) or BV99b(ii), or a local code: LPI, then a number, e.g. LPI406 or "
        'LPI 12b; to accept another local prefix, add it in bvpp.toml: [indicators] local_prefixes = ["LPI", "<prefix>"])',
    ]


def test_configured_prefixes_replace_the_default_l() -> None:
    assert errors_of(lambda: read_indicators(sheet(HEADERS, *rows_with("L406")), "2003/04", [1], ["LPI", "NCC"]))[0].startswith(
        "inputs/data.xlsx:Indicators!A2: not an indicator reference: 'L406' (expected a BV code such as "
    )


def test_the_prefix_setting_defaults_to_l_and_refuses_bv_and_non_letters() -> None:
    assert IndicatorSource(workbook="x.xlsx").local_prefixes == ["L"]
    assert IndicatorSource(workbook="x.xlsx", local_prefixes=["LPI", "ncc"]).local_prefixes == ["LPI", "ncc"]
    for bad in ("BVPI", "L P", "L1", ""):
        with pytest.raises(pydantic.ValidationError):
            IndicatorSource(workbook="x.xlsx", local_prefixes=[bad])
