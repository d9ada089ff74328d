"""Words a clerk reads: counts with the right plural, list entries counted from 1."""

from __future__ import annotations

from bvpp_docgen.core.text import item_key, shown_change, shown_key
from bvpp_docgen.core.versioning import describe_changes
from bvpp_docgen.errors import ConfigError, Location, ValidationFailed, plural


def test_counts_read_as_english() -> None:
    assert [plural(n, "figure") for n in (0, 1, 2)] == ["0 figures", "1 figure", "2 figures"]
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"


def test_several_problems_are_counted_in_words() -> None:
    one, two = (ConfigError("field required", location=Location("bvpp.toml", key=k)) for k in ("a", "b"))
    assert ValidationFailed([one, two]).message == "2 problems found"


def test_list_entries_are_counted_from_one() -> None:
    assert item_key("plan.sections", 4) + ".snippet" == "plan.sections#5.snippet"
    assert shown_key("promises[2].title") == "promises#3.title"
    assert shown_key("plan.sections[2].snippet[0]") == "plan.sections#3.snippet#1"


def test_an_older_registers_change_line_is_shown_counted_from_one() -> None:
    assert shown_change("config changed: promises[2].title: A [1] → B") == "config changed: promises#3.title: A [1] → B"
    assert shown_change("data changed: improvement [2] x") == "data changed: improvement [2] x"
    assert shown_change("config changed: promises#3.title: A → B") == "config changed: promises#3.title: A → B"


def test_a_change_summary_names_the_entry_from_one_while_the_register_keeps_its_names() -> None:
    before, after = {"config:promises[0].title": "1"}, {"config:promises[0].title": "2"}
    lines = describe_changes(before, after, {"config:promises[0].title": {"": "Schools"}},
                             {"config:promises[0].title": {"": "Schools first"}})
    assert lines == ("config changed: promises#1.title: Schools → Schools first",)
