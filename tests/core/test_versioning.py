"""Versioning decisions: new, up to date, rebuilt or refused, and the reasons users read. No files."""

from __future__ import annotations

import pytest

from bvpp_docgen.core.versioning import Recorded, decide, describe_changes

SOURCES = {
    "template:templates/plan.docx": "t1",
    "snippet:inputs/plan/cpa.md": "s1",
    "data:BV82a": "d1",
    "config:meetings.cabinet.date": "c1",
}
LATEST = Recorded(version=3, fingerprint="sha256:f1", sha256="out1", sources=SOURCES)


def test_a_paper_never_built_is_version_one() -> None:
    decision = decide("plan", None, "sha256:f1", SOURCES, None)
    assert (decision.action, decision.version, decision.reasons, decision.changes) == ("new version", 1, ("new",), ("new",))


def test_same_fingerprint_and_intact_output_is_up_to_date() -> None:
    decision = decide("plan", LATEST, "sha256:f1", SOURCES, "out1")
    assert (decision.action, decision.version, decision.reasons) == ("up to date", 3, ())


@pytest.mark.parametrize(("source", "reason"), [
    ("template:templates/plan.docx", "template changed"),
    ("snippet:inputs/plan/cpa.md", "narrative changed"),
    ("data:BV82a", "data changed"),
    ("config:meetings.cabinet.date", "config changed"),
])
def test_each_kind_of_source_gives_its_reason(source: str, reason: str) -> None:
    decision = decide("plan", LATEST, "sha256:f2", {**SOURCES, source: "other"}, "out1")
    assert (decision.action, decision.version, decision.reasons) == ("new version", 4, (reason,))
    assert decision.changes == (f"{reason}: {source.partition(':')[2]}",)


def test_several_changes_give_each_reason_once_in_name_order() -> None:
    after = {**SOURCES, "config:meetings.cabinet.date": "c2", "config:council.name": "n2", "data:BV82a": "d2"}
    decision = decide("plan", LATEST, "sha256:f2", after, "out1")
    assert decision.reasons == ("config changed", "data changed")
    assert decision.changes == (
        "config changed: council.name", "config changed: meetings.cabinet.date", "data changed: BV82a",
    )


def test_a_new_fingerprint_with_the_same_sources_is_a_format_change() -> None:
    decision = decide("plan", LATEST, "sha256:f2", SOURCES, "out1")
    assert (decision.action, decision.reasons, decision.changes) == ("new version", ("format changed",), ("format changed",))


def test_shown_values_make_a_precise_change_line() -> None:
    before = Recorded(3, "sha256:f1", "out1", SOURCES, {"config:meetings.cabinet.date": {"": "28 April 2003"}})
    after_values = {"config:meetings.cabinet.date": {"": "29 April 2003"}}
    decision = decide("plan", before, "sha256:f2", {**SOURCES, "config:meetings.cabinet.date": "c2"}, "out1",
                      values=after_values)
    assert decision.changes == ("config changed: meetings.cabinet.date: 28 April 2003 → 29 April 2003",)


def test_a_data_row_names_each_changed_field_and_blanks() -> None:
    lines = describe_changes(
        {"data:BV82a": "d1"}, {"data:BV82a": "d2"},
        {"data:BV82a": {"outturn 2002/03": "13.9%", "notes": "", "unit": "%"}},
        {"data:BV82a": {"outturn 2002/03": "14.2%", "notes": "Revised", "unit": "%"}},
    )
    assert lines == ("data changed: BV82a outturn 2002/03: 13.9% → 14.2%", "data changed: BV82a notes: (blank) → Revised")


def test_a_source_added_or_removed_is_named_without_values() -> None:
    lines = describe_changes({"snippet:inputs/a.md": "x"}, {"snippet:inputs/b.md": "y"})
    assert lines == ("narrative changed: inputs/a.md", "narrative changed: inputs/b.md")


def test_a_snippet_absorb_wrote_names_the_paper_it_came_from_and_no_other_line_changes() -> None:
    note = "absorbed from returned/plan-v002-chair.docx, plan v2"
    decision = decide("plan", LATEST, "sha256:f2", {**SOURCES, "snippet:inputs/plan/budget.md": "sha256:new"}, None,
                      absorbed={"snippet:inputs/plan/budget.md": note, "snippet:inputs/other.md": note})
    assert decision.changes == (f"narrative changed: inputs/plan/budget.md ({note})",)
    assert decision.reasons == ("narrative changed", note)  # the build's line says it too
    plain = describe_changes({"snippet:inputs/a.md": "x"}, {"snippet:inputs/a.md": "y"}, absorbed={})
    assert plain == ("narrative changed: inputs/a.md",)


def test_a_missing_output_is_rebuilt_under_its_number() -> None:
    decision = decide("plan", LATEST, "sha256:f1", SOURCES, None)
    assert (decision.action, decision.version, decision.reasons) == ("rebuild", 3, ("output missing",))


def test_an_edited_output_is_kept_and_reported() -> None:
    decision = decide("plan", LATEST, "sha256:f1", SOURCES, "edited")
    assert (decision.action, decision.version, decision.reasons) == ("up to date", 3, ("output edited",))


def test_force_on_an_edited_output_is_refused() -> None:
    decision = decide("plan", LATEST, "sha256:f1", SOURCES, "edited", force=True)
    assert (decision.action, decision.reasons) == ("refuse", ("output edited",))


def test_discarding_edits_rebuilds_the_edited_output() -> None:
    for force in (False, True):
        decision = decide("plan", LATEST, "sha256:f1", SOURCES, "edited", force=force, discard_edits=True)
        assert (decision.action, decision.version, decision.reasons) == ("rebuild", 3, ("output edited", "edits discarded"))


def test_force_rebuilds_an_intact_output() -> None:
    decision = decide("plan", LATEST, "sha256:f1", SOURCES, "out1", force=True)
    assert (decision.action, decision.version, decision.reasons) == ("rebuild", 3, ("forced",))


def test_a_change_makes_a_new_version_even_when_the_old_output_was_edited() -> None:
    decision = decide("plan", LATEST, "sha256:f2", {**SOURCES, "data:BV82a": "d2"}, "edited", force=True)
    assert (decision.action, decision.version) == ("new version", 4)


def test_a_config_source_no_longer_recorded_is_a_change_only_if_its_value_changed() -> None:
    # an earlier release recorded cpa.sheet for this paper; the paper never showed it
    recorded = Recorded(2, "fp-old", "sha", {"snippet:a.md": "1", "config:cpa.sheet": "s1"}, {})
    now = {"snippet:a.md": "2"}
    same = decide("plan", recorded, "fp-new", now, "sha", config_now={"config:cpa.sheet": "s1"})
    assert (same.reasons, same.changes) == (("narrative changed",), ("narrative changed: a.md",))
    moved = decide("plan", recorded, "fp-new", now, "sha", config_now={"config:cpa.sheet": "s2"})
    assert moved.changes == ("config changed: cpa.sheet", "narrative changed: a.md")
    gone = decide("plan", recorded, "fp-new", now, "sha", config_now={})
    assert gone.changes == ("config changed: cpa.sheet", "narrative changed: a.md")
