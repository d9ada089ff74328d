"""Template contexts built from a Config in memory, and the config keys each one was made from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bvpp_docgen.core.context import build_contexts, noted_contexts, version_context
from bvpp_docgen.core.facts import make_facts
from bvpp_docgen.core.narrative import Narrative, SectionBreak
from bvpp_docgen.core.settings import Config, ReportDocument
from bvpp_docgen.core.sources import config_shown_values, config_sources, config_values, reading, shown_keys
from bvpp_docgen.core.versioning import describe_changes

from .helpers import make_config, narrative, paragraph


def raw() -> dict[str, Any]:
    """A configuration with promises, a meeting of a parent committee, a two-part plan and an appendix."""
    data = make_config().model_dump(by_alias=True)
    data["meetings"]["topic-group"] = {"committee": "Topic Group", "part_of": "Resources Scrutiny Committee",
                                       "date": dt.date(2003, 5, 7), "time": dt.time(10, 0), "agenda_item": 3}
    data["promises"] = [{"number": 1, "title": "Raise standards in schools"},
                        {"number": 2, "title": "Help older people live independently"}]
    data["plan"]["sections"] = [
        {"id": "introduction", "title": "Introduction"},
        {"id": "promises", "title": "Our promises", "snippet": "inputs/plan/promises.md", "content": "promises"},
        {"id": "annex", "title": "Annex", "snippet": ["inputs/plan/a.md", "inputs/plan/b.md"], "landscape": True},
    ]
    cabinet = data["documents"]["cabinet"]
    cabinet["meeting"] = "topic-group"
    cabinet["sections"] = [{"heading": "Purpose of the report"}, {"heading": "Next steps", "snippet": "inputs/next.md"}]
    cabinet["appendix"] = ["promises"]
    data["documents"]["plan"]["meeting"] = "cabinet"
    return data


def config_of(data: dict[str, Any]) -> Config:
    return Config.model_validate(data)


NARRATIVES = {
    path: narrative(paragraph(f"from {path}"), source=path)
    for path in ("inputs/plan/introduction", "inputs/plan/promises.md", "inputs/plan/a.md", "inputs/plan/b.md",
                 "inputs/cabinet/purpose-of-the-report", "inputs/next.md")
}


def test_a_report_shows_its_meeting_document_and_numbered_sections() -> None:
    context = build_contexts(config_of(raw()), NARRATIVES)["cabinet"]
    meeting = context["meeting"]
    assert meeting["name"] == "Topic Group of the Resources Scrutiny Committee"
    assert (meeting["date"], meeting["date"].long, meeting["time"], meeting["agenda_item"]) == (
        "7 May 2003", "Wednesday 7 May 2003", "10.00 a.m.", "3")
    assert context["document"]["title_upper"] == "DRAFT PLAN" and context["document"]["executive_member"] == ""
    assert [(s["number"], s["heading"], s["body"].source) for s in context["sections"]] == [
        (1, "Purpose of the report", "inputs/cabinet/purpose-of-the-report"), (2, "Next steps", "inputs/next.md"),
    ]
    assert {s["body"].heading_base for s in context["sections"]} == {1}
    assert (context["council"]["name_upper"], context["plan"]["outturn_year"]) == ("HERTFORDSHIRE COUNTY COUNCIL", "2002/03")


def test_a_report_appendix_shows_the_sections_it_names_under_level_two() -> None:
    appendix = build_contexts(config_of(raw()), NARRATIVES)["cabinet"]["appendix"]
    assert appendix["title"] == "Appendix: draft sections of the plan"
    (section,) = appendix["sections"]
    assert (section["id"], section["title"], section["body"].heading_base) == ("promises", "Our promises", 2)
    texts = [b.spans[0].text for b in section["body"].blocks]  # type: ignore[union-attr]
    assert texts == ["from inputs/plan/promises.md", "Raise standards in schools", "Help older people live independently"]


def test_a_report_without_appendix_has_none() -> None:
    data = raw()
    data["documents"]["cabinet"]["appendix"] = []
    assert build_contexts(config_of(data), NARRATIVES)["cabinet"]["appendix"] is None


def test_the_plan_shows_every_section_and_its_status_with_the_meeting_date() -> None:
    context = build_contexts(config_of(raw()), NARRATIVES)["plan"]
    assert context["document"] == {"id": "plan", "title": "The plan", "status": "Draft, 28 April 2003"}
    assert [s["id"] for s in context["sections"]] == ["introduction", "promises", "annex"]
    annex = context["sections"][2]
    assert annex["body"].source == "annex"
    assert [b.spans[0].text for b in annex["body"].blocks[:2]] == ["from inputs/plan/a.md", "from inputs/plan/b.md"]  # type: ignore[union-attr]


def test_a_landscape_section_turns_the_pages_before_and_after_it() -> None:
    sections = build_contexts(config_of(raw()), NARRATIVES)["plan"]["sections"]
    assert sections[0]["body"].blocks[-1] != SectionBreak(False)
    assert sections[1]["body"].blocks[-1] == SectionBreak(False)  # portrait pages end before the annex
    assert (sections[2]["landscape"], sections[2]["body"].blocks[-1]) == (True, SectionBreak(True))


def test_a_landscape_section_first_in_its_list_stays_on_portrait_pages() -> None:
    data = raw()
    data["documents"]["cabinet"]["appendix"] = ["annex", "promises"]
    annex, _ = build_contexts(config_of(data), NARRATIVES)["cabinet"]["appendix"]["sections"]
    assert annex["landscape"] is False and SectionBreak(True) not in annex["body"].blocks


def test_the_version_line_fills_its_fields() -> None:
    config = config_of({**raw(), "versions": {"line": "Version {version} ({label}), {date}"}})
    version = version_context(config, 2, dt.date(2003, 4, 28), "for Cabinet")
    assert version == {"number": 2, "date": "28 April 2003", "label": "for Cabinet", "line": "Version 2 (for Cabinet), 28 April 2003"}


# --- the config keys each context name was made from ----------------------------------------------


def test_a_configuration_view_notes_each_value_read_as_config_values_spells_it() -> None:
    config = config_of(raw())
    keys: set[str] = set()
    seen = reading(config, keys)
    assert seen.meetings["topic-group"].date == dt.date(2003, 5, 7)
    assert [p.title for p in seen.promises][1] == "Help older people live independently"
    assert seen.plan.sections[2].snippet_list() == ["inputs/plan/a.md", "inputs/plan/b.md"]
    assert seen.documents["cabinet"].sections[0].snippet_path("cabinet") == "inputs/cabinet/purpose-of-the-report"
    assert isinstance(seen.documents["cabinet"], ReportDocument)
    assert keys == {
        "meetings.topic-group.date", "promises[0].title", "promises[1].title",
        "plan.sections[2].snippet[0]", "plan.sections[2].snippet[1]",
        "documents.cabinet.sections[0].snippet", "documents.cabinet.sections[0].heading",
    }
    assert keys - {"documents.cabinet.sections[0].snippet"} <= set(config_values(config))  # an unset snippet has no value


def test_a_view_refuses_reads_it_cannot_note() -> None:
    seen = reading(config_of(raw()), set())
    with pytest.raises(AttributeError):
        seen.promises.copy()  # type: ignore[attr-defined]


def test_each_context_name_is_noted_with_the_keys_it_was_made_from() -> None:
    _, reads = noted_contexts(config_of(raw()), NARRATIVES)
    cabinet, plan = reads["cabinet"], reads["plan"]
    assert cabinet["meeting"] == {
        "documents.cabinet.meeting", "meetings.topic-group.committee", "meetings.topic-group.part_of",
        "meetings.topic-group.date", "meetings.topic-group.time", "meetings.topic-group.agenda_item",
    }
    assert cabinet["sections"] == {
        "documents.cabinet.sections[0].heading", "documents.cabinet.sections[0].snippet",
        "documents.cabinet.sections[1].heading", "documents.cabinet.sections[1].snippet",
    }
    assert cabinet["appendix"] == {
        "documents.cabinet.appendix[0]", "documents.cabinet.appendix_title",
        "plan.sections[1].id", "plan.sections[1].title", "plan.sections[1].snippet", "plan.sections[1].content",
        "plan.sections[1].landscape", "promises[0].title", "promises[1].title",
    }  # the promises section only: the appendix shows no other
    assert plan["document"] == {"documents.plan.title", "documents.plan.status", "documents.plan.meeting", "meetings.cabinet.date"}
    assert {"plan.sections[2].snippet[0]", "plan.sections[0].title"} <= plan["sections"]
    assert cabinet["version"] == plan["version"] == {"versions.line"}
    assert plan["council"] == {"council.name", "council.address"}


def shown_config(config: Config, doc_id: str, names: frozenset[str] | None = None,
                 snippets: tuple[Narrative, ...] = ()) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Return a paper's config sources and their shown values, as the register keeps them."""
    _, reads = noted_contexts(config, NARRATIVES)
    values = config_values(config)
    sources = config_sources(values, shown_keys(reads[doc_id], names, list(snippets), make_facts(config)))
    return sources, config_shown_values(sources, values)


