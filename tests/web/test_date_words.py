"""Dates the way the operator reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from opsdesk.web.templatetags.opsdesk_dates import ago_hint, day, day_year, due_hint, moment

TODAY = date(2026, 7, 20)


@pytest.mark.parametrize(
    "value, words",
    [(date(2026, 7, 22), "Wed 22 Jul"), ("2026-07-01", "Wed 1 Jul"), ("", ""), ("soon", "")],
)
def test_days_read_as_weekday_day_month(value, words):
    assert day(value) == words


def test_days_read_as_strftime_writes_them_on_every_day_of_two_years():
    first = date(2026, 1, 1)
    for offset in range(731):
        value = first + timedelta(days=offset)
        assert day(value) == f"{value:%a} {value.day} {value:%b}"


def test_a_year_is_added_where_it_matters():
    assert day_year("2026-07-22") == "Wed 22 Jul 2026"


@pytest.mark.parametrize(
    "due, hint",
    [
        ("2026-07-20", "today"),
        ("2026-07-21", "tomorrow"),
        ("2026-07-23", "in 3 days"),
        ("2026-07-19", "1 day late"),
        ("2026-07-18", "2 days late"),
    ],
)
def test_due_dates_say_how_far_or_how_late(due, hint):
    assert due_hint(due, TODAY) == hint


def test_past_dates_without_judgement_say_ago():
    assert ago_hint("2026-07-17", TODAY) == "3 days ago"
    assert ago_hint("2026-07-22", TODAY) == "in 2 days"


def test_moments_are_shown_in_the_organisations_timezone():
    assert moment(datetime(2026, 7, 22, 15, 0, tzinfo=UTC)) == "Wed 22 Jul 17:00"
