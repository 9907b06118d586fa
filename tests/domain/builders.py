"""Small builders for proof rules and task facts, so each test says only what matters."""

from __future__ import annotations

from datetime import date

from opsdesk.domain.proof import Evidence, ProofOption, ProofRule
from opsdesk.domain.states import TaskFacts

NO_EVIDENCE = Evidence()


def url(slot: str) -> ProofRule:
    """A link proof bound to a run link slot."""
    return ProofRule((ProofOption("url", slot, slot=slot),))


def comment(label: str) -> ProofRule:
    return ProofRule((ProofOption("comment", label),))


def external_status(label: str) -> ProofRule:
    return ProofRule((ProofOption("external-status", label),))


def file(label: str) -> ProofRule:
    return ProofRule((ProofOption("file", label),))


def any_of(*rules: ProofRule) -> ProofRule:
    """One rule met by any of the single-option rules given."""
    return ProofRule(tuple(r.options[0] for r in rules))


def make_task(
    *,
    id: int = 1,
    due: date,
    status: str = "todo",
    follow_up_at: date | None = None,
    proof: tuple[ProofRule, ...] = (),
    evidence: Evidence = NO_EVIDENCE,
    description: str | None = None,
    position: int | None = None,
    at_risk_when: tuple[str, ...] = (),
) -> TaskFacts:
    return TaskFacts(
        id=id,
        position=id if position is None else position,
        description=description or f"Task {id}",
        due=due,
        status=status,
        follow_up_at=follow_up_at,
        proof=proof,
        evidence=evidence,
        at_risk_when=at_risk_when,
    )
