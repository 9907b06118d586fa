"""Run-level actions: manual stage changes and archiving."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain import stages as stage_rules
from opsdesk.domain.errors import ClosureBlocked, InvalidInput, NotFound
from opsdesk.domain.text import clean_text
from opsdesk.runs import compiled
from opsdesk.runs.models import Run
from opsdesk.runs.permissions import require_operator

from .progress import blockers_of


def find_run(run_id: int) -> Run | None:
    """The run, or None; its SQL is compiled once (every run page and API read asks it)."""
    found = compiled.objects(("run",), _run_by_id, run_id)
    return found[0] if found else None


def _run_by_id(run_id: int):
    return Run.objects.filter(pk=run_id)


def load_run(run_id: int) -> Run:
    run = find_run(run_id)
    if run is None:
        raise NotFound(f"No workflow run with id {run_id}.")
    return run


@transaction.atomic
def change_stage(actor, *, run_id: int, stage: str, comment: str) -> Run:
    """Move a run to any of its stages by hand, with a comment; done still needs closure."""
    require_operator(actor)
    run = load_run(run_id)
    comment = clean_text(comment or "", "comment", 2000)
    if not comment:
        raise InvalidInput("Say why the stage changes (comment).", field="comment")
    stage_rules.check_stage(stage, tuple(run.stages))
    if stage == stage_rules.DONE:
        blockers = blockers_of(run)
        if blockers:
            raise ClosureBlocked(
                f"The run cannot be done yet: {len(blockers)} item(s) still open.", blockers
            )
    before = run.stage
    run.stage = stage
    run.version += 1
    run.save(update_fields=["stage", "version"])
    audit.record(
        actor,
        "stage-change",
        run=run,
        before={"stage": before},
        after={"stage": stage},
        note=comment,
    )
    return run


@transaction.atomic
def archive_run(actor, *, run_id: int, archived: bool = True) -> Run:
    require_operator(actor)
    run = load_run(run_id)
    before = run.archived_at
    run.archived_at = timezone.now() if archived else None
    run.version += 1
    run.save(update_fields=["archived_at", "version"])
    audit.record(
        actor,
        "run-archived" if archived else "run-restored",
        run=run,
        before={"archivedAt": before},
        after={"archivedAt": run.archived_at},
    )
    return run
