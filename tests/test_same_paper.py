"""A version changes exactly when the paper does. Inputs that changed but still make the latest version's
bytes (a release that fingerprints differently) make no new version; a changed snippet or shown figure is
a changed paper, told without rendering the paper a second time under the latest version's stamp."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bvpp_docgen import Project
from bvpp_docgen.app import queries
from bvpp_docgen.app.queries import shows_change
from bvpp_docgen.core.versioning import SAME_PAPER

from .conftest import copy_example

MADE = dt.datetime(2004, 3, 1, 9, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2004, 3, 2, 9, 30, tzinfo=dt.UTC)


def statuses(report) -> dict[str, tuple[str, int, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return {r.document: (r.status, r.version, tuple(r.reasons)) for r in report.documents}


def test_a_release_that_fingerprints_differently_makes_no_new_version(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "p")
    Project(root).build(made=MADE)
    register = root / "bvpp-register.json"
    data = json.loads(register.read_text(encoding="utf-8"))
    fingerprint = data["documents"]["plan"]["versions"][-1]["fingerprint"]
    data["documents"]["plan"]["versions"][-1]["fingerprint"] = "sha256:as an earlier release fingerprinted"
    register.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    report = Project(root).build(made=LATER)
    assert statuses(report)["plan"] == ("up to date", 1, (SAME_PAPER,))
    assert json.loads(register.read_text(encoding="utf-8"))["documents"]["plan"]["versions"][-1]["fingerprint"] == fingerprint
    assert not (root / "build/plan/plan-v002.docx").exists()


def test_a_changed_snippet_is_a_new_version_rendered_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path / "p")
    Project(root).build(made=MADE)
    snippet = root / "inputs/plan/cpa.md"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")

    def not_again(*_args: object) -> bool:
        raise AssertionError("rendered under the latest version's stamp, though the snippet's text changed")

    monkeypatch.setattr(queries, "_renders_as", not_again)
    report = Project(root).build(made=LATER)
    assert statuses(report)["plan"][:2] == ("built", 2)
    assert "narrative changed" in statuses(report)["plan"][2]


@pytest.mark.parametrize(("before", "after", "changed"), [
    ({"snippet:a.md": "1"}, {"snippet:a.md": "2"}, True),  # the snippet's text changed
    ({"data:Indicators!BV1": "1"}, {"data:Indicators!BV1": "2"}, True),  # a figure the paper shows changed
    ({"snippet:a.md": "1"}, {"snippet:b.md": "1"}, False),  # renamed: rendered to see
    ({"snippet:a.md": "1"}, {"snippet:a.md": "1", "snippet:b.md": "2"}, False),  # one more snippet: rendered to see
    ({"template:t.docx": "1"}, {"template:t.docx": "2"}, False),  # a template saved again: rendered to see
    ({"config:plan.title": "1"}, {"config:plan.title": "2"}, False),  # config: rendered to see
    ({"snippet:a.md": "1"}, {"snippet:a.md": "1"}, False),  # the same inputs (a release fingerprinting anew)
])
def test_shows_change(before: dict[str, str], after: dict[str, str], changed: bool) -> None:
    assert shows_change(before, after) is changed
