"""Planning a run from a template: title, dated tasks and empty link slots (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from opsdesk.domain.bounds import check_text
from opsdesk.domain.dates import due_date
from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.proof import proof_rules, slots_filled_by

from .schema import Template

MAX_VARIABLE_LENGTH = 200


@dataclass(frozen=True)
class PlannedTask:
    ref: str
    position: int
    description: str
    due: date
    phase: str
    definition: dict


@dataclass(frozen=True)
class RunPlan:
    type: str
    title: str
    anchor_date: date
    anchor_time: time
    variables: dict[str, str]
    tasks: tuple[PlannedTask, ...]


def check_variables(template: Template, variables: dict[str, str]) -> dict[str, str]:
    """Refuse unknown variables and missing required ones; return the cleaned values."""
    declared = {v.name: v for v in template.variables}
    unknown = sorted(set(variables) - set(declared))
    if unknown:
        raise InvalidInput(
            f"Unknown variables {', '.join(unknown)}; {template.type} takes: "
            + (", ".join(declared) or "none")
            + ".",
            field="variables",
        )
    cleaned = {k: check_text(str(v), f"variables.{k}").strip() for k, v in variables.items()}
    too_long = [k for k, v in cleaned.items() if len(v) > MAX_VARIABLE_LENGTH]
    if too_long:
        raise InvalidInput(
            f"Variables longer than {MAX_VARIABLE_LENGTH} characters: {', '.join(too_long)}.",
            field="variables",
        )
    missing = [n for n, v in declared.items() if v.required and not cleaned.get(n)]
    if missing:
        raise InvalidInput(
            f"Missing required variables: {', '.join(missing)}.", field="variables", missing=missing
        )
    return cleaned


def render_title(pattern: str, variables: dict[str, str]) -> str:
    return re.sub(r"{([a-z_][a-z0-9_]*)}", lambda m: variables.get(m.group(1), ""), pattern).strip()


def slot_due_dates(tasks) -> dict[str, date]:
    """For each link slot, the due date of the earliest planned task whose proof fills it.

    `tasks` are anything with `.due` and `.definition` (planned tasks or stored ones).
    """
    due: dict[str, date] = {}
    for task in tasks:
        for slot in slots_filled_by(proof_rules(task.definition.get("proof", []))):
            due[slot] = min(due.get(slot, task.due), task.due)
    return due


def plan_run(template: Template, anchor: date, at: time, variables: dict[str, str]) -> RunPlan:
    """Title from the pattern and one task per definition, due anchor + offsetDays."""
    cleaned = check_variables(template, variables)
    tasks = tuple(
        PlannedTask(
            ref=d.ref,
            position=i,
            description=d.description,
            due=due_date(anchor, d.offsetDays),
            phase=d.phase,
            definition=d.model_dump(mode="json"),
        )
        for i, d in enumerate(template.tasks)
    )
    return RunPlan(
        type=template.type,
        title=render_title(template.titlePattern, cleaned),
        anchor_date=anchor,
        anchor_time=at,
        variables=cleaned,
        tasks=tasks,
    )
