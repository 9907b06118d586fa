"""Dates the way the operator reads them: "Wed 22 Jul", "in 3 days", "2 days late"."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.conf import settings

from opsdesk.domain.dates import in_zone

register = template.Library()


def as_date(value) -> date | None:
    """A date from a date, a datetime or an ISO string; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# strftime's %a and %b in the C locale Python keeps for LC_TIME, read from a table: strftime
# was a third of a row's date words, and pages print dozens of them.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter
def day(value) -> str:
    """'Wed 22 Jul'."""
    found = as_date(value)
    return f"{WEEKDAYS[found.weekday()]} {found.day} {MONTHS[found.month - 1]}" if found else ""


@register.filter
def day_year(value) -> str:
    """'Wed 22 Jul 2026'."""
    found = as_date(value)
    return f"{day(found)} {found.year}" if found else ""


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _days_from(value, today) -> int | None:
    found, now = as_date(value), as_date(today)
    return (found - now).days if found and now else None


@register.filter
def due_hint(value, today) -> str:
    """How a due (or follow-up) date relates to today: 'today', 'in 3 days', '2 days late'."""
    delta = _days_from(value, today)
    if delta is None:
        return ""
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 0:
        return f"in {_days(delta)}"
    return f"{_days(-delta)} late"


@register.filter
def ago_hint(value, today) -> str:
    """How a past or future date relates to today without judging it: '3 days ago', 'in 2 days'."""
    delta = _days_from(value, today)
    if delta is None:
        return ""
    if delta == 0:
        return "today"
    return f"in {_days(delta)}" if delta > 0 else f"{_days(-delta)} ago"


@register.filter
def moment(value) -> str:
    """A timestamp in the organisation's timezone: 'Wed 22 Jul 14:03'."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return ""
    local = (in_zone(value, settings.ORG_TIMEZONE) or value) if value.tzinfo else value
    return f"{day(local)} {local:%H:%M}"
