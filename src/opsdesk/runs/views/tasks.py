"""The task list with filters, and one task on a page of its own (standalone tasks live here)."""

from __future__ import annotations

from django.shortcuts import render

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.task_rules import OPEN
from opsdesk.runs.filters import STATES, TaskFilter
from opsdesk.runs.models import TASK_SOURCES, Run, Task, WorkflowTemplate
from opsdesk.runs.queries import task_view, tasks_json
from opsdesk.runs.task_rows import TaskRow, row_values, task_rows
from opsdesk.web.access import not_found, page
from opsdesk.web.context import base_context
from opsdesk.web.paging import page_links
from opsdesk.web.rerender import pending_refusal, renders

from .run_picks import run_filter
from .task_cards import active_users, task_cards

LIMIT = 50
# Matches are counted up to here: past it the page says "more than", and counting every open
# task of 10,000 runs would cost more than the page it is for.
COUNTED = 10_000
FILTERS = ("from", "to", "assignee", "template", "source", "q", "ref")


def _page_number(query) -> int:
    return min(whole_number(query.get("page")) or 1, 10_000)


def template_choices() -> list[tuple[str, str]]:
    """(type, name) of each template that has runs, by name: people know names, not slugs."""
    used = Run.objects.values("type")
    rows = WorkflowTemplate.objects.filter(type__in=used).order_by("name", "type")
    return list(rows.values_list("type", "name").distinct())


def _counted(matching) -> int:
    """How many tasks match, exactly up to COUNTED; COUNTED + 1 stands for "more"."""
    return matching.order_by()[: COUNTED + 1].count()


def _page_ids(matching, state: str, number: int) -> list[int]:
    """The ids of one page of tasks by due date, read from the status index alone.

    For open tasks each status is read in its own index order and the two are merged: over
    `status IN (...)` the database sorts every open task, which grew with the runs.
    """
    end = number * LIMIT
    if state != "open":
        return list(matching.values_list("id", flat=True)[end - LIMIT : end])
    keys = ("due_date", "position", "id")
    firsts = [list(matching.filter(status=s).values_list(*keys)[:end]) for s in OPEN]
    return [row[2] for row in sorted(row for rows in firsts for row in rows)[end - LIMIT : end]]


def _page_rows(matching, state: str, number: int) -> list[TaskRow]:
    """One page of tasks: the page's ids first, then just those rows with their runs (sorting
    every match with its run's columns grew with the runs)."""
    ids = _page_ids(matching, state, number)
    found = {task.id: task for task in task_rows(row_values(Task.objects.filter(id__in=ids)))}
    return [found[i] for i in ids]


@page
def task_list_page(request):
    return render_task_list(request, request.GET, pending_refusal(request))


@renders("runs:tasks")
def render_task_list(request, query, refusal):
    context = base_context(request, "tasks", query, "runs:tasks")
    context["refusal"] = refusal
    state = query.get("state") if query.get("state") in dict(STATES) else "open"
    data = query.copy()
    data["state"] = state
    run_pick, bundle_id = run_filter(query, context["today"])
    data.setlist("bundleId", [bundle_id] if bundle_id else [])
    chosen = TaskFilter(data, user=request.user, today=context["today"])
    errors = chosen.problems()
    # A link's run id that does not fit is said beside the picker it would have filled.
    run_pick["error"] = run_pick["error"] or errors.pop("bundleId", "")
    matching = chosen.qs.order_by("due_date", "position", "id")
    total = _counted(matching)
    pages = max(1, -(-min(total, COUNTED) // LIMIT))
    number = min(_page_number(query), pages)
    rows = _page_rows(matching, state, number)
    users = active_users()
    context.update(
        tasks=tasks_json(rows, context["today"]),
        total=min(total, COUNTED),
        more_than_counted=total > COUNTED,
        first=(number - 1) * LIMIT + 1 if total else 0,
        last=(number - 1) * LIMIT + len(rows),
        page=number,
        pages=pages,
        page_links=page_links(query, number, pages),
        errors=errors,
        filters={key: query.get(key, "") for key in FILTERS},
        state=state,
        states=STATES,
        users=users,
        names={u.id: u.name or u.email for u in users},
        run_pick=run_pick,
        types=template_choices(),
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
    return render_task(request, request.GET, pending_refusal(request), task_id=task_id)
