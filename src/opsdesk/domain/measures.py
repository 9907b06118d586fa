"""Small statistics the insights share: percentiles, rates and calendar days in a timezone.

Percentiles use the nearest-rank method, defined once here: the p-th percentile of n values
is the value at rank ceil(p/100 · n) in ascending order. Every answer is a value that really
happened (a median of 2 and 5 days late is 2, not 3.5), and the median is the 50th
percentile, so for an even count it is the lower of the two middle values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from .dates import zone


def percentile(values: Iterable[float], p: float) -> float | None:
    """The nearest-rank p-th percentile (0 < p ≤ 100) of `values`; None when there are none."""
    if not 0 < p <= 100:
        raise ValueError(f"p must lie in (0, 100], got {p}")
    ordered = sorted(values)
    if not ordered:
        return None
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank - 1]


def median(values: Iterable[float]) -> float | None:
    """The 50th nearest-rank percentile: the lower middle value for an even count."""
    return percentile(values, 50)


def rate(part: int, whole: int) -> float | None:
    """part / whole rounded to three places; None when there is nothing to divide by."""
    return round(part / whole, 3) if whole else None


def mean(values: Iterable[float]) -> float | None:
    """The arithmetic mean rounded to two places; None when there are no values."""
    items = list(values)
    return round(sum(items) / len(items), 2) if items else None


# A report asks for the day of the same completion several times (on time? how late? which
# month? done lately?); converting each instant once keeps a year of tasks quick.
@lru_cache(maxsize=65536)
def local_day(instant: datetime, timezone: str) -> date:
    """The calendar day the aware `instant` falls on in `timezone`."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(zone(timezone)).date()


def days_between(start: datetime, end: datetime, timezone: str) -> int:
    """Calendar days from `start` to `end` in `timezone`: a DST change never makes a day short."""
    return (local_day(end, timezone) - local_day(start, timezone)).days


def month_of(day: date) -> str:
    """The month a day belongs to, as YYYY-MM."""
    return f"{day.year:04d}-{day.month:02d}"


# An instant (UTC) and the offset from UTC, in seconds, that begins there.
OffsetChange = tuple[datetime, int]


@lru_cache(maxsize=64)
def offset_changes(timezone: str, first_year: int, last_year: int) -> tuple[OffsetChange, ...]:
    """The zone's UTC offsets (seconds) from 1 January `first_year` to the end of `last_year`:
    the first entry is the offset then, each next one the instant (UTC) a new offset begins.

    A database without time zones (SQLite) finds an instant's local day by this list."""
    tz = zone(timezone)
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    changes = [(moment, _offset(moment, tz))]
    # Offsets change at most a few times a year and never twice within a day, so a day's step
    # finds every change, and halving the day finds its second.
    while moment < end:
        following = moment + timedelta(days=1)
        if _offset(following, tz) != changes[-1][1]:
            changes.append(_change_within(moment, following, tz))
        moment = following
    return tuple(changes)


def _offset(instant: datetime, tz) -> int:
    return int(instant.astimezone(tz).utcoffset().total_seconds())


def _change_within(before: datetime, after: datetime, tz) -> tuple[datetime, int]:
    old = _offset(before, tz)
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if _offset(middle, tz) == old:
            before = middle
        else:
            after = middle
    return after, _offset(after, tz)
