"""Process gaps for the API, the gaps page and a doc page: one query per list, docs by registry."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from opsdesk.docs.registry import Registry
from opsdesk.docs.render import doc_url
from opsdesk.docs.runtime import current_registry
from opsdesk.domain.errors import InvalidInput

from .models import ProcessGap

STATUSES = ("open", "resolved", "all")
LIST_LIMIT = 1000
NO_DOC = "No doc"
NO_TEMPLATE = "No workflow template"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _name(user) -> str | None:
    return (user.name or user.email) if user else None


def gap_json(gap: ProcessGap, registry: Registry) -> dict:
    doc = registry.resolve(gap.doc_id) if gap.doc_id else None
    step = gap.step_id or None
    return {
        "id": gap.id,
        "description": gap.description,
        "status": gap.status,
        "taskId": gap.task_id,
        "taskDescription": gap.task.description if gap.task_id else None,
        "bundleId": gap.run_id,
        "bundleTitle": gap.run.title if gap.run_id else None,
        "templateType": gap.template_type or None,
        "docId": gap.doc_id or None,
        "docTitle": doc.title if doc else None,
        "docUrl": doc_url(doc.id, step) if doc else None,
        "stepId": step,
        "reportedBy": gap.reported_by_id,
        "reportedByName": _name(gap.reported_by),
        "createdAt": _iso(gap.created_at),
        "resolution": gap.resolution or None,
        "resolvedBy": gap.resolved_by_id,
        "resolvedByName": _name(gap.resolved_by),
        "resolvedAt": _iso(gap.resolved_at),
        "fixedByRevision": gap.fixed_by_id,
        "fixedByNumber": gap.fixed_by.number if gap.fixed_by_id else None,
        "fixUrl": _fix_url(doc.id, step, gap.id) if doc else None,
    }


def _fix_url(doc_id: str, step: str | None, gap_id: int) -> str:
    """The doc's editor, opened at the gap's step, offering to resolve the gap on save."""
    query = urlencode({"gap": gap_id, **({"step": step} if step else {})})
    return f"/docs/{doc_id}/edit/?{query}"


def _rows(status: str, doc_id: str | None, template: str | None, registry: Registry):
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}.", field="status")
    rows = ProcessGap.objects.select_related(
        "task", "run", "reported_by", "resolved_by", "fixed_by"
    ).defer("task__definition", "run__snapshot", "run__phases", "run__references")
    if status != "all":
        rows = rows.filter(status=status)
    if doc_id:
        # An alias or old path finds the reports filed under the doc's stable id.
        doc = registry.resolve(doc_id)
        rows = rows.filter(doc_id=doc.id if doc else doc_id.strip())
    if template:
        rows = rows.filter(template_type=template.strip())
    return rows


def list_gaps(
    status: str = "open",
    doc_id: str | None = None,
    template: str | None = None,
    limit: int = LIST_LIMIT,
) -> list[dict]:
    """Newest first."""
    registry = current_registry()
    return [gap_json(g, registry) for g in _rows(status, doc_id, template, registry)[:limit]]


def _grouped(gaps: list[dict], key: str, title) -> list[dict]:
    """Groups with the most reports first, so a doc reported five times stands out."""
    ordered = sorted(gaps, key=lambda g: g[key] or "")
    groups = [
        {"key": value, "title": title(items[0]), "count": len(items), "gaps": items}
        for value, items in ((v, list(i)) for v, i in groupby(ordered, key=lambda g: g[key]))
    ]
    return sorted(groups, key=lambda g: (-g["count"], g["key"] is None, g["title"].lower()))


def by_doc(gaps: list[dict]) -> list[dict]:
    return _grouped(gaps, "docId", lambda g: g["docTitle"] or g["docId"] or NO_DOC)


def by_template(gaps: list[dict]) -> list[dict]:
    return _grouped(gaps, "templateType", lambda g: g["templateType"] or NO_TEMPLATE)


def open_gaps_for_doc(doc_id: str) -> list[dict]:
    return list_gaps("open", doc_id=doc_id)
