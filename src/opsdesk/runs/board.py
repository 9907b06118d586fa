"""The dashboard's questions answered by the database: bucket windows and per-run risk counts.

The rules stay in the domain (`bucket_windows`, `summarise`); this module only turns them into
queries so a board over a thousand runs does not load twenty thousand rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q

from opsdesk.domain.stages import suppressed_slots
from opsdesk.domain.states import BucketWindow, bucket_windows, task_state
from opsdesk.domain.task_rules import SETTLED, TODO, WAITING

from .models import LinkSlot, Task
from .queries import attach_file_counts, slot_urls_by_run
from .services.facts import task_facts


def window_filter(window: BucketWindow, prefix: str = "") -> Q:
    field = prefix + ("due_date" if window.field == "due" else "follow_up_at")
    span = Q()
    if window.after is not None:
        span &= Q(**{f"{field}__gt": window.after})
    if window.until is not None:
        span &= Q(**{f"{field}__lte": window.until})
    if window.or_unset:
        span |= Q(**{f"{field}__isnull": True})
    return Q(**{f"{prefix}status__in": window.statuses}) & span


def bucket_counts(tasks, today: date) -> dict[str, int]:
    windows = bucket_windows(today)
    return tasks.aggregate(
        **{
            name.replace("-", "_"): Count("id", filter=window_filter(w))
            for name, w in windows.items()
        }
    )


def run_counts(run_ids: list[int], today: date) -> dict[int, dict]:
    """Per run: total, settled, overdue and follow-ups due, in one grouped query."""
    windows = bucket_windows(today)
    rows = (
        Task.objects.filter(run_id__in=run_ids)
        .values("run_id")
        .annotate(
            total=Count("id"),
            settled=Count("id", filter=Q(status__in=SETTLED)),
            overdue=Count("id", filter=window_filter(windows["overdue"])),
            follow_ups_due=Count("id", filter=window_filter(windows["follow-up-due"])),
        )
    )
    return {row["run_id"]: row for row in rows}


def _runs_missing_task_proof(run_ids: list[int], today: date) -> set[int]:
    """Runs with a due, open task (not already late or chased) whose proof is absent."""
    due_open = Q(status=TODO, due_date=today) | (
        Q(status=WAITING, due_date__lte=today)
        & (Q(follow_up_at__gt=today) | Q(follow_up_at__isnull=True))
    )
    tasks = attach_file_counts(list(Task.objects.filter(due_open, run_id__in=run_ids)))
    urls = slot_urls_by_run(t.run_id for t in tasks)
    return {
        t.run_id
        for t in tasks
        if task_state(task_facts(t, urls[t.run_id], t.file_count), today).missing_evidence
    }


def _runs_missing_slots(run_ids: list[int], today: date) -> set[int]:
    """Runs with an empty required slot whose filling task is due, unless a skip released it."""
    empty = defaultdict(set)
    for run_id, name in LinkSlot.objects.filter(
        run_id__in=run_ids, required=True, url="", due_date__lte=today
    ).values_list("run_id", "name"):
        empty[run_id].add(name)
    skipped = defaultdict(list)
    for task in Task.objects.filter(run_id__in=list(empty), status="skipped").only(
        "run_id", "status", "skip_reason", "definition"
    ):
        skipped[task.run_id].append(task)
    return {run_id for run_id, names in empty.items() if names - suppressed_slots(skipped[run_id])}


def at_risk_run_ids(run_ids: list[int], today: date, counts: dict[int, dict]) -> set[int]:
    """Runs with anything overdue, a follow-up due, or missing evidence — as `summarise` says."""
    risky = {r for r, c in counts.items() if c["overdue"] or c["follow_ups_due"]}
    rest = [r for r in run_ids if r not in risky]
    return risky | _runs_missing_task_proof(rest, today) | _runs_missing_slots(rest, today)
