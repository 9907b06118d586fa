"""Small builders for page tests: an OSS run started as the operator, and its tasks by ref."""

from __future__ import annotations

from opsdesk.runs.models import AuditEvent, Run, Task
from opsdesk.runs.services.starting import start_run


def oss_run(actor, anchor: str = "2026-07-22") -> Run:
    return start_run(
        actor,
        template_type="oss",
        anchor_date=anchor,
        anchor_time=None,
        variables={"tool": "ExampleDB", "author": "Pat"},
    )


def task(run: Run, ref: str) -> Task:
    return run.tasks.get(template_ref=ref)


def snapshot(run: Run) -> tuple:
    """Everything a refused form must leave as it was."""
    tasks = list(Task.objects.filter(run=run).order_by("id").values())
    slots = list(run.slots.order_by("id").values("name", "url"))
    stage = Run.objects.get(pk=run.pk).stage
    # A refused completion is noted in the task's history (insights count them); nothing else.
    events = AuditEvent.objects.exclude(action="completion-refused").count()
    return tasks, slots, stage, events


def form(back: str, **fields) -> dict:
    return {"back": back, **fields}
