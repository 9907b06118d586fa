"""The first day a run lacks evidence and the first day it is at risk, from its facts.

Whether a task's proof is met, or a link slot is filled, does not depend on the day; only
whether it is due yet does. So `summarise(...).missing_evidence` is non-empty on day D exactly
when `evidence_due(...) <= D`, and `summarise(...).at_risk` is true exactly when
`at_risk_from(...) <= D`, as long as the facts stay as they are. Storing these dates per run
turns the dashboard's risk questions into indexed comparisons.
"""

from __future__ import annotations

from datetime import date, timedelta

from .proof import slots_filled_by, unmet_rules
from .stages import SlotFacts
from .states import TaskFacts
from .task_rules import SETTLED, TODO, WAITING


def _slot_missing_from(slot: SlotFacts, tasks: list[TaskFacts]) -> date | None:
    """The first day an empty slot is missing: its due date, its own or else the earliest due
    date of a task whose proof fills it."""
    producers = [t for t in tasks if slot.name in slots_filled_by(t.proof)]
    return slot.due or min((t.due for t in producers), default=None)


def evidence_due(
    tasks: list[TaskFacts],
    slots: tuple[SlotFacts, ...],
    suppressed: frozenset[str] = frozenset(),
) -> date | None:
    """The earliest day `summarise` would list missing evidence for these facts, or None."""
    # `states.proof_overdue`: a task's absent proof counts from its due day.
    days = [t.due for t in tasks if t.status not in SETTLED and unmet_rules(t.proof, t.evidence)]
    for slot in slots:
        if slot.required and not slot.url.strip() and slot.name not in suppressed:
            days.append(_slot_missing_from(slot, tasks))
    return min((d for d in days if d is not None), default=None)


def at_risk_from(tasks: list[TaskFacts], evidence_day: date | None) -> date | None:
    """The earliest day `summarise` calls the run at risk: a task overdue (the day after a to-do
    task's due date), a follow-up due, or evidence missing (`evidence_day`)."""
    # A task due on the last representable day can never be overdue.
    days = [t.due + timedelta(days=1) for t in tasks if t.status == TODO and t.due < date.max]
    days += [t.follow_up_at for t in tasks if t.status == WAITING and t.follow_up_at]
    if evidence_day is not None:
        days.append(evidence_day)
    return min(days, default=None)
