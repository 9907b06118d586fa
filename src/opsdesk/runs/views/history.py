"""Task histories for a screen in one query: who did what, when, and the proof they left."""

from __future__ import annotations

from collections import defaultdict

from opsdesk.runs.models import AuditEvent

ACTION_WORDS = {
    "task-created": "Created",
    "task-edited": "Edited",
    "task-completed": "Completed",
    "task-skipped": "Skipped",
    "task-reopened": "Reopened",
    "task-waiting": "Marked waiting",
    "follow-up-sent": "Follow-up sent",
    "follow-up-snoozed": "Follow-up snoozed",
    "response-received": "Response received",
    "file-attached": "File attached",
    "link-filled": "Filled link slot",
    "task-template-updated": "Updated from the template",
}
FIELD_WORDS = {
    "link": "link",
    "comment": "comment",
    "external_status": "external status",
    "waiting_for": "waiting for",
    "follow_up_at": "follow up",
    "due_date": "due",
    "description": "description",
    "skip_reason": "reason",
    "file": "file",
    "url": "link",
}


def _changes(after: dict) -> list[str]:
    return [
        f"{FIELD_WORDS[key]}: {value}"
        for key, value in after.items()
        if key in FIELD_WORDS and value not in (None, "")
    ]


def actor_name(event) -> str:
    """Who made an event (read with its actor): a person's name, or opsdesk itself."""
    return event.actor.name if event.actor_id else "opsdesk"


def history_line(event, who: str) -> dict:
    """One event as its task's history shows it, made by `who`."""
    return {
        "what": ACTION_WORDS.get(event.action, event.action.replace("-", " ").capitalize()),
        "who": who,
        "at": event.at,
        "note": event.note,
        "changes": _changes(event.after),
    }


def histories(task_ids) -> dict[int, list[dict]]:
    """Each task's events, oldest first, as lines a person reads."""
    events = (
        AuditEvent.objects.filter(task_id__in=list(task_ids))
        .select_related("actor")
        .order_by("at", "id")
    )
    found: dict[int, list[dict]] = defaultdict(list)
    for event in events:
        found[event.task_id].append(history_line(event, actor_name(event)))
    return found
