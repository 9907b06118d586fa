"""A task as its card shows it: proof checklist, inputs, instructions, files, history, defaults."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from opsdesk.docs.instructions import instructions_for
from opsdesk.docs.runtime import current_registry
from opsdesk.domain.proof import proof_kind
from opsdesk.runs import compiled
from opsdesk.runs.models import Task, TaskFile
from opsdesk.runs.services.completion import skip_reasons_of

from .history import histories
from .proof_fields import needs_file, proof_groups

DEFAULT_FOLLOW_UP_DAYS = 2


def _option_key(options) -> tuple:
    return tuple((o["type"], o["label"]) for o in options)


def _missing_key(entry: dict) -> tuple:
    options = entry.get("options") or [entry]
    return _option_key(options)


def proof_checklist(task: dict) -> list[dict]:
    """Each proof requirement in words, and whether the task already holds it."""
    missing = {_missing_key(m) for m in task["missing"]}
    settled = task["status"] in ("done", "skipped")
    items = []
    for item in task["proof"]:
        words = " or ".join(_option_words(o) for o in item["options"])
        met = settled or _option_key(item["options"]) not in missing
        items.append({"words": words, "met": met})
    return items


def _option_words(option: dict) -> str:
    return proof_kind(option["type"]).checklist.format(option["label"])


def follow_up_default(task: dict, today: date) -> date:
    days = (task.get("waiting") or {}).get("followUpDays", DEFAULT_FOLLOW_UP_DAYS)
    return today + timedelta(days=days)


def instructions_of(task: dict, registry) -> dict | None:
    ref = task.get("instructions")
    if not ref:
        return None
    found = _instructions(task, ref, registry)
    if found and found.get("resolved") and found.get("url"):
        # The doc page offers "Back to the task" when it knows which task opened it.
        path, _, step = found["url"].partition("#")
        found["url"] = f"{path}?from={task['id']}" + (f"#{step}" if step else "")
    return found


def _instructions(task: dict, ref: dict, registry) -> dict | None:
    return instructions_for(
        registry,
        ref.get("docId"),
        ref.get("stepId"),
        ref.get("fallbackUrl"),
        task["description"],
        section_id=ref.get("sectionId"),
    )


def files_of(task_ids) -> dict[int, list]:
    """Each task's files, oldest first."""
    found = defaultdict(list)
    for record in compiled.objects(("task-files",), _files_of, list(task_ids)):
        found[record.task_id].append(record)
    return found


def _files_of(task_ids: list[int]):
    return TaskFile.objects.filter(task_id__in=task_ids).order_by("id")


def skip_reasons(task_ids) -> dict[int, tuple[str, ...]]:
    """The reasons each task's template allows for skipping it (empty: any reason)."""
    # Only the two lists, not each run's whole template snapshot (decoding those was a large
    # share of the dashboard's time).
    rows = Task.objects.filter(pk__in=task_ids).values_list(
        "id", "definition__skipReasons", "run__snapshot__skipReasons"
    )
    return {task_id: skip_reasons_of(own, shared) for task_id, own, shared in rows}


@dataclass
class CardExtras:
    """What cards show beyond their task's JSON, each by task id (a missing id: none)."""

    files: dict[int, list]
    history: dict[int, list[dict]]
    skip_reasons: dict[int, tuple[str, ...]]


def card_extras(task_ids: list[int]) -> CardExtras:
    return CardExtras(files_of(task_ids), histories(task_ids), skip_reasons(task_ids))


def active_users() -> list:
    return compiled.objects(("active-users",), _active_users)


def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("name", "email")


def task_cards(
    tasks: list[dict], today: date, users: list, extras: CardExtras | None = None
) -> list[dict]:
    """Everything a full task card needs, with a handful of queries for the whole list (none
    when the caller has read the `extras` already)."""
    if extras is None:
        extras = card_extras([t["id"] for t in tasks])
    names = {u.id: u.name or u.email for u in users}
    registry = current_registry()
    for t in tasks:
        t["followUpDefault"] = follow_up_default(t, today)
    return [
        {
            "task": t,
            "anchor": f"task-{t['id']}",
            "checklist": proof_checklist(t),
            "file": needs_file(t),
            "groups": proof_groups(t),
            "hint": t["missing"][0]["message"] if t["missing"] else "",
            "instructions": instructions_of(t, registry),
            "files": extras.files.get(t["id"], []),
            "history": extras.history.get(t["id"], []),
            "assignee": names.get(t["assigneeId"]),
            "skip_reasons": extras.skip_reasons.get(t["id"], ()),
        }
        for t in tasks
    ]
