"""The run picker's queries: a short list of likely runs, and the run a person's text names.

A page never lists every run (at 10,000 runs the list alone was most of the page's cost): it
offers the runs whose next to-do is nearest, and resolves whatever else is typed here, with
the rules of domain.run_picks.
"""

from __future__ import annotations

from datetime import date

from opsdesk.domain.errors import DomainError
from opsdesk.domain.run_picks import RunChoice, choose, read_typed
from opsdesk.domain.text import clean_text

from . import compiled
from .models import Run, Task
from .queries import is_active

SUGGESTED = 30
# Runs read to resolve one typed text: enough to name a few candidates, never the table.
FOUND_LIMIT = 20
# Tasks read to find the suggested runs: many runs share a due day, a run has several tasks.
TASKS_SCANNED = SUGGESTED * 20
TYPED_LIMIT = 400


def _choices(runs) -> list[RunChoice]:
    rows = runs.order_by("title", "anchor_date", "id").values_list("id", "title", "anchor_date")
    return [RunChoice(*row) for row in rows[:FOUND_LIMIT]]


def suggested_runs(today: date, limit: int = SUGGESTED) -> list[RunChoice]:
    """The active runs whose next to-do falls soonest from `today` on, nearest first."""

    # Read from the status index alone; which of these runs are active is asked of the runs.
    def due():
        return (
            Task.objects.filter(status="todo", due_date__gte=today, run__isnull=False)
            .order_by("due_date")
            .values_list("run_id", flat=True)[:TASKS_SCANNED]
        )

    # Every page with a picker asks this: its SQL (only the day in it) is compiled once.
    ids = list(dict.fromkeys(compiled.ids(("suggested-runs", today), due)))[: limit * 2]
    # Read by id, then kept if active: asked "active and one of these", SQLite (it keeps no
    # statistics) walks every active run through the archived/stage index (5 ms at 10,000).
    rows = Run.objects.filter(id__in=ids).values_list(
        "id", "title", "anchor_date", "archived_at", "stage"
    )
    found = {
        run_id: RunChoice(run_id, title, anchor)
        for run_id, title, anchor, archived_at, stage in rows
        if is_active(archived_at, stage)
    }
    return [found[i] for i in ids if i in found][:limit]


def _values(runs):
    return runs.values_list("id", "title", "anchor_date")


def run_choice(run_id: int | None) -> RunChoice | None:
    """The run with this id as the picker shows it, or None."""
    if run_id is None:
        return None
    row = _values(Run.objects.filter(pk=run_id)).first()
    return RunChoice(*row) if row else None


def _found(typed, runs) -> list[RunChoice]:
    if typed.id is not None:
        return _choices(runs.filter(pk=typed.id))
    named = runs.filter(title__icontains=typed.title)
    if typed.anchor is not None:
        on_the_day = _choices(named.filter(anchor_date=typed.anchor))
        if on_the_day:
            return on_the_day
    # Whole titles first: a title that is part of many others still resolves.
    return _choices(runs.filter(title__iexact=typed.title)) or _choices(named)


def pick_run(text: str, runs=None) -> RunChoice | None:
    """The run among `runs` (every run unless given) that `text` names; None when nothing was
    typed; InvalidInput naming a few candidates when it names none or several."""
    said = clean_text(text, "workflow", TYPED_LIMIT)
    typed = read_typed(said)
    if typed.empty:
        return None
    return choose(typed, _found(typed, runs if runs is not None else Run.objects.all()), said)


def candidates(text: str, runs=None) -> list[RunChoice]:
    """The runs a refused text could have meant, to offer them first in the picker's list."""
    try:
        typed = read_typed(clean_text(text, "workflow", TYPED_LIMIT))
    except DomainError:  # text the picker cannot read offers no candidates
        return []
    if typed.empty:
        return []
    return _found(typed, runs if runs is not None else Run.objects.all())
