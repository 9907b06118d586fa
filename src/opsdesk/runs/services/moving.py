"""Moving a run to a new anchor (re-anchoring): a preview anyone operating can read, then one
audited transaction that moves exactly what the preview showed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain.dates import parse_date, parse_time
from opsdesk.domain.errors import InvalidTransition, StaleVersion
from opsdesk.domain.reanchor import SHIFT, MovePlan, TaskDates, plan_move
from opsdesk.playbooks.plan import slot_due_dates
from opsdesk.runs.models import AuditEvent, Run, Task
from opsdesk.runs.permissions import require_operator
from opsdesk.runs.risk_store import refresh_risk_dates

from .progress import refresh_slot_due_dates
from .runs import load_run

# The audit action a move leaves: the run's list of moves reads these events.
MOVED = "run-moved"


@dataclass(frozen=True)
class _Due:
    due: date
    definition: dict


def task_dates(task: Task) -> TaskDates:
    offset = (task.definition or {}).get("offsetDays") if task.source == "template" else None
    return TaskDates(
        id=task.id,
        ref=task.template_ref,
        description=task.description,
        status=task.status,
        due=task.due_date,
        offset_days=offset if isinstance(offset, int) else None,
        overridden=task.due_overridden,
        follow_up_at=task.follow_up_at,
    )


def check_movable(run: Run) -> None:
    """A finished or archived run keeps the dates it was finished with."""
    if run.archived_at:
        raise InvalidTransition(
            f"{run.title} is archived; restore it before moving its dates.", status="archived"
        )
    if run.stage == "done":
        raise InvalidTransition(
            f"{run.title} is done; a finished run keeps its dates.", status="done"
        )


def _anchor_time(value: str | time | None, current: time) -> time:
    if value is None or value == "":
        return current
    return value if isinstance(value, time) else parse_time(value, "anchorTime")


def plan_for(
    run: Run, tasks: list[Task], *, anchor_date, anchor_time, today: date, move_overrides: bool
) -> MovePlan:
    return plan_move(
        [task_dates(t) for t in tasks],
        from_anchor=run.anchor_date,
        to_anchor=parse_date(anchor_date, "anchorDate"),
        from_time=run.anchor_time,
        to_time=_anchor_time(anchor_time, run.anchor_time),
        today=today,
        move_overrides=move_overrides,
    )


def _tasks_of(run: Run) -> list[Task]:
    return list(run.tasks.order_by("due_date", "position", "id"))


def _slot_moves(run: Run, plan: MovePlan) -> list[dict]:
    """Each link slot's due date now and after the move (the earliest task that fills it)."""
    definitions = {t.id: t.definition for t in run.tasks.only("id", "definition")}
    after = slot_due_dates([_Due(m.new_due, definitions[m.task.id]) for m in plan.moves])
    return [
        {
            "name": slot.name,
            "currentDue": _iso(slot.due_date),
            "newDue": _iso(after.get(slot.name)),
        }
        for slot in run.slots.all()
    ]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def plan_json(run: Run, plan: MovePlan, move_overrides: bool) -> dict:
    return {
        "bundleId": run.id,
        "title": run.title,
        "version": run.version,
        "fromAnchor": {"date": _iso(plan.from_anchor), "time": plan.from_time.strftime("%H:%M")},
        "toAnchor": {"date": _iso(plan.to_anchor), "time": plan.to_time.strftime("%H:%M")},
        "dayDelta": plan.day_delta,
        "moveOverrides": move_overrides,
        "nothingToMove": plan.nothing_to_move,
        "moving": len(plan.moved),
        "tasks": [
            {
                "id": m.task.id,
                "ref": m.task.ref or None,
                "description": m.task.description,
                "status": m.task.status,
                "currentDue": _iso(m.task.due),
                "newDue": _iso(m.new_due),
                "action": m.action,
                "changes": m.changes,
                "dueOverridden": m.task.overridden,
                "followUpAt": _iso(m.task.follow_up_at),
            }
            for m in plan.moves
        ],
        "links": _slot_moves(run, plan),
        "warnings": [
            {"taskId": w.task_id, "kind": w.kind, "message": w.message} for w in plan.warnings
        ],
    }


