"""How much of the workspace a pass reads: every run, or only the runs changed since the last.

Within one day (the organisation's) a task's reminders, a notice's truth and a run's risk dates
change only through writes, and every write is audited. So once a pass has read every run for
today, the scheduler's later rounds read only the runs with audit events since the previous
round began; a new day, an import or demo data make the next round read every run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet

from opsdesk.audit.models import AuditEvent
from opsdesk.domain.schedule import day_bounds

from .clearing import STILL_OPEN
from .models import TickState

# first_pass_from: the start of the day a pass last read every run for;
# through: when the latest pass (of either reach) began.
STATE_NAME = "every-run"


@dataclass(frozen=True)
class Reach:
    """Every run (`changed_since` None), or the runs with audit events after `changed_since`."""

    changed_since: datetime | None = None

    @property
    def every_run(self) -> bool:
        return self.changed_since is None

    def runs_of(self, rows: QuerySet, run_field: str = "run_id") -> QuerySet:
        if self.every_run:
            return rows
        changed = AuditEvent.objects.filter(at__gt=self.changed_since, run__isnull=False)
        return rows.filter(**{f"{run_field}__in": changed.values("run_id")})


EVERY_RUN = Reach()


def _day_start(today: date) -> datetime:
    return day_bounds(today, settings.ORG_TIMEZONE)[0]


def reach_for(today: date, started: datetime) -> Reach:
    """Only the changes, when a pass has read every run for `today` and began before `started`
    (a change is stamped inside a transaction begun at most STILL_OPEN before it commits)."""
    state = TickState.objects.filter(name=STATE_NAME).first()
    if state is None or state.first_pass_from != _day_start(today) or state.through > started:
        return EVERY_RUN
    return Reach(changed_since=state.through - STILL_OPEN)


def record_pass(today: date, started: datetime, reach: Reach) -> None:
    day_start = _day_start(today)
    if reach.every_run:
        TickState.objects.update_or_create(
            name=STATE_NAME, defaults={"first_pass_from": day_start, "through": started}
        )
    else:  # forward only: a concurrent pass may have recorded a later start
        TickState.objects.filter(
            name=STATE_NAME, first_pass_from=day_start, through__lt=started
        ).update(through=started)


def read_every_run_next() -> None:
    """For writes that leave no audit event of their own time (an import, demo data)."""
    TickState.objects.filter(name=STATE_NAME).delete()
