"""One pass of the scheduler: recurring tasks, automatic runs, reminders, stage changes.

Each step reports what it did. A failing item becomes an automation-failure notification and
the pass goes on; only a failure of the database itself ends a pass early.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from opsdesk.runs.risk_store import recompute_risk_dates

from .automatic import generate_automatic_runs
from .reach import EVERY_RUN, reach_for, record_pass
from .recurring import generate_recurring
from .reminders import announce_stage_changes, remind
from .window import StepReport, Window, close_window, open_window
from .write_turns import turns_for_other_writers

log = logging.getLogger("opsdesk.schedule")


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
    return StepReport("risk-dates", created=recompute_risk_dates())


def run_tick(
    as_of: date | None = None, now: datetime | None = None, only_changes: bool = False
) -> TickReport:
    """One pass: the whole of `as_of` in the organisation's timezone, or everything up to now.

    Reminders, their clearing and the risk-dates repair read every run (17 s of CPU at 10,000
    active runs). With `only_changes`, the scheduler's minute-by-minute rounds, a pass after
    today's first reads only the runs changed since the previous pass began (see reach.py)."""
    started = timezone.now()
    with turns_for_other_writers():
        window = open_window(as_of, now)
        reach = reach_for(window.today, started) if only_changes else EVERY_RUN
        steps = [
            generate_recurring(window),
            generate_automatic_runs(window),
            remind(window.today, reach),
            announce_stage_changes(),
        ]
        if reach.every_run:
            steps.append(_repair_risk_dates())
        record_pass(window.today, started, reach)
        close_window(window)
    report = TickReport(window.today, window, started, timezone.now(), steps)
    for step in steps:
        if step.created or step.duplicates or step.skipped or step.failures:
            log.info("tick %s: %s", window.today, step.json())
    return report
