"""Bringing a running run up to the newest version of its template, previewed then applied.

The preview carries a token: a keyed digest of the run's version, every task's version and the
template version it leads to. Applying checks the token against the run as it is now, so any
change since the preview (a task completed, the file reloaded, another apply) is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain import template_update as rules
from opsdesk.domain.errors import InvalidInput, InvalidTransition, StaleVersion
from opsdesk.runs import compiled
from opsdesk.runs.models import LinkSlot, Run, Task, WorkflowTemplate
from opsdesk.runs.permissions import require_operator
from opsdesk.runs.risk_store import refresh_risk_dates

from .progress import refresh_slot_due_dates, settle_run
from .runs import load_run
from .template_versions import version_number

TOKEN_PARTS = 3


def _template_tasks(run: Run) -> list[Task]:
    return list(run.tasks.filter(source="template").exclude(template_ref="").order_by("id"))


def _run_task(task: Task, anchor, old_offsets: dict[str, int]) -> rules.RunTask:
    offset = old_offsets.get(task.template_ref, task.definition.get("offsetDays"))
    return rules.RunTask(
        id=task.id,
        ref=task.template_ref,
        status=task.status,
        due=task.due_date,
        definition=task.definition,
        due_by_hand=task.due_overridden or rules.is_due_by_hand(task.due_date, anchor, offset),
    )


def plan_for(run: Run, tasks: list[Task]) -> rules.UpdatePlan:
    """What bringing `run` to its template's current content would change."""
    old_tasks = run.snapshot.get("tasks", [])
    new = run.template.definition
    offsets = {d["ref"]: d["offsetDays"] for d in old_tasks}
    return rules.plan_update(
        old_tasks=old_tasks,
        new_tasks=new.get("tasks", []),
        run_tasks=[_run_task(t, run.anchor_date, offsets) for t in tasks],
        anchor=run.anchor_date,
        slot_names=list(run.slots.values_list("name", flat=True)),
        new_slots=new.get("bundleLinks", []),
    )


def preview_token(run: Run) -> str:
    """`<run id>.<template version>.<digest>`: readable enough to tell which run it belongs to."""
    state = {
        "run": run.id,
        "version": run.version,
        "from": run.template_version,
        "to": run.template.content_hash,
        "tasks": sorted(run.tasks.values_list("id", "version")),
    }
    payload = json.dumps(state, sort_keys=True).encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), payload, hashlib.sha256).hexdigest()[:32]
    return f"{run.id}.{run.template.content_hash}.{digest}"


def _field_json(change: rules.FieldChange) -> dict:
    return {"name": change.name, "old": change.old, "new": change.new}


def change_json(change: rules.TaskChange) -> dict:
    return {
        "kind": change.kind,
        "ref": change.ref,
        "taskId": change.task_id,
        "description": change.description,
        "status": change.status,
        "fields": [_field_json(f) for f in change.fields],
        "dueBefore": change.due_before.isoformat() if change.due_before else None,
        "dueAfter": change.due_after.isoformat() if change.due_after else None,
    }


def is_outdated(run: Run, loaded_hash: str | None = None) -> bool:
    """Whether the run is on an older version of its template than the loaded one, whose hash
    is `loaded_hash` when already read (else read through `run.template`)."""
    return run.template_version != (loaded_hash or run.template.content_hash)


def current_hash(template_id: int) -> str | None:
    """The loaded version's hash of a template (None: no such template)."""
    found = compiled.rows(("template-hash",), _template_hash, template_id)
    return found[0][0] if found else None


def _template_hash(template_id: int):
    return WorkflowTemplate.objects.filter(pk=template_id).values_list("content_hash")


def preview_of(run: Run) -> dict:
    """The preview for an already loaded run: the changes and the token that applies them."""
    tasks = _template_tasks(run)
    plan = plan_for(run, tasks) if is_outdated(run) else rules.UpdatePlan((), ())
    return {
        "bundleId": run.id,
        "title": run.title,
        "type": run.type,
        "anchorDate": run.anchor_date.isoformat(),
        "fromVersion": version_number(run.template, run.template_version),
        "toVersion": version_number(run.template, run.template.content_hash),
        "fromContentHash": run.template_version,
        "toContentHash": run.template.content_hash,
        "upToDate": not is_outdated(run),
        "canApply": is_outdated(run) and run.status == "active",
        "summary": rules.change_summary(plan),
        "changes": [change_json(c) for c in plan.changes],
        "slotsAdded": list(plan.slots_added),
        "previewToken": preview_token(run),
    }


def preview_update(run_id: int) -> dict:
    """GET /bundles/{id}/template-update: what the newest template version would change."""
    return preview_of(load_run(run_id))


def check_token(run: Run, token: str) -> None:
    """A token of another run is a mistake (422); one made stale by any change is a 409."""
    parts = (token or "").split(".")
    if len(parts) != TOKEN_PARTS or not parts[0].isdigit():
        raise InvalidInput(
            "previewToken is not a template-update preview token.", field="previewToken"
        )
    if int(parts[0]) != run.id:
        raise InvalidInput(
            f"This preview token belongs to run {parts[0]}, not run {run.id}.", field="previewToken"
        )
    if not hmac.compare_digest(token, preview_token(run)):
        raise StaleVersion(
            "The run or its template changed since this preview; review the changes again.",
            current=preview_of(run),
        )


