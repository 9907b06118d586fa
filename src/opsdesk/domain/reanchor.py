"""Moving a run to a new anchor date: which task dates follow it and which stay (pure).

Open template tasks take their template offset from the new anchor, so moving there and back
gives every untouched task its date again. Ad-hoc tasks have no offset and move by the anchor's
day delta. Done and skipped tasks keep their dates (they record what happened), a due date a
person set by hand stays unless the mover asks otherwise, and follow-up dates are a person's
promise to someone outside the team, so they never move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from .bounds import MAX_DATE, MIN_DATE
from .dates import due_date
from .errors import InvalidInput

SHIFT = "shift"
KEEP_DONE = "keep-done"
KEEP_SKIPPED = "keep-skipped"
KEEP_OVERRIDE = "keep-override"
ACTIONS = (SHIFT, KEEP_DONE, KEEP_SKIPPED, KEEP_OVERRIDE)

_KEEP_SETTLED = {"done": KEEP_DONE, "skipped": KEEP_SKIPPED}


@dataclass(frozen=True)
class TaskDates:
    """What the plan needs to know about one task of the run."""

    id: int
    ref: str  # the template ref; "" for an ad-hoc task
    description: str
    status: str
    due: date
    offset_days: int | None  # None: an ad-hoc task, moved by the anchor's delta
    overridden: bool = False
    follow_up_at: date | None = None


@dataclass(frozen=True)
class TaskMove:
    task: TaskDates
    new_due: date
    action: str

    @property
    def changes(self) -> bool:
        return self.new_due != self.task.due


@dataclass(frozen=True)
class MoveWarning:
    task_id: int
    kind: str  # "already-past" or "follow-up-after-due"
    message: str


@dataclass(frozen=True)
class MovePlan:
    from_anchor: date
    to_anchor: date
    from_time: time
    to_time: time
    moves: tuple[TaskMove, ...]
    warnings: tuple[MoveWarning, ...]

    @property
    def day_delta(self) -> int:
        return (self.to_anchor - self.from_anchor).days

    @property
    def moved(self) -> tuple[TaskMove, ...]:
        return tuple(m for m in self.moves if m.changes)

    @property
    def nothing_to_move(self) -> bool:
        """The same anchor date and time: applying it would write nothing."""
        return self.from_anchor == self.to_anchor and self.from_time == self.to_time


def _move(task: TaskDates, to_anchor: date, delta: int, move_overrides: bool) -> TaskMove:
    if task.status in _KEEP_SETTLED:
        return TaskMove(task, task.due, _KEEP_SETTLED[task.status])
    if task.overridden and not move_overrides:
        return TaskMove(task, task.due, KEEP_OVERRIDE)
    if task.offset_days is None:
        return TaskMove(task, task.due + timedelta(days=delta), SHIFT)
    return TaskMove(task, due_date(to_anchor, task.offset_days), SHIFT)


def _warnings(move: TaskMove, today: date) -> list[MoveWarning]:
    if move.action != SHIFT or not move.changes:
        return []
    task, found = move.task, []
    if move.new_due < today:
        found.append(
            MoveWarning(
                task.id,
                "already-past",
                f"{task.description}: the new due date {move.new_due.isoformat()} "
                f"is already past (today is {today.isoformat()}).",
            )
        )
    if task.status == "waiting" and task.follow_up_at and task.follow_up_at > move.new_due:
        found.append(
            MoveWarning(
                task.id,
                "follow-up-after-due",
                f"{task.description}: the follow-up on {task.follow_up_at.isoformat()} "
                f"now falls after the new due date {move.new_due.isoformat()}.",
            )
        )
    return found


def _check_in_range(moves: tuple[TaskMove, ...], to_anchor: date) -> None:
    """A move may not carry a task past the dates opsdesk keeps."""
    for move in moves:
        if move.changes and not MIN_DATE <= move.new_due <= MAX_DATE:
            raise InvalidInput(
                f"Moving to {to_anchor.isoformat()} would put {move.task.description!r} on "
                f"{move.new_due.isoformat()}, outside {MIN_DATE.isoformat()} to "
                f"{MAX_DATE.isoformat()}.",
                field="anchorDate",
            )


def plan_move(
    tasks: list[TaskDates],
    *,
    from_anchor: date,
    to_anchor: date,
    from_time: time,
    to_time: time | None = None,
    today: date,
    move_overrides: bool = False,
) -> MovePlan:
    """Every task's new due date and why, for moving the run's anchor to `to_anchor`."""
    delta = (to_anchor - from_anchor).days
    moves = tuple(_move(t, to_anchor, delta, move_overrides) for t in tasks)
    if from_anchor == to_anchor:
        # Nothing follows an unchanged anchor, not even a template task off its offset.
        moves = tuple(TaskMove(m.task, m.task.due, m.action) for m in moves)
    _check_in_range(moves, to_anchor)
    warnings = tuple(w for m in moves for w in _warnings(m, today))
    return MovePlan(
        from_anchor=from_anchor,
        to_anchor=to_anchor,
        from_time=from_time,
        to_time=to_time or from_time,
        moves=moves,
        warnings=warnings,
    )
