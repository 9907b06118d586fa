"""Completing, skipping and reopening tasks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain import task_rules
from opsdesk.domain.errors import ProofMissing
from opsdesk.domain.insights import COMPLETION_REFUSED
from opsdesk.domain.links import clean_link
from opsdesk.domain.text import clean_text
from opsdesk.runs.permissions import require_operator

from ..facts import effective_link, evidence_of, rules_of
from ..task_store import check_version, load_task, save_task
from .progress import fill_slots_from_task, settle_run, unsettle_run


def slot_urls(task) -> dict[str, str]:
    if task.run_id is None:
        return {}
    return dict(task.run.slots.values_list("name", "url"))


def link_accepts_email(task) -> bool:
    if task.run_id is None:
        return False
    names = [o.slot for r in rules_of(task) for o in r.options if o.slot]
    return task.run.slots.filter(name__in=names, kind="email").exists()


def apply_proof_inputs(task, link=None, comment=None, external_status=None) -> None:
    """Take the proof fields a caller sent, cleaned; absent fields stay as they are."""
    if link is not None:
        task.link = clean_link(link, allow_email=link_accepts_email(task)) if link.strip() else ""
    if comment is not None:
        task.comment = clean_text(comment, "comment", 5000)
    if external_status is not None:
        task.external_status = clean_text(external_status, "externalStatus", 500)


def complete_task(actor, *, task_id, link=None, comment=None, external_status=None, version=None):
    """Complete a task if its proof is all there; otherwise refuse and change nothing.
    The task comes back with its `file_count` and its run's `slot_urls`, as a task's JSON needs.

    A refusal for missing proof leaves the task as it was but is noted in the task's history,
    so insights can tell which steps' proof people get wrong before completing them.
    """
    try:
        return _complete(actor, task_id, link, comment, external_status, version)
    except ProofMissing as refused:
        _note_refusal(actor, task_id, refused)
        raise


@transaction.atomic
def _note_refusal(actor, task_id, refused: ProofMissing) -> None:
    task = load_task(task_id)
    missing = [item.get("label") for item in refused.details.get("missing", [])]
    audit.record(
        actor, COMPLETION_REFUSED, task=task, after={"missing": missing}, note=refused.message
    )


@transaction.atomic
def _complete(actor, task_id, link, comment, external_status, version):
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    before = audit.task_fields(task)
    apply_proof_inputs(task, link, comment, external_status)
    urls, files = slot_urls(task), task.files.count()
    task_rules.check_complete(task.status, rules_of(task), evidence_of(task, urls, files))
    task.link, _ = effective_link(task, urls)
    task.status = task_rules.DONE
    task.completed_by = actor if getattr(actor, "pk", None) else None
    task.completed_at = timezone.now()
    task.follow_up_at = None
    save_task(actor, task, before, "task-completed", refresh_risk=False)
    fill_slots_from_task(actor, task)
    slots = settle_run(actor, task.run, task.definition.get("stageOnComplete"), task.description)
    # As this transaction leaves them, for the answer: nothing to read back after the commit.
    task.file_count, task.slot_urls = files, {s.name: s.url for s in slots}
    return task


def skip_reasons_of(own, shared) -> tuple[str, ...]:
    """The task definition's own skip reasons, else its template's shared ones (None: none)."""
    return tuple(own or shared or ())


def allowed_skip_reasons(task) -> tuple[str, ...]:
    shared = task.run.snapshot.get("skipReasons") if task.run_id else None
    return skip_reasons_of(task.definition.get("skipReasons"), shared)


@transaction.atomic
def skip_task(actor, *, task_id, reason: str, version=None):
    """Skip with a reason (one the template allows, when it lists them); skipped is settled."""
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    reason = clean_text(reason or "", "reason", 500)
    task_rules.check_skip(task.status, reason, allowed_skip_reasons(task))
    before = audit.task_fields(task)
    task.status = task_rules.SKIPPED
    task.skip_reason = reason
    task.follow_up_at = None
    task.completed_by = actor if getattr(actor, "pk", None) else None
    task.completed_at = timezone.now()
    save_task(actor, task, before, "task-skipped", note=reason, refresh_risk=False)
    # A skipped closure task still asks for closure; a skipped milestone does not claim its stage.
    closing = task.definition.get("stageOnComplete") == "done"
    settle_run(actor, task.run, "done" if closing else None, task.description)
    return task


@transaction.atomic
def reopen_task(actor, *, task_id, version=None, note: str = ""):
    """Return a done or skipped task to todo; its proof and history stay."""
    require_operator(actor)
    task = load_task(task_id)
    check_version(task, version)
    task_rules.check_reopen(task.status)
    before = audit.task_fields(task)
    task.status = task_rules.TODO
    task.skip_reason = ""
    task.completed_by = None
    task.completed_at = None
    save_task(actor, task, before, "task-reopened", note=clean_text(note or "", "note", 2000))
    unsettle_run(actor, task.run, task.definition.get("stageOnComplete") == "done")
    return task
