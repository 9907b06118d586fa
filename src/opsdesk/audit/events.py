"""Audit events: every write records who, when, and the fields before and after."""

from __future__ import annotations

from datetime import date, datetime

from .models import AuditEvent

TASK_FIELDS = (
    "status",
    "description",
    "due_date",
    "due_overridden",
    "assignee_id",
    "link",
    "comment",
    "external_status",
    "waiting_for",
    "follow_up_at",
    "waiting_note",
    "skip_reason",
    "completed_at",
    "completed_by_id",
)


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def task_fields(task) -> dict:
    return {name: _plain(getattr(task, name)) for name in TASK_FIELDS}


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(actor, action: str, *, run=None, task=None, before=None, after=None, note="") -> None:
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        run=run if run is not None else getattr(task, "run", None),
        task=task,
        before={k: _plain(v) for k, v in (before or {}).items()},
        after={k: _plain(v) for k, v in (after or {}).items()},
        note=note,
    )
