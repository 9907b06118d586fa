"""The template library: one card per template; starting a run with a preview of its dates.
(The runs themselves are on the workflows page.)"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from opsdesk.domain.dates import parse_date, parse_time
from opsdesk.domain.errors import DomainError, NotFound
from opsdesk.playbooks.plan import plan_run
from opsdesk.runs.serializers import template_with_guide
from opsdesk.runs.services.starting import start_run
from opsdesk.runs.services.template_versions import outdated_counts
from opsdesk.runs.services.templates import get_template, list_templates
from opsdesk.web.access import not_found, page, write_action
from opsdesk.web.context import base_context
from opsdesk.web.rerender import (
    Refusal,
    keep_refusal,
    pending_refusal,
    refusal_status,
    renders,
    typed_values,
)


@page
def library_page(request):
    context = base_context(request, "workflows", request.GET, "runs:library")
    context.update(
        templates=_with_outdated(
            template_with_guide(t, with_tasks=False) for t in list_templates()
        ),
    )
    return render(request, "runs/library.html", context)


def _with_outdated(templates) -> list[dict]:
    """Each card says how many running runs are on an older version of its template."""
    outdated = outdated_counts()
    return [t | {"outdatedRuns": outdated.get(t["type"], 0)} for t in templates]


def _inputs(query, template) -> dict:
    return {
        "anchorDate": (query.get("anchorDate") or "").strip(),
        "anchorTime": (query.get("anchorTime") or "").strip() or template.anchor.defaultTime,
        "variables": {v.name: query.get(f"var-{v.name}", "") for v in template.variables},
    }


def _preview(template, inputs: dict):
    """The dated tasks the run would get, from the same planner that starts it."""
    anchor = parse_date(inputs["anchorDate"], "anchorDate")
    at = parse_time(inputs["anchorTime"], "anchorTime")
    return plan_run(template, anchor, at, inputs["variables"])


def _field_of(error: DomainError) -> str:
    return error.details.get("field") or "form"


@renders("runs:start")
def render_start(request, query, refusal, template_type: str):
    context = base_context(request, "workflows", query, "runs:start", template_type=template_type)
    try:
        _, template = get_template(template_type)
    except NotFound as error:
        return not_found(request, error.message)
    inputs = _inputs(query, template)
    plan = None
    if refusal is None and query.get("preview"):
        try:
            plan = _preview(template, inputs)
        except DomainError as error:
            refusal = Refusal(_field_of(error), "preview", error.message)
    phases = {p.id: p.name for p in template.phases}
    context.update(
        template=template_with_guide(template),
        inputs=inputs,
        variables=[
            {
                "name": v.name,
                "label": v.label,
                "required": v.required,
                "value": inputs["variables"][v.name],
            }
            for v in template.variables
        ],
        plan=plan,
        plan_tasks=[{"task": t, "phase": phases.get(t.phase, t.phase)} for t in plan.tasks]
        if plan
        else [],
        first_due=min((t.due for t in plan.tasks), default=None) if plan else None,
        last_due=max((t.due for t in plan.tasks), default=None) if plan else None,
        refusal=refusal,
    )
    return render(request, "runs/start.html", context)


@page
def start_page(request, template_type: str):
    refusal = pending_refusal(request)
    query = request.GET.copy()
    if refusal:
        query.update(refusal.values)  # the form again as the person filled it in
    return render_start(request, query, refusal, template_type=template_type)


@write_action
def start_run_action(request, template_type: str):
    post = request.POST
    try:
        _, template = get_template(template_type)
        inputs = _inputs(post, template)
        run = start_run(
            request.user,
            template_type=template_type,
            anchor_date=inputs["anchorDate"],
            anchor_time=inputs["anchorTime"],
            variables=inputs["variables"],
        )
    except NotFound as error:
        return not_found(request, error.message)  # no such template: no page to go back to
    except DomainError as error:
        refusal = Refusal(
            _field_of(error), "start", error.message, typed_values(post), refusal_status(error)
        )
        page = reverse("runs:start", args=[template_type])
        return keep_refusal(request, page, refusal, anchor="start")
    return redirect(f"/workflows/{run.id}/")
