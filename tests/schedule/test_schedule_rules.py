"""Schedule rules with literal dates: when cron expressions fire, across DST and short months."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.schedule import (
    check_cron,
    day_bounds,
    derive_variables,
    firings,
    next_firing,
    run_anchor,
)

BERLIN = "Europe/Berlin"


def local_firings(cron: str, first: str, last: str, tz: str = BERLIN) -> list[str]:
    """Wall-clock firings from day `first` through day `last` (inclusive) in `tz`."""
    start = day_bounds(date.fromisoformat(first), tz)[0]
    end = day_bounds(date.fromisoformat(last), tz)[1]
    return [f.key for f in firings(cron, tz, start, end)]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- accepted and refused expressions -------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "stored"),
    [
        ("0 9 * * 1", "0 9 * * 1"),
        ("  0  9 * *   MON ", "0 9 * * MON"),
        ("@weekly", "0 0 * * 0"),
        ("0 9 L * *", "0 9 L * *"),
        ("0 9 * * 1#1", "0 9 * * 1#1"),
        ("0 0 29 2 *", "0 0 29 2 *"),
        ("30 8,17 * * 1-5", "30 8,17 * * 1-5"),
    ],
)
def test_a_real_schedule_is_accepted_in_its_five_field_form(expression, stored):
    assert check_cron(expression) == stored


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("", "Give a cron expression"),
        ("0 9 * *", "has 4"),
        ("0 9 * * * 10", "has 6"),
        ("61 9 * * *", "not a valid cron expression"),
        ("0 9 * * 8", "not a valid cron expression"),
        ("H 9 * * *", "not a valid cron expression"),
        ("0 9 30 2 *", "never fires"),
        ("0 9 31 4 *", "never fires"),
        ("*/5 * * * *", "at most once an hour"),
        ("* 9 * * *", "at most once an hour"),
    ],
)
def test_an_impossible_or_too_busy_schedule_is_refused_with_a_reason(expression, words):
    with pytest.raises(InvalidInput) as refused:
        check_cron(expression)
    assert words in refused.value.message
    assert refused.value.details["field"] == "cron"


# --- daylight saving in Berlin: last Sunday of March and of October --------------------------


def test_a_daily_nine_oclock_stays_at_nine_local_across_the_march_change():
    found = firings("0 9 * * *", BERLIN, utc("2026-03-28T00:00"), utc("2026-03-31T00:00"))

    assert [f.key for f in found] == ["2026-03-28T09:00", "2026-03-29T09:00", "2026-03-30T09:00"]
    assert [f.instant.hour for f in found] == [8, 7, 7]  # CET is UTC+1, CEST UTC+2


def test_a_time_inside_the_spring_gap_fires_once_that_night_just_after_the_gap():
    assert local_firings("30 2 * * *", "2026-03-28", "2026-03-30") == [
        "2026-03-28T02:30",
        "2026-03-29T03:30",
        "2026-03-30T02:30",
    ]


def test_a_time_in_the_repeated_autumn_hour_fires_only_once():
    assert local_firings("30 2 * * *", "2026-10-24", "2026-10-26") == [
        "2026-10-24T02:30",
        "2026-10-25T02:30",
        "2026-10-26T02:30",
    ]


def test_hourly_work_has_one_firing_per_wall_clock_hour_on_both_change_days():
    assert len(local_firings("0 * * * *", "2026-03-29", "2026-03-29")) == 23
    assert len(local_firings("0 * * * *", "2026-10-25", "2026-10-25")) == 24


def test_newsletter_fired_on_the_monday_after_the_march_change_is_anchored_two_weeks_on():
    found = local_firings("0 9 * * 1", "2026-03-23", "2026-04-05")

    assert found == ["2026-03-23T09:00", "2026-03-30T09:00"]
    anchors = [run_anchor(date.fromisoformat(k[:10]), 14) for k in found]
    assert anchors == [date(2026, 4, 6), date(2026, 4, 13)]


def test_social_media_fired_on_the_friday_before_the_october_change_is_for_the_next_monday():
    found = firings("0 9 * * 5", BERLIN, utc("2026-10-19T00:00"), utc("2026-11-01T00:00"))

    assert [run_anchor(f.day, 3) for f in found] == [date(2026, 10, 26), date(2026, 11, 2)]


def test_tax_report_fired_on_the_first_is_for_the_last_day_of_the_previous_month():
    found = local_firings("0 9 1 * *", "2026-01-01", "2026-12-31")
    anchors = [run_anchor(date.fromisoformat(k[:10]), -1) for k in found]

    assert anchors[:4] == [
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert anchors[9:] == [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30)]
    assert run_anchor(date(2028, 3, 1), -1) == date(2028, 2, 29)


def test_a_firing_just_after_local_midnight_belongs_to_the_local_day_not_the_utc_one():
    # Monday 00:30 in Berlin is still Sunday in UTC: the run must be anchored from Monday.
    found = firings("30 0 * * 1", BERLIN, utc("2026-10-25T00:00"), utc("2026-10-27T00:00"))

    assert [f.key for f in found] == ["2026-10-26T00:30"]
    assert found[0].instant == utc("2026-10-25T23:30")
    assert run_anchor(found[0].day, 14) == date(2026, 11, 9)


# --- months without a 31st ------------------------------------------------------------------


def test_the_31st_fires_only_in_months_that_have_one():
    months = [k[5:7] for k in local_firings("0 9 31 * *", "2026-01-01", "2026-12-31")]

    assert months == ["01", "03", "05", "07", "08", "10", "12"]


def test_the_last_day_of_the_month_fires_every_month_including_february():
    days = [k[:10] for k in local_firings("0 9 L * *", "2026-01-01", "2026-06-30")]

    assert days == [
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
    ]


# --- windows and the next firing -------------------------------------------------------------


def test_a_day_in_berlin_is_23_or_25_hours_long_on_the_change_days():
    start, end = day_bounds(date(2026, 3, 29), BERLIN)
    assert (end - start).total_seconds() == 23 * 3600
    start, end = day_bounds(date(2026, 10, 25), BERLIN)
    assert (end - start).total_seconds() == 25 * 3600


def test_firings_include_the_start_of_the_window_and_exclude_its_end():
    start, end = day_bounds(date(2026, 7, 1), BERLIN)

    assert [f.key for f in firings("0 0 * * *", BERLIN, start, end)] == ["2026-07-01T00:00"]


def test_the_next_firing_is_found_in_the_schedules_own_timezone():
    found = next_firing("0 9 * * 1", "America/New_York", utc("2026-07-01T00:00"))

    assert found.key == "2026-07-06T09:00"
    assert found.instant == utc("2026-07-06T13:00")


# --- variables of automatic runs -------------------------------------------------------------


def test_an_issue_number_continues_from_the_previous_run():
    values = derive_variables([("number", True)], date(2026, 4, 13), {"number": "41"})

    assert values == {"number": "42"}


def test_the_first_issue_number_is_the_iso_week_of_its_anchor():
    assert derive_variables([("number", True)], date(2026, 4, 13), None) == {"number": "16"}


def test_month_week_year_and_date_describe_the_anchor():
    wanted = [("month", True), ("week", False), ("year", False), ("date", False)]

    assert derive_variables(wanted, date(2026, 2, 28), None) == {
        "month": "February 2026",
        "week": "2026-W09",
        "year": "2026",
        "date": "2026-02-28",
    }


def test_a_required_variable_that_cannot_be_derived_is_refused_by_name():
    with pytest.raises(InvalidInput) as refused:
        derive_variables([("guest", True), ("topic", False)], date(2026, 4, 13), None)

    assert "guest" in refused.value.message
    assert refused.value.details["missing"] == ["guest"]