def _locked_run(run_id: int) -> Run:
    # Two applies at once: the second waits for the first's commit, then finds its token stale.
    load_run(run_id)
    return Run.objects.select_for_update().select_related("template").get(pk=run_id)


def _write_task(task: Task, **values) -> None:
    """Write only if nobody changed the task since the plan was made; else undo everything."""
    updated = Task.objects.filter(pk=task.pk, version=task.version).update(
        **values, version=task.version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersion(f"Task {task.pk} changed meanwhile; review the update again.")


def _apply_definition(actor, task: Task, change: rules.TaskChange, note: str) -> None:
    new = change.definition
    before = {"description": task.description, "phase": task.phase, "due_date": task.due_date}
    after = {"description": new["description"], "phase": new["phase"], "due_date": change.due_after}
    _write_task(task, definition=new, **after)
    old_values, new_values = audit.changed(before, after)
    new_values["templateFields"] = [f.name for f in change.fields]
    audit.record(
        actor, "task-template-updated", task=task, before=old_values, after=new_values, note=note
    )


def _skip_removed(actor, task: Task, note: str) -> None:
    _write_task(
        task,
        status="skipped",
        skip_reason=rules.REMOVED_REASON,
        follow_up_at=None,
        completed_by=actor if getattr(actor, "pk", None) else None,
        completed_at=timezone.now(),
    )
    audit.record(
        actor,
        "task-skipped",
        task=task,
        before={"status": task.status},
        after={"status": "skipped", "skip_reason": rules.REMOVED_REASON},
        note=note,
    )


def _add_task(actor, run: Run, change: rules.TaskChange, position: int, note: str) -> None:
    new = change.definition
    task = Task.objects.create(
        run=run,
        template_ref=new["ref"],
        position=position,
        description=new["description"],
        due_date=change.due_after,
        phase=new["phase"],
        source="template",
        definition=new,
    )
    audit.record(actor, "task-created", task=task, after=audit.task_fields(task), note=note)


def _add_slots(run: Run, slots: tuple[dict, ...]) -> None:
    start = run.slots.count()
    LinkSlot.objects.bulk_create(
        LinkSlot(
            run=run,
            name=s["name"],
            kind=s.get("kind", "url"),
            required=s.get("required", True),
            position=start + i,
        )
        for i, s in enumerate(slots)
    )


def _apply_changes(actor, run: Run, plan: rules.UpdatePlan, note: str) -> None:
    tasks = {t.id: t for t in _template_tasks(run)}
    positions = {d["ref"]: i for i, d in enumerate(run.template.definition["tasks"])}
    for change in plan.changes:
        if change.kind == rules.ADD:
            _add_task(actor, run, change, positions[change.ref], note)
        elif change.kind in (rules.UPDATE, rules.KEEP_OVERRIDE):
            _apply_definition(actor, tasks[change.task_id], change, note)
        elif change.kind == rules.REMOVE:
            _skip_removed(actor, tasks[change.task_id], note)
    _add_slots(run, plan.slots_added)


def _move_run_to_current(run: Run) -> None:
    new = run.template.definition
    values = {
        "snapshot": new,
        "template_version": run.template.content_hash,
        "phases": new.get("phases", []),
        "references": new.get("references", []),
        "tags": new.get("tags", []),
    }
    updated = Run.objects.filter(pk=run.pk, version=run.version).update(
        **values, version=run.version + 1
    )
    if not updated:
        raise StaleVersion("The run changed meanwhile; review the update again.")
    for name, value in values.items():
        setattr(run, name, value)
    run.version += 1


@transaction.atomic
def apply_update(actor, *, run_id: int, token: str) -> dict:
    """POST /bundles/{id}/template-update: apply exactly the previewed changes, or nothing."""
    require_operator(actor, or_system=True)
    run = _locked_run(run_id)
    check_token(run, token)
    if not is_outdated(run):
        return {"applied": False, "message": "The run is already on the newest template version."}
    if run.status != "active":
        raise InvalidTransition(
            f"A {run.status} run keeps the template version it finished with.", status=run.status
        )
    plan = plan_for(run, _template_tasks(run))
    versions = {
        "fromVersion": version_number(run.template, run.template_version),
        "toVersion": version_number(run.template, run.template.content_hash),
    }
    note = f"Template {run.type} v{versions['fromVersion']} → v{versions['toVersion']}"
    before = {**versions, "contentHash": run.template_version}
    _apply_changes(actor, run, plan, note)
    _move_run_to_current(run)
    refresh_risk_dates([run.id])
    refresh_slot_due_dates(run)
    audit.record(
        actor,
        "template-updated",
        run=run,
        before=before,
        after={
            **versions,
            "contentHash": run.template_version,
            "changes": [change_json(c) for c in plan.changes],
            "slotsAdded": [s["name"] for s in plan.slots_added],
        },
        note=note,
    )
    settle_run(actor, run)
    return {"applied": True, "summary": rules.change_summary(plan), **versions}
