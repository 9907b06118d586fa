"""What a task change does to its run: link slots filled, stages advanced, closure settled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opsdesk import audit
from opsdesk.domain import stages as stage_rules
from opsdesk.playbooks.plan import slot_due_dates
from opsdesk.runs.models import LinkSlot, Run, Task

from ..facts import bound_slots, slot_facts
from ..risk_store import TASK_FIELDS as RISK_TASK_FIELDS
from ..risk_store import refresh_risk_dates, store_run_risk_dates


def fill_slots_from_task(actor, task) -> bool:
    """Saving a task's link fills the run link slots its proof is bound to; answer whether any
    changed (the caller then refreshes the run's risk dates, or settles the run, which does)."""
    if task.run_id is None or not task.link:
        return False
    names = bound_slots(task)
    filled = False
    for slot in LinkSlot.objects.filter(run_id=task.run_id, name__in=names):
        if slot.url != task.link:
            filled = True
            before = {"url": slot.url}
            slot.url = task.link
            slot.from_resource = ""
            slot.save(update_fields=["url", "from_resource"])
            audit.record(
                actor,
                "link-filled",
                run=task.run,
                task=task,
                before=before,
                after={"url": slot.url},
                note=slot.name,
            )
    return filled


def refresh_slot_due_dates(run: Run | None) -> None:
    """Keep each slot's due date in step after a task's date moved."""
    if run is None:
        return
    stored = [_DueTask(t.due_date, t.definition) for t in run.tasks.all()]
    due = slot_due_dates(stored)
    moved = [s for s in run.slots.all() if s.due_date != due.get(s.name)]
    for slot in moved:
        slot.due_date = due.get(slot.name)
        slot.save(update_fields=["due_date"])
    if moved:
        refresh_risk_dates([run.id])


@dataclass(frozen=True)
class _DueTask:
    due: date
    definition: dict


def _set_stage(actor, run: Run, stage: str, note: str) -> None:
    if stage == run.stage:
        return
    before = run.stage
    run.stage = stage
    run.version += 1
    run.save(update_fields=["stage", "closure_requested", "version"])
    audit.record(
        actor, "stage-change", run=run, before={"stage": before}, after={"stage": stage}, note=note
    )


def blockers_of(run: Run) -> list[dict]:
    return _blockers(list(run.tasks.all()), list(run.slots.all()))


def _blockers(tasks: list, slots: list) -> list[dict]:
    suppressed = stage_rules.suppressed_slots(tasks)
    return stage_rules.closure_blockers(tasks, slot_facts(slots), suppressed)


# What settling reads and writes of the run row: not its template snapshot or other JSON.
SETTLE_FIELDS = ("id", "stage", "stages", "closure_requested", "version")


def _locked(run: Run) -> Run:
    # Two tasks of one run settling at once must not both judge closure on a stale view: the
    # run row lock makes the second wait and then see the first's committed task.
    fields = (*SETTLE_FIELDS, "evidence_due", "at_risk_from")
    return Run.objects.select_for_update().only(*fields).get(pk=run.pk)


def settle_run(
    actor, run: Run | None, stage_on_complete: str | None = None, note: str = ""
) -> list[LinkSlot]:
    """Advance the run after a task settles or a slot fills; close it once nothing blocks.
    The run's risk dates are refreshed from the same rows; answer its link slots as read."""
    if run is None:
        return []
    run = _locked(run)
    tasks = list(Task.objects.filter(run_id=run.id).only(*RISK_TASK_FIELDS))
    slots = list(run.slots.all())
    if stage_on_complete == stage_rules.DONE and not run.closure_requested:
        run.closure_requested = True
        run.save(update_fields=["closure_requested"])
    stage = stage_rules.stage_after_settle(
        run.stage,
        stage_on_complete,
        run.closure_requested,
        _blockers(tasks, slots),
        tuple(run.stages),
    )
    _set_stage(actor, run, stage, note)
    store_run_risk_dates(run, tasks, slots)
    return slots


def unsettle_run(actor, run: Run | None, reopened_closure_task: bool) -> None:
    """A reopened task steps a done run back; reopening the closure task withdraws the request."""
    if run is None:
        return
    run = _locked(run)
    if reopened_closure_task and run.closure_requested:
        run.closure_requested = False
        run.save(update_fields=["closure_requested"])
    if run.stage == stage_rules.DONE:
        previous = stage_rules.stage_before(run.stage, tuple(run.stages))
        _set_stage(actor, run, previous, "A task was reopened")
