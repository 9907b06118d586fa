"""Webhook events: which audited changes and reminders become which event, and what they say.

Each event is queued for every enabled endpoint that chose it, in the transaction of its cause,
with a key naming endpoint, event and cause: a second tick or instance cannot queue it twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.utils import timezone

from opsdesk.domain.stages import DONE
from opsdesk.links import absolute_url

from .compose import run_link, task_link
from .models import WebhookEndpoint
from .outbox import enqueue

# Audit actions that are webhook events.
AUDIT_EVENTS = {
    "task-completed": "task.completed",
    "task-waiting": "task.waiting",
    "run-started": "run.started",
    "stage-change": "run.stage-changed",
    "process-gap-reported": "gap.reported",
}
# Reminder notifications that are webhook events.
NOTIFICATION_EVENTS = {"follow-up-due": "follow-up.due", "task-overdue": "task.overdue"}


def audit_event_names(event) -> list[str]:
    """The webhook events one audit event is: a stage change to done is also run.done."""
    name = AUDIT_EVENTS.get(event.action)
    if name is None:
        return []
    if name == "run.stage-changed" and (event.after or {}).get("stage") == DONE:
        return [name, "run.done"]
    return [name]


def _task_json(task) -> dict | None:
    if task is None:
        return None
    return {
        "id": task.id,
        "description": task.description,
        "status": task.status,
        "dueDate": task.due_date.isoformat() if task.due_date else None,
        "waitingFor": task.waiting_for or None,
        "followUpAt": task.follow_up_at.isoformat() if task.follow_up_at else None,
        "url": task_link({"id": task.id, "bundleId": task.run_id}),
    }


def _run_json(run) -> dict | None:
    if run is None:
        return None
    return {"id": run.id, "title": run.title, "stage": run.stage, "url": run_link(run.id)}


def _actor_json(actor) -> dict | None:
    return {"name": actor.name, "email": actor.email} if actor is not None else None


def _in(run) -> str:
    return f" ({run.title})" if run is not None else ""


def _text(name: str, *, task, run, actor, details: dict) -> str:
    """One readable line, as chat incoming webhooks show `text`."""
    who = f" by {actor.name or actor.email}" if actor is not None else ""
    what = task.description if task is not None else ""
    url = _task_json(task)["url"] if task is not None else (run_link(run.id) if run else "")
    if name == "gap.reported" and details.get("gapId"):
        url = absolute_url(f"/gaps/#gap-{details['gapId']}")
    lines = {
        "task.completed": f"Task done{who}: {what}{_in(run)}",
        "task.waiting": f"Waiting for {details.get('waitingFor') or 'someone'}: {what}{_in(run)}",
        "follow-up.due": f"Follow-up due with {details.get('waitingFor') or 'someone'}: "
        f"{what}{_in(run)}",
        "task.overdue": f"Overdue: {what}{_in(run)}, due {details.get('dueDate')}",
        "run.started": f"Workflow started{who}: {run.title if run else ''}",
        "run.stage-changed": f"{run.title if run else 'A workflow'} moved from "
        f"{details.get('from')} to {details.get('to')}{who}",
        "run.done": f"Workflow done: {run.title if run else ''}",
        "gap.reported": f"Process gap reported{who}: {details.get('description', '')}",
    }
    return f"{lines[name]} — {url}" if url else lines[name]


def event_payload(
    name: str,
    *,
    occurred_at: datetime,
    task=None,
    run=None,
    actor=None,
    details: dict | None = None,
) -> dict:
    details = details or {}
    return {
        "text": _text(name, task=task, run=run, actor=actor, details=details),
        "event": name,
        "occurredAt": occurred_at.isoformat(),
        "actor": _actor_json(actor),
        "task": _task_json(task),
        "run": _run_json(run),
        "details": details,
    }


def subscribed(name: str) -> list[WebhookEndpoint]:
    """The enabled endpoints that chose event `name`, in id order."""
    # Asked at every audited write, and usually no endpoint wants the event: a bare read of the
    # enabled endpoints' choices (no ORM query building, no model rows) settles that case. It
    # reads the database each time, so an endpoint added by another instance counts at once.
    if not any(name in chosen for chosen in _enabled_choices()):
        return []
    return [e for e in WebhookEndpoint.objects.filter(enabled=True) if name in e.events]


def _enabled_choices() -> list[list]:
    """Each enabled endpoint's chosen events, decoded as the `events` field decodes them."""
    meta, quote = WebhookEndpoint._meta, connection.ops.quote_name
    field = meta.get_field("events")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(field.column)} FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.get_field('enabled').column)} = %s",
            [True],
        )
        rows = cursor.fetchall()
    return [field.from_db_value(value, None, connection) or [] for (value,) in rows]


def queue_event(name: str, cause: str, build, endpoints=None) -> int:
    """Queue event `name` for each endpoint that chose it; `build()` makes the payload once."""
    endpoints = subscribed(name) if endpoints is None else endpoints
    if not endpoints:
        return 0
    payload = build()
    queued = 0
    for endpoint in endpoints:
        key = f"webhook:{endpoint.id}:{name}:{cause}"
        queued += enqueue(key, "webhook", name, payload, endpoint=endpoint) is not None
    return queued


def test_payload(endpoint: WebhookEndpoint, actor) -> dict:
    who = actor.name or actor.email if actor is not None else "opsdesk"
    return {
        "text": f"Test message from opsdesk, sent by {who}: this webhook works.",
        "event": "webhook.test",
        "occurredAt": timezone.now().isoformat(),
        "actor": _actor_json(actor),
        "task": None,
        "run": None,
        "details": {"webhookId": endpoint.id},
    }
