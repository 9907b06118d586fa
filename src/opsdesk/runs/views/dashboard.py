"""The dashboard: act-first work (late, follow-ups, today) as one-line rows that open in place,
then waiting and upcoming, runs at risk, active runs and notifications."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.buckets import BUCKETS
from opsdesk.runs.dashboard import dashboard
from opsdesk.web.access import page
from opsdesk.web.context import base_context, page_scope, scope_toggle
from opsdesk.web.paging import page_links
from opsdesk.web.rerender import pending_refusal, renders

from .proof_fields import proof_groups
from .run_picks import new_task_picker
from .task_cards import follow_up_default, skip_reasons

# What the service loads per list; the page shows fewer rows (each opens to its own form) and
# says how many there are, with a link to all of them in the task list.
ROWS_PER_SECTION = 8
ROWS_SHOWN = 6
LATER_ROWS_SHOWN = 4
# A page of runs in the at-risk and active lists; the same size the service pages them by.
RUN_CARDS_SHOWN = ROWS_PER_SECTION
MAX_RUN_PAGE = 100_000
# The sections a person acts on first; their open to-dos join the end-of-day bulk form.
ACT_FIRST = ("overdue", "followUpsDue", "today")
BULK_FORM = "eod-form"


def top_rows(items: list, total: int, limit: int = ROWS_SHOWN) -> tuple[list, int]:
    """The first rows a section shows and how many it has in all.

    The one place the page trims lists: when the dashboard service pages its lists itself,
    its counts replace `total` here.
    """
    return items[:limit], max(total, len(items))


def _prepare(tasks: list[dict], today, reasons: dict) -> None:
    for task in tasks:
        task["followUpDefault"] = follow_up_default(task, today)
        task["groups"] = proof_groups(task)
        task["skipReasons"] = reasons.get(task["id"], ())


def _sections(board: dict, scope: str, query, today) -> list[dict]:
    sections = []
    for bucket in BUCKETS:
        first = bucket.api_name in ACT_FIRST
        limit = ROWS_SHOWN if first else LATER_ROWS_SHOWN
        rows, total = top_rows(board[bucket.api_name], board["counts"][bucket.api_name], limit)
        sections.append(
            {
                "key": bucket.api_name,
                "title": bucket.title,
                "empty": bucket.empty,
                "tasks": rows,
                "total": total,
                "more": _see_all(bucket.key, scope, query),
                "actFirst": first,
            }
        )
    shown = [t for s in sections for t in s["tasks"]]
    _prepare(shown, today, skip_reasons([t["id"] for t in shown]))
    return sections


def _by_run(tasks: list[dict]) -> list[dict]:
    """Rows grouped under their run, runs in the order their first row appears."""
    groups: dict = {}
    for task in tasks:
        key = task["bundleId"] or 0
        groups.setdefault(key, {"title": task["bundleTitle"] or "Ad hoc", "tasks": []})
        groups[key]["tasks"].append(task)
    return list(groups.values())


@renders("runs:dashboard")
def render_dashboard(request, query, refusal):
    context = base_context(request, "dashboard", query, "runs:dashboard")
    scope = page_scope(query)
    today = context["today"]
    board = dashboard(
        request.user,
        scope,
        today,
        limit=ROWS_PER_SECTION,
        active_page=_run_page(query, "activePage"),
        at_risk_page=_run_page(query, "atRiskPage"),
    )
    sections = _sections(board, scope, query, today)
    grouped = query.get("group") == "run"
    if grouped:
        for section in sections:
            section["groups"] = _by_run(section["tasks"])
    at_risk, _ = top_rows(board["atRiskWorkflows"], 0, RUN_CARDS_SHOWN)
    paging = board["paging"]
    context.update(
        board=board,
        scope=scope,
        grouped=grouped,
        act_first=[s for s in sections if s["actFirst"]],
        later=[s for s in sections if not s["actFirst"]],
        at_risk=at_risk,
        active=board["activeWorkflows"][:RUN_CARDS_SHOWN],
        at_risk_pages=_run_pager(query, paging["atRiskWorkflows"], "atRiskPage", "at-risk"),
        active_pages=_run_pager(query, paging["activeWorkflows"], "activePage", "active"),
        # Folded unless the person is paging through it: the at-risk list comes first.
        active_open="activePage" in query,
        run_pick=new_task_picker(refusal, today),
        refusal=refusal,
        scope_query=scope_toggle(query, scope),
        group_query=_toggled(query, "group", "run"),
        bulk_form=BULK_FORM,
        rows_per_section=ROWS_SHOWN,
    )
    return render(request, "runs/dashboard.html", context)


def _run_page(query, name: str) -> int:
    return min(whole_number(query.get(name)) or 1, MAX_RUN_PAGE)


def _run_pager(query, paging: dict, name: str, section: str) -> dict:
    """Numbered links to the other pages of a run list, back at that list."""
    links = page_links(query, paging["page"], paging["pages"], name=name, anchor=section)
    return {"pages": paging["pages"], "size": paging["pageSize"], "links": links}


def _toggled(query, key: str, value: str) -> str:
    other = query.copy()
    if other.get(key) == value:
        other.pop(key)
    else:
        other[key] = value
    return other.urlencode()


def _see_all(state: str, scope: str, query) -> str:
    params = {"state": state}
    if scope == "mine":
        params["assignee"] = "mine"
    if query.get("asOf"):
        params["asOf"] = query["asOf"]
    return "/tasks/?" + urlencode(params)


@page
def dashboard_page(request):
    return render_dashboard(request, request.GET, pending_refusal(request))
