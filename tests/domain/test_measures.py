"""Nearest-rank percentiles, rates and calendar days in the organisation's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from opsdesk.domain.measures import days_between, local_day, median, month_of, percentile, rate

BERLIN = "Europe/Berlin"


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 50, None),
        ([], 80, None),
        ([7], 50, 7),
        ([7], 80, 7),
        ([2, 5], 50, 2),
        ([5, 2], 80, 5),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 80, 8),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 81, 9),
        ([3, 1, 2], 50, 2),
        ([4, 4, 4, 9], 100, 9),
    ],
)
def test_percentiles_take_the_nearest_rank_so_every_answer_really_happened(values, p, expected):
    assert percentile(values, p) == expected


def test_the_median_of_an_even_count_is_the_lower_middle_value():
    assert median([1, 10, 3, 8]) == 3


@pytest.mark.parametrize("p", [0, -5, 101])
def test_a_percentile_outside_0_to_100_is_refused(p):
    with pytest.raises(ValueError):
        percentile([1, 2], p)


def test_a_rate_of_nothing_is_unknown_not_zero():
    assert rate(0, 0) is None
    assert rate(2, 3) == 0.667


def test_late_evening_in_berlin_is_still_that_day_though_utc_says_otherwise():
    # 00:30 on 23 July in Berlin (summer time) is 22:30 UTC on 22 July.
    assert local_day(datetime(2026, 7, 22, 22, 30, tzinfo=UTC), BERLIN) == date(2026, 7, 23)
    assert local_day(datetime(2026, 7, 22, 21, 30, tzinfo=UTC), BERLIN) == date(2026, 7, 22)


def test_days_between_counts_calendar_days_across_the_change_to_summer_time():
    # 10:00 Berlin on 20 March (UTC+1) to 10:00 on 3 April (UTC+2): 13 days 23 hours elapsed.
    start = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    end = datetime(2026, 4, 3, 8, 0, tzinfo=UTC)
    assert days_between(start, end, BERLIN) == 14


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError):
        local_day(datetime(2026, 7, 22, 12, 0), BERLIN)


def test_months_are_spelled_year_dash_month():
    assert month_of(date(2026, 3, 9)) == "2026-03"
