"""The zone offsets SQLite looks local days up in: every change, at its exact second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opsdesk.domain.measures import local_day, offset_changes


def test_berlin_changes_twice_a_year_at_one_in_the_morning_utc():
    changes = offset_changes("Europe/Berlin", 2026, 2026)
    assert changes == (
        (datetime(2026, 1, 1, tzinfo=UTC), 3600),
        (datetime(2026, 3, 29, 1, tzinfo=UTC), 7200),
        (datetime(2026, 10, 25, 1, tzinfo=UTC), 3600),
    )


def test_a_zone_without_daylight_saving_has_one_offset():
    assert offset_changes("UTC", 2000, 2100) == ((datetime(2000, 1, 1, tzinfo=UTC), 0),)
    kolkata = offset_changes("Asia/Kolkata", 2020, 2021)
    assert kolkata == ((datetime(2020, 1, 1, tzinfo=UTC), 19800),)


def test_the_offsets_give_every_instants_local_day():
    changes = offset_changes("America/New_York", 2025, 2026)
    moment = datetime(2025, 1, 1, 3, 30, tzinfo=UTC)
    while moment < datetime(2027, 1, 1, tzinfo=UTC):
        offset = [o for start, o in changes if start <= moment][-1]
        assert (moment + timedelta(seconds=offset)).date() == local_day(moment, "America/New_York")
        moment += timedelta(hours=7, minutes=13)
