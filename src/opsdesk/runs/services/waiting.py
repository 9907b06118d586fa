"""Waiting on someone, following up, snoozing, and hearing back."""

from __future__ import annotations

from django.db import transaction

from opsdesk import audit
from opsdesk.domain import task_rules
from opsdesk.domain.dates import parse_date
from opsdesk.domain.text import clean_text
from opsdesk.runs.models import FollowUp
from opsdesk.runs.permissions import require_operator

from ..task_store import check_version, load_task, save_task


def _optional_date(value, field: str):
    return parse_date(value, field) if value not in (None, "") else None


@transaction.atomic
def mark_waiting(actor, *, task_id, waiting_for: str, follow_up_at, note: str, version=None):
    """Put a task on waiting: who is awaited, when to follow up, and why."""
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    request = task_rules.WaitingRequest(
        waiting_for=clean_text(waiting_for or "", "waitingFor", 300),
        follow_up_at=_optional_date(follow_up_at, "followUpAt"),
        note=clean_text(note or "", "note", 2000),
    )
    task_rules.check_waiting(task.status, request)
    before = audit.task_fields(task)
    task.status = task_rules.WAITING
    task.waiting_for = request.waiting_for
    task.follow_up_at = request.follow_up_at
    task.waiting_note = request.note
    save_task(actor, task, before, "task-waiting", note=request.note)
    return task


def _log(actor, task, kind: str, channel: str = "", note: str = "", next_at=None) -> None:
    FollowUp.objects.create(
        task=task,
        kind=kind,
        channel=channel,
        note=note,
        next_follow_up_at=next_at,
        actor=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def record_follow_up(actor, *, task_id, channel: str, note: str, next_follow_up_at, version=None):
    """A follow-up was sent: log it and set when to look again."""
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    channel = clean_text(channel or "", "channel", 100)
    note = clean_text(note or "", "note", 2000)
    next_at = _optional_date(next_follow_up_at, "nextFollowUpAt")
    task_rules.check_follow_up(task.status, channel, note, next_at)
    before = audit.task_fields(task)
    task.follow_up_at = next_at
    save_task(actor, task, before, "follow-up-sent", note=f"{channel}: {note}")
    _log(actor, task, "sent", channel, note, next_at)
    return task


@transaction.atomic
def snooze(actor, *, task_id, until, reason: str, version=None):
    """Move the follow-up date without having contacted anyone."""
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    until_date = _optional_date(until, "followUpAt")
    reason = clean_text(reason or "", "reason", 500)
    task_rules.check_snooze(task.status, until_date, reason)
    before = audit.task_fields(task)
    task.follow_up_at = until_date
    save_task(actor, task, before, "follow-up-snoozed", note=reason)
    _log(actor, task, "snoozed", note=reason, next_at=until_date)
    return task


@transaction.atomic
def response_received(actor, *, task_id, note: str = "", version=None):
    """The awaited person answered: the task is back in todo."""
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    task_rules.check_response_received(task.status)
    note = clean_text(note or "", "note", 2000)
    before = audit.task_fields(task)
    task.status = task_rules.TODO
    task.follow_up_at = None
    save_task(actor, task, before, "response-received", note=note)
    _log(actor, task, "response", note=note)
    return task
