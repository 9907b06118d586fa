"""A task's history: its audit events, oldest first, with who did what."""

from __future__ import annotations


def task_history(task) -> list[dict]:
    events = task.events.select_related("actor").order_by("at", "id")
    return [
        {
            "id": e.id,
            "action": e.action,
            "at": e.at.isoformat(),
            "actor": {"id": e.actor_id, "name": e.actor.name} if e.actor_id else None,
            "before": e.before,
            "after": e.after,
            "note": e.note,
        }
        for e in events
    ]
