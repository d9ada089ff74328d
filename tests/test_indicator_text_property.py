"""Property: any text in a title or notes cell builds, and reads back as the sanitised input."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bvpp_docgen.core.text import sanitize_text

from .conftest import copy_example, paper, run_bvpp
from .readback import pandoc_text
from .test_indicators import table_rows
from .workbooks import make_workbook, row

# Any characters but surrogates and whitespace other than a plain space (pandoc folds
# whitespace runs), with the troublemakers made likely: XML specials, template braces,
# control characters written as Excel's _xHHHH_ escapes.
TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")),
        st.sampled_from(["&", "<", ">", '"', "'", "{{", "}}", "{%", "%}", "[[", "£", "–", " ",
                         "_x0000_", "_x000B_", "_x001F_", "_xFFFE_"]),
    ),
    min_size=1, max_size=40,
).map("".join)

_TEMPLATE = Path(tempfile.mkdtemp(prefix="bvpp-property-")) / "project"
copy_example(_TEMPLATE)


def folded(text: str) -> str:
    """Fold runs of spaces, as pandoc's reader does."""
    return " ".join(part for part in text.split(" ") if part)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, notes=TEXT)
def test_any_title_and_notes_text_builds_and_reads_back(title: str, notes: str) -> None:
    expected_title = sanitize_text(title).strip()
    expected_notes = sanitize_text(notes).strip()
    # an empty title is a validation error (tested elsewhere); breaks in notes are tested elsewhere
    assume(expected_title and expected_notes and "\n" not in expected_notes)
    assume(not title.startswith("=") and not notes.startswith("="))  # openpyxl writes those as formulas
    workdir = Path(tempfile.mkdtemp(prefix="bvpp-case-"))
    try:
        project = workdir / "project"
        shutil.copytree(_TEMPLATE, project)
        (project / "inputs" / "indicators.xlsx").unlink()
        make_workbook(project / "inputs" / "indicators.xlsx", [row(Indicator=title, Notes=notes)])
        result = run_bvpp(project, "build", "plan")
        assert result.exit_code == 0, result.stderr
        assert table_rows(paper(project, "plan"))["BV8"][1] == expected_title
        lines = [folded(line) for line in pandoc_text(paper(project, "plan")).splitlines()]
        assert folded(f"BV8: {expected_notes}") in lines
    finally:
        shutil.rmtree(workdir)
