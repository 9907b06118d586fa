"""Pages for process gaps: the maintainers' list, reporting one, and resolving one."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from opsdesk.docs.runtime import current_registry
from opsdesk.domain.bounds import whole_number
from opsdesk.domain.errors import DomainError, InvalidInput
from opsdesk.runs.models import Task, WorkflowTemplate
from opsdesk.web.access import page, write_action
from opsdesk.web.acted import remember
from opsdesk.web.context import safe_next
from opsdesk.web.rerender import keep_refusal, pending_refusal, refusal_of

from . import services
from .queries import STATUSES, by_doc, by_template, list_gaps

GROUPINGS = ("doc", "template")


def _choice(value: str | None, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else allowed[0]


def _template_names() -> dict[str, str]:
    return dict(WorkflowTemplate.objects.values_list("type", "name"))


def _gaps_context(request, refusal=None) -> dict:
    query = request.GET
    status = _choice(query.get("status"), STATUSES)
    grouping = _choice(query.get("group"), GROUPINGS)
    doc, template = query.get("doc") or None, query.get("template") or None
    gaps = list_gaps(status, doc, template)
    names = _template_names()
    for gap in gaps:
        gap["templateName"] = names.get(gap["templateType"], gap["templateType"])
        gap["anchor"] = f"gap-{gap['id']}"
    docs, templates = by_doc(gaps), by_template(gaps)
    for group in templates:
        group["title"] = names.get(group["key"], group["title"])
    return {
        "nav": "gaps",
        "status": status,
        "grouping": grouping,
        "doc_filter": doc,
        "template_filter": template,
        "total": len(gaps),
        "by_doc": docs,
        "by_template": templates,
        "groups": docs if grouping == "doc" else templates,
        "can_resolve": _may_resolve(request.user),
        "here": request.get_full_path(),
        "refusal": refusal,
    }


def _may_resolve(user) -> bool:
    try:
        services.require_maintainer(user)
    except DomainError:
        return False
    return True


@page
def gaps_page(request):
    return render(request, "gaps/gaps.html", _gaps_context(request, pending_refusal(request)))


@write_action
def resolve_gap(request, gap_id: int):
    back = safe_next(request, request.POST.get("next"), "/gaps/")
    try:
        gap = services.resolve(request.user, gap_id, request.POST.get("resolution", ""))
    except DomainError as error:
        refusal = refusal_of(request, f"gap-{gap_id}", "resolve", error)
        on_list = urlsplit(back).path == reverse("gaps:gaps")
        return keep_refusal(request, back if on_list else reverse("gaps:gaps"), refusal)
    messages.success(request, f"Resolved: “{gap.description[:80]}”.")
    return redirect(back)


def _subject(task_id: str | None, doc_id: str | None) -> dict:
    """What the report is about, for the report page's heading."""
    if whole_number(task_id):
        task = Task.objects.filter(pk=whole_number(task_id)).select_related("run").first()
        if task:
            return {"kind": "task", "title": task.description, "task": task}
    doc = current_registry().resolve(doc_id) if doc_id else None
    if doc:
        return {"kind": "doc", "title": doc.title, "doc": doc}
    return {"kind": None, "title": ""}


def _report_context(request, values, refusal=None) -> dict:
    task_id, doc_id = values.get("taskId"), values.get("docId")
    return {
        "nav": "gaps",
        "subject": _subject(task_id, doc_id),
        "task_id": task_id or "",
        "doc_id": doc_id or "",
        "step_id": values.get("stepId", ""),
        "description": values.get("description", ""),
        "next": safe_next(request, values.get("next"), "/"),
        "refusal": refusal,
    }


@page
def report_page(request):
    """The report form on a page of its own, for a link where an inline form does not fit."""
    refusal = pending_refusal(request)
    values = refusal.values if refusal else request.GET
    return render(request, "gaps/report.html", _report_context(request, values, refusal))


def _report(request):
    post = request.POST
    task_id, doc_id = post.get("taskId", ""), post.get("docId", "")
    if task_id:
        if whole_number(task_id) is None:
            raise InvalidInput("Report a gap from a task in the list.", field="taskId")
        return services.report_from_task(
            request.user, whole_number(task_id), post.get("description"), post.get("stepId")
        )
    if doc_id:
        return services.report_from_doc(
            request.user, doc_id, post.get("description"), post.get("stepId")
        )
    raise InvalidInput("Report a gap from a task or a doc.", field="taskId")


def _report_page(values) -> str:
    """The report form's own page for the same task or doc, whatever the form was on."""
    about = {k: values[k] for k in ("taskId", "docId", "stepId", "next") if values.get(k)}
    page = reverse("gaps:report-page")
    return f"{page}?{urlencode(about)}" if about else page


@write_action
def report_gap(request):
    try:
        _report(request)
    except DomainError as error:
        refusal = refusal_of(request, "report", "report", error)
        return keep_refusal(request, _report_page(request.POST), refusal)
    messages.success(request, "Thanks, the gap is reported; maintainers see it on Process gaps.")
    back = safe_next(request, request.POST.get("next"), "/").split("#")[0]
    task_id = whole_number(request.POST.get("taskId") or "")
    if task_id is None:
        return redirect(back)
    # Back to the task the report came from, not the top of its page.
    remember(request, f"task-{task_id}")
    return redirect(f"{back}#task-{task_id}")
