"""Proof gates: what a task needs before it may be completed, and how to say what is missing."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ProofMissing


@dataclass(frozen=True)
class ProofKind:
    """One kind of proof, with every word and field the layers use for it.

    `phrase`, `checklist` and `table` are patterns around the option's name (its slot or label).
    `evidence` is the `Evidence` field that holds it; `control` is the task card's input for it
    ("link", "comment", "status" or "file"); `action` is the click that clears it when it is the
    only thing missing.
    """

    key: str
    choice: str
    table: str
    phrase: str
    checklist: str
    evidence: str
    control: str
    action: str = "complete"


PROOF_KIND_REGISTRY = (
    ProofKind("url", "A link", "link", "the {} link", "{} link", "link", "link", "add-link"),
    ProofKind(
        "comment", "A comment", "comment", "a comment ({})", "comment: {}", "comment", "comment"
    ),
    ProofKind(
        "external-status",
        "An external status",
        "external status",
        "an external status ({})",
        "status: {}",
        "external_status",
        "status",
    ),
    ProofKind(
        "file", "A file", "file", "a file ({})", "file: {}", "file_count", "file", "upload-file"
    ),
)
PROOF_KINDS = tuple(kind.key for kind in PROOF_KIND_REGISTRY)
_BY_KEY = {kind.key: kind for kind in PROOF_KIND_REGISTRY}


def proof_kind(key: str) -> ProofKind:
    """The registry entry for `key`; an unknown key is a programming error (KeyError)."""
    return _BY_KEY[key]


@dataclass(frozen=True)
class ProofOption:
    """One way to prove a step: a link (maybe bound to a slot), a comment, a status or a file."""

    kind: str
    label: str
    slot: str | None = None

    @property
    def name(self) -> str:
        """What the option is called in words: its link slot, else its label."""
        return self.slot or self.label


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


def proof_rules(items: list[dict]) -> tuple[ProofRule, ...]:
    """Stored proof items (a template's JSON, where `anyOf` lists alternatives) as rules."""
    return tuple(
        ProofRule(
            tuple(
                ProofOption(
                    kind=o["type"], label=o.get("label") or o.get("slot") or "", slot=o.get("slot")
                )
                for o in item.get("anyOf", [item])
            )
        )
        for item in items
    )


def _option_met(option: ProofOption, evidence: Evidence) -> bool:
    held = getattr(evidence, proof_kind(option.kind).evidence)
    return bool(held.strip()) if isinstance(held, str) else held > 0


def unmet_rules(rules: tuple[ProofRule, ...], evidence: Evidence) -> tuple[ProofRule, ...]:
    """The rules none of whose options the evidence satisfies."""
    return tuple(r for r in rules if not any(_option_met(o, evidence) for o in r.options))


def _phrase(option: ProofOption) -> str:
    if option.kind == "url" and option.name.lower().endswith("link"):
        return f"the {option.name}"  # "the Website link", never "the Website link link"
    return proof_kind(option.kind).phrase.format(option.name)


def _kind_words(kind: str) -> str:
    return proof_kind(kind).choice[0].lower() + proof_kind(kind).choice[1:]


def rule_sentence(rule: ProofRule) -> str:
    """'Add the YouTube link first'; alternatives joined with 'or', their shared name said once
    ('Add the recording time as a comment or an external status first')."""
    names = {o.name for o in rule.options}
    if len(rule.options) > 1 and len(names) == 1:
        kinds = " or ".join(_kind_words(o.kind) for o in rule.options)
        return f"Add {lowered(names.pop())} as {kinds} first"
    return "Add " + " or ".join(_phrase(o) for o in rule.options) + " first"


def lowered(name: str) -> str:
    """A label inside a sentence: 'Proposed time' reads 'proposed time'; 'YouTube' stays."""
    head = name.split(" ", 1)[0]
    return name[0].lower() + name[1:] if head[1:].islower() else name


def missing_entry(rule: ProofRule) -> dict:
    """The API's description of one unmet rule: {type, label, message[, options]}."""
    first = rule.options[0]
    entry = {
        "type": first.kind if len(rule.options) == 1 else "any-of",
        "label": first.name if len(rule.options) == 1 else _alternatives_label(rule),
        "message": rule_sentence(rule),
    }
    if len(rule.options) > 1:
        entry["options"] = [{"type": o.kind, "label": o.name} for o in rule.options]
    return entry


def _alternatives_label(rule: ProofRule) -> str:
    names = {o.name for o in rule.options}
    if len(names) == 1:
        return names.pop()
    return rule_sentence(rule)[4:-6]


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
    actions = {proof_kind(o.kind).action for o in unmet[0].options}
    return actions.pop() if len(actions) == 1 else "complete"


def slots_filled_by(rules: tuple[ProofRule, ...]) -> tuple[str, ...]:
    """Names of run link slots that a task's link proof feeds."""
    return tuple(o.slot for r in rules for o in r.options if o.kind == "url" and o.slot)
