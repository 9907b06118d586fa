"""The task list with filters, and one task on a page of its own (standalone tasks live here)."""

from __future__ import annotations

from django.shortcuts import render

from opsdesk.domain.bounds import whole_number
from opsdesk.runs.filters import STATES, TaskFilter
from opsdesk.runs.models import TASK_SOURCES, Run, Task
from opsdesk.runs.queries import for_display, task_view, tasks_json
from opsdesk.web.access import not_found, page
from opsdesk.web.context import base_context
from opsdesk.web.rerender import renders

from .task_cards import active_users, task_cards

LIMIT = 100
FILTERS = ("from", "to", "assignee", "bundleId", "template", "source", "q")


def _page_number(query) -> int:
    return min(whole_number(query.get("page")) or 1, 10_000)


def _page_link(query, number: int) -> str:
    params = query.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


@page
def task_list_page(request):
    query = request.GET
    context = base_context(request, "tasks", query, "runs:tasks")
    state = query.get("state") if query.get("state") in dict(STATES) else "open"
    data = query.copy()
    data["state"] = state
    chosen = TaskFilter(data, user=request.user, today=context["today"])
    matching = chosen.qs.order_by("due_date", "position", "id")
    number = _page_number(query)
    rows = list(for_display(matching)[(number - 1) * LIMIT : number * LIMIT + 1])
    users = active_users()
    context.update(
        tasks=tasks_json(rows[:LIMIT], context["today"]),
        page=number,
        previous_page=_page_link(query, number - 1) if number > 1 else None,
        next_page=_page_link(query, number + 1) if len(rows) > LIMIT else None,
        errors=chosen.problems(),
        filters={key: query.get(key, "") for key in FILTERS},
        state=state,
        states=STATES,
        users=users,
        names={u.id: u.name or u.email for u in users},
        runs=Run.objects.only("id", "title", "anchor_date").order_by("-anchor_date", "id")[:200],
        types=Run.objects.order_by("type").values_list("type", flat=True).distinct(),
        sources=TASK_SOURCES,
    )
    return render(request, "runs/tasks.html", context)


@renders("runs:task")
def render_task(request, query, refusal, task_id: int):
    context = base_context(request, "tasks", query, "runs:task", task_id=task_id)
    task = Task.objects.select_related("run").filter(pk=task_id).first()
    if task is None:
        return not_found(request, f"No task with id {task_id}.")
    users = active_users()
    item = task_view(task, context["today"])
    card = task_cards([item], context["today"], users)[0]
    card["open"] = True  # a task on its own page is never folded
    context.update(card=card, users=users, refusal=refusal)
    return render(request, "runs/task_page.html", context)


@page
def task_page(request, task_id: int):
    return render_task(request, request.GET, None, task_id=task_id)
