"""Run stages: forward-only movement, and closure to done when nothing is left open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import InvalidInput
from .task_rules import SETTLED, SKIPPED

STAGE_ORDER = ("preparation", "announced", "after-event", "done")
DONE = "done"


@dataclass(frozen=True)
class SlotFacts:
    name: str
    url: str
    required: bool
    # When the slot should be filled (its earliest producing task's due date), when known;
    # otherwise the summary works it out from the tasks' proof.
    due: date | None = None


def check_stage(stage: str, stages: tuple[str, ...]) -> None:
    if stage not in stages:
        raise InvalidInput(
            f"Unknown stage {stage!r}; this workflow uses: {', '.join(stages)}.", field="stage"
        )


def advance(current: str, target: str, stages: tuple[str, ...]) -> str:
    """Move to `target` only if it lies ahead of `current`; never backward."""
    check_stage(target, stages)
    return target if stages.index(target) > stages.index(current) else current


def stage_before(stage: str, stages: tuple[str, ...]) -> str:
    """The stage preceding `stage` (the first stage stays where it is)."""
    index = stages.index(stage)
    return stages[max(0, index - 1)]


def slots_released_by(status: str, skip_reason: str, definition: dict | None) -> frozenset[str]:
    """Link slots a task skipped for `skip_reason` no longer needs (its `skipSuppresses` entry)."""
    if status != SKIPPED:
        return frozenset()
    entry = ((definition or {}).get("skipSuppresses") or {}).get((skip_reason or "").strip())
    return frozenset((entry or {}).get("links", ()))


def suppressed_slots(tasks) -> frozenset[str]:
    """Every link slot released by a skipped task; `tasks` have status, skip_reason, definition."""
    released: set[str] = set()
    for t in tasks:
        released |= slots_released_by(t.status, t.skip_reason, t.definition)
    return frozenset(released)


def closure_blockers(
    tasks, slots: tuple[SlotFacts, ...], suppressed: frozenset[str] = frozenset()
) -> list[dict]:
    """What keeps a run from done: open tasks and empty required link slots not suppressed.

    `tasks` is any iterable of objects with id, description and status.
    """
    blockers = [
        {"type": "task", "taskId": t.id, "label": t.description, "status": t.status}
        for t in tasks
        if t.status not in SETTLED
    ]
    blockers += [
        {"type": "link", "label": s.name}
        for s in slots
        if s.required and not s.url.strip() and s.name not in suppressed
    ]
    return blockers


def stage_after_settle(
    current: str,
    stage_on_complete: str | None,
    closure_requested: bool,
    blockers: list[dict],
    stages: tuple[str, ...],
) -> str:
    """The stage after a task settles: its milestone target, and done once closure is clear."""
    stage = current
    if stage_on_complete and stage_on_complete != DONE:
        stage = advance(stage, stage_on_complete, stages)
    if (closure_requested or stage_on_complete == DONE) and not blockers:
        stage = DONE
    return stage
