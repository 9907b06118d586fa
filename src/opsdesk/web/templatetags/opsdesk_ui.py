"""Words and small bits of markup for states, stages and actions; colour always comes with text."""

from __future__ import annotations

from django import template

from opsdesk.domain.buckets import BUCKETS, LATER

register = template.Library()

STATE_LABELS = {b.key: b.label for b in BUCKETS} | {LATER: "Later", "settled": "Settled"}
STATUS_LABELS = {"todo": "To do", "waiting": "Waiting", "done": "Done", "skipped": "Skipped"}
ACTION_LABELS = {
    "complete": "Complete",
    "add-link": "Add link",
    "upload-file": "Upload file",
    "follow-up": "Follow up",
}
RISK_LABELS = {
    "overdue": "overdue work",
    "follow-up-due": "a follow-up is due",
    "missing-evidence": "missing evidence",
}
SOURCE_LABELS = {
    "template": "Template",
    "manual": "Ad hoc",
    "recurring": "Recurring",
    "import": "Imported",
}


@register.filter
def state_label(task: dict) -> str:
    """What a task's badge says: its status once settled, else its state for the day."""
    if task.get("status") in ("done", "skipped"):
        return STATUS_LABELS[task["status"]]
    label = STATE_LABELS.get(task.get("state"), task.get("state", ""))
    if task.get("state") == "overdue" and task.get("severity") in ("serious", "critical"):
        label += f" · {task['severity']}"
    return label


@register.filter
def state_class(task: dict) -> str:
    if task.get("status") in ("done", "skipped"):
        return f"state-{task['status']}"
    return f"state-{task.get('state', 'later')}"


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def stage_label(stage: str) -> str:
    """'after-event' → 'After event'."""
    return (stage or "").replace("-", " ").capitalize()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, (action or "").replace("-", " ").capitalize())


@register.filter
def risk_label(reason: str) -> str:
    return RISK_LABELS.get(reason, reason)


@register.filter
def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


@register.filter
def percent(fraction) -> int:
    try:
        return round(float(fraction) * 100)
    except (TypeError, ValueError):
        return 0


@register.filter
def get(mapping, key):
    """`mapping|get:key` for dicts keyed by ids, which the template language cannot index."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def refusal_for(refusal, task_id):
    """The refusal if it belongs to this task's controls, else None."""
    return refusal if refusal is not None and refusal.target == f"task-{task_id}" else None


@register.filter
def refused_action(refusal, action: str) -> bool:
    return refusal is not None and refusal.action == action


@register.filter
def typed(refusal, name: str) -> str:
    """What the person typed into `name` before the refusal, to show it again."""
    return refusal.values.get(name, "") if refusal is not None else ""


@register.filter
def link_href(value: str) -> str:
    """An href for a stored link: http(s) as is, an email address as mailto:, anything else none."""
    text = (value or "").strip()
    if text.lower().startswith(("http://", "https://")):
        return text
    if "@" in text and ":" not in text and "/" not in text:
        return f"mailto:{text}"
    return ""
