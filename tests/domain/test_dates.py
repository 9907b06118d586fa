"""Due dates, strict date/time parsing, and "today" in the organisation's timezone."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsdesk.domain.dates import (
    days_between,
    due_date,
    in_zone,
    local_instant,
    local_today,
    parse_date,
    parse_time,
)
from opsdesk.domain.errors import InvalidInput

BERLIN = "Europe/Berlin"
SEVENTEEN = time(17, 0)


# --- due_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "offset", "expected"),
    [
        (date(2026, 7, 22), -21, date(2026, 7, 1)),
        (date(2026, 7, 22), 0, date(2026, 7, 22)),
        (date(2026, 7, 22), 2, date(2026, 7, 24)),
        (date(2026, 8, 3), -3, date(2026, 7, 31)),
        (date(2026, 1, 5), -14, date(2025, 12, 22)),
        (date(2026, 12, 30), 3, date(2027, 1, 2)),
        (date(2026, 3, 1), -1, date(2026, 2, 28)),
        (date(2028, 3, 1), -1, date(2028, 2, 29)),
        (date(2026, 3, 27), 3, date(2026, 3, 30)),
        (date(2026, 10, 24), 2, date(2026, 10, 26)),
        (date(2026, 7, 22), 365, date(2027, 7, 22)),
        (date(2026, 7, 22), -365, date(2025, 7, 22)),
    ],
)
def test_due_date_counts_calendar_days_across_month_and_year_ends(anchor, offset, expected):
    assert due_date(anchor, offset) == expected


def test_days_between_is_the_signed_number_of_calendar_days():
    assert days_between(date(2026, 7, 1), date(2026, 7, 22)) == 21
    assert days_between(date(2026, 7, 22), date(2026, 7, 1)) == -21
    assert days_between(date(2026, 12, 31), date(2027, 1, 1)) == 1


# --- parse_date / parse_time ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-07-22", date(2026, 7, 22)),
        ("  2026-07-22 ", date(2026, 7, 22)),
        ("2028-02-29", date(2028, 2, 29)),
        ("2026-12-31", date(2026, 12, 31)),
    ],
)
def test_parse_date_accepts_iso_calendar_dates(text, expected):
    assert parse_date(text, "dueDate") == expected


def test_parse_date_passes_a_date_through_unchanged():
    assert parse_date(date(2026, 7, 22), "dueDate") == date(2026, 7, 22)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-02-30", "not a real calendar date"),
        ("2026-13-01", "not a real calendar date"),
        ("2026-04-31", "not a real calendar date"),
        ("2027-02-29", "not a real calendar date"),
        ("22/07/2026", "must be a date like 2026-07-22"),
        ("2026-7-22", "must be a date like 2026-07-22"),
        ("20260722", "must be a date like 2026-07-22"),
        ("2026-07-22T17:00", "must be a date like 2026-07-22"),
        ("tomorrow", "must be a date like 2026-07-22"),
        ("", "must be a date like 2026-07-22"),
        ("   ", "must be a date like 2026-07-22"),
        (None, "must be a date like 2026-07-22"),
    ],
)
def test_parse_date_refuses_anything_but_a_real_iso_date_naming_the_field(text, says):
    with pytest.raises(InvalidInput) as refused:
        parse_date(text, "followUpAt")
    assert refused.value.message.startswith("followUpAt ")
    assert says in refused.value.message
    assert refused.value.details == {"field": "followUpAt"}
    assert refused.value.code == "invalid-input"


@pytest.mark.parametrize(
    "value", ["9999-12-31", "0001-01-01", "2101-01-01", "1999-12-31", date(9999, 12, 31)]
)
def test_parse_date_refuses_a_day_beyond_the_range_every_stored_date_keeps(value):
    with pytest.raises(InvalidInput, match="between 2000-01-01 and 2100-12-31") as refused:
        parse_date(value, "followUpAt")
    assert refused.value.details == {"field": "followUpAt"}


def test_parse_date_accepts_the_first_and_last_day_of_the_range():
    assert parse_date("2000-01-01") == date(2000, 1, 1)
    assert parse_date(date(2100, 12, 31)) == date(2100, 12, 31)


def test_parse_date_quotes_a_huge_refused_value_briefly():
    with pytest.raises(InvalidInput) as refused:
        parse_date("x" * 100_000, "date")
    assert len(refused.value.message) < 200


def test_parse_date_quotes_the_refused_value():
    with pytest.raises(InvalidInput, match=r"'22/07/2026'"):
        parse_date("22/07/2026", "anchorDate")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17:00", time(17, 0)),
        ("00:00", time(0, 0)),
        ("09:05", time(9, 5)),
        ("23:59", time(23, 59)),
        (" 08:30 ", time(8, 30)),
    ],
)
def test_parse_time_accepts_24_hour_hh_mm(text, expected):
    assert parse_time(text, "anchorTime") == expected


@pytest.mark.parametrize(
    "text", ["24:00", "9:00", "17:60", "5pm", "17:00:00", "17.00", "", None, "1700"]
)
def test_parse_time_refuses_anything_but_hh_mm_naming_the_field(text):
    with pytest.raises(InvalidInput) as refused:
        parse_time(text, "anchorTime")
    assert refused.value.message.startswith("anchorTime must be a time like 17:00")
    assert refused.value.details == {"field": "anchorTime"}


# --- timezone: "today" and anchor instants --------------------------------------------------


def _in_zone(instant: datetime, zone_name: str) -> datetime:
    """The wall clock in `zone_name`, going through UTC so the offset is really recomputed."""
    return instant.astimezone(UTC).astimezone(ZoneInfo(zone_name))


@pytest.mark.parametrize(
    ("now_utc", "zone_name", "expected"),
    [
        # Summer (CEST, UTC+2): half past eleven UTC is already tomorrow in Berlin.
        (datetime(2026, 7, 21, 23, 30, tzinfo=UTC), BERLIN, date(2026, 7, 22)),
        (datetime(2026, 7, 21, 21, 59, tzinfo=UTC), BERLIN, date(2026, 7, 21)),
        (datetime(2026, 7, 21, 22, 0, tzinfo=UTC), BERLIN, date(2026, 7, 22)),
        # Winter (CET, UTC+1).
        (datetime(2026, 1, 10, 23, 30, tzinfo=UTC), BERLIN, date(2026, 1, 11)),
        (datetime(2026, 1, 10, 22, 59, tzinfo=UTC), BERLIN, date(2026, 1, 10)),
        (datetime(2026, 1, 10, 23, 0, tzinfo=UTC), BERLIN, date(2026, 1, 11)),
        # New Year's Eve rolls over the year first in Berlin.
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), BERLIN, date(2027, 1, 1)),
        # The same instant is still yesterday further west.
        (datetime(2026, 7, 22, 1, 0, tzinfo=UTC), "America/New_York", date(2026, 7, 21)),
        (datetime(2026, 7, 21, 23, 30, tzinfo=UTC), "UTC", date(2026, 7, 21)),
    ],
)
def test_local_today_is_the_calendar_day_in_the_organisations_timezone(
    now_utc, zone_name, expected
):
    assert local_today(now_utc, zone_name) == expected


def test_local_today_accepts_an_aware_instant_in_any_offset():
    two_hours_west = timezone(timedelta(hours=-2))
    assert local_today(datetime(2026, 7, 21, 21, 30, tzinfo=two_hours_west), BERLIN) == date(
        2026, 7, 22
    )


def test_local_today_refuses_a_naive_datetime_rather_than_guessing_utc():
    with pytest.raises(ValueError, match="timezone-aware"):
        local_today(datetime(2026, 7, 21, 23, 30), BERLIN)


def test_an_unknown_timezone_is_refused_by_name():
    with pytest.raises(InvalidInput, match="Unknown timezone 'Europe/Atlantis'") as refused:
        local_today(datetime(2026, 7, 21, 23, 30, tzinfo=UTC), "Europe/Atlantis")
    assert refused.value.details == {"field": "timezone"}


@pytest.mark.parametrize(
    ("day", "at", "expected_utc"),
    [
        # Spring forward on Sunday 2026-03-29 at 01:00 UTC (02:00 CET -> 03:00 CEST).
        (date(2026, 3, 28), SEVENTEEN, datetime(2026, 3, 28, 16, 0, tzinfo=UTC)),
        (date(2026, 3, 29), SEVENTEEN, datetime(2026, 3, 29, 15, 0, tzinfo=UTC)),
        (date(2026, 3, 29), time(1, 30), datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
        (date(2026, 3, 29), time(3, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # Fall back on Sunday 2026-10-25 at 01:00 UTC (03:00 CEST -> 02:00 CET).
        (date(2026, 10, 24), SEVENTEEN, datetime(2026, 10, 24, 15, 0, tzinfo=UTC)),
        (date(2026, 10, 25), SEVENTEEN, datetime(2026, 10, 25, 16, 0, tzinfo=UTC)),
        (date(2026, 10, 25), time(1, 30), datetime(2026, 10, 24, 23, 30, tzinfo=UTC)),
        (date(2026, 10, 25), time(3, 30), datetime(2026, 10, 25, 2, 30, tzinfo=UTC)),
        # The OSS anchor: Wednesday 2026-07-22 17:00 Berlin.
        (date(2026, 7, 22), SEVENTEEN, datetime(2026, 7, 22, 15, 0, tzinfo=UTC)),
    ],
)
def test_local_instant_follows_berlin_across_the_dst_changes(day, at, expected_utc):
    instant = local_instant(day, at, BERLIN)
    assert instant == expected_utc
    assert _in_zone(instant, BERLIN).date() == day


def test_a_wall_clock_time_in_the_spring_gap_lands_one_hour_later():
    # 02:30 does not exist in Berlin on 2026-03-29; it resolves with the pre-change offset.
    instant = local_instant(date(2026, 3, 29), time(2, 30), BERLIN)
    assert instant.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert _in_zone(instant, BERLIN).time() == time(3, 30)


def test_an_ambiguous_autumn_wall_clock_time_means_its_first_occurrence():
    instant = local_instant(date(2026, 10, 25), time(2, 30), BERLIN)
    assert instant.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def _elapsed(earlier: datetime, later: datetime) -> timedelta:
    # Aware datetimes sharing one tzinfo subtract as wall-clock times; compare in UTC.
    return later.astimezone(UTC) - earlier.astimezone(UTC)


def test_the_anchor_instants_either_side_of_a_dst_change_are_a_day_plus_or_minus_an_hour_apart():
    march = _elapsed(
        local_instant(date(2026, 3, 28), SEVENTEEN, BERLIN),
        local_instant(date(2026, 3, 29), SEVENTEEN, BERLIN),
    )
    october = _elapsed(
        local_instant(date(2026, 10, 24), SEVENTEEN, BERLIN),
        local_instant(date(2026, 10, 25), SEVENTEEN, BERLIN),
    )
    assert march == timedelta(hours=23)
    assert october == timedelta(hours=25)


def test_an_instant_at_the_edge_of_the_calendar_has_no_wall_clock_time_east_or_west():
    assert in_zone(datetime.max.replace(tzinfo=UTC), "Pacific/Kiritimati") is None
    assert in_zone(datetime.min.replace(tzinfo=UTC), "America/New_York") is None
    shown = in_zone(datetime(2026, 7, 22, 15, tzinfo=UTC), BERLIN)
    assert (shown.date(), shown.hour) == (date(2026, 7, 22), 17)


# --- properties -------------------------------------------------------------------------

# Days where calendar arithmetic tends to go wrong: DST changes, month and year ends, leap days.
TRICKY_DAYS = [
    date(2026, 3, 29),
    date(2026, 10, 25),
    date(2027, 3, 28),
    date(2027, 10, 31),
    date(2026, 1, 31),
    date(2026, 2, 28),
    date(2028, 2, 29),
    date(2026, 4, 30),
    date(2026, 12, 31),
    date(2027, 1, 1),
]

anchors = st.one_of(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2036, 12, 31)),
    st.builds(
        lambda day, shift: day + timedelta(days=shift),
        st.sampled_from(TRICKY_DAYS),
        st.integers(-7, 7),
    ),
)
offsets = st.integers(-365, 365)
zones = st.sampled_from(
    [BERLIN, "UTC", "America/New_York", "Pacific/Auckland", "Asia/Kolkata", "Pacific/Kiritimati"]
)


def _walk_calendar(day: date, offset: int) -> date:
    """Step one calendar day at a time using month lengths only (an independent oracle)."""
    year, month, dom = day.year, day.month, day.day
    for _ in range(abs(offset)):
        if offset > 0:
            dom += 1
            if dom > calendar.monthrange(year, month)[1]:
                dom, month = 1, month + 1
                if month > 12:
                    month, year = 1, year + 1
        else:
            dom -= 1
            if dom < 1:
                month -= 1
                if month < 1:
                    month, year = 12, year - 1
                dom = calendar.monthrange(year, month)[1]
    return date(year, month, dom)


@settings(max_examples=200, deadline=None)
@given(anchor=anchors, offset=offsets)
def test_due_date_is_exactly_offset_calendar_days_from_the_anchor(anchor, offset):
    due = due_date(anchor, offset)
    assert due - anchor == timedelta(days=offset)
    assert days_between(anchor, due) == offset
    assert due == _walk_calendar(anchor, offset)


@settings(max_examples=200, deadline=None)
@given(anchor=anchors, offset=offsets, zone_name=zones)
def test_due_date_is_the_same_wall_clock_day_in_every_timezone(anchor, offset, zone_name):
    due = due_date(anchor, offset)
    instant = local_instant(due, SEVENTEEN, zone_name)
    local = _in_zone(instant, zone_name)
    assert (local.date(), local.time()) == (due, SEVENTEEN)
    # Read back from UTC, "today" at the due instant is the due date itself.
    assert local_today(instant.astimezone(UTC), zone_name) == due
    # The elapsed time differs from whole days by at most the DST shift.
    elapsed = _elapsed(local_instant(anchor, SEVENTEEN, zone_name), instant)
    assert abs(elapsed - timedelta(days=offset)) <= timedelta(hours=1)


def _last_sunday(year: int, month: int) -> int:
    last = calendar.monthrange(year, month)[1]
    return last - (date(year, month, last).weekday() + 1) % 7


def _berlin_offset(moment: datetime) -> timedelta:
    """EU rule: CEST (UTC+2) from 01:00 UTC on the last Sunday of March to the same in October."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    start = datetime(utc.year, 3, _last_sunday(utc.year, 3), 1)
    end = datetime(utc.year, 10, _last_sunday(utc.year, 10), 1)
    return timedelta(hours=2 if start <= utc < end else 1)


