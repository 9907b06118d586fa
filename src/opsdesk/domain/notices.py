"""Whether a notification still tells the truth about the task it announced.

A notice names a task and the day it was about (due day, follow-up day). Once the task settles,
moves to another day or leaves the state the notice announced, the notice no longer applies:
it leaves the unread list and stays in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .proof import unmet_rules
from .states import TaskFacts, task_state
from .task_rules import SETTLED, WAITING

DAY_KINDS = ("task-due", "task-overdue", "follow-up-due", "missing-evidence")
TASK_KINDS = (*DAY_KINDS, "recurring-due")


@dataclass(frozen=True)
class Notice:
    """What a notification said: its kind, the day it was about and, if late, how late."""

    kind: str
    day: date | None = None
    severity: str = ""


def notice_still_true(notice: Notice, task: TaskFacts | None) -> bool:
    """Whether what `notice` announced about `task` (None when gone) still holds, whatever the
    day: the task is open, on the same day, and (for proof) still without it."""
    if notice.kind not in TASK_KINDS:
        return True
    if task is None or task.status in SETTLED:
        return False
    if notice.kind == "recurring-due":
        return True
    # A notice whose day is unknown is judged on the task alone.
    same_day = notice.day is None or notice.day == (
        task.follow_up_at if notice.kind == "follow-up-due" else task.due
    )
    if not same_day:
        return False
    if notice.kind == "follow-up-due":
        return task.status == WAITING
    if notice.kind == "missing-evidence":
        return bool(unmet_rules(task.proof, task.evidence))
    return True


def notice_applies(notice: Notice, task: TaskFacts | None, today: date) -> bool:
    """`notice_still_true`, and on `today` the task is still in the state announced: a "due
    today" notice ends with its day, an overdue one when the next severity is announced."""
    if not notice_still_true(notice, task):
        return False
    if notice.kind not in DAY_KINDS:
        return True
    state = task_state(task, today)
    if notice.kind == "task-due":
        return state.bucket == "today"
    if notice.kind == "task-overdue":
        return state.bucket == "overdue" and state.severity == notice.severity
    if notice.kind == "follow-up-due":
        return state.bucket == "follow-up-due"
    return state.missing_evidence


def link_notice_applies(slot_url: str | None, run_active: bool) -> bool:
    """A notice about an empty link slot holds while the slot exists, is empty and the run runs."""
    return run_active and slot_url is not None and not slot_url.strip()
