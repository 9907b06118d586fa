"""Editing a task's fields, adding ad-hoc tasks, attaching files."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from opsdesk import audit
from opsdesk.domain.dates import parse_date
from opsdesk.domain.errors import InvalidInput, NotFound
from opsdesk.domain.text import clean_text
from opsdesk.runs.models import Task
from opsdesk.runs.permissions import require_operator
from opsdesk.runs.risk_store import refresh_risk_dates

from ..task_store import check_version, load_task, save_task
from .completion import apply_proof_inputs
from .progress import fill_slots_from_task, refresh_slot_due_dates
from .runs import load_run


def _assignee(assignee_id):
    if assignee_id in (None, ""):
        return None
    user = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
    if user is None:
        raise NotFound(f"No active user with id {assignee_id}.")
    return user


def _description(value: str) -> str:
    text = clean_text(value or "", "description", 500)
    if not text:
        raise InvalidInput("A task needs a description.", field="description")
    return text


@transaction.atomic
def patch_task(actor, *, task_id: int, version: int | None, changes: dict):
    """Change the fields a person may edit, refusing a stale `version`."""
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    before = audit.task_fields(task)
    if "description" in changes:
        task.description = _description(changes["description"])
    if "date" in changes:
        due = parse_date(changes["date"], "date")
        # A date a person chose is theirs: moving the run keeps it (see domain.reanchor).
        task.due_overridden = task.due_overridden or due != task.due_date
        task.due_date = due
    if "assigneeId" in changes:
        task.assignee = _assignee(changes["assigneeId"])
    apply_proof_inputs(
        task, changes.get("link"), changes.get("comment"), changes.get("externalStatus")
    )
    save_task(actor, task, before, "task-edited")
    if fill_slots_from_task(actor, task):
        refresh_risk_dates([task.run_id])
    if "date" in changes:
        refresh_slot_due_dates(task.run)
    return task


@transaction.atomic
def create_adhoc_task(
    actor, *, description: str, date, bundle_id=None, assignee_id=None, comment=""
):
    """A one-off task, standalone or added to a run; it needs no proof."""
    require_operator(actor)
    run = load_run(bundle_id) if bundle_id else None
    position = run.tasks.count() if run else 0
    task = Task.objects.create(
        run=run,
        description=_description(description),
        due_date=parse_date(date, "date"),
        assignee=_assignee(assignee_id),
        comment=clean_text(comment or "", "comment", 5000),
        position=position,
        source="manual",
        definition={},
    )
    audit.record(actor, "task-created", run=run, task=task, after=audit.task_fields(task))
    return task
