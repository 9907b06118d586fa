"""Notifications for the pages, read through the schedule app's notifications service."""

from __future__ import annotations

from opsdesk.schedule import notifications as service
from opsdesk.schedule.models import Notification

KIND_LABELS = {
    "task-due": "Due",
    "task-overdue": "Overdue",
    "follow-up-due": "Follow-up due",
    "missing-evidence": "Missing evidence",
    "stage-change": "Stage change",
    "recurring-due": "Recurring",
    "automation-failure": "Automation failed",
}
LIMIT = 200


def _link(item) -> str | None:
    task_id, run_id = getattr(item, "task_id", None), getattr(item, "run_id", None)
    if run_id and task_id:
        return f"/workflows/{run_id}/#task-{task_id}"
    if run_id:
        return f"/workflows/{run_id}/"
    return f"/tasks/{task_id}/" if task_id else None


def _describe(item) -> dict:
    kind = getattr(item, "type", "") or getattr(item, "kind", "")
    return {
        "id": item.pk,
        "anchor": f"notification-{item.pk}",
        "kind": kind,
        "kindLabel": KIND_LABELS.get(kind, kind.replace("-", " ").capitalize()),
        "severity": getattr(item, "severity", ""),
        "text": getattr(item, "message", "") or str(item),
        "at": getattr(item, "created_at", None),
        "link": _link(item),
    }


def current(limit: int = LIMIT) -> list[dict]:
    """Undismissed notifications, newest first."""
    return [_describe(n) for n in service.list_notifications(undismissed=True, limit=limit)]


def summary() -> dict:
    """How many unread notifications still apply, and the newest three of them."""
    unread = service.unread_notifications()
    # Two queries on purpose: a window count over the same query made the database sort every
    # unread row before the limit (124 ms of a 10,000-run dashboard, against a few for both).
    latest = unread.order_by("-created_at", "-id")[:3]
    return {"count": unread.count(), "latest": [_describe(n) for n in latest]}


def history(limit: int = 50) -> list[dict]:
    """The newest notifications of any state, each saying whether it was dismissed or cleared."""
    items = Notification.objects.order_by("-created_at", "-id")[:limit]
    return [_describe(n) | {"state": _state_words(n)} for n in items]


def _state_words(item: Notification) -> str:
    if item.dismissed_at is not None:
        return "Dismissed"
    return "No longer applies" if item.cleared_at is not None else "Unread"


def dismiss(user, notification_id: int) -> None:
    """Hide one notification; the task it is about never changes."""
    service.dismiss_notification(user, notification_id)
