"""The workflows page's query: runs filtered by status, template, stage, risk, assignee and
title, sorted by next due date or anchor date, one page at a time with the total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, Q

from opsdesk.domain.stages import STAGE_ORDER
from opsdesk.domain.task_rules import OPEN

from .board import at_risk
from .models import Run
from .queries import active_runs, run_views

PAGE_SIZE = 25
STATUSES = (("active", "Active"), ("done", "Done"), ("archived", "Archived"), ("all", "All"))
RISKS = (("at-risk", "At risk"), ("on-track", "On track"))
SORTS = (("due", "Next due date"), ("anchor", "Anchor date"), ("-anchor", "Newest anchor first"))
STAGES = STAGE_ORDER


@dataclass(frozen=True)
class RunQuery:
    """What a person asked the list for; unknown values fall back to the defaults."""

    status: str = "active"
    template: str = ""
    stage: str = ""
    risk: str = ""
    assignee: int | None = None
    q: str = ""
    sort: str = "due"
    page: int = 1


def _by_status(status: str):
    if status == "active":
        return active_runs()
    if status == "done":
        return Run.objects.filter(archived_at__isnull=True, stage="done")
    if status == "archived":
        return Run.objects.filter(archived_at__isnull=False)
    return Run.objects.all()


def _filtered(query: RunQuery):
    runs = _by_status(query.status)
    if query.template:
        runs = runs.filter(type=query.template)
    if query.stage:
        runs = runs.filter(stage=query.stage)
    if query.q:
        runs = runs.filter(title__icontains=query.q)
    if query.assignee is not None:
        mine = Q(tasks__assignee_id=query.assignee, tasks__status__in=OPEN)
        runs = runs.filter(id__in=Run.objects.filter(mine).values("id"))
    return runs


def _sorted(runs, sort: str):
    if sort == "anchor":
        return runs.order_by("anchor_date", "id")
    if sort == "-anchor":
        return runs.order_by("-anchor_date", "-id")
    next_due = Min("tasks__due_date", filter=Q(tasks__status__in=OPEN))
    return runs.annotate(next_due=next_due).order_by("next_due", "anchor_date", "id")


def find_runs(query: RunQuery, today: date) -> dict:
    """One page of run views and the counts the page states."""
    runs = _filtered(query)
    if query.risk:
        risky = at_risk(runs, today).values("id")
        runs = runs.filter(id__in=risky) if query.risk == "at-risk" else runs.exclude(id__in=risky)
    total = runs.count()
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(query.page, 1), pages)
    start = (number - 1) * PAGE_SIZE
    shown = list(_sorted(runs.defer("snapshot"), query.sort)[start : start + PAGE_SIZE])
    return {
        "runs": run_views(shown, today),
        "total": total,
        "page": number,
        "pages": pages,
        "first": start + 1 if total else 0,
        "last": start + len(shown),
    }
