"""Dates and times as people write them in bvpp.toml: read as what they mean, to say the form to use."""

from __future__ import annotations

import datetime as dt

import pytest

from bvpp_docgen.read.config_messages import date_advice, human_date, human_time, time_advice, toml_value_advice


@pytest.mark.parametrize(("written", "meant"), [
    ("7th May 2003", dt.date(2003, 5, 7)), ("07/05/2003", dt.date(2003, 5, 7)), ("7.5.03", dt.date(2003, 5, 7)),
    ("May 7, 2003", dt.date(2003, 5, 7)), ("2003-5-7", dt.date(2003, 5, 7)), ("1 Sept 2002", dt.date(2002, 9, 1)),
    ("31/02/2003", None), ("next Tuesday", None), ("2003", None),
])
def test_dates_as_people_write_them(written: str, meant: dt.date | None) -> None:
    assert human_date(written) == meant


@pytest.mark.parametrize(("written", "meant"), [
    ("2pm", dt.time(14)), ("2.30 pm", dt.time(14, 30)), ("14.00", dt.time(14)), ("10:00", dt.time(10)),
    ("12am", dt.time(0)), ("12 noon", None), ("25.00", None), ("14", None),
])
def test_times_as_people_write_them(written: str, meant: dt.time | None) -> None:
    assert human_time(written) == meant


def test_the_advice_names_the_key_and_the_form() -> None:
    assert date_advice("meetings.cabinet.date", "7th May 2003") == (
        "'7th May 2003' is not a date bvpp reads: write date = 2003-05-07, without quotes")
    assert date_advice("dates.publication", "soon") == (
        "'soon' is not a date bvpp reads: write publication = 2003-05-07 (year-month-day), without quotes")
    assert time_advice("meetings.cabinet.time", "2pm") == (
        "'2pm' is not a time bvpp reads: write time = 14:00:00 (24-hour clock, without quotes)")


def test_a_toml_line_that_is_no_toml_value() -> None:
    assert toml_value_advice("date = 7/5/2003") == "'7/5/2003' is not a date bvpp reads: write date = 2003-05-07, without quotes"
    assert toml_value_advice("time = 10:00  # morning") == (
        "'10:00' is not a time bvpp reads: write time = 10:00:00 (24-hour clock, without quotes)")
    assert toml_value_advice("title = Best Value") is None
