"""Keeping each run's risk dates in step with its facts.

`evidence_due` is the first day the run lacks evidence, `at_risk_from` the first day it is at
risk (see `opsdesk.domain.risk_dates`).

Every service that changes a task, a link slot or a file calls `refresh_risk_dates` in its own
transaction, or settles the run (`settle_run`), which stores them from the rows it reads anyway
(`store_run_risk_dates`); `opsdesk tick` runs `recompute_risk_dates` over all runs in short
transactions to repair anything written another way (an import, a bulk edit). The value is
derived from audited rows, so writing it is not itself an audited change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Count

from opsdesk.domain.risk_dates import at_risk_from, evidence_due
from opsdesk.domain.stages import suppressed_slots

from .facts import slot_facts, task_facts
from .models import LinkSlot, Run, Task, TaskFile

# A full pass reads runs in batches outside any transaction (reads never hold the write lock),
# then recomputes and writes only the runs whose stored dates are stale, a few per transaction:
# each costs about half a millisecond of CPU, so a request waiting for the lock waits little.
READ_BATCH = 200
PASS_BATCH = 20

TASK_FIELDS = (
    "id", "run_id", "position", "description", "due_date", "status", "follow_up_at",
    "link", "comment", "external_status", "skip_reason", "definition",
)  # fmt: skip


# (evidence_due, at_risk_from), each a date or None.
RiskDates = tuple


def run_risk_dates(tasks, slots, file_counts: dict[int, int]) -> RiskDates:
    """The domain's risk dates for one run's loaded task and slot rows."""
    urls = {s.name: s.url for s in slots}
    facts = [task_facts(t, urls, file_counts.get(t.id, 0)) for t in tasks]
    evidence = evidence_due(facts, slot_facts(slots), suppressed_slots(tasks))
    return evidence, at_risk_from(facts, evidence)


def _computed(run_ids: list[int], models) -> dict[int, RiskDates]:
    task_model, slot_model, file_model = models
    tasks, slots = defaultdict(list), defaultdict(list)
    for task in task_model.objects.filter(run_id__in=run_ids).only(*TASK_FIELDS):
        tasks[task.run_id].append(task)
    for slot in slot_model.objects.filter(run_id__in=run_ids):
        slots[slot.run_id].append(slot)
    files = dict(
        file_model.objects.filter(task__run_id__in=run_ids)
        .values_list("task_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r: run_risk_dates(tasks[r], slots[r], files) for r in run_ids}


def _store(run_model, dates_by_run: dict[int, RiskDates]) -> int:
    """Write the dates that changed, in one statement; answer how many runs changed."""
    changed = []
    for run in run_model.objects.filter(id__in=list(dates_by_run)).only(
        "id", "evidence_due", "at_risk_from"
    ):
        dates = dates_by_run[run.id]
        if (run.evidence_due, run.at_risk_from) != dates:
            run.evidence_due, run.at_risk_from = dates
            changed.append(run)
    run_model.objects.bulk_update(changed, ["evidence_due", "at_risk_from"])
    return len(changed)


def store_run_risk_dates(run, tasks, slots) -> bool:
    """Write `run`'s dates from its task and slot rows just read in the caller's transaction,
    with the run row locked (so its stored dates are current); answer whether they changed."""
    files = dict(
        TaskFile.objects.filter(task__run_id=run.id)
        .values_list("task_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    dates = run_risk_dates(tasks, slots, files)
    if (run.evidence_due, run.at_risk_from) == dates:
        return False
    run.evidence_due, run.at_risk_from = dates
    run.save(update_fields=["evidence_due", "at_risk_from"])
    return True


def refresh_risk_dates(run_ids: Iterable[int | None]) -> int:
    """Recompute the runs' dates inside the caller's transaction (a service's)."""
    ids = sorted({r for r in run_ids if r is not None})
    if not ids:
        return 0
    return _store(Run, _computed(ids, (Task, LinkSlot, TaskFile)))


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _stale(run_model, dates_by_run: dict[int, RiskDates]) -> list[int]:
    stored = run_model.objects.filter(id__in=list(dates_by_run)).values_list(
        "id", "evidence_due", "at_risk_from"
    )
    return [run_id for run_id, *dates in stored if tuple(dates) != dates_by_run[run_id]]


def recompute_risk_dates(models=None, batch: int = PASS_BATCH) -> int:
    """Every run's dates checked, and the stale ones rewritten `batch` runs per transaction;
    `models` lets a migration pass its historical ones."""
    run_model, *rest = models or (Run, Task, LinkSlot, TaskFile)
    ids = list(run_model.objects.order_by("id").values_list("id", flat=True))
    changed = 0
    for chunk in _batches(ids, READ_BATCH):
        stale = _stale(run_model, _computed(chunk, tuple(rest)))
        for part in _batches(stale, batch):
            # Computed again inside the transaction: a service may have changed the run since.
            with transaction.atomic():
                changed += _store(run_model, _computed(part, tuple(rest)))
    return changed
