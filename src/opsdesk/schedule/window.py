"""Which stretch of time one pass covers, and how a pass reports what it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from opsdesk.domain.dates import local_today
from opsdesk.domain.schedule import day_bounds

from .models import TickState

STATE_NAME = "tick"


@dataclass(frozen=True)
class Window:
    """Firings in [start, end) are generated; those in [skip_from, start) are recorded skipped.

    `new_from` is where the previous pass stopped: a firing after it that is already claimed
    was claimed by a concurrent pass, and counts as a skipped duplicate.
    """

    start: datetime
    end: datetime
    skip_from: datetime | None
    new_from: datetime
    today: date


@dataclass
class StepReport:
    step: str
    created: int = 0
    duplicates: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)

    def json(self) -> dict:
        return {
            "step": self.step,
            "created": self.created,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "failures": self.failures,
        }


def catch_up() -> timedelta:
    return timedelta(days=settings.TICK_CATCH_UP_DAYS)


def open_window(as_of: date | None, now: datetime | None = None) -> Window:
    """The window of a pass: the whole of `as_of` (organisation's timezone), or up to now."""
    now = now or timezone.now()
    if as_of is not None:
        today = as_of
        day_start, end = day_bounds(as_of, settings.ORG_TIMEZONE)
    else:
        today = local_today(now, settings.ORG_TIMEZONE)
        day_start, end = day_bounds(today, settings.ORG_TIMEZONE)[0], now
    state, _ = TickState.objects.get_or_create(
        name=STATE_NAME, defaults={"first_pass_from": day_start, "through": day_start}
    )
    if day_start < state.first_pass_from:
        # A pass "as of" a later day came first; today's passes must still see today.
        TickState.objects.filter(name=STATE_NAME, first_pass_from__gt=day_start).update(
            first_pass_from=day_start
        )
        state.first_pass_from = day_start
    start = max(end - catch_up(), state.first_pass_from)
    skip_from = state.through if state.through < start else None
    return Window(start=start, end=end, skip_from=skip_from, new_from=state.through, today=today)


def close_window(window: Window) -> None:
    """Move the cursor forward to the end of this pass; never backwards (a conditional update)."""
    TickState.objects.filter(name=STATE_NAME, through__lt=window.end).update(through=window.end)
    TickState.objects.filter(name=STATE_NAME).update(last_pass_at=timezone.now())


def last_pass() -> TickState | None:
    return TickState.objects.filter(name=STATE_NAME).first()
