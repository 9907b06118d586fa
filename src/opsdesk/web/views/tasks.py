"""The task list with filters, and one task on a page of its own (standalone tasks live here)."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import render

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.dates import parse_date
from opsdesk.domain.errors import DomainError
from opsdesk.domain.states import state_windows
from opsdesk.domain.task_rules import OPEN, SETTLED
from opsdesk.runs.board import window_filter
from opsdesk.runs.models import TASK_SOURCES, Run, Task
from opsdesk.runs.queries import for_display, task_view, tasks_json

from ..access import not_found, page
from ..context import base_context
from ..rerender import renders
from ..task_cards import active_users, task_cards

LIMIT = 100
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


def _filtered(query, errors: dict, user):
    tasks = Task.objects.all()
    start, end = _date_filter(query, "from", errors), _date_filter(query, "to", errors)
    if start:
        tasks = tasks.filter(due_date__gte=start)
    if end:
        tasks = tasks.filter(due_date__lte=end)
    assignee = query.get("assignee", "")
    if assignee == "none":
        tasks = tasks.filter(assignee__isnull=True)
    elif assignee == "mine":
        tasks = tasks.filter(Q(assignee=user) | Q(assignee__isnull=True))
    elif whole_number(assignee):
        tasks = tasks.filter(assignee_id=whole_number(assignee))
    if whole_number(query.get("workflow")):
        tasks = tasks.filter(run_id=whole_number(query.get("workflow")))
    if query.get("template"):
        tasks = tasks.filter(run__type=query["template"])
    if query.get("source") in dict(TASK_SOURCES):
        tasks = tasks.filter(source=query["source"])
    text = (query.get("q") or "").strip()
    if text:
        tasks = tasks.filter(Q(description__icontains=text) | Q(run__title__icontains=text))
    return tasks.order_by("due_date", "position", "id")


def _in_state(tasks, today, state: str):
    """Narrow to a state in the database, so a page of results is a page of matches."""
    if state == "open":
        return tasks.filter(status__in=OPEN)
    if state == "settled":
        return tasks.filter(status__in=SETTLED)
    windows = state_windows(today)
    return tasks.filter(window_filter(windows[state])) if state in windows else tasks


def _page_number(query) -> int:
    return min(whole_number(query.get("page")) or 1, 10_000)


def _page_link(query, number: int) -> str:
    params = query.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


@page
def task_list_page(request):
    query = request.GET
    context = base_context(request, "tasks", query, "web:tasks")
    errors: dict[str, str] = {}
    state = query.get("state") if query.get("state") in dict(STATES) else "open"
    matching = _in_state(_filtered(query, errors, request.user), context["today"], state)
    number = _page_number(query)
    rows = list(for_display(matching)[(number - 1) * LIMIT : number * LIMIT + 1])
    users = active_users()
    context.update(
        tasks=tasks_json(rows[:LIMIT], context["today"]),
        page=number,
        previous_page=_page_link(query, number - 1) if number > 1 else None,
        next_page=_page_link(query, number + 1) if len(rows) > LIMIT else None,
        errors=errors,
        filters={
            key: query.get(key, "")
            for key in ("from", "to", "assignee", "workflow", "template", "source", "q")
        },
        state=state,
        states=STATES,
        users=users,
        names={u.id: u.name or u.email for u in users},
        runs=Run.objects.only("id", "title", "anchor_date").order_by("-anchor_date", "id")[:200],
        types=Run.objects.order_by("type").values_list("type", flat=True).distinct(),
        sources=TASK_SOURCES,
    )
    return render(request, "web/tasks.html", context)


@renders("web:task")
def render_task(request, query, refusal, task_id: int):
    context = base_context(request, "tasks", query, "web:task", task_id=task_id)
    task = Task.objects.select_related("run").filter(pk=task_id).first()
    if task is None:
        return not_found(request, f"No task with id {task_id}.")
    users = active_users()
    item = task_view(task, context["today"])
    context.update(
        card=task_cards([item], context["today"], users)[0], users=users, refusal=refusal
    )
    return render(request, "web/task_page.html", context)


@page
def task_page(request, task_id: int):
    return render_task(request, request.GET, None, task_id=task_id)
