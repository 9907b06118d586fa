"""Bringing a run up to a newer template: what would change, task by task (pure).

The old template is the one the run was started from (or last updated to); the run's tasks say
what people did meanwhile. Done and skipped work is settled and never rewritten; an open task
takes the new definition, except a due date a person set by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .dates import due_date

ADD, UPDATE, REMOVE, KEEP_DONE, KEEP_OVERRIDE = (
    "add",
    "update",
    "remove",
    "keep-done",
    "keep-override",
)
CHANGE_KINDS = (ADD, UPDATE, REMOVE, KEEP_DONE, KEEP_OVERRIDE)
SETTLED = ("done", "skipped")
REMOVED_REASON = "removed from the template"
# The definition's own key, not a field that can change.
_IDENTITY = "ref"


@dataclass(frozen=True)
class RunTask:
    """A template task of the run as it is now."""

    id: int
    ref: str
    status: str
    due: date
    definition: dict
    # The due date is not the one the plan gives (a person set it by hand).
    due_by_hand: bool = False


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: object
    new: object


@dataclass(frozen=True)
class TaskChange:
    kind: str
    ref: str
    description: str
    task_id: int | None = None
    status: str | None = None
    fields: tuple[FieldChange, ...] = ()
    due_before: date | None = None
    due_after: date | None = None
    definition: dict = field(default_factory=dict, compare=False)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class UpdatePlan:
    changes: tuple[TaskChange, ...]
    slots_added: tuple[dict, ...]

    @property
    def is_empty(self) -> bool:
        return not self.changes and not self.slots_added

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


def is_due_by_hand(due: date, anchor: date, offset_days: int | None) -> bool:
    """A template task whose due date differs from its plan was set by a person."""
    return offset_days is not None and due != due_date(anchor, offset_days)


def changed_fields(old: dict, new: dict) -> tuple[FieldChange, ...]:
    """Every definition field whose value differs, in the new definition's order."""
    names = [k for k in new if k != _IDENTITY] + [k for k in old if k not in new]
    return tuple(
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    )


def _change_for_existing(task: RunTask, old: dict, new: dict, anchor: date) -> TaskChange | None:
    fields = changed_fields(old, new)
    if not fields:
        return None
    common = {
        "ref": task.ref,
        "description": new.get("description", task.definition.get("description", "")),
        "task_id": task.id,
        "status": task.status,
        "fields": fields,
        "definition": new,
        "due_before": task.due,
    }
    if task.status in SETTLED:
        return TaskChange(KEEP_DONE, **common | {"due_after": task.due})
    moves = "offsetDays" in {f.name for f in fields}
    if moves and task.due_by_hand:
        only_offset = len(fields) == 1
        return TaskChange(
            KEEP_OVERRIDE if only_offset else UPDATE, **common | {"due_after": task.due}
        )
    due_after = due_date(anchor, new["offsetDays"]) if moves else task.due
    return TaskChange(UPDATE, **common | {"due_after": due_after})


def _change_for_removed(task: RunTask) -> TaskChange:
    common = {
        "ref": task.ref,
        "description": task.definition.get("description", ""),
        "task_id": task.id,
        "status": task.status,
        "due_before": task.due,
        "due_after": task.due,
    }
    return TaskChange(KEEP_DONE if task.status in SETTLED else REMOVE, **common)


def plan_update(
    *,
    old_tasks: list[dict],
    new_tasks: list[dict],
    run_tasks: list[RunTask],
    anchor: date,
    slot_names: list[str],
    new_slots: list[dict],
) -> UpdatePlan:
    """The changes that bring a run's tasks from the old template's definitions to the new."""
    old_by_ref = {d["ref"]: d for d in old_tasks}
    task_by_ref: dict[str, RunTask] = {}
    for task in run_tasks:
        task_by_ref.setdefault(task.ref, task)
    changes: list[TaskChange] = []
    for new in new_tasks:
        task = task_by_ref.get(new["ref"])
        if task is None:
            due = due_date(anchor, new["offsetDays"])
            changes.append(
                TaskChange(ADD, new["ref"], new["description"], due_after=due, definition=new)
            )
            continue
        old = old_by_ref.get(task.ref, task.definition)
        change = _change_for_existing(task, old, new, anchor)
        if change is not None:
            changes.append(change)
    new_refs = {d["ref"] for d in new_tasks}
    changes += [_change_for_removed(t) for t in task_by_ref.values() if t.ref not in new_refs]
    have = set(slot_names)
    added = tuple(dict(s) for s in new_slots if s["name"] not in have)
    return UpdatePlan(tuple(changes), added)


def change_summary(plan: UpdatePlan) -> str:
    """One line a person can scan: "2 added, 1 updated, 1 removed, 1 link slot added"."""
    words = {
        ADD: "added",
        UPDATE: "updated",
        REMOVE: "removed",
        KEEP_DONE: "kept as done",
        KEEP_OVERRIDE: "keeping a date set by hand",
    }
    parts = [f"{plan.count(kind)} {words[kind]}" for kind in CHANGE_KINDS if plan.count(kind)]
    if plan.slots_added:
        n = len(plan.slots_added)
        parts.append(f"{n} link slot{'s' if n != 1 else ''} added")
    return ", ".join(parts) or "No task changes"
