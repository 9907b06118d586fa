"""Why a run is at risk on a day, task by task.

One rule serves the run header, the run page's task cards and the dashboard's at-risk card: a
task puts its run at risk when it is overdue, when its follow-up is due, or when evidence it
owes is missing (its own proof, or a required link slot it fills). The template's `atRiskWhen`
hints say, in the team's words, what that means for the task; they are shown only then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .states import TaskFacts, TaskState

RISK_REASONS = ("overdue", "follow-up-due", "missing-evidence")


@dataclass(frozen=True)
class TaskRisk:
    """One task that puts its run at risk: why, and the template's hints for it."""

    task_id: int
    label: str
    reasons: tuple[str, ...]
    hints: tuple[str, ...]


def task_risk_reasons(state: TaskState, owes_a_link: bool = False) -> tuple[str, ...]:
    """Why one task puts its run at risk, in RISK_REASONS order; empty when it does not."""
    present = {
        "overdue": state.bucket == "overdue",
        "follow-up-due": state.bucket == "follow-up-due",
        "missing-evidence": state.missing_evidence or owes_a_link,
    }
    return tuple(reason for reason in RISK_REASONS if present[reason])


def task_risks(
    tasks: Iterable[TaskFacts], states: dict[int, TaskState], missing_evidence: list[dict]
) -> list[TaskRisk]:
    """The tasks that put the run at risk, in the order given.

    `missing_evidence` is the run's list (see summary): an empty required link slot counts
    against the task that should fill it.
    """
    owing = {m.get("taskId") for m in missing_evidence if m["type"] == "link"}
    risks = []
    for task in tasks:
        reasons = task_risk_reasons(states[task.id], task.id in owing)
        if reasons:
            risks.append(TaskRisk(task.id, task.description, reasons, task.at_risk_when))
    return risks


def run_risk_reasons(risks: list[TaskRisk], missing_evidence: list[dict]) -> list[str]:
    """Why the run is at risk: its tasks' reasons, and a required slot no task fills."""
    found = {reason for risk in risks for reason in risk.reasons}
    if missing_evidence:
        found.add("missing-evidence")
    return [reason for reason in RISK_REASONS if reason in found]


def risk_json(risk: TaskRisk) -> dict:
    return {
        "taskId": risk.task_id,
        "label": risk.label,
        "reasons": list(risk.reasons),
        "hints": list(risk.hints),
    }
