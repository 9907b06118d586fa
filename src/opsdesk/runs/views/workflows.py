"""The workflows page: every run, found by template, stage, risk, assignee or title."""

from __future__ import annotations

from django.shortcuts import render

from opsdesk.domain.bounds import whole_number
from opsdesk.runs.models import WorkflowTemplate
from opsdesk.runs.run_list import RISKS, SORTS, STAGES, STATUSES, RunQuery, find_runs
from opsdesk.web.access import page
from opsdesk.web.context import base_context
from opsdesk.web.paging import page_links

from .task_cards import active_users


def _choice(value: str | None, allowed) -> str:
    return value if value in allowed else ""


def run_query(query, templates: list[str]) -> RunQuery:
    """The list's query from the page's parameters; a value not on offer is ignored."""
    return RunQuery(
        status=_choice(query.get("status"), dict(STATUSES)) or "active",
        template=_choice(query.get("template"), templates),
        stage=_choice(query.get("stage"), STAGES),
        risk=_choice(query.get("risk"), dict(RISKS)),
        assignee=whole_number(query.get("assignee") or ""),
        q=(query.get("q") or "").strip()[:200],
        sort=_choice(query.get("sort"), dict(SORTS)) or "due",
        page=min(whole_number(query.get("page") or "") or 1, 10_000),
    )


@page
def workflows_page(request):
    query = request.GET
    context = base_context(request, "workflows", query, "runs:workflows")
    templates = list(WorkflowTemplate.objects.order_by("name").values_list("type", "name"))
    chosen = run_query(query, [t for t, _ in templates])
    found = find_runs(chosen, context["today"])
    context.update(
        found,
        chosen=chosen,
        templates=templates,
        template_names=dict(templates),
        statuses=STATUSES,
        stages=STAGES,
        risks=RISKS,
        sorts=SORTS,
        users=active_users(),
        page_links=page_links(query, found["page"], found["pages"]),
    )
    return render(request, "runs/workflows.html", context)
