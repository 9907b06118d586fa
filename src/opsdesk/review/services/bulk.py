"""Acting on a selection of tasks at once, from the end-of-day review.

Each action reuses the single-task service for every task, so no rule is written twice.
Waiting, reassigning and rescheduling apply to every selected task or to none; completing is
the one exception: it completes the tasks whose proof is there and says what the others miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from opsdesk.domain.errors import (
    DomainError,
    InvalidInput,
    InvalidTransition,
    NotFound,
    ProofMissing,
    StaleVersion,
)
from opsdesk.runs.models import Task
from opsdesk.runs.permissions import require_operator
from opsdesk.runs.services.completion import complete_task
from opsdesk.runs.services.editing import patch_task
from opsdesk.runs.services.waiting import mark_waiting

MAX_SELECTION = 200
TASK_STATE_ERRORS = (InvalidTransition, StaleVersion, ProofMissing)


@dataclass
class BulkResult:
    """The tasks an action changed, and those it left alone with the reason."""

    changed: list[Task] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)


def selection(task_ids) -> list[int]:
    """The selected ids, each once and in order; refused when empty, too long or unknown."""
    given = list(task_ids or ())
    # Ids beyond 64 bits would overflow the database driver (a 500), so they are refused here.
    if any(not isinstance(i, int) or isinstance(i, bool) or not 0 < i < 2**63 for i in given):
        raise InvalidInput("taskIds must be task ids (whole numbers).", field="taskIds")
    ids = list(dict.fromkeys(given))
    if not ids:
        raise InvalidInput("Select at least one task.", field="taskIds")
    if len(ids) > MAX_SELECTION:
        raise InvalidInput(f"Select at most {MAX_SELECTION} tasks at once.", field="taskIds")
    known = set(Task.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise NotFound(
            f"No task with id {', '.join(map(str, unknown))}; nothing was changed.",
            taskIds=unknown,
        )
    return ids


def _naming(task_id: int, error: DomainError) -> DomainError:
    """Say that the whole selection was left as it was, and which task refused when it was the
    task's state (every task gets the same input, so an input error is about no one task)."""
    prefix = "Nothing was changed: "
    if isinstance(error, TASK_STATE_ERRORS):
        description = Task.objects.filter(pk=task_id).values_list("description", flat=True)[0]
        prefix += f"“{description}”: "
    error.message = prefix + error.message
    error.args = (error.message,)
    error.details.setdefault("taskId", task_id)
    return error


def _each(actor, task_ids, change, refused) -> BulkResult:
    """Apply `change` to each selected task in one transaction; `refused` decides what a
    refusal does (each change is its own savepoint, so a refused one leaves no trace)."""
    require_operator(actor)
    result = BulkResult()
    with transaction.atomic():
        for task_id in selection(task_ids):
            try:
                result.changed.append(change(task_id))
            except DomainError as error:
                refused(result, task_id, error)
    return result


def _stop_all(result: BulkResult, task_id: int, error: DomainError) -> None:
    raise _naming(task_id, error) from None


def _note_refusal(result: BulkResult, task_id: int, error: DomainError) -> None:
    result.refused.append(_refusal(task_id, error))


def _all_or_nothing(actor, task_ids, change) -> BulkResult:
    return _each(actor, task_ids, change, _stop_all)


def bulk_wait(actor, *, task_ids, waiting_for: str, follow_up_at, note: str) -> BulkResult:
    """Put every selected task on waiting with one who, follow-up date and note, or none."""
    return _all_or_nothing(
        actor,
        task_ids,
        lambda i: mark_waiting(
            actor, task_id=i, waiting_for=waiting_for, follow_up_at=follow_up_at, note=note
        ),
    )


def bulk_reassign(actor, *, task_ids, assignee_id) -> BulkResult:
    """Give every selected task to one person (None: unassigned), or change none."""
    return _all_or_nothing(
        actor,
        task_ids,
        lambda i: patch_task(actor, task_id=i, version=None, changes={"assigneeId": assignee_id}),
    )


def bulk_reschedule(actor, *, task_ids, due) -> BulkResult:
    """Move every selected task to one due date, or change none."""
    return _all_or_nothing(
        actor, task_ids, lambda i: patch_task(actor, task_id=i, version=None, changes={"date": due})
    )


def bulk_complete(actor, *, task_ids) -> BulkResult:
    """Complete each selected task whose proof is there; list the others with what they miss."""
    return _each(actor, task_ids, lambda i: complete_task(actor, task_id=i), _note_refusal)


def _refusal(task_id: int, error: DomainError) -> dict:
    description = Task.objects.filter(pk=task_id).values_list("description", flat=True).first()
    return {
        "taskId": task_id,
        "description": description,
        "error": error.code,
        "message": error.message,
        **error.details,
    }
