"""One pass of the scheduler: recurring tasks, automatic runs, reminders, stage changes.

Each step reports what it did. A failing item becomes an automation-failure notification and
the pass goes on; only a failure of the database itself ends a pass early.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from opsdesk.domain.dates import local_today
from opsdesk.runs.risk_store import recompute_risk_dates

from .automatic import generate_automatic_runs
from .models import TickState
from .recurring import generate_recurring
from .reminders import announce_stage_changes, remind
from .window import StepReport, Window, close_window, open_window
from .write_turns import turns_for_other_writers

log = logging.getLogger("opsdesk.schedule")
# The TickState row whose `through` says when risk dates were last repaired.
RISK_DATES_STATE = "risk-dates"


@dataclass(frozen=True)
class TickReport:
    as_of: date
    window: Window
    started_at: datetime
    finished_at: datetime
    steps: list[StepReport]

    @property
    def failures(self) -> list[str]:
        return [f for step in self.steps for f in step.failures]

    def json(self) -> dict:
        return {
            "asOf": self.as_of.isoformat(),
            "from": self.window.start.isoformat(),
            "until": self.window.end.isoformat(),
            "startedAt": self.started_at.isoformat(),
            "finishedAt": self.finished_at.isoformat(),
            "steps": [s.json() for s in self.steps],
        }


def _repair_risk_dates() -> StepReport:
    """Services keep each run's risk dates in step; this mends rows written any other way."""
    changed = recompute_risk_dates()
    now = timezone.now()
    TickState.objects.update_or_create(
        name=RISK_DATES_STATE, defaults={"first_pass_from": now, "through": now}
    )
    return StepReport("risk-dates", created=changed)


def _risk_dates_repaired_on_or_after(day: date) -> bool:
    through = (
        TickState.objects.filter(name=RISK_DATES_STATE).values_list("through", flat=True).first()
    )
    return through is not None and local_today(through, settings.ORG_TIMEZONE) >= day


def run_tick(
    as_of: date | None = None, now: datetime | None = None, repair_risk_dates: bool | None = True
) -> TickReport:
    """One pass: the whole of `as_of` in the organisation's timezone, or everything up to now.

    The risk-dates repair reads every run with its tasks (12 s of CPU at 10,000 active runs).
    `repair_risk_dates=None`, the scheduler's minute-by-minute rounds, repairs only on the day's
    first pass: services keep the dates in step as they write, and an import recomputes them."""
    started = timezone.now()
    with turns_for_other_writers():
        window = open_window(as_of, now)
        steps = [
            generate_recurring(window),
            generate_automatic_runs(window),
            remind(window.today),
            announce_stage_changes(),
        ]
        if repair_risk_dates or (
            repair_risk_dates is None and not _risk_dates_repaired_on_or_after(window.today)
        ):
            steps.append(_repair_risk_dates())
        close_window(window)
    report = TickReport(window.today, window, started, timezone.now(), steps)
    for step in steps:
        if step.created or step.duplicates or step.skipped or step.failures:
            log.info("tick %s: %s", window.today, step.json())
    return report