def test_the_berlin_oracle_knows_the_2026_dst_dates():
    assert _last_sunday(2026, 3) == 29
    assert _last_sunday(2026, 10) == 25
    assert _berlin_offset(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == timedelta(hours=1)
    assert _berlin_offset(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == timedelta(hours=2)
    assert _berlin_offset(datetime(2026, 10, 25, 0, 59, tzinfo=UTC)) == timedelta(hours=2)
    assert _berlin_offset(datetime(2026, 10, 25, 1, 0, tzinfo=UTC)) == timedelta(hours=1)


dst_instants = st.builds(
    lambda day, minutes: datetime.combine(day, time(), tzinfo=UTC) + timedelta(minutes=minutes),
    st.sampled_from(TRICKY_DAYS),
    st.integers(-3 * 24 * 60, 3 * 24 * 60),
)
utc_instants = st.one_of(
    st.datetimes(
        min_value=datetime(2001, 1, 1),
        max_value=datetime(2036, 12, 31),
        timezones=st.just(UTC),
    ),
    dst_instants,
)


@settings(max_examples=200, deadline=None)
@given(now=utc_instants)
def test_local_today_is_the_date_of_the_instant_seen_from_berlin(now):
    expected = (now.astimezone(UTC).replace(tzinfo=None) + _berlin_offset(now)).date()
    assert local_today(now, BERLIN) == expected
    assert local_today(now, BERLIN) == now.astimezone(ZoneInfo(BERLIN)).date()
