"""HTTP endpoints for the end-of-day review: the unfinished list and the four bulk actions."""

from __future__ import annotations

from ninja import Router

from opsdesk.clock import org_today
from opsdesk.runs.models import Task
from opsdesk.runs.queries import checked_scope, for_display, tasks_json
from opsdesk.security.fields import Day

from . import schemas as s
from .queries import review
from .services import bulk

router = Router(tags=["end-of-day review"])


def _tasks(tasks: list[Task]) -> list[dict]:
    rows = for_display(Task.objects.filter(pk__in=[t.pk for t in tasks]))
    return tasks_json(list(rows.order_by("due_date", "position", "id")), org_today())


@router.get("/review")
def get_review(request, scope: str = "mine", asOf: Day | None = None):
    return review(request.auth, checked_scope(scope), org_today(asOf))


@router.post("/tasks/bulk/complete")
def bulk_complete(request, body: s.SelectionIn):
    result = bulk.bulk_complete(request.auth, task_ids=body.taskIds)
    return {"completed": _tasks(result.changed), "notCompleted": result.refused}


@router.post("/tasks/bulk/waiting")
def bulk_waiting(request, body: s.BulkWaitingIn):
    result = bulk.bulk_wait(
        request.auth,
        task_ids=body.taskIds,
        waiting_for=body.waitingFor,
        follow_up_at=body.followUpAt,
        note=body.note,
    )
    return {"tasks": _tasks(result.changed)}


@router.post("/tasks/bulk/reassign")
def bulk_reassign(request, body: s.BulkReassignIn):
    result = bulk.bulk_reassign(request.auth, task_ids=body.taskIds, assignee_id=body.assigneeId)
    return {"tasks": _tasks(result.changed)}


@router.post("/tasks/bulk/reschedule")
def bulk_reschedule(request, body: s.BulkRescheduleIn):
    result = bulk.bulk_reschedule(request.auth, task_ids=body.taskIds, due=body.date)
    return {"tasks": _tasks(result.changed)}
