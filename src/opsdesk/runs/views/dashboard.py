"""The dashboard: late, follow-ups due, today, waiting, upcoming, runs at risk, active runs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from opsdesk.domain.buckets import BUCKETS
from opsdesk.runs.dashboard import dashboard
from opsdesk.runs.queries import active_runs
from opsdesk.web.access import page
from opsdesk.web.context import base_context, page_scope, scope_toggle
from opsdesk.web.rerender import renders

from .task_cards import follow_up_default, missing_link_label

# A page shows the first few of each list (each row carries its action forms); the counts and
# "see all" links cover the rest.
ROWS_PER_SECTION = 15


@renders("runs:dashboard")
def render_dashboard(request, query, refusal):
    context = base_context(request, "dashboard", query, "runs:dashboard")
    scope = page_scope(query)
    board = dashboard(request.user, scope, context["today"], limit=ROWS_PER_SECTION)
    for bucket in BUCKETS:
        for task in board[bucket.api_name]:
            task["followUpDefault"] = follow_up_default(task, context["today"])
            task["linkLabel"] = missing_link_label(task)
    context.update(
        board=board,
        scope=scope,
        sections=[
            {
                "key": bucket.api_name,
                "title": bucket.title,
                "empty": bucket.empty,
                "tasks": board[bucket.api_name],
                "total": board["counts"][bucket.api_name],
                "more": _see_all(bucket.key, scope, query),
            }
            for bucket in BUCKETS
        ],
        refusal=refusal,
        runs=active_runs().only("id", "title").order_by("title"),
        scope_query=scope_toggle(query, scope),
        rows_per_section=ROWS_PER_SECTION,
    )
    return render(request, "runs/dashboard.html", context)


def _see_all(state: str, scope: str, query) -> str:
    params = {"state": state}
    if scope == "mine":
        params["assignee"] = "mine"
    if query.get("asOf"):
        params["asOf"] = query["asOf"]
    return "/tasks/?" + urlencode(params)


@page
def dashboard_page(request):
    return render_dashboard(request, request.GET, None)
