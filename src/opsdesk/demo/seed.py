"""`seed_demo`: runs across every template, anchors spread over months, tasks in every state.

Rows are written in bulk (not through the per-action services) so 1,000 runs take seconds; the
states produced are ones the services could have produced, including audit events.
"""

from __future__ import annotations

import gc
import random
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opsdesk.domain.proof import proof_rules, slots_filled_by
from opsdesk.gaps.models import ProcessGap
from opsdesk.playbooks.plan import RunPlan, plan_run
from opsdesk.playbooks.schema import Template
from opsdesk.runs.models import AuditEvent, FollowUp, LinkSlot, Run, Task, WorkflowTemplate
from opsdesk.runs.risk_store import run_risk_dates
from opsdesk.runs.services.starting import new_run, new_slots, new_task
from opsdesk.runs.services.templates import sync_templates
from opsdesk.schedule.reach import read_every_run_next
from opsdesk.serving.statistics import analyze

from .evidence import fake_link, proof_values
from .history import done_history, gap_note, guest_of, settled_at, started_at
from .rows import insert_rows
from .states import TaskOutcome, choose_outcome

TOOLS = ("ExampleDB", "Quiver", "Lintel", "Driftwood", "Parquetry", "Fjord", "Ember", "Mosaic")
PEOPLE = ("Pat", "Ana", "Kofi", "Mei", "Jonas", "Priya", "Lea", "Tomás")
# Runs written per transaction: short enough not to hold the write lock for long.
BATCH_RUNS = 250


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


def _skip_reason(definition: dict) -> str:
    allowed = definition.get("skipReasons") or []
    return allowed[0] if allowed else "Not needed this time"


def _task_row(run, planned, outcome: TaskOutcome, values: dict, completed_at) -> Task:
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
        skip_reason=_skip_reason(planned.definition) if outcome.status == "skipped" else "",
        completed_at=completed_at if done else None,
    )


def _build_run(rng, row: WorkflowTemplate, template: Template, today: date, past_fraction: float):
    anchor = _anchor(rng, today, past_fraction)
    at = time.fromisoformat(template.anchor.defaultTime)
    plan = plan_run(template, anchor, at, _variables(rng, template, anchor))
    run = new_run(row, template, plan)
    return run, plan


def _sharing_definitions(plan: RunPlan, shared: dict) -> RunPlan:
    """The plan with each step's definition replaced by the one every run of the template
    uses: a definition comes from the template alone, so it is encoded once when written."""
    tasks = tuple(
        replace(t, definition=shared.setdefault((plan.type, t.ref), t.definition))
        for t in plan.tasks
    )
    return replace(plan, tasks=tasks)


@contextmanager
def _without_cycle_collection():
    """Seeding holds hundreds of thousands of new objects until they are written; the cyclic
    collector would walk them all again and again (a third of the drawing time at 5,000 runs)
    and find nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _when_settled(history_rng, run, planned, outcome: TaskOutcome, now, histories: dict):
    tz = settings.ORG_TIMEZONE
    if outcome.status == "skipped":
        return settled_at(history_rng, planned.due, now, tz)
    if outcome.status != "done":
        return None
    history = done_history(
        history_rng,
        ref=planned.ref,
        due=planned.due,
        definition=planned.definition,
        guest=guest_of(run.variables),
        now=now,
        tz=tz,
    )
    histories[(id(run), planned.ref)] = history
    return history.completed_at


def _finish_run(rng, run, plan, template: Template, today: date, now, history_rng, histories):
    email_slots = {s.name for s in template.bundleLinks if s.kind == "email"}
    tasks, slot_urls = [], {}
    run.created_at = started_at(min(t.due for t in plan.tasks), now, settings.ORG_TIMEZONE)
    for planned in plan.tasks:
        outcome = choose_outcome(rng, planned.due, today)
        values = proof_values(rng, planned.definition, email_slots)
        completed_at = _when_settled(history_rng, run, planned, outcome, now, histories)
        tasks.append(_task_row(run, planned, outcome, values, completed_at))
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


@dataclass
class SeededRun:
    """One run's rows, made in memory before any is written."""

    run: Run
    slots: list[LinkSlot]
    tasks: list[Task]
    gaps: list[ProcessGap] = field(default_factory=list)


