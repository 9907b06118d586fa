"""Queries that feed the run detail, run list and dashboard: a few queries per screen, no N+1."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q

from opsdesk.domain.summary import summarise

from .models import LinkSlot, Run, Task
from .serializers import run_json, task_json
from .services.facts import slot_facts, task_facts
from .services.runs import load_run

RUN_STATUSES = ("active", "done", "archived", "all")


def _tasks_with_files(queryset):
    return queryset.select_related("run").annotate(file_count=Count("files"))


def _run_view(run, slots, tasks, today: date, include_tasks: bool) -> dict:
    urls = {s.name: s.url for s in slots}
    facts = [task_facts(t, urls, t.file_count) for t in tasks]
    summary = summarise(facts, slot_facts(slots), today)
    listed = [task_json(t, urls, today, t.file_count) for t in tasks] if include_tasks else None
    return run_json(run, slots, summary, listed)


def run_detail(run_id: int, today: date) -> dict:
    run = load_run(run_id)
    slots = list(run.slots.all())
    tasks = list(_tasks_with_files(run.tasks.order_by("position", "id")))
    return _run_view(run, slots, tasks, today, include_tasks=True)


def _runs_filtered(status: str):
    runs = Run.objects.all()
    if status == "active":
        return runs.filter(archived_at__isnull=True).exclude(stage="done")
    if status == "done":
        return runs.filter(archived_at__isnull=True, stage="done")
    if status == "archived":
        return runs.filter(archived_at__isnull=False)
    return runs


def run_views(runs: list[Run], today: date, include_tasks: bool = False) -> list[dict]:
    """Summaries of many runs with three queries in all."""
    ids = [r.id for r in runs]
    slots, tasks = defaultdict(list), defaultdict(list)
    for slot in LinkSlot.objects.filter(run_id__in=ids):
        slots[slot.run_id].append(slot)
    for task in _tasks_with_files(Task.objects.filter(run_id__in=ids).order_by("position", "id")):
        tasks[task.run_id].append(task)
    return [_run_view(r, slots[r.id], tasks[r.id], today, include_tasks) for r in runs]


def list_runs(status: str, today: date) -> list[dict]:
    runs = list(_runs_filtered(status).order_by("anchor_date", "id"))
    return run_views(runs, today)


def task_view(task: Task, today: date) -> dict:
    urls = dict(task.run.slots.values_list("name", "url")) if task.run_id else {}
    return task_json(task, urls, today, task.files.count())


def open_tasks_for(user, scope: str):
    """Open tasks of active runs and standalone tasks; 'mine' adds the unassigned ones."""
    tasks = Task.objects.filter(status__in=("todo", "waiting")).filter(
        Q(run__isnull=True) | Q(run__archived_at__isnull=True)
    )
    if scope == "mine":
        tasks = tasks.filter(Q(assignee=user) | Q(assignee__isnull=True))
    return _tasks_with_files(tasks.order_by("due_date", "position", "id"))
