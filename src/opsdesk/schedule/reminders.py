"""Reminders: notifications for what the dashboard shows as due, late, waiting or unproven.

The rules are the domain's (task_state through task_json, summarise through run_views); this
module only turns each derived state into a notification with a key that makes it exactly once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import chain

from django.db.models import Q
from django.utils import timezone

from opsdesk.domain.proof import proof_rules
from opsdesk.domain.stages import SlotFacts, slots_released_by
from opsdesk.domain.states import TaskFacts
from opsdesk.domain.summary import missing_links
from opsdesk.runs.models import AuditEvent, LinkSlot, Run, Task
from opsdesk.runs.queries import for_display, open_tasks, tasks_json

from .claims import notify_missing
from .clearing import sweep_cleared
from .reach import EVERY_RUN, Reach
from .window import StepReport, catch_up

# Rows a pass holds at once: at 10,000 runs the reminders read tens of thousands of tasks, and
# a batch at a time keeps the scheduler's memory flat and each query short.
BATCH = 500


def _where(task: dict) -> str:
    return f" ({task['bundleTitle']})" if task.get("bundleTitle") else ""


def _about(task: dict) -> dict:
    return {"task_id": task["id"], "run_id": task["bundleId"]}


def _missing_words(task: dict) -> str:
    return ", ".join(m.get("label") or m.get("type", "") for m in task.get("missing", []))


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def open_task_state_batches(
    today: date, size: int = BATCH, reach: Reach = EVERY_RUN
) -> Iterator[list[dict]]:
    """Open tasks of `reach` that may need a word today (due, late or follow-up reached), as
    task JSON, `size` at a time in due-date order: only their ids are read all at once."""
    due = open_tasks(None, "all").filter(Q(due_date__lte=today) | Q(follow_up_at__lte=today))
    reached = reach.runs_of(due)
    ids = list(reached.order_by("due_date", "id").values_list("id", flat=True))
    for chunk in _chunks(ids, size):
        place = {task_id: n for n, task_id in enumerate(chunk)}
        tasks = sorted(for_display(Task.objects.filter(id__in=chunk)), key=lambda t: place[t.id])
        yield tasks_json(tasks, today)


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


def _runs_with_empty_links(today: date, reach: Reach) -> list[int]:
    """Active runs of `reach` with a required link slot still empty whose day may have come,
    in id order.

    A slot with a due date after `today` is never missing (see `proof_overdue`); one without
    takes its producing tasks' day, so it is read with them.
    """
    slots = LinkSlot.objects.filter(required=True, url="", run__archived_at__isnull=True).filter(
        Q(due_date__isnull=True) | Q(due_date__lte=today)
    )
    return list(
        reach.runs_of(slots.exclude(run__stage="done"))
        .order_by("run_id")
        .values_list("run_id", flat=True)
        .distinct()
    )


def _open_task_facts(run_ids: list[int]) -> tuple[dict, dict]:
    """Per run: its not-done tasks as facts (position order) and the slots its skips release."""
    facts, released = defaultdict(list), defaultdict(set)
    rows = (
        Task.objects.filter(run_id__in=run_ids)
        .exclude(status="done")
        .order_by("run_id", "position", "id")
        .values_list("id", "run_id", "position", "due_date", "status", "skip_reason", "definition")
    )
    for task_id, run_id, position, due, status, skip_reason, definition in rows:
        rules = proof_rules((definition or {}).get("proof", []))
        facts[run_id].append(TaskFacts(task_id, position, "", due, status, proof=rules))
        released[run_id] |= slots_released_by(status, skip_reason, definition)
    return facts, released


def _link_batch(run_ids: list[int], today: date) -> list[dict]:
    titles = dict(Run.objects.filter(id__in=run_ids).values_list("id", "title"))
    slots = defaultdict(list)
    for run_id, name, url, required, due in (
        LinkSlot.objects.filter(run_id__in=run_ids)
        .order_by("run_id", "position", "id")
        .values_list("run_id", "name", "url", "required", "due_date")
    ):
        slots[run_id].append(SlotFacts(name, url, required, due))
    facts, released = _open_task_facts(run_ids)
    found = []
    for run_id in run_ids:
        if run_id not in titles:  # deleted since its id was read
            continue
        suppressed = frozenset(released[run_id])
        for item in missing_links(facts[run_id], tuple(slots[run_id]), today, suppressed):
            found.append(
                {
                    "key": f"missing-evidence:{run_id}:link:{item['label']}",
                    "type": "missing-evidence",
                    "message": f"Link “{item['label']}” of {titles[run_id]} is still empty.",
                    "run_id": run_id,
                    "task_id": item.get("taskId"),
                }
            )
    return found


def link_candidate_batches(
    today: date, size: int = BATCH, reach: Reach = EVERY_RUN
) -> Iterator[list[dict]]:
    """Required link slots (of runs in `reach`) whose producing task is due and that are still
    empty, a batch of runs at a time, read as values (the rule is the run summary's own,
    `missing_links`)."""
    for chunk in _chunks(_runs_with_empty_links(today, reach), size):
        yield _link_batch(chunk, today)


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


def remind(today: date, reach: Reach = EVERY_RUN) -> StepReport:
    """Notify each due, late, follow-up-due and unproven item of `today` in the runs of
    `reach`, once per key, and clear the unread notices that `today` or a change made untrue
    (yesterday's "due today", a task since done)."""
    report = StepReport("reminders")
    task_batches = (task_candidates(tasks) for tasks in open_task_state_batches(today, reach=reach))
    # Lazily, one batch in memory at a time: tasks in due-date order first, then links.
    for candidates in chain(task_batches, link_candidate_batches(today, reach=reach)):
        created, raced = notify_missing(candidates)
        report.created += created
        report.duplicates += raced
    sweep_cleared(today, changed_since=reach.changed_since)
    return report


def announce_stage_changes() -> StepReport:
    """A notification for each stage change of the last days (by the real clock)."""
    report = StepReport("stage-changes")
    since = timezone.now() - max(catch_up(), timedelta(days=1))
    report.created, report.duplicates = notify_missing(stage_change_candidates(since))
    return report
