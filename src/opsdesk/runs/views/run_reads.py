"""What the run page reads: the run's detail, and what its task cards and list of moves show,
in fewer queries than each part reading its own (issue 18).

The cards' files are read once and give the detail its file counts too; the cards'
skip reasons come from the task rows and run snapshot already in hand; the cards' histories
and the run's moves are one read of the audit trail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import Q

from opsdesk.runs import compiled
from opsdesk.runs.models import AuditEvent, Run
from opsdesk.runs.queries import run_detail_of, slots_of_run, tasks_in_order
from opsdesk.runs.services.completion import skip_reasons_of
from opsdesk.runs.services.moving import MOVED, move_line
from opsdesk.runs.task_rows import TaskRow, row_values, task_rows

from .history import history_line
from .task_cards import CardExtras, files_of


@dataclass
class RunPageReads:
    detail: dict  # `run_detail`'s answer
    extras: CardExtras  # for `task_cards` of the detail's tasks
    moves: list[dict]  # newest first, as `run_moves` lists them


def own_skip_reasons(row: TaskRow):
    """The reasons the task's own definition lists (None: it lists none)."""
    return row.definition.get("skipReasons") if isinstance(row.definition, dict) else None


def skip_reasons_of_rows(run: Run, rows: list[TaskRow]) -> dict[int, tuple[str, ...]]:
    """`task_cards.skip_reasons` of the run's tasks, from the rows and snapshot at hand."""
    shared = run.snapshot.get("skipReasons")
    return {row.id: skip_reasons_of(own_skip_reasons(row), shared) for row in rows}


class EventRow(NamedTuple):
    """An audit event's values a history or a list of moves shows, read like an `AuditEvent`
    (a run in use holds dozens: building a model and its actor for each cost more)."""

    task_id: int | None
    run_id: int | None
    action: str
    at: datetime
    note: str
    before: dict
    after: dict
    actor_id: int | None
    actor_name: str | None

    @property
    def who(self) -> str:
        return self.actor_name if self.actor_id else "opsdesk"


def _events(run_id: int, task_ids: list[int]):
    # Both filters have their index (task, at) and (run, at); a run is moved a few times, so
    # reading all its moves to keep the newest costs less than a second query.
    return (
        AuditEvent.objects.filter(Q(task_id__in=task_ids) | Q(run_id=run_id, action=MOVED))
        .order_by("at", "id")
        .values_list(*EventRow._fields[:-1], "actor__name")
    )


def _tasks_of_run(run_id: int):
    return row_values(tasks_in_order(run_id))


def histories_and_moves(
    run_id: int, task_ids: list[int], moves_limit: int
) -> tuple[dict[int, list[dict]], list[dict]]:
    """`histories(task_ids)` and `run_moves(run_id, moves_limit)` in one read."""
    values = compiled.rows(("histories-and-moves",), _events, run_id, task_ids)
    shown = set(task_ids)
    history: dict[int, list[dict]] = defaultdict(list)
    moves = []
    for event in map(EventRow._make, values):
        if event.task_id in shown:
            history[event.task_id].append(history_line(event, event.who))
        if event.run_id == run_id and event.action == MOVED:
            moves.append(event)
    return history, [move_line(e, e.who) for e in reversed(moves[-moves_limit:])]


def run_page_reads(run: Run, today: date, moves_limit: int) -> RunPageReads:
    """The detail of `run` (loaded with its snapshot), its cards' extras and its moves."""
    slots = slots_of_run(run.id)
    rows = task_rows(compiled.rows(("run-page-tasks",), _tasks_of_run, run.id))
    task_ids = [row.id for row in rows]
    files = files_of(task_ids)
    for row in rows:
        row.file_count = len(files.get(row.id, ()))
    history, moves = histories_and_moves(run.id, task_ids, moves_limit)
    extras = CardExtras(files, history, skip_reasons_of_rows(run, rows))
    return RunPageReads(run_detail_of(run, slots, rows, today), extras, moves)
