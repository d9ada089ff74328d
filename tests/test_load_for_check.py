"""`check` loads without working out what decides each paper's version: it must see every paper as the build does."""

from __future__ import annotations

from pathlib import Path

from bvpp_docgen.app.load import load


def test_a_load_without_fingerprints_gives_the_papers_and_warnings_of_a_full_load(project: Path) -> None:
    (project / "inputs" / "~$indicators.xlsx").write_bytes(b"lock")  # Excel has the workbook open: a warning
    full, light = load(project), load(project, fingerprints=False)
    assert list(light.candidates) == list(full.candidates) == ["cabinet", "topic-group", "plan"]
    for doc_id, candidate in full.candidates.items():
        seen = light.candidates[doc_id]
        assert (seen.template, seen.context, seen.settings) == (candidate.template, candidate.context, candidate.settings)
        assert candidate.fingerprint.startswith("sha256:") and seen.fingerprint == "" and not seen.sources
    assert light.warnings == full.warnings and any("open in Excel" in notice.message for notice in light.warnings)
    assert light.narratives == full.narratives and light.data == full.data
