"""The task buckets and the dashboard's risk questions answered by the database.

The rules stay in the domain (`opsdesk.domain.buckets`, `summarise`); this module only turns
them into queries so a board over a thousand runs does not load twenty thousand rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Q

from opsdesk.domain.buckets import BUCKETS, BucketWindow, windows
from opsdesk.domain.stages import suppressed_slots
from opsdesk.domain.states import task_state
from opsdesk.domain.summary import slot_overdue

from .facts import bound_slots, task_facts
from .models import LinkSlot, Task
from .queries import attach_file_counts, slot_urls_by_run

# The domain's names for task fields, as the database calls them.
COLUMNS = {"due": "due_date", "follow_up": "follow_up_at", "position": "position", "id": "id"}


def window_filter(window: BucketWindow, prefix: str = "") -> Q:
    """The tasks inside `window`, as a filter (`prefix` reaches tasks through a relation)."""
    field = prefix + COLUMNS[window.field]
    span = Q()
    if window.after is not None:
        span &= Q(**{f"{field}__gt": window.after})
    if window.until is not None:
        span &= Q(**{f"{field}__lte": window.until})
    if window.or_unset:
        span |= Q(**{f"{field}__isnull": True})
    return Q(**{f"{prefix}status__in": window.statuses}) & span


def in_state(tasks, state: str, today: date):
    """`tasks` narrowed to one bucket (or `later`) on `today`."""
    return tasks.filter(window_filter(windows(today)[state]))


def sorted_as(tasks, order: tuple[str, ...]):
    return tasks.order_by(*(COLUMNS[name] for name in order))


def bucket_counts(tasks, today: date) -> dict[str, int]:
    """How many tasks fall in each bucket: one indexed count per window beats one full scan."""
    return {b.key: in_state(tasks, b.key, today).count() for b in BUCKETS}


def runs_late_or_chased(active_runs, today: date) -> set[int]:
    """Runs with an overdue task or a follow-up due, found through the status/date indexes."""
    by_key = windows(today)
    late = window_filter(by_key["overdue"]) | window_filter(by_key["follow-up-due"])
    return set(
        Task.objects.filter(late, run__in=active_runs)
        .order_by()
        .values_list("run_id", flat=True)
        .distinct()
    )


def _runs_missing_task_proof(run_ids: list[int], today: date) -> set[int]:
    """Runs with a past-due task (not already late or chased) whose proof is absent: only a
    waiting task can be past due without being overdue or follow-up due."""
    past_due = window_filter(windows(today)["waiting"]) & Q(due_date__lt=today)
    tasks = attach_file_counts(list(Task.objects.filter(past_due, run_id__in=run_ids)))
    urls = slot_urls_by_run(t.run_id for t in tasks)
    return {
        t.run_id
        for t in tasks
        if task_state(task_facts(t, urls[t.run_id], t.file_count), today).missing_evidence
    }


def _runs_missing_slots(run_ids: list[int], today: date) -> set[int]:
    """Runs with an empty required slot whose filling task is due, unless a skip released it."""
    empty = defaultdict(dict)
    for run_id, name, due in LinkSlot.objects.filter(
        run_id__in=run_ids, required=True, url="", due_date__lte=today
    ).values_list("run_id", "name", "due_date"):
        empty[run_id][name] = due
    tasks = defaultdict(list)
    for task in Task.objects.filter(run_id__in=list(empty)).only(
        "run_id", "status", "skip_reason", "definition"
    ):
        tasks[task.run_id].append(task)
    return {
        run_id for run_id, slots in empty.items() if _any_slot_missing(slots, tasks[run_id], today)
    }


def _any_slot_missing(slots: dict[str, date], tasks: list[Task], today: date) -> bool:
    released = suppressed_slots(tasks)
    return any(
        slot_overdue(due, [t for t in tasks if name in bound_slots(t)], today)
        for name, due in slots.items()
        if name not in released
    )


def at_risk_run_ids(run_ids: list[int], today: date, late_or_chased: set[int]) -> set[int]:
    """Runs with anything overdue, a follow-up due, or missing evidence — as `summarise` says."""
    rest = [r for r in run_ids if r not in late_or_chased]
    return late_or_chased | _runs_missing_task_proof(rest, today) | _runs_missing_slots(rest, today)