def change_lines(edit: Any, doc_id: str, names: frozenset[str] | None = None) -> tuple[str, ...]:
    before, after = raw(), raw()
    edit(after)
    old, new = shown_config(config_of(before), doc_id, names), shown_config(config_of(after), doc_id, names)
    return describe_changes(old[0], new[0], old[1], new[1])


REPORT_NAMES = frozenset({"appendix", "council", "document", "version", "meeting", "sections"})  # the example's


@pytest.mark.parametrize(("edit", "doc_id", "line"), [
    (lambda d: d["meetings"]["topic-group"].update(date=dt.date(2003, 5, 9)), "cabinet",
     "meetings.topic-group.date: 7 May 2003 → 9 May 2003"),
    (lambda d: d["meetings"]["cabinet"].update(date=dt.date(2003, 4, 29)), "plan",
     "meetings.cabinet.date: 28 April 2003 → 29 April 2003"),
    (lambda d: d["council"].update(name="Herts CC"), "cabinet", "council.name: Hertfordshire County Council → Herts CC"),
    (lambda d: d["promises"][1].update(title="Care at home"), "cabinet",
     "promises#2.title: Help older people live independently → Care at home"),
    (lambda d: d["documents"]["cabinet"]["sections"][1].update(heading="What happens next"), "cabinet",
     "documents.cabinet.sections#2.heading: Next steps → What happens next"),
    (lambda d: d.update(versions={"line": "Version {version}"}), "cabinet",
     "versions.line: Draft version {version} – {date} → Version {version}"),
])
def test_a_shown_config_value_changed_gives_a_precise_line(edit: Any, doc_id: str, line: str) -> None:
    assert change_lines(edit, doc_id, REPORT_NAMES if doc_id == "cabinet" else None) == (f"config changed: {line}",)


