"""A run's summary for a day: progress, next action, counts, missing evidence, risk, blockers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .proof import first_action, missing_entry, slots_filled_by
from .risk import risk_json, run_risk_reasons, task_risks
from .stages import SlotFacts, closure_blockers
from .states import TaskFacts, TaskState, proof_overdue, task_state


@dataclass(frozen=True)
class RunSummary:
    progress: float
    total: int
    done: int
    settled: int
    overdue: int
    waiting: int
    follow_ups_due: int
    missing_evidence: list[dict]
    next_action: dict | None
    at_risk: bool
    risk_reasons: list[str]
    closure_blockers: list[dict]
    at_risk_tasks: list[dict]


def _missing_evidence(
    tasks: list[TaskFacts],
    states: dict[int, TaskState],
    slots: tuple[SlotFacts, ...],
    today: date,
    suppressed: frozenset[str] = frozenset(),
) -> list[dict]:
    items = [
        {
            "type": "task",
            "taskId": t.id,
            "label": t.description,
            "missing": [missing_entry(r) for r in states[t.id].unmet],
        }
        for t in tasks
        if states[t.id].missing_evidence
    ]
    return items + missing_links(tasks, slots, today, suppressed)


def missing_links(
    tasks: list[TaskFacts],
    slots: tuple[SlotFacts, ...],
    today: date,
    suppressed: frozenset[str] = frozenset(),
) -> list[dict]:
    """The empty required link slots whose producing day has come: the run's link items of
    missing evidence. Reads only each task's id, due date, status and proof, so a caller that
    wants just these (the scheduler's reminders) need not load anything else."""
    items = []
    for slot in slots:
        if not slot.required or slot.url.strip() or slot.name in suppressed:
            continue
        producers = [t for t in tasks if slot.name in slots_filled_by(t.proof)]
        due = slot.due or min((t.due for t in producers), default=None)
        if due is not None and proof_overdue(due, today):
            task_id = producers[0].id if producers else None
            items.append({"type": "link", "label": slot.name, "taskId": task_id})
    return items


def _next_action(tasks: list[TaskFacts], states: dict[int, TaskState]) -> dict | None:
    """The earliest task a person can act on now, with the click it needs."""
    candidates = []
    for t in tasks:
        bucket = states[t.id].bucket
        if bucket == "follow-up-due":
            candidates.append((t.follow_up_at, t.position, t, "follow-up"))
        elif bucket in ("overdue", "today", "upcoming", "later"):
            candidates.append((t.due, t.position, t, first_action(states[t.id].unmet)))
    if not candidates:
        return None
    when, _, task, action = min(candidates, key=lambda c: (c[0], c[1]))
    unmet = states[task.id].unmet
    return {
        "taskId": task.id,
        "label": task.description,
        "date": when.isoformat(),
        "action": action,
        "missing": [missing_entry(r) for r in unmet] if action != "follow-up" else [],
    }


def summarise(
    tasks: list[TaskFacts],
    slots: tuple[SlotFacts, ...],
    today: date,
    suppressed: frozenset[str] = frozenset(),
) -> RunSummary:
    """Everything the run header and dashboard say about one run on `today`.

    `suppressed` names link slots that skipped tasks released (see stages.suppressed_slots).
    """
    states = {t.id: task_state(t, today) for t in tasks}
    buckets = [s.bucket for s in states.values()]
    settled = buckets.count("settled")
    missing = _missing_evidence(tasks, states, slots, today, suppressed)
    risks = task_risks(tasks, states, missing)
    reasons = run_risk_reasons(risks, missing)
    return RunSummary(
        progress=round(settled / len(tasks), 4) if tasks else 1.0,
        total=len(tasks),
        done=sum(1 for t in tasks if t.status == "done"),
        settled=settled,
        overdue=buckets.count("overdue"),
        waiting=sum(1 for t in tasks if t.status == "waiting"),
        follow_ups_due=buckets.count("follow-up-due"),
        missing_evidence=missing,
        next_action=_next_action(tasks, states),
        at_risk=bool(reasons),
        risk_reasons=reasons,
        closure_blockers=closure_blockers(tasks, slots, suppressed),
        at_risk_tasks=[risk_json(r) for r in risks],
    )
