"""Reporting a process gap from a task or a doc, and resolving it: one transaction each, audited.

A report records where the operator was (task, run, template, doc and step) and never touches
the task itself: they go straight back to the work.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.docs.runtime import current_registry
from opsdesk.domain.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from opsdesk.domain.text import clean_text
from opsdesk.runs.permissions import require_operator
from opsdesk.runs.task_store import load_task

from .models import DESCRIPTION_LIMIT, RESOLUTION_LIMIT, ProcessGap

MAINTAINER_ROLES = ("admin", "operations-manager")
STEP_LIMIT = 64


def require_maintainer(user) -> None:
    """Resolving a gap means the docs or templates were fixed: maintainers only."""
    if not (getattr(user, "is_active", False) and getattr(user, "role", "") in MAINTAINER_ROLES):
        raise PermissionDenied("Only an admin or an operations manager can resolve process gaps.")


def _description(value) -> str:
    text = clean_text(value or "", "description", DESCRIPTION_LIMIT)
    if not text:
        raise InvalidInput("Describe what was missing, unclear or wrong.", field="description")
    return text


def _step(value) -> str:
    return clean_text(str(value) if value is not None else "", "stepId", STEP_LIMIT)


def task_doc_id(doc_ref: str | None) -> str:
    """The stable id of the doc a task points to; the task's own id when it does not resolve."""
    if not doc_ref:
        return ""
    doc = current_registry().resolve(doc_ref)
    return doc.id if doc else doc_ref


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _reported(actor, gap: ProcessGap) -> ProcessGap:
    audit.record(
        actor,
        "process-gap-reported",
        run=gap.run,
        task=gap.task,
        after={"gapId": gap.id, "docId": gap.doc_id, "stepId": gap.step_id},
        note=gap.description,
    )
    return gap


@transaction.atomic
def report_from_task(actor, task_id: int, description: str, step_id=None) -> ProcessGap:
    """Report a gap met while doing a task; it links the task, its run, template, doc and step."""
    require_operator(actor)
    text, step = _description(description), _step(step_id)
    task = load_task(task_id)
    instructions = (task.definition or {}).get("instructions") or {}
    gap = ProcessGap.objects.create(
        description=text,
        task=task,
        run=task.run,
        template_type=task.run.type if task.run_id else "",
        doc_id=task_doc_id(instructions.get("docId")),
        step_id=step or str(instructions.get("stepId") or ""),
        reported_by=_actor(actor),
    )
    return _reported(actor, gap)


@transaction.atomic
def report_from_doc(actor, doc_ref: str, description: str, step_id=None) -> ProcessGap:
    """Report a gap found while reading a doc (by id, alias or path), optionally at a step."""
    require_operator(actor)
    text, step = _description(description), _step(step_id)
    doc = current_registry().resolve(doc_ref)
    if doc is None:
        raise NotFound(f"No doc has the id, alias or path {doc_ref!r}.")
    gap = ProcessGap.objects.create(
        description=text, doc_id=doc.id, step_id=step, reported_by=_actor(actor)
    )
    return _reported(actor, gap)


def load_gap(gap_id: int) -> ProcessGap:
    gap = ProcessGap.objects.select_related("task", "run").filter(pk=gap_id).first()
    if gap is None:
        raise NotFound(f"No process gap with id {gap_id}.")
    return gap


@transaction.atomic
def resolve(actor, gap_id: int, resolution: str, fixed_by=None) -> ProcessGap:
    """Close a gap with what was changed in the docs or templates; refused without it.
    `fixed_by` is the doc revision that fixed it, when it was fixed in the doc."""
    require_maintainer(actor)
    gap = load_gap(gap_id)
    text = clean_text(resolution or "", "resolution", RESOLUTION_LIMIT)
    if not text:
        raise InvalidInput("Say what was changed to close this gap.", field="resolution")
    # Conditional update: of two maintainers resolving at once, exactly one wins.
    resolved = ProcessGap.objects.filter(pk=gap.pk, status="open").update(
        status="resolved",
        resolution=text,
        resolved_by=_actor(actor),
        resolved_at=timezone.now(),
        fixed_by=fixed_by,
    )
    if not resolved:
        raise InvalidTransition("This gap is already resolved.", status="resolved")
    gap.refresh_from_db()
    audit.record(
        actor,
        "process-gap-resolved",
        run=gap.run,
        task=gap.task,
        after={"gapId": gap.id, "fixedByRevision": fixed_by.pk if fixed_by else None},
        note=text,
    )
    return gap


def resolve_by_doc_revision(actor, revision, **_signal) -> None:
    """A doc saved as the fix of a gap resolves it, naming the revision; a gap about another
    doc, or one already resolved, refuses the save."""
    gap = load_gap(revision.fixes_gap_id)
    about = current_registry().resolve(gap.doc_id) if gap.doc_id else None
    if about is None or about.path != revision.path:
        raise InvalidInput(
            f"Gap {gap.id} is about doc {gap.doc_id or '(none)'}, not {revision.doc_id}.",
            field="fixesGap",
        )
    note = revision.message or "edited the doc"
    resolve(actor, gap.id, f"Fixed in the doc (revision {revision.number}): {note}", revision)
