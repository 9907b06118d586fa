"""Proof gates: what a task needs before it may be completed, and how to say what is missing."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ProofMissing

PROOF_KINDS = ("url", "comment", "external-status", "file")


@dataclass(frozen=True)
class ProofOption:
    """One way to prove a step: a link (maybe bound to a slot), a comment, a status or a file."""

    kind: str
    label: str
    slot: str | None = None


@dataclass(frozen=True)
class ProofRule:
    """A requirement met by any one of its options (usually exactly one)."""

    options: tuple[ProofOption, ...]


@dataclass(frozen=True)
class Evidence:
    """What a task currently holds as proof."""

    link: str = ""
    comment: str = ""
    external_status: str = ""
    file_count: int = 0


def _option_met(option: ProofOption, evidence: Evidence) -> bool:
    if option.kind == "url":
        return bool(evidence.link.strip())
    if option.kind == "comment":
        return bool(evidence.comment.strip())
    if option.kind == "external-status":
        return bool(evidence.external_status.strip())
    return evidence.file_count > 0


def unmet_rules(rules: tuple[ProofRule, ...], evidence: Evidence) -> tuple[ProofRule, ...]:
    """The rules none of whose options the evidence satisfies."""
    return tuple(r for r in rules if not any(_option_met(o, evidence) for o in r.options))


def _phrase(option: ProofOption) -> str:
    if option.kind == "url":
        return f"the {option.slot or option.label} link"
    if option.kind == "comment":
        return f"a comment ({option.label})"
    if option.kind == "external-status":
        return f"an external status ({option.label})"
    return f"a file ({option.label})"


def rule_sentence(rule: ProofRule) -> str:
    """'Add the YouTube link first', or the alternatives joined with 'or'."""
    return "Add " + " or ".join(_phrase(o) for o in rule.options) + " first"


def missing_entry(rule: ProofRule) -> dict:
    """The API's description of one unmet rule: {type, label, message[, options]}."""
    first = rule.options[0]
    entry = {
        "type": first.kind if len(rule.options) == 1 else "any-of",
        "label": first.slot or first.label if len(rule.options) == 1 else rule_sentence(rule)[4:-6],
        "message": rule_sentence(rule),
    }
    if len(rule.options) > 1:
        entry["options"] = [{"type": o.kind, "label": o.slot or o.label} for o in rule.options]
    return entry


def require_proof(rules: tuple[ProofRule, ...], evidence: Evidence) -> None:
    """Raise ProofMissing naming every unmet rule; return quietly when all are met."""
    unmet = unmet_rules(rules, evidence)
    if unmet:
        message = "; ".join(rule_sentence(r) for r in unmet) + "."
        raise ProofMissing(message, missing=[missing_entry(r) for r in unmet])


def first_action(unmet: tuple[ProofRule, ...]) -> str:
    """The click that clears the first unmet rule: add-link, upload-file or complete."""
    if not unmet:
        return "complete"
    kinds = {o.kind for o in unmet[0].options}
    if kinds == {"url"}:
        return "add-link"
    if kinds == {"file"}:
        return "upload-file"
    return "complete"


def slots_filled_by(rules: tuple[ProofRule, ...]) -> tuple[str, ...]:
    """Names of run link slots that a task's link proof feeds."""
    return tuple(o.slot for r in rules for o in r.options if o.kind == "url" and o.slot)
