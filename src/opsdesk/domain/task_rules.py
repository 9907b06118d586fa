"""The task state machine: which actions are allowed from which status, and their preconditions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import InvalidTransition, SkipRefused, WaitingIncomplete
from .proof import Evidence, ProofRule, require_proof

TODO, WAITING, DONE, SKIPPED = "todo", "waiting", "done", "skipped"
STATUSES = (TODO, WAITING, DONE, SKIPPED)
SETTLED = (DONE, SKIPPED)
OPEN = (TODO, WAITING)


def is_settled(status: str) -> bool:
    return status in SETTLED


def _require_status(status: str, allowed: tuple[str, ...], action: str) -> None:
    if status not in allowed:
        wanted = " or ".join(allowed)
        raise InvalidTransition(
            f"Cannot {action} a task that is {status}; it must be {wanted}.", status=status
        )


def check_complete(status: str, rules: tuple[ProofRule, ...], evidence: Evidence) -> None:
    """An open task completes only when every proof rule is met."""
    _require_status(status, OPEN, "complete")
    require_proof(rules, evidence)


@dataclass(frozen=True)
class WaitingRequest:
    waiting_for: str
    follow_up_at: date | None
    note: str


def check_waiting(status: str, request: WaitingRequest) -> None:
    """Waiting needs who is awaited, a follow-up date and a note; any missing is named."""
    _require_status(status, OPEN, "mark waiting")
    missing = [
        name
        for name, value in (
            ("waitingFor", request.waiting_for.strip()),
            ("followUpAt", request.follow_up_at),
            ("note", request.note.strip()),
        )
        if not value
    ]
    if missing:
        raise WaitingIncomplete(
            "To mark a task waiting, give " + ", ".join(missing) + ".", missing=missing
        )


def check_follow_up(status: str, channel: str, note: str, next_follow_up_at: date | None) -> None:
    """Recording a sent follow-up needs the channel, a note and the next follow-up date."""
    _require_status(status, (WAITING,), "record a follow-up on")
    missing = [
        name
        for name, value in (
            ("channel", channel.strip()),
            ("note", note.strip()),
            ("nextFollowUpAt", next_follow_up_at),
        )
        if not value
    ]
    if missing:
        raise WaitingIncomplete(
            "To record a follow-up, give " + ", ".join(missing) + ".", missing=missing
        )


def check_snooze(status: str, until: date | None, reason: str) -> None:
    """Snoozing a follow-up needs a new date and a reason."""
    _require_status(status, (WAITING,), "snooze")
    missing = [n for n, v in (("followUpAt", until), ("reason", reason.strip())) if not v]
    if missing:
        raise WaitingIncomplete("To snooze, give " + ", ".join(missing) + ".", missing=missing)


def check_response_received(status: str) -> None:
    _require_status(status, (WAITING,), "record a response on")


def check_skip(status: str, reason: str, allowed_reasons: tuple[str, ...]) -> None:
    """Skipping needs a reason, one of the template's when it lists them."""
    _require_status(status, OPEN, "skip")
    text = reason.strip()
    if not text:
        raise SkipRefused("Give a reason to skip this task.", allowed=list(allowed_reasons))
    if allowed_reasons and text not in allowed_reasons:
        raise SkipRefused(
            f"{text!r} is not an allowed reason here; choose one of: "
            + "; ".join(allowed_reasons)
            + ".",
            allowed=list(allowed_reasons),
        )


def check_reopen(status: str) -> None:
    _require_status(status, SETTLED, "reopen")
