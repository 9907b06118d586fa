"""Schedules: which cron expressions we accept, when they fire, and what an automatic run gets.

Cron expressions are read as wall-clock time in their own timezone. We iterate naive local
times and only then attach the zone, so daylight-saving changes never shift or double a
schedule: a time inside the spring-forward gap fires once, just after the gap; a time in the
repeated autumn hour fires once, the first time round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from croniter import CroniterBadDateError, CroniterError, croniter

from .dates import due_date, in_zone, zone
from .errors import InvalidInput

ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_NAMES = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT"
# Digits, ranges, steps, lists, L (last day) and # (nth weekday); no hashed or random fields.
_FIELD = re.compile(rf"^(?:[0-9*/,#L-]|{_NAMES})+$", re.IGNORECASE)
MIN_INTERVAL = timedelta(hours=1)
# Far enough to find the next 29 February, near enough to answer at once for 30 February.
_SEARCH_YEARS = 9
_MAX_OCCURRENCES = 5000


@dataclass(frozen=True)
class Firing:
    """One time a schedule fires: its wall-clock time in its zone and the instant (UTC)."""

    local: datetime  # naive, as the clock on the wall showed it
    instant: datetime  # aware, UTC

    @property
    def day(self) -> date:
        return self.local.date()

    @property
    def key(self) -> str:
        return self.local.strftime("%Y-%m-%dT%H:%M")


def normalise_cron(expression: str) -> str:
    """The five-field form of `expression` (aliases expanded), without checking its values."""
    text = " ".join((expression or "").split())
    return ALIASES.get(text.lower(), text)


def check_cron(expression: str, field: str = "cron") -> str:
    """Accept a five-field cron expression that really fires, at most hourly; else refuse."""
    text = normalise_cron(expression)
    if not text:
        raise InvalidInput(
            "Give a cron expression, e.g. '0 9 * * 1' for Mondays at 09:00.", field=field
        )
    parts = text.split(" ")
    if len(parts) != 5:
        raise InvalidInput(
            f"A cron expression has five fields (minute hour day month weekday); "
            f"{expression!r} has {len(parts)}.",
            field=field,
        )
    bad = [p for p in parts if not _FIELD.match(p)]
    if bad or not croniter.is_valid(text):
        raise InvalidInput(f"{expression!r} is not a valid cron expression.", field=field)
    firsts = _first_firings(text, datetime(2026, 1, 1), 50)
    if not firsts:
        raise InvalidInput(
            f"{expression!r} never fires: no calendar has that date (e.g. 30 February).",
            field=field,
        )
    gaps = [later - earlier for earlier, later in zip(firsts, firsts[1:], strict=False)]
    if gaps and min(gaps) < MIN_INTERVAL:
        raise InvalidInput(
            f"{expression!r} fires every {int(min(gaps).total_seconds() // 60)} minutes; "
            "recurring work can repeat at most once an hour.",
            field=field,
        )
    return text


def _first_firings(text: str, start: datetime, count: int) -> list[datetime]:
    found: list[datetime] = []
    try:
        it = croniter(text, start, max_years_between_matches=_SEARCH_YEARS)
        while len(found) < count:
            found.append(it.get_next(datetime))
    except CroniterBadDateError:
        pass
    except (CroniterError, ValueError) as exc:
        raise InvalidInput(
            f"{text!r} is not a valid cron expression ({exc}).", field="cron"
        ) from None
    return found


def _instant(local: datetime, timezone: str) -> datetime:
    # fold=0: a repeated autumn time is its first pass; a spring gap time lands after the gap.
    return local.replace(tzinfo=zone(timezone)).astimezone(UTC)


def firings(expression: str, timezone: str, start: datetime, end: datetime) -> list[Firing]:
    """Every firing with `start <= instant < end` (aware datetimes), one per wall-clock time."""
    text = check_cron(expression)
    tz = zone(timezone)
    margin = timedelta(hours=3)
    local_start = start.astimezone(tz).replace(tzinfo=None) - margin
    local_end = end.astimezone(tz).replace(tzinfo=None) + margin
    found: dict[str, Firing] = {}
    it = croniter(text, local_start - timedelta(minutes=1), max_years_between_matches=_SEARCH_YEARS)
    while len(found) < _MAX_OCCURRENCES:
        try:
            naive = it.get_next(datetime)
        except CroniterBadDateError:
            break
        if naive > local_end:
            break
        instant = _instant(naive, timezone)
        if start <= instant < end:
            # Key by the time the clock really showed, so 02:00 in the spring gap and 03:00
            # (the same instant) are one firing.
            local = instant.astimezone(tz).replace(tzinfo=None)
            found.setdefault(local.strftime("%Y-%m-%dT%H:%M"), Firing(local, instant))
    return sorted(found.values(), key=lambda f: f.instant)


def next_firing(expression: str, timezone: str, after: datetime) -> Firing | None:
    """The first firing at or after `after`, or None when the schedule never fires again."""
    text = check_cron(expression)
    local = in_zone(after, timezone)
    if local is None:
        return None
    local_after = local.replace(tzinfo=None)
    it = croniter(text, local_after - timedelta(minutes=1), max_years_between_matches=_SEARCH_YEARS)
    for _ in range(50):
        try:
            naive = it.get_next(datetime)
        except CroniterBadDateError:
            return None
        instant = _instant(naive, timezone)
        if instant >= after:
            return Firing(instant.astimezone(zone(timezone)).replace(tzinfo=None), instant)
    return None


def run_anchor(fired_on: date, lead_days: int) -> date:
    """An automatic run fired on local day `fired_on` is anchored `lead_days` calendar days on."""
    return due_date(fired_on, lead_days)


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The instants where `day` starts and the next day starts in `timezone` (UTC, aware)."""
    tz = zone(timezone)
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


DERIVABLE = ("number", "week", "month", "year", "date")


def derive_variables(
    variables: list[tuple[str, bool]], anchor: date, previous: dict[str, str] | None
) -> dict[str, str]:
    """Values for an automatic run's variables, from its anchor and the previous run's values.

    `number` continues the previous run's number (an issue counter) or, for the first run,
    is the ISO week of the anchor; `week`, `month`, `year` and `date` describe the anchor.
    A required variable we cannot derive is refused by name.
    """
    derived = {
        "number": _next_number(previous, anchor),
        "week": f"{anchor.isocalendar().year}-W{anchor.isocalendar().week:02d}",
        "month": anchor.strftime("%B %Y"),
        "year": str(anchor.year),
        "date": anchor.isoformat(),
    }
    values = {name: derived[name] for name, _ in variables if name in derived}
    missing = [name for name, required in variables if required and name not in derived]
    if missing:
        raise InvalidInput(
            f"An automatic run cannot fill the required variable(s) {', '.join(missing)}; "
            f"make them optional or use one of {', '.join(DERIVABLE)}.",
            field="variables",
            missing=missing,
        )
    return values


def _next_number(previous: dict[str, str] | None, anchor: date) -> str:
    last = (previous or {}).get("number", "")
    digits = last.strip().lstrip("#")
    return str(int(digits) + 1) if digits.isdigit() else str(anchor.isocalendar().week)
