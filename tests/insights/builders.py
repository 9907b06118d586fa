"""Small builders for insights tests: runs, tasks completed at a chosen moment, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from opsdesk.runs.models import AuditEvent, Task
from tests.conftest import start_oss, task_by_ref

PROOF = {
    "reach-out-github-authors": {"link": "https://github.com/ex/db", "comment": "Opened an issue"},
    "reach-out-tool-author": {"link": "pat@example.org"},
    "editing-video": {"externalStatus": "Edit passed review"},
}


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    """An instant given as Berlin summer time (UTC+2), stored in UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=2)


def complete_at(api, run: dict, ref: str, at: datetime) -> int:
    """Complete the run's `ref` task with its proof, as if it happened at `at`."""
    task = task_by_ref(run, ref)
    status, body = api.post(f"/tasks/{task['id']}/complete", PROOF[ref])
    assert status == 200, body
    Task.objects.filter(pk=task["id"]).update(completed_at=at)
    AuditEvent.objects.filter(task_id=task["id"], action="task-completed").update(at=at)
    return task["id"]


def oss_run(api, anchor: str, author: str = "Pat") -> dict:
    return start_oss(api, anchor, tool="ExampleDB", author=author)


def step(report: dict, ref: str) -> dict:
    return next(s for s in report["steps"] if s["ref"] == ref)
