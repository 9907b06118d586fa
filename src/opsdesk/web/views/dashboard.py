"""The dashboard: late, follow-ups due, today, waiting, upcoming, runs at risk, active runs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from opsdesk.gaps.review import end_of_day_context
from opsdesk.runs.dashboard import dashboard
from opsdesk.runs.models import Run

from .. import notifications_source
from ..access import page
from ..context import base_context
from ..rerender import renders
from ..task_cards import follow_up_default, missing_link_label

SECTIONS = (
    ("overdue", "Overdue", "Nothing is late."),
    ("followUpsDue", "Follow-ups due", "No follow-ups due."),
    ("today", "Today", "Nothing else is due today."),
    ("waiting", "Waiting", "Nobody is being waited on."),
    ("upcoming", "Upcoming (7 days)", "Nothing is due in the next 7 days."),
)
# The task list's state filter for each section, for its "see all" link.
SECTION_STATES = {
    "overdue": "overdue",
    "followUpsDue": "follow-up-due",
    "today": "today",
    "waiting": "waiting",
    "upcoming": "upcoming",
}
# A page shows the first few of each list (each row carries its action forms); the counts and
# "see all" links cover the rest.
ROWS_PER_SECTION = 15


@renders("web:dashboard")
def render_dashboard(request, query, refusal):
    context = base_context(request, "dashboard", query, "web:dashboard")
    scope = "all" if query.get("scope") == "all" else "mine"
    board = dashboard(request.user, scope, context["today"], limit=ROWS_PER_SECTION)
    for key, _, _ in SECTIONS:
        for task in board[key]:
            task["followUpDefault"] = follow_up_default(task, context["today"])
            task["linkLabel"] = missing_link_label(task)
    context.update(
        board=board,
        scope=scope,
        sections=[
            {
                "key": key,
                "title": title,
                "empty": empty,
                "tasks": board[key],
                "total": board["counts"][key],
                "more": _see_all(key, scope, query),
            }
            for key, title, empty in SECTIONS
        ],
        refusal=refusal,
        runs=Run.objects.filter(archived_at__isnull=True)
        .exclude(stage="done")
        .only("id", "title")
        .order_by("title"),
        notifications=notifications_source.summary(),
        scope_query=_toggle(query, scope),
    )
    context.update(
        end_of_day_context(request.user, context["today"], scope, limit=ROWS_PER_SECTION)
    )
    return render(request, "web/dashboard.html", context)


def _see_all(key: str, scope: str, query) -> str:
    params = {"state": SECTION_STATES[key]}
    if scope == "mine":
        params["assignee"] = "mine"
    if query.get("asOf"):
        params["asOf"] = query["asOf"]
    return "/tasks/?" + urlencode(params)


def _toggle(query, scope: str) -> str:
    other = query.copy()
    other["scope"] = "mine" if scope == "all" else "all"
    return other.urlencode()


@page
def dashboard_page(request):
    return render_dashboard(request, request.GET, None)
