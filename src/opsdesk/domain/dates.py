"""Dates and offsets: due dates, strict parsing, and "today" in the organisation's timezone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .bounds import check_date_in_range, quoted
from .errors import InvalidInput

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HH_MM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def due_date(anchor: date, offset_days: int) -> date:
    """A task is due `offset_days` calendar days from the anchor date."""
    return anchor + timedelta(days=offset_days)


def parse_date(value: str | date, field: str = "date") -> date:
    """Parse YYYY-MM-DD within the bounds every stored date keeps, or refuse with a sentence
    naming the field and value."""
    text = (value or "").strip() if isinstance(value, str) else value
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return check_date_in_range(text, field)
    if not isinstance(text, str) or not _ISO_DATE.match(text):
        raise InvalidInput(
            f"{field} must be a date like 2026-07-22, got {quoted(value)}.", field=field
        )
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{field} {quoted(value)} is not a real calendar date.", field=field
        ) from None
    return check_date_in_range(day, field)


def parse_time(value: str, field: str = "time") -> time:
    """Parse HH:MM (24-hour) or refuse with a sentence naming the field and value."""
    match = _HH_MM.match((value or "").strip()) if isinstance(value, str) else None
    if not match:
        raise InvalidInput(f"{field} must be a time like 17:00, got {value!r}.", field=field)
    return time(int(match.group(1)), int(match.group(2)))


def zone(name: str) -> ZoneInfo:
    """The named IANA timezone, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"Unknown timezone {name!r}.", field="timezone") from None


def local_today(now_utc: datetime, timezone: str) -> date:
    """The calendar day it is in `timezone` at the aware instant `now_utc`."""
    if now_utc.tzinfo is None:
        raise ValueError("now_utc must be timezone-aware")
    return now_utc.astimezone(zone(timezone)).date()


def in_zone(instant: datetime, timezone: str) -> datetime | None:
    """The wall-clock time `instant` shows in `timezone`, or None when it has none.

    An instant stored at the very edge of the calendar (year 1 or 9999, only ever written
    around the services) can lie beyond what a datetime in another zone can hold.
    """
    try:
        return instant.astimezone(zone(timezone))
    except OverflowError:
        return None


def local_instant(day: date, at: time, timezone: str) -> datetime:
    """The aware instant of wall-clock `day at` in `timezone`."""
    return datetime.combine(day, at, tzinfo=zone(timezone))


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days
