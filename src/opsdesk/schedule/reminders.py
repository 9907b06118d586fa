"""Reminders: notifications for what the dashboard shows as due, late, waiting or unproven.

The rules are the domain's (task_state through task_json, summarise through run_views); this
module only turns each derived state into a notification with a key that makes it exactly once.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from opsdesk.runs.models import AuditEvent, LinkSlot, Run
from opsdesk.runs.queries import for_display, open_tasks, run_views, tasks_json

from .claims import notify_missing
from .clearing import sweep_cleared
from .window import StepReport, catch_up


def _where(task: dict) -> str:
    return f" ({task['bundleTitle']})" if task.get("bundleTitle") else ""


def _about(task: dict) -> dict:
    return {"task_id": task["id"], "run_id": task["bundleId"]}


def _missing_words(task: dict) -> str:
    return ", ".join(m.get("label") or m.get("type", "") for m in task.get("missing", []))


def open_task_states(today: date) -> list[dict]:
    """Open tasks that may need a word today (due, late or follow-up reached), as task JSON."""
    reached = open_tasks(None, "all").filter(Q(due_date__lte=today) | Q(follow_up_at__lte=today))
    return tasks_json(list(for_display(reached.order_by("due_date", "id"))), today)


def task_candidates(tasks: list[dict]) -> list[dict]:
    """One candidate per derived state a task is in today."""
    found = []
    for task in tasks:
        state = task["state"]
        if state == "today":
            found.append(_due(task))
        elif state == "overdue":
            found.append(_overdue(task))
        elif state == "follow-up-due":
            found.append(_follow_up(task))
        if task["missingEvidence"]:
            found.append(_unproven(task))
    return found


def _due(task: dict) -> dict:
    return {
        "key": f"task-due:{task['id']}:{task['date']}",
        "type": "task-due",
        "message": f"Due today: {task['description']}{_where(task)}",
        **_about(task),
    }


def _overdue(task: dict) -> dict:
    days = task["daysLate"]
    return {
        "key": f"task-overdue:{task['id']}:{task['date']}:{task['severity']}",
        "type": "task-overdue",
        "severity": task["severity"],
        "message": f"Overdue {days} day{'s' if days != 1 else ''} ({task['severity']}): "
        f"{task['description']}{_where(task)}, due {task['date']}",
        **_about(task),
    }


def _follow_up(task: dict) -> dict:
    return {
        "key": f"follow-up-due:{task['id']}:{task['followUpAt']}",
        "type": "follow-up-due",
        "message": f"Follow up with {task['waitingFor'] or 'whoever you wait for'}: "
        f"{task['description']}{_where(task)}",
        **_about(task),
    }


def _unproven(task: dict) -> dict:
    return {
        "key": f"missing-evidence:{task['id']}:{task['date']}",
        "type": "missing-evidence",
        "message": f"Proof missing for {task['description']}{_where(task)}: {_missing_words(task)}",
        **_about(task),
    }


def link_candidates(today: date) -> list[dict]:
    """Required link slots whose producing task is due and that are still empty."""
    run_ids = (
        LinkSlot.objects.filter(required=True, url="", run__archived_at__isnull=True)
        .exclude(run__stage="done")
        .values_list("run_id", flat=True)
        .distinct()
    )
    runs = list(Run.objects.filter(id__in=run_ids).defer("snapshot").order_by("id"))
    found = []
    for run in run_views(runs, today):
        for item in run["summary"]["missingEvidence"]:
            if item["type"] != "link":
                continue
            found.append(
                {
                    "key": f"missing-evidence:{run['id']}:link:{item['label']}",
                    "type": "missing-evidence",
                    "message": f"Link “{item['label']}” of {run['title']} is still empty.",
                    "run_id": run["id"],
                    "task_id": item.get("taskId"),
                }
            )
    return found


def stage_change_candidates(since) -> list[dict]:
    events = AuditEvent.objects.filter(action="stage-change", at__gte=since).select_related("run")
    return [
        {
            "key": f"stage-change:{event.id}",
            "type": "stage-change",
            "message": f"{event.run.title if event.run else 'A workflow'} moved from "
            f"{event.before.get('stage')} to {event.after.get('stage')}"
            + (f": {event.note}" if event.note else "."),
            "run_id": event.run_id,
        }
        for event in events
    ]


def remind(today: date) -> StepReport:
    """Notify each due, late, follow-up-due and unproven item of `today`, once per key, and
    clear the unread notices that `today` made untrue (yesterday's "due today")."""
    report = StepReport("reminders")
    candidates = task_candidates(open_task_states(today)) + link_candidates(today)
    created, raced = notify_missing(candidates)
    sweep_cleared(today)
    report.created, report.duplicates = created, raced
    return report


def announce_stage_changes() -> StepReport:
    """A notification for each stage change of the last days (by the real clock)."""
    report = StepReport("stage-changes")
    since = timezone.now() - max(catch_up(), timedelta(days=1))
    report.created, report.duplicates = notify_missing(stage_change_candidates(since))
    return report
