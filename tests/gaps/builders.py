"""Small builders for process-gap and review tests."""

from __future__ import annotations

from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import Task

OUTREACH_SOP = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"
OSS_OVERVIEW = "reference.overview.events-pre-recorded-open-source-spotlight"


def task_row(task_id: int) -> dict:
    """What a person would see change on a task: status, version, every audited field."""
    task = Task.objects.get(pk=task_id)
    return {
        "status": task.status,
        "version": task.version,
        "updated_at": task.updated_at,
        "assignee_id": task.assignee_id,
        "due_date": task.due_date,
        "waiting_for": task.waiting_for,
        "follow_up_at": task.follow_up_at,
        "waiting_note": task.waiting_note,
        "completed_at": task.completed_at,
    }


def rows(task_ids) -> list[dict]:
    return [task_row(i) for i in task_ids]


def gap_count() -> int:
    return ProcessGap.objects.count()


def report(api, task_id: int, description: str = "The step does not say which label.", **more):
    return api.post(f"/tasks/{task_id}/process-gaps", {"description": description, **more})
