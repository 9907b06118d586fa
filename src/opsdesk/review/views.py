"""The end-of-day review page and its bulk actions: settle or park today's unfinished work."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.shortcuts import redirect, render

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.dates import parse_date
from opsdesk.domain.errors import DomainError, InvalidInput
from opsdesk.web.access import page, write_action
from opsdesk.web.acted import remember
from opsdesk.web.context import base_context, page_day, page_scope, safe_next, scope_toggle
from opsdesk.web.rerender import keep_refusal, pending_refusal, refusal_of

from .queries import end_of_day_context, unfinished_tasks
from .services import bulk


def _tasks(n: int) -> str:
    return "1 task" if n == 1 else f"{n} tasks"


def _day(value) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def _ids(values: list[str]) -> list[int]:
    ids = [whole_number(v) for v in values]
    if None in ids:
        raise InvalidInput("Pick tasks from the list.", field="taskIds")
    return ids


def _complete(request, ids):
    result = bulk.bulk_complete(request.user, task_ids=ids)
    if result.changed:
        messages.success(request, f"Completed {_tasks(len(result.changed))}.")
    for refused in result.refused:
        messages.error(request, f"Not completed: “{refused['description']}”: {refused['message']}")


def _waiting(request, ids):
    post = request.POST
    result = bulk.bulk_wait(
        request.user,
        task_ids=ids,
        waiting_for=post.get("waitingFor", ""),
        follow_up_at=post.get("followUpAt"),
        note=post.get("note", ""),
    )
    first = result.changed[0]
    messages.success(
        request,
        f"{_tasks(len(result.changed))} waiting on {first.waiting_for}; "
        f"follow up on {_day(first.follow_up_at)}.",
    )


def _reassign(request, ids):
    value = request.POST.get("assigneeId", "")
    assignee_id = whole_number(value)
    if value and assignee_id is None:
        raise InvalidInput("Pick the person from the list.", field="assigneeId")
    result = bulk.bulk_reassign(request.user, task_ids=ids, assignee_id=assignee_id)
    person = get_user_model().objects.filter(pk=assignee_id).first() if assignee_id else None
    whom = f"to {person.name or person.email}" if person else "as unassigned"
    messages.success(request, f"{_tasks(len(result.changed))} reassigned {whom}.")


def _reschedule(request, ids):
    result = bulk.bulk_reschedule(request.user, task_ids=ids, due=request.POST.get("date"))
    due = parse_date(request.POST.get("date"), "date")
    messages.success(request, f"{_tasks(len(result.changed))} moved to {_day(due)}.")


def _selected(request, back: str) -> list[int]:
    """The ticked tasks, or with "select all" every unfinished task the page was showing."""
    if request.POST.get("all") != "1":
        return _ids(request.POST.getlist("taskIds"))
    query = QueryDict(urlsplit(back).query)
    today, _, _ = page_day(query)
    tasks, _ = unfinished_tasks(request.user, page_scope(query), today, bulk.MAX_SELECTION)
    return [t["id"] for t in tasks]


ACTIONS = {
    "waiting": _waiting,
    "reassign": _reassign,
    "reschedule": _reschedule,
    "complete": _complete,
}


def render_review(request, query, refusal=None):
    context = base_context(request, "review", query, "review:review")
    scope = page_scope(query)
    context.update(end_of_day_context(request.user, context["today"], scope), scope=scope)
    if refusal:
        context["review"].update(
            error=refusal.message,
            errorAction=refusal.action,
            selected=refusal.values.pop("taskIds"),
            typed=refusal.values,
        )
    context["scope_query"] = scope_toggle(query, scope)
    return render(request, "review/review.html", context)


@page
def review_page(request):
    return render_review(request, request.GET, pending_refusal(request))


@write_action
def bulk_action(request):
    back = safe_next(request, request.POST.get("back"), "/review/")
    action = request.POST.get("action", "")
    try:
        if action not in ACTIONS:
            raise InvalidInput("Choose what to do with the selected tasks.", field="action")
        ACTIONS[action](request, _selected(request, back))
    except DomainError as error:
        return _refused(request, back, action, error)
    anchor = _anchor(request.POST.get("anchor"))
    remember(request, anchor)
    return redirect(f"{back.split('#')[0]}#{anchor}")


def _anchor(value: str | None) -> str:
    """Where the page shows the outcome: the form may name its element; else the review."""
    value = value or ""
    return value if value.replace("-", "").isalnum() and len(value) <= 40 else "end-of-day"


def _refused(request, back: str, action: str, error: DomainError):
    """The review again, as the person left it: their selection, what they typed, and why not."""
    post = request.POST
    refusal = refusal_of(request, "end-of-day", action, error)
    refusal.values["taskIds"] = [n for v in post.getlist("taskIds") if (n := whole_number(v))]
    query = QueryDict(urlsplit(back).query).urlencode()
    # The review page shows the whole selection again, so the refusal goes there even when
    # the bulk form was on the dashboard.
    return keep_refusal(request, f"/review/?{query}" if query else "/review/", refusal)
