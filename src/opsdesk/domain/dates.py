"""Dates and offsets: due dates, strict parsing, and "today" in the organisation's timezone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidInput

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HH_MM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def due_date(anchor: date, offset_days: int) -> date:
    """A task is due `offset_days` calendar days from the anchor date."""
    return anchor + timedelta(days=offset_days)


def parse_date(value: str, field: str = "date") -> date:
    """Parse YYYY-MM-DD or refuse with a sentence naming the field and value."""
    text = (value or "").strip() if isinstance(value, str) else value
    if isinstance(text, date):
        return text
    if not isinstance(text, str) or not _ISO_DATE.match(text):
        raise InvalidInput(f"{field} must be a date like 2026-07-22, got {value!r}.", field=field)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{field} {value!r} is not a real calendar date.", field=field) from None


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


def local_instant(day: date, at: time, timezone: str) -> datetime:
    """The aware instant of wall-clock `day at` in `timezone`."""
    return datetime.combine(day, at, tzinfo=zone(timezone))


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days