def seed_demo(runs: int, seed: int = 1, today: date | None = None, past_fraction: float = 0.3):
    """Create `runs` runs of all templates with tasks in every state; deterministic per seed."""
    rng = random.Random(seed)
    # Completion times and their history draw from a stream of their own, so the states a
    # seed gives stay the same whether or not the history is made.
    history_rng = random.Random(seed * 7919 + 1)
    histories: dict = {}
    today = today or date.today()
    loaded = {t.template.type: t.template for t in sync_templates()}
    rows = {r.type: r for r in WorkflowTemplate.objects.filter(type__in=loaded)}
    types = sorted(loaded)
    now = timezone.now()
    definitions: dict = {}
    with _without_cycle_collection():
        # Everything is drawn first, in the order the random streams have always been read, so
        # a seed gives the same data; then it is written, a batch of runs per transaction.
        built = [
            _build_run(rng, rows[t], loaded[t], today, past_fraction)
            for t in (types[i % len(types)] for i in range(runs))
        ]
        seeded = []
        for run, plan in built:
            plan = _sharing_definitions(plan, definitions)
            run_tasks, run_slots = _finish_run(
                rng, run, plan, loaded[run.type], today, now, history_rng, histories
            )
            run.evidence_due, run.at_risk_from = run_risk_dates(run_tasks, run_slots, {})
            seeded.append(SeededRun(run, run_slots, run_tasks))
        for one in seeded:
            one.gaps = _gaps(one.tasks, history_rng)
        for start in range(0, len(seeded), BATCH_RUNS):
            _write(seeded[start : start + BATCH_RUNS], histories)
    # The planner's statistics are read afresh from what was just written, on either database.
    analyze()
    # Its history is dated in the past, where the scheduler's later rounds of today don't look.
    read_every_run_next()
    active = sum(1 for one in seeded if one.run.stage != "done")
    tasks = sum(len(one.tasks) for one in seeded)
    return SeedReport(runs=len(seeded), tasks=tasks, active_runs=active)


@transaction.atomic
def _write(batch: list[SeededRun], histories: dict) -> None:
    """A batch of runs with their slots, tasks, audit events, follow-ups and gaps."""
    insert_rows(Run, [one.run for one in batch])
    insert_rows(LinkSlot, [slot for one in batch for slot in one.slots])
    tasks = [task for one in batch for task in one.tasks]
    insert_rows(Task, tasks)
    started = [
        AuditEvent(action="run-started", run=one.run, at=one.run.created_at, note="demo data")
        for one in batch
    ]
    insert_rows(AuditEvent, started)
    _write_histories(tasks, histories)
    insert_rows(ProcessGap, [gap for one in batch for gap in one.gaps])


def _write_histories(tasks: list[Task], histories: dict) -> None:
    """The audit events and follow-up log of the done tasks that waited or had proof refused."""
    events, follow_ups = [], []
    for task in tasks:
        history = histories.get((id(task.run), task.template_ref))
        if history is None or task.status != "done":
            continue
        for action, at, note in history.events:
            events.append(AuditEvent(action=action, run=task.run, task=task, at=at, note=note))
        for sent, next_at in history.follow_ups:
            follow_ups.append(
                FollowUp(
                    task=task,
                    kind="sent",
                    channel="email",
                    at=sent,
                    note=f"Nudged {history.waited_for}",
                    next_follow_up_at=next_at,
                )
            )
    insert_rows(AuditEvent, events)
    insert_rows(FollowUp, follow_ups)


def _gaps(tasks: list[Task], rng: random.Random) -> list[ProcessGap]:
    """Process gaps reported on settled work, mostly on the steps that slip; some resolved."""
    gaps = []
    for task in tasks:
        note = gap_note(rng, task.template_ref) if task.status == "done" else None
        if note is None:
            continue
        instructions = task.definition.get("instructions") or {}
        resolved = rng.random() < 0.4
        gaps.append(
            ProcessGap(
                description=note,
                task=task,
                run=task.run,
                template_type=task.run.type,
                doc_id=instructions.get("docId") or "",
                step_id=str(instructions.get("stepId") or ""),
                created_at=task.completed_at,
                status="resolved" if resolved else "open",
                resolution="Updated the doc." if resolved else "",
                resolved_at=task.completed_at if resolved else None,
            )
        )
    return gaps
