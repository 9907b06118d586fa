"""Derived task states for a given day in the organisation's timezone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .proof import Evidence, ProofRule, unmet_rules
from .task_rules import SETTLED, TODO, WAITING

UPCOMING_DAYS = 7
# Severity steps at 1, 3 and 7 days late.
_SEVERITY_STEPS = ((7, "critical"), (3, "serious"), (1, "late"))


@dataclass(frozen=True)
class TaskFacts:
    """What the rules need to know about one task."""

    id: int
    position: int
    description: str
    due: date
    status: str
    follow_up_at: date | None = None
    proof: tuple[ProofRule, ...] = ()
    evidence: Evidence = Evidence()


@dataclass(frozen=True)
class TaskState:
    """Where a task stands today: one bucket, lateness, and what proof is still absent."""

    bucket: str  # settled | follow-up-due | overdue | today | waiting | upcoming | later
    days_late: int
    severity: str | None
    unmet: tuple[ProofRule, ...]
    missing_evidence: bool


def severity(days_late: int) -> str | None:
    """None when on time, then late, serious and critical after 1, 3 and 7 days."""
    return next((name for days, name in _SEVERITY_STEPS if days_late >= days), None)


def _bucket(task: TaskFacts, today: date) -> str:
    if task.status in SETTLED:
        return "settled"
    if task.status == WAITING:
        # A waiting task is judged by its follow-up date, not its due date.
        if task.follow_up_at is not None and task.follow_up_at <= today:
            return "follow-up-due"
        return "waiting"
    if task.due < today:
        return "overdue"
    if task.due == today:
        return "today"
    if (task.due - today).days <= UPCOMING_DAYS:
        return "upcoming"
    return "later"


def task_state(task: TaskFacts, today: date) -> TaskState:
    """The derived state of `task` on `today`."""
    bucket = _bucket(task, today)
    settled = bucket == "settled"
    days_late = max(0, (today - task.due).days) if not settled else 0
    unmet = () if settled else unmet_rules(task.proof, task.evidence)
    return TaskState(
        bucket=bucket,
        days_late=days_late if bucket == "overdue" else 0,
        severity=severity(days_late) if bucket == "overdue" else None,
        unmet=unmet,
        missing_evidence=bool(unmet) and task.due <= today,
    )


@dataclass(frozen=True)
class BucketWindow:
    """An open-task bucket as a date range, so a database can select it directly.

    Tasks with one of `statuses` whose `field` ("due" or "follow_up") lies after `after`
    (exclusive) and up to `until` (inclusive); `or_unset` also admits a missing follow-up date.
    """

    statuses: tuple[str, ...]
    field: str
    after: date | None
    until: date | None
    or_unset: bool = False


def bucket_windows(today: date) -> dict[str, BucketWindow]:
    """The same buckets as `task_state`, written as date windows for `today`."""
    day = timedelta(days=1)
    return {
        "overdue": BucketWindow((TODO,), "due", None, today - day),
        "today": BucketWindow((TODO,), "due", today - day, today),
        "upcoming": BucketWindow((TODO,), "due", today, today + UPCOMING_DAYS * day),
        "follow-up-due": BucketWindow((WAITING,), "follow_up", None, today),
        "waiting": BucketWindow((WAITING,), "follow_up", today, None, or_unset=True),
    }


def state_windows(today: date) -> dict[str, BucketWindow]:
    """Every open-task bucket as a window, `later` included (for filtering lists by state)."""
    later = BucketWindow((TODO,), "due", today + timedelta(days=UPCOMING_DAYS), None)
    return {**bucket_windows(today), "later": later}
