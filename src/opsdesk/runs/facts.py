"""Turning stored rows into the plain values the domain rules read."""

from __future__ import annotations

from opsdesk.domain.proof import Evidence, ProofRule, proof_rules
from opsdesk.domain.stages import SlotFacts
from opsdesk.domain.states import TaskFacts


def rules_of(task) -> tuple[ProofRule, ...]:
    # Parsed once per loaded task: summaries and serializers ask for the rules several times.
    cached = getattr(task, "_proof_rules", None)
    if cached is None:
        cached = proof_rules(task.definition.get("proof", []))
        task._proof_rules = cached
    return cached


def bound_slots(task) -> list[str]:
    return [o.slot for r in rules_of(task) for o in r.options if o.kind == "url" and o.slot]


def effective_link(task, slot_urls: dict[str, str]) -> tuple[str, bool]:
    """The task's own link, or the URL of a filled slot it is bound to (pre-filled)."""
    if task.link:
        return task.link, False
    for name in bound_slots(task):
        if slot_urls.get(name):
            return slot_urls[name], True
    return "", False


def evidence_of(task, slot_urls: dict[str, str], file_count: int | None = None) -> Evidence:
    link, _ = effective_link(task, slot_urls)
    files = file_count if file_count is not None else task.files.count()
    return Evidence(link, task.comment, task.external_status, files)


def task_facts(task, slot_urls: dict[str, str], file_count: int = 0) -> TaskFacts:
    return TaskFacts(
        id=task.id,
        position=task.position,
        description=task.description,
        due=task.due_date,
        status=task.status,
        follow_up_at=task.follow_up_at,
        proof=rules_of(task),
        evidence=evidence_of(task, slot_urls, file_count),
        at_risk_when=tuple((task.definition or {}).get("atRiskWhen", ())),
    )


def slot_facts(slots) -> tuple[SlotFacts, ...]:
    return tuple(SlotFacts(s.name, s.url, s.required, s.due_date) for s in slots)
