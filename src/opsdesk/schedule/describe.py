"""A cron expression in words for the common shapes; anything unusual is shown as written."""

from __future__ import annotations

import re

from opsdesk.domain.schedule import normalise_cron

DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAY_NAMES = {name[:3].upper(): i for i, name in enumerate(DAYS)}
_MONTH_NAMES = {name[:3].upper(): i + 1 for i, name in enumerate(MONTHS)}
_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def describe_cron(expression: str) -> str:
    """'0 9 * * 1' → 'Every Monday at 09:00'; falls back to 'Cron: <expression>'."""
    text = normalise_cron(expression)
    parts = text.split(" ")
    if len(parts) == 5:
        words = _describe(*parts)
        if words:
            return words
    return f"Cron: {text}"


def _describe(minute: str, hour: str, dom: str, month: str, dow: str) -> str | None:
    at = _times(minute, hour)
    if at is None:
        return None
    if dom != "*" and dow != "*":
        return None  # cron then means "either day", which reads badly in words
    if dow != "*":
        days = _weekdays(dow)
        return f"{days} {at}" if days and month == "*" else None
    if dom == "*":
        if month != "*":
            return None
        return at[0].upper() + at[1:] if hour == "*" else f"Every day {at}"
    day = _month_day(dom)
    if day is None:
        return None
    if month == "*":
        suffix = " (months without it are skipped)" if dom in ("29", "30", "31") else ""
        return f"On {day} of every month {at}{suffix}"
    months = _months(month)
    return f"On {day} of {months} {at}" if months else None


def _numbers(field: str, names: dict[str, int] | None = None) -> list[int] | None:
    values = []
    for item in field.split(","):
        key = item.upper()
        if names and key in names:
            values.append(names[key])
        elif item.isdigit():
            values.append(int(item))
        else:
            return None
    return values


def _times(minute: str, hour: str) -> str | None:
    minutes = _numbers(minute)
    if minutes is None or len(minutes) != 1:
        return None
    if hour == "*":
        return "every hour on the hour" if minutes[0] == 0 else f"every hour at :{minutes[0]:02d}"
    hours = _numbers(hour)
    if not hours:
        return None
    return "at " + _join([f"{h:02d}:{minutes[0]:02d}" for h in sorted(hours)])


def _weekdays(field: str) -> str | None:
    nth = re.fullmatch(r"([0-7]|[A-Za-z]{3})#([1-5])", field)
    if nth:
        day = _numbers(nth.group(1), _DAY_NAMES)
        if day is None:
            return None
        return f"On the {_NTH[int(nth.group(2))]} {DAYS[day[0] % 7]} of every month"
    if field in ("1-5", "MON-FRI", "mon-fri"):
        return "Every weekday (Monday to Friday)"
    days = _numbers(field, _DAY_NAMES)
    if not days:
        return None
    names = [DAYS[d % 7] for d in sorted(set(d % 7 for d in days), key=lambda d: (d - 1) % 7)]
    return "Every " + _join(names)


def _month_day(field: str) -> str | None:
    if field == "L":
        return "the last day"
    days = _numbers(field)
    return "the " + _join([_ordinal(d) for d in days]) if days else None


def _months(field: str) -> str | None:
    months = _numbers(field, _MONTH_NAMES)
    return _join([MONTHS[m - 1] for m in sorted(months)]) if months else None


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_lead(lead_days: int) -> str:
    """How a run's anchor relates to the day its trigger fires."""
    if lead_days == 0:
        return "anchored on the day it fires"
    unit = "day" if abs(lead_days) == 1 else "days"
    if lead_days > 0:
        return f"anchored {lead_days} {unit} ahead"
    return f"anchored {-lead_days} {unit} before"
