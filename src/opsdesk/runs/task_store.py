"""Loading a task and writing it back only if nobody changed it meanwhile (optimistic locking)."""

from __future__ import annotations

from django.utils import timezone

from opsdesk import audit
from opsdesk.domain.errors import NotFound, StaleVersion
from opsdesk.runs.models import Task
from opsdesk.runs.risk_store import refresh_risk_dates

# A task's run as services use it (id, title, stage...): its template snapshot and other large
# JSON are read only by the few that ask for them (skip reasons).
DEFERRED_RUN_FIELDS = ("run__snapshot", "run__phases", "run__references")


def load_task(task_id: int) -> Task:
    task = Task.objects.select_related("run").defer(*DEFERRED_RUN_FIELDS).filter(pk=task_id).first()
    if task is None:
        raise NotFound(f"No task with id {task_id}.")
    return task


def check_version(task: Task, version: int | None) -> None:
    """A caller that read an older version must not overwrite newer work."""
    if version is not None and version != task.version:
        raise StaleVersion(
            f"This task changed since you loaded it (version {version}, now {task.version}); "
            "reload and try again.",
            currentVersion=task.version,
        )


def save_task(
    actor, task: Task, before: dict, action: str, note: str = "", *, refresh_risk: bool = True
) -> None:
    """Write the task's audited fields if its version is unchanged, then record the event;
    `refresh_risk=False` when the caller settles the run next (`settle_run` refreshes them)."""
    after = audit.task_fields(task)
    values = {name: getattr(task, name) for name in audit.TASK_FIELDS}
    now = timezone.now()
    updated = Task.objects.filter(pk=task.pk, version=task.version).update(
        **values, version=task.version + 1, updated_at=now
    )
    if not updated:
        raise StaleVersion("This task was changed by someone else just now; reload and try again.")
    task.version += 1
    task.updated_at = now
    old, new = audit.changed(before, after)
    audit.record(actor, action, task=task, before=old, after=new, note=note)
    if refresh_risk:
        refresh_risk_dates([task.run_id])
