"""The LPSA sheet's contract on in-memory sheets, and the section it makes."""

from __future__ import annotations

import pytest

from bvpp_docgen.core.lpsa import lpsa_section, read_lpsa
from bvpp_docgen.core.narrative import Cell, Paragraph, Sheet, Table
from bvpp_docgen.errors import DocgenError

HEADER = ["Target", "Baseline", "Target without stretch", "Stretch target", "Latest", "Progress"]


def _sheet(*rows: list[object], header: list[str] = HEADER) -> Sheet:
    return Sheet("plan.xlsx", "LPSA", tuple((n, tuple(Cell(v) for v in r)) for n, r in enumerate([header, *rows], 1)))


def test_rows_are_read_as_written_with_progress_words_normalised() -> None:
    lpsa = read_lpsa(_sheet(["Recycling (%)", "20.3%", "28.0%", "31.0%", 25.2, "on target"],
                            ["KSI casualties", 812, 700, 650, None, "behind"]))
    assert [(t.target, t.baseline, t.latest, t.progress) for t in lpsa.targets] == [
        ("Recycling (%)", "20.3%", "25.2", "On track"), ("KSI casualties", "812", "", "At risk")]
    lead, table, _ = lpsa_section(lpsa)
    assert isinstance(lead, Paragraph) and lead.spans[0].text == (
        "Progress on the council's 2 Local Public Service Agreement targets: 1 on track, 1 at risk.")
    assert isinstance(table, Table)
    assert ["".join(s.text for s in cell) for cell in table.rows[2]] == ["KSI casualties", "812", "700", "650",
                                                                         "Not yet known", "At risk"]


def test_the_optional_columns_may_be_left_out() -> None:
    lpsa = read_lpsa(_sheet(["Recycling", "20%", "31%", "Achieved"], header=["Target", "Baseline", "Stretch target", "Progress"]))
    table = lpsa_section(lpsa)[1]
    assert isinstance(table, Table) and len(table.rows[0]) == 5  # no "Without stretch" column


@pytest.mark.parametrize(("row", "message"), [
    (["Recycling", "20%", "28%", "31%", "25%", "going well"],
     "plan.xlsx:LPSA!F2: unknown progress 'going well' (one of: Achieved, On track, At risk, Not achieved)"),
    (["Recycling", None, "28%", "31%", "25%", "On track"], "plan.xlsx:LPSA!B2: missing baseline"),
    (["Recycling", "20%", "28%", None, "25%", "On track"], "plan.xlsx:LPSA!D2: missing stretch target"),
])
def test_problems_are_located_at_their_cells(row: list[object], message: str) -> None:
    with pytest.raises(DocgenError) as caught:
        read_lpsa(_sheet(row))
    assert message in str(caught.value)


def test_a_sheet_without_targets_is_refused_at_the_sheet() -> None:
    with pytest.raises(DocgenError, match="no LPSA targets: add a row per target under the header"):
        read_lpsa(_sheet())
