"""Derived task states for a given day in the organisation's timezone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .buckets import open_bucket
from .proof import Evidence, ProofRule, unmet_rules
from .task_rules import SETTLED

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
    # The template's words for what puts this task at risk (shown only when it is, see risk).
    at_risk_when: tuple[str, ...] = ()


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
    return open_bucket(task.status, task.due, task.follow_up_at, today)


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
        missing_evidence=bool(unmet) and proof_overdue(task.due, today),
    )


def proof_overdue(due: date, today: date) -> bool:
    """Whether absent proof counts as missing evidence: from the task's due day on (DESIGN's
    "due or past due"), never before, so a run whose work lies ahead is not at risk for it."""
    return due <= today