def test_a_value_the_paper_does_not_show_is_no_source_of_it() -> None:
    assert change_lines(lambda d: d["meetings"]["cabinet"].update(date=dt.date(2003, 4, 29)), "cabinet", REPORT_NAMES) == ()
    assert change_lines(lambda d: d["plan"]["sections"][2].update(title="Figures"), "cabinet", REPORT_NAMES) == ()
    plan_names = frozenset({"council", "version", "document", "sections"})  # the example's
    assert change_lines(lambda d: d["meetings"]["cabinet"].update(agenda_item=9), "plan", plan_names) == ()  # the date only
    assert change_lines(lambda d: d["meetings"]["cabinet"].update(agenda_item=9), "plan") == (
        "config changed: meetings.cabinet.agenda_item",)  # a template using `meetings` shows it (it was unset)


def test_names_the_template_does_not_use_are_no_sources() -> None:
    sources, _ = shown_config(config_of(raw()), "cabinet", frozenset({"document"}))
    assert not any(name.startswith(("config:meetings.", "config:council.")) for name in sources)


def test_the_facts_a_snippet_used_are_sources() -> None:
    snippet = Narrative("inputs/next.md", (), facts=("dates.data-cutoff.long", "plan.outturn_year"))
    sources, values = shown_config(config_of(raw()), "cabinet", frozenset({"document"}), (snippet,))
    assert {"config:dates.data-cutoff", "config:plan.year"} <= set(sources)
    assert values["config:dates.data-cutoff"] == {"": "2 May 2003"}
