"""The task list with filters, and one task on a page of its own (standalone tasks live here)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.shortcuts import render

from opsdesk.domain.dates import parse_date
from opsdesk.domain.errors import DomainError
from opsdesk.runs.models import TASK_SOURCES, LinkSlot, Run, Task
from opsdesk.runs.serializers import task_json

from ..access import not_found, page
from ..context import base_context
from ..rerender import renders
from ..task_cards import active_users, task_cards

LIMIT = 300
STATES = (
    ("open", "Open (not done)"),
    ("overdue", "Overdue"),
    ("follow-up-due", "Follow-up due"),
    ("today", "Due today"),
    ("waiting", "Waiting"),
    ("upcoming", "Upcoming (7 days)"),
    ("later", "Later"),
    ("settled", "Done or skipped"),
    ("any", "Any state"),
)


def _date_filter(query, name: str, errors: dict):
    text = (query.get(name) or "").strip()
    if not text:
        return None
    try:
        return parse_date(text, name)
    except DomainError as error:
        errors[name] = error.message
        return None


def _filtered(query, errors: dict):
    tasks = Task.objects.select_related("run").annotate(file_count=Count("files"))
    start, end = _date_filter(query, "from", errors), _date_filter(query, "to", errors)
    if start:
        tasks = tasks.filter(due_date__gte=start)
    if end:
        tasks = tasks.filter(due_date__lte=end)
    assignee = query.get("assignee", "")
    if assignee == "none":
        tasks = tasks.filter(assignee__isnull=True)
    elif assignee.isdigit():
        tasks = tasks.filter(assignee_id=int(assignee))
    run = query.get("workflow", "")
    if run.isdigit():
        tasks = tasks.filter(run_id=int(run))
    if query.get("template"):
        tasks = tasks.filter(run__type=query["template"])
    if query.get("source") in dict(TASK_SOURCES):
        tasks = tasks.filter(source=query["source"])
    text = (query.get("q") or "").strip()
    if text:
        tasks = tasks.filter(Q(description__icontains=text) | Q(run__title__icontains=text))
    return tasks.order_by("due_date", "position", "id")


def _with_state(tasks, today, state: str) -> list[dict]:
    tasks = list(tasks[: LIMIT * 4])
    urls: dict[int, dict[str, str]] = defaultdict(dict)
    for slot in LinkSlot.objects.filter(run_id__in={t.run_id for t in tasks if t.run_id}):
        urls[slot.run_id][slot.name] = slot.url
    items = [task_json(t, urls[t.run_id], today, t.file_count) for t in tasks]
    if state == "open":
        return [t for t in items if t["state"] != "settled"]
    if state != "any":
        return [t for t in items if t["state"] == state]
    return items


@page
def task_list_page(request):
    query = request.GET
    context = base_context(request, "tasks", query, "web:tasks")
    errors: dict[str, str] = {}
    state = query.get("state") if query.get("state") in dict(STATES) else "open"
    items = _with_state(_filtered(query, errors), context["today"], state)
    users = active_users()
    context.update(
        tasks=items[:LIMIT],
        truncated=len(items) > LIMIT,
        errors=errors,
        filters={
            key: query.get(key, "")
            for key in ("from", "to", "assignee", "workflow", "template", "source", "q")
        },
        state=state,
        states=STATES,
        users=users,
        names={u.id: u.name or u.email for u in users},
        runs=Run.objects.order_by("-anchor_date", "id")[:200],
        types=Run.objects.order_by("type").values_list("type", flat=True).distinct(),
        sources=TASK_SOURCES,
    )
    return render(request, "web/tasks.html", context)


@renders("web:task")
def render_task(request, query, refusal, task_id: int):
    context = base_context(request, "tasks", query, "web:task", task_id=task_id)
    task = (
        Task.objects.select_related("run")
        .annotate(file_count=Count("files"))
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        return not_found(request, f"No task with id {task_id}.")
    urls = dict(task.run.slots.values_list("name", "url")) if task.run_id else {}
    users = active_users()
    item = task_json(task, urls, context["today"], task.file_count)
    context.update(
        card=task_cards([item], context["today"], users)[0], users=users, refusal=refusal
    )
    return render(request, "web/task_page.html", context)


@page
def task_page(request, task_id: int):
    return render_task(request, request.GET, None, task_id=task_id)
