"""Insights per person: open work, what is overdue today, and what was done lately."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from .insights import TaskRow
from .measures import local_day
from .task_rules import DONE, OPEN, WAITING

RECENT_DAYS = 30


@dataclass(frozen=True)
class PersonMeasures:
    assignee_id: int | None
    open: int
    overdue: int
    done_last_30_days: int


def is_overdue(task: TaskRow, today: date) -> bool:
    """Open and past due; a waiting task is not overdue while its follow-up date is ahead."""
    if task.status not in OPEN or task.due >= today:
        return False
    return not (task.status == WAITING and task.follow_up_at and task.follow_up_at > today)


def people_measures(tasks: list[TaskRow], today: date, timezone: str) -> list[PersonMeasures]:
    """Per assignee (None: nobody): open tasks, overdue today, done in the last 30 days."""
    since = today - timedelta(days=RECENT_DAYS - 1)
    by_person: dict[int | None, list[TaskRow]] = defaultdict(list)
    for task in tasks:
        by_person[task.assignee_id].append(task)
    rows = []
    for person, own in by_person.items():
        recent = [
            t
            for t in own
            if t.status == DONE
            and t.completed_at
            and since <= local_day(t.completed_at, timezone) <= today
        ]
        rows.append(
            PersonMeasures(
                assignee_id=person,
                open=sum(1 for t in own if t.status in OPEN),
                overdue=sum(1 for t in own if is_overdue(t, today)),
                done_last_30_days=len(recent),
            )
        )
    return sorted(rows, key=person_order)


def person_order(person: PersonMeasures) -> tuple:
    """Most overdue first, then most open; nobody's tasks last among equals, then by id."""
    return (-person.overdue, -person.open, person.assignee_id is None, person.assignee_id or 0)
