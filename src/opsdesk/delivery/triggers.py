"""What queues a message: an audited change or a reminder, in the transaction that made it.

Every write in opsdesk leaves an audit event and every reminder is a notification, both saved
inside the transaction of their cause. Listening to their creation queues webhook calls and
immediate emails in that same transaction, with no change to the services themselves: if the
change rolls back, so do its messages. Imports (bulk inserts) send no signal, so a restored
history queues nothing.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from opsdesk.links import absolute_url
from opsdesk.runs.models import AuditEvent, Task
from opsdesk.schedule.models import Notification

from . import events
from .compose import queue_email, task_link
from .prefs import people_who_want


def connect() -> None:
    post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="delivery-audit")
    post_save.connect(on_notification, sender=Notification, dispatch_uid="delivery-notification")


def on_audit_event(sender, instance: AuditEvent, created: bool, raw: bool = False, **_) -> None:
    if not created or raw:
        return
    for name in events.audit_event_names(instance):
        events.queue_event(name, f"audit-{instance.id}", lambda n=name: _audit_payload(n, instance))
    if instance.action in ("task-created", "task-edited") and instance.task_id:
        _assigned(instance)


def _audit_payload(name: str, event: AuditEvent) -> dict:
    after, before = event.after or {}, event.before or {}
    details = {"note": event.note} if event.note else {}
    if event.action == "stage-change":
        details.update({"from": before.get("stage"), "to": after.get("stage")})
    elif event.action == "task-waiting" and event.task is not None:
        # The audit keeps changed fields only; the task holds whom it waits for now.
        details.update(
            waitingFor=event.task.waiting_for,
            followUpAt=event.task.follow_up_at.isoformat() if event.task.follow_up_at else None,
        )
    elif event.action == "process-gap-reported":
        details.update(description=event.note, gapId=after.get("gapId"), docId=after.get("docId"))
    return events.event_payload(
        name,
        occurred_at=event.at,
        task=event.task,
        run=event.run,
        actor=event.actor,
        details=details,
    )


def _assigned(event: AuditEvent) -> None:
    assignee_id = (event.after or {}).get("assignee_id")
    if not assignee_id or assignee_id == event.actor_id:
        return
    by = event.actor.name if event.actor is not None else "opsdesk"
    for person in people_who_want("assigned", among=[assignee_id]):
        task = event.task
        queue_email(
            person,
            "assigned",
            f"email:assigned:{person.pk}:audit-{event.id}",
            f"Assigned to you: {task.description}"[:200],
            "immediate",
            {
                "headline": f"{by} assigned a task to you",
                "body": _task_words(task),
                "url": task_link({"id": task.id, "bundleId": task.run_id}),
                "link_text": "Open the task",
            },
        )


def _task_words(task: Task) -> str:
    where = f" ({task.run.title})" if task.run_id else ""
    due = (
        f", due {task.due_date:%a} {task.due_date.day} {task.due_date:%b}" if task.due_date else ""
    )
    return f"{task.description}{where}{due}."


def on_notification(sender, instance: Notification, created: bool, raw: bool = False, **_):
    if not created or raw:
        return
    kind = instance.type
    if kind in events.NOTIFICATION_EVENTS and instance.task_id:
        _reminder(instance, events.NOTIFICATION_EVENTS[kind])
    elif kind == "automation-failure":
        _automation_failure(instance)


def _reminder(notification: Notification, name: str) -> None:
    kind = notification.type
    endpoints, people = events.subscribed(name), people_who_want(kind)
    if not endpoints and not people:
        return  # nobody listens: the usual case, so the task is not even loaded
    task = Task.objects.select_related("run").get(pk=notification.task_id)
    # Overdue is told once per task and due date, on its first day, not at each severity.
    cause = f"{task.id}:{task.due_date.isoformat()}" if name == "task.overdue" else notification.key
    details = {"waitingFor": task.waiting_for or None, "dueDate": task.due_date.isoformat()}
    events.queue_event(
        name,
        cause,
        lambda: events.event_payload(
            name, occurred_at=notification.created_at, task=task, run=task.run, details=details
        ),
        endpoints=endpoints,
    )
    # "Mine" is the dashboard's: assigned to me, or to nobody.
    mine = [p for p in people if p.can_operate and task.assignee_id in (None, p.pk)]
    subject = f"{'Follow-up due' if kind == 'follow-up-due' else 'Overdue'}: {task.description}"
    for person in mine:
        queue_email(
            person,
            kind,
            f"email:{kind}:{person.pk}:{cause}",
            subject[:200],
            "immediate",
            {
                "headline": subject,
                "body": notification.message,
                "url": task_link({"id": task.id, "bundleId": task.run_id}),
                "link_text": "Open the task",
            },
        )


def _automation_failure(notification: Notification) -> None:
    # An email about an undeliverable email would only fail the same way, again and again.
    if (notification.details or {}).get("channel") == "email":
        return
    for person in people_who_want("automation-failure"):
        if not person.is_admin:
            continue
        queue_email(
            person,
            "automation-failure",
            f"email:automation-failure:{person.pk}:{notification.key}",
            "opsdesk automation failed",
            "immediate",
            {
                "headline": "Automation failed",
                "body": notification.message,
                "url": absolute_url("/notifications/"),
                "link_text": "See the notifications",
            },
        )
