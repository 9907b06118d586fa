"""Starting a run: a dated task per definition, empty link slots, a snapshot of the template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.db import transaction

from opsdesk import audit
from opsdesk.domain.dates import parse_date, parse_time
from opsdesk.domain.resources import slot_default_id
from opsdesk.playbooks.plan import PlannedTask, RunPlan, plan_run, slot_due_dates
from opsdesk.playbooks.schema import Template
from opsdesk.resources.services import current_values
from opsdesk.runs.models import LinkSlot, Run, Task, WorkflowTemplate
from opsdesk.runs.permissions import require_operator
from opsdesk.runs.risk_store import run_risk_dates

from .templates import get_template


def new_run(row: WorkflowTemplate, template: Template, plan: RunPlan, actor=None) -> Run:
    """An unsaved run of `plan`: title, tags, phases and stages, and a snapshot of the template."""
    return Run(
        template=row,
        type=template.type,
        title=plan.title,
        anchor_date=plan.anchor_date,
        anchor_time=plan.anchor_time,
        timezone=template.anchor.timezone,
        variables=plan.variables,
        tags=list(template.tags),
        references=[r.model_dump() for r in template.references],
        phases=[p.model_dump() for p in template.phases],
        stages=list(template.stages),
        stage=template.stages[0],
        snapshot=row.definition,
        template_version=row.content_hash,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def new_slots(
    run: Run, template: Template, plan: RunPlan, resources: dict[str, str] | None = None
) -> list[LinkSlot]:
    """The run's link slots, each due with the earliest task whose proof fills it; a slot
    whose template default names a team resource starts with that resource's value."""
    slot_due = slot_due_dates(plan.tasks)
    slots = []
    for i, s in enumerate(template.bundleLinks):
        resource_id = slot_default_id(s.default)
        value = (resources or {}).get(resource_id, "") if resource_id else ""
        slots.append(
            LinkSlot(
                run=run,
                name=s.name,
                kind=s.kind,
                required=s.required,
                position=i,
                due_date=slot_due.get(s.name),
                url=value,
                from_resource=resource_id if value else "",
            )
        )
    return slots


def new_task(run: Run, planned: PlannedTask, **state) -> Task:
    """An unsaved task of `run` from its planned definition; `state` sets any other fields."""
    return Task(
        run=run,
        template_ref=planned.ref,
        position=planned.position,
        description=planned.description,
        due_date=planned.due,
        phase=planned.phase,
        source="template",
        definition=planned.definition,
        **state,
    )


@dataclass(frozen=True)
class StartedRun:
    """A run as just started and the rows written for it, in position order (no files yet)."""

    run: Run
    slots: list[LinkSlot]
    tasks: list[Task]


def start_run(actor, **options) -> Run:
    """Create a run of `template_type` on `anchor_date` (and time); see `start_run_rows`."""
    return start_run_rows(actor, **options).run


@transaction.atomic
def start_run_rows(
    actor,
    *,
    template_type: str,
    anchor_date: str | date,
    anchor_time: str | time | None = None,
    variables: dict[str, str] | None = None,
) -> StartedRun:
    """Create a run of `template_type` anchored on `anchor_date` (and time), answering the rows
    written, so a caller can show the new run without reading it back."""
    require_operator(actor, or_system=True)
    row, template = get_template(template_type)
    anchor = anchor_date if isinstance(anchor_date, date) else parse_date(anchor_date, "anchorDate")
    if anchor_time is None or anchor_time == "":
        at = parse_time(template.anchor.defaultTime, "anchorTime")
    else:
        at = anchor_time if isinstance(anchor_time, time) else parse_time(anchor_time, "anchorTime")
    plan = plan_run(template, anchor, at, variables or {})
    run = new_run(row, template, plan, actor)
    slots = new_slots(run, template, plan, current_values())
    tasks = [new_task(run, p) for p in plan.tasks]
    # Fresh rows, no files yet: the dates come from the rows about to be written (no ids are
    # needed), so the run is inserted with them instead of updated after its tasks.
    run.evidence_due, run.at_risk_from = run_risk_dates(tasks, slots, {})
    run.save()
    slots = LinkSlot.objects.bulk_create(slots)
    tasks = Task.objects.bulk_create(tasks)
    audit.record(
        actor,
        "run-started",
        run=run,
        after={
            "type": run.type,
            "title": run.title,
            "anchorDate": anchor,
            "tasks": len(plan.tasks),
        },
    )
    for task in tasks:
        task.file_count = 0  # as `attach_file_counts` would find for a task just created
    return StartedRun(run, slots, sorted(tasks, key=lambda t: (t.position, t.id)))