def preview_move(
    actor, *, run_id: int, anchor_date, anchor_time=None, today: date, move_overrides=False
) -> dict:
    """What moving the run to `anchor_date` would do to every task, without writing anything."""
    require_operator(actor, or_system=True)
    run = load_run(run_id)
    check_movable(run)
    plan = plan_for(
        run,
        _tasks_of(run),
        anchor_date=anchor_date,
        anchor_time=anchor_time,
        today=today,
        move_overrides=move_overrides,
    )
    return plan_json(run, plan, move_overrides)


def _check_run_version(run: Run, version: int | None) -> None:
    if version is None or version != run.version:
        raise StaleVersion(
            f"This run changed since you looked at it (version {version}, now {run.version}); "
            "review the move again.",
            currentVersion=run.version,
        )


def _write_task(task: Task, new_due: date, now) -> None:
    updated = Task.objects.filter(pk=task.pk, version=task.version).update(
        due_date=new_due, due_overridden=False, version=task.version + 1, updated_at=now
    )
    if not updated:
        raise StaleVersion(f"{task.description} changed just now; review the move again.")


def _write_run(run: Run, plan: MovePlan) -> None:
    updated = Run.objects.filter(pk=run.pk, version=run.version).update(
        anchor_date=plan.to_anchor, anchor_time=plan.to_time, version=run.version + 1
    )
    if not updated:
        raise StaleVersion("This run changed just now; review the move again.")
    run.anchor_date, run.anchor_time, run.version = plan.to_anchor, plan.to_time, run.version + 1


def _audit(actor, run: Run, plan: MovePlan, move_overrides: bool) -> None:
    audit.record(
        actor,
        MOVED,
        run=run,
        before={"anchorDate": plan.from_anchor, "anchorTime": plan.from_time.strftime("%H:%M")},
        after={
            "anchorDate": plan.to_anchor,
            "anchorTime": plan.to_time.strftime("%H:%M"),
            "moveOverrides": move_overrides,
            "tasks": [
                {
                    "id": m.task.id,
                    "description": m.task.description,
                    "from": m.task.due.isoformat(),
                    "to": m.new_due.isoformat(),
                    "action": m.action,
                }
                for m in plan.moves
            ],
        },
    )


@transaction.atomic
def move_run(
    actor,
    *,
    run_id: int,
    anchor_date,
    version: int | None,
    anchor_time=None,
    today: date,
    move_overrides: bool = False,
) -> dict:
    """Re-anchor the run: open tasks follow, settled ones and overrides stay; one audit event."""
    require_operator(actor, or_system=True)
    run = Run.objects.select_for_update().filter(pk=run_id).first() or load_run(run_id)
    check_movable(run)
    tasks = _tasks_of(run)
    plan = plan_for(
        run,
        tasks,
        anchor_date=anchor_date,
        anchor_time=anchor_time,
        today=today,
        move_overrides=move_overrides,
    )
    result = plan_json(run, plan, move_overrides)
    if plan.nothing_to_move:
        message = f"Nothing to move: the run is already anchored on {plan.to_anchor.isoformat()}."
        return {**result, "applied": False, "message": message}
    _check_run_version(run, version)
    by_id = {t.id: t for t in tasks}
    now = timezone.now()
    for move in plan.moves:
        if move.action == SHIFT and (move.changes or by_id[move.task.id].due_overridden):
            _write_task(by_id[move.task.id], move.new_due, now)
    _write_run(run, plan)
    refresh_risk_dates([run.id])
    refresh_slot_due_dates(run)
    _audit(actor, run, plan, move_overrides)
    message = f"Moved {len(plan.moved)} task(s); the run is now anchored on {plan.to_anchor}."
    return {**result, "version": run.version, "applied": True, "message": message}


def run_moves(run_id: int, limit: int = 50) -> list[dict]:
    """The run's past moves, newest first: who, when, from/to anchor, the tasks that moved."""
    events = (
        AuditEvent.objects.filter(run_id=run_id, action=MOVED)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    return [move_line(e, e.actor.name if e.actor_id else "opsdesk") for e in events]


def move_line(event, who: str) -> dict:
    """One move event, made by `who`, as the run's list of moves shows it."""
    return {
        "at": event.at,
        "who": who,
        "from": event.before.get("anchorDate"),
        "to": event.after.get("anchorDate"),
        "tasks": [t for t in event.after.get("tasks", []) if t["from"] != t["to"]],
    }
