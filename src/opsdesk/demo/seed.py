"""`seed_demo`: runs across every template, anchors spread over months, tasks in every state.

Rows are written in bulk (not through the per-action services) so 1,000 runs take seconds; the
states produced are ones the services could have produced, including audit events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from opsdesk.domain.proof import proof_rules, slots_filled_by
from opsdesk.playbooks.plan import plan_run
from opsdesk.playbooks.schema import Template
from opsdesk.runs.models import AuditEvent, LinkSlot, Run, Task, WorkflowTemplate
from opsdesk.runs.risk_store import run_risk_dates
from opsdesk.runs.services.starting import new_run, new_slots, new_task
from opsdesk.runs.services.templates import sync_templates

from .evidence import fake_link, proof_values
from .states import TaskOutcome, choose_outcome

TOOLS = ("ExampleDB", "Quiver", "Lintel", "Driftwood", "Parquetry", "Fjord", "Ember", "Mosaic")
PEOPLE = ("Pat", "Ana", "Kofi", "Mei", "Jonas", "Priya", "Lea", "Tomás")
BATCH = 2000


@dataclass(frozen=True)
class SeedReport:
    runs: int
    tasks: int
    active_runs: int


def _variables(rng: random.Random, template: Template, anchor: date) -> dict[str, str]:
    values = {}
    for variable in template.variables:
        if "number" in variable.name:
            values[variable.name] = str(anchor.isocalendar()[1] + 100 * (anchor.year - 2000))
        elif variable.name in ("author", "guest", "speaker", "host", "name"):
            values[variable.name] = rng.choice(PEOPLE)
        else:
            values[variable.name] = f"{rng.choice(TOOLS)} {rng.randrange(1, 99)}"
    return values


def _anchor(rng: random.Random, today: date, past_fraction: float) -> date:
    if rng.random() < past_fraction:
        return today - timedelta(days=rng.randrange(30, 240))
    return today + timedelta(days=rng.randrange(-10, 75))


def _task_row(run, planned, outcome: TaskOutcome, values: dict, now) -> Task:
    done = outcome.status in ("done", "skipped")
    keep = outcome.with_proof or done
    return new_task(
        run,
        planned,
        status=outcome.status,
        link=values["link"] if keep and outcome.status != "skipped" else "",
        comment=values["comment"] if keep and outcome.status != "skipped" else "",
        external_status=values["external_status"] if keep and outcome.status != "skipped" else "",
        waiting_for=outcome.waiting_for,
        follow_up_at=outcome.follow_up_at,
        waiting_note="Asked by email; no answer yet" if outcome.waiting_for else "",
        skip_reason="Not needed this time" if outcome.status == "skipped" else "",
        completed_at=now if done else None,
    )


def _build_run(rng, row: WorkflowTemplate, template: Template, today: date, past_fraction: float):
    anchor = _anchor(rng, today, past_fraction)
    at = time.fromisoformat(template.anchor.defaultTime)
    plan = plan_run(template, anchor, at, _variables(rng, template, anchor))
    run = new_run(row, template, plan)
    return run, plan


def _finish_run(rng, run, plan, template: Template, today: date, now):
    email_slots = {s.name for s in template.bundleLinks if s.kind == "email"}
    tasks, slot_urls = [], {}
    for planned in plan.tasks:
        outcome = choose_outcome(rng, planned.due, today)
        values = proof_values(rng, planned.definition, email_slots)
        tasks.append(_task_row(run, planned, outcome, values, now))
        if outcome.status == "done" and values["link"]:
            for slot in slots_filled_by(proof_rules(planned.definition.get("proof", []))):
                slot_urls[slot] = values["link"]
    settled = all(t.status in ("done", "skipped") for t in tasks)
    slots = new_slots(run, template, plan)
    for slot in slots:
        fallback = fake_link(rng, slot.name, slot.kind == "email") if settled else ""
        slot.url = slot_urls.get(slot.name) or fallback
    if settled:
        run.stage = "done"
    elif any(t.status == "done" and t.definition.get("stageOnComplete") for t in tasks):
        run.stage = template.stages[-2] if len(template.stages) > 1 else run.stage
    return tasks, slots


def seed_demo(runs: int, seed: int = 1, today: date | None = None, past_fraction: float = 0.3):
    """Create `runs` runs of all templates with tasks in every state; deterministic per seed."""
    rng = random.Random(seed)
    today = today or date.today()
    loaded = {t.template.type: t.template for t in sync_templates()}
    rows = {r.type: r for r in WorkflowTemplate.objects.filter(type__in=loaded)}
    types = sorted(loaded)
    now = timezone.now()
    with transaction.atomic():
        built = [
            _build_run(rng, rows[t], loaded[t], today, past_fraction)
            for t in (types[i % len(types)] for i in range(runs))
        ]
        for start in range(0, len(built), BATCH):
            Run.objects.bulk_create([run for run, _ in built[start : start + BATCH]])
        tasks, slots = [], []
        for run, plan in built:
            run_tasks, run_slots = _finish_run(rng, run, plan, loaded[run.type], today, now)
            run.evidence_due, run.at_risk_from = run_risk_dates(run_tasks, run_slots, {})
            tasks += run_tasks
            slots += run_slots
        Run.objects.bulk_update(
            [run for run, _ in built], ["stage", "evidence_due", "at_risk_from"], batch_size=BATCH
        )
        LinkSlot.objects.bulk_create(slots, batch_size=BATCH)
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        AuditEvent.objects.bulk_create(
            [AuditEvent(action="run-started", run=run, note="demo data") for run, _ in built],
            batch_size=BATCH,
        )
    active = sum(1 for run, _ in built if run.stage != "done")
    return SeedReport(runs=len(built), tasks=len(tasks), active_runs=active)
