"""The task state machine's checks: which action is allowed from which status, and with what."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.domain.errors import (
    DomainError,
    InvalidTransition,
    ProofMissing,
    SkipRefused,
    WaitingIncomplete,
)
from opsdesk.domain.proof import Evidence
from opsdesk.domain.task_rules import (
    OPEN,
    SETTLED,
    STATUSES,
    WaitingRequest,
    check_complete,
    check_follow_up,
    check_reopen,
    check_response_received,
    check_skip,
    check_snooze,
    check_waiting,
    is_settled,
)

from .builders import url

FOLLOW_UP = date(2026, 7, 3)
COMPLETE_WAITING = WaitingRequest("Pat (author)", FOLLOW_UP, "Invitation sent by email")
YOUTUBE = (url("YouTube"),)
WITH_LINK = Evidence(link="https://youtu.be/abc")


# --- which status allows which action ---------------------------------------------------

ACTIONS = {
    "complete": lambda status: check_complete(status, (), Evidence()),
    "mark waiting": lambda status: check_waiting(status, COMPLETE_WAITING),
    "record a follow-up on": lambda status: check_follow_up(status, "email", "nudged", FOLLOW_UP),
    "snooze": lambda status: check_snooze(status, FOLLOW_UP, "author travelling"),
    "record a response on": check_response_received,
    "skip": lambda status: check_skip(status, "not needed this time", ()),
    "reopen": check_reopen,
}

ALLOWED_FROM = {
    "complete": ("todo", "waiting"),
    "mark waiting": ("todo", "waiting"),
    "record a follow-up on": ("waiting",),
    "snooze": ("waiting",),
    "record a response on": ("waiting",),
    "skip": ("todo", "waiting"),
    "reopen": ("done", "skipped"),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("status", STATUSES)
def test_each_action_is_allowed_only_from_its_statuses(action, status):
    if status in ALLOWED_FROM[action]:
        assert ACTIONS[action](status) is None
    else:
        with pytest.raises(InvalidTransition) as refused:
            ACTIONS[action](status)
        assert refused.value.message.startswith(f"Cannot {action} a task that is {status}")
        assert refused.value.code == "invalid-transition"
        assert refused.value.details == {"status": status}


def test_statuses_split_into_open_and_settled():
    assert set(OPEN) | set(SETTLED) == set(STATUSES)
    assert not set(OPEN) & set(SETTLED)
    assert [s for s in STATUSES if is_settled(s)] == ["done", "skipped"]


# --- complete ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["todo", "waiting"])
def test_an_open_task_completes_once_its_proof_is_there(status):
    assert check_complete(status, YOUTUBE, WITH_LINK) is None


@pytest.mark.parametrize("status", ["todo", "waiting"])
def test_completion_without_proof_is_refused_naming_what_is_missing(status):
    with pytest.raises(ProofMissing, match="Add the YouTube link first"):
        check_complete(status, YOUTUBE, Evidence())


def test_a_done_task_cannot_be_completed_again_even_with_proof():
    with pytest.raises(InvalidTransition):
        check_complete("done", YOUTUBE, WITH_LINK)


# --- waiting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_", "missing"),
    [
        (WaitingRequest("", FOLLOW_UP, "Invitation sent"), ["waitingFor"]),
        (WaitingRequest("   ", FOLLOW_UP, "Invitation sent"), ["waitingFor"]),
        (WaitingRequest("Pat", None, "Invitation sent"), ["followUpAt"]),
        (WaitingRequest("Pat", FOLLOW_UP, ""), ["note"]),
        (WaitingRequest("Pat", FOLLOW_UP, " \n"), ["note"]),
        (WaitingRequest("", None, ""), ["waitingFor", "followUpAt", "note"]),
        (WaitingRequest("Pat", None, ""), ["followUpAt", "note"]),
    ],
)
def test_waiting_needs_who_when_and_a_note_and_names_each_missing_one(request_, missing):
    with pytest.raises(WaitingIncomplete) as refused:
        check_waiting("todo", request_)
    assert refused.value.missing == missing
    assert refused.value.code == "waiting-incomplete"
    assert refused.value.message == "To mark a task waiting, give " + ", ".join(missing) + "."


def test_a_complete_waiting_request_is_accepted():
    assert check_waiting("todo", COMPLETE_WAITING) is None


def test_a_settled_task_cannot_be_put_on_waiting_even_with_a_complete_request():
    with pytest.raises(InvalidTransition):
        check_waiting("done", COMPLETE_WAITING)


# --- follow-up, snooze, response --------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "note", "next_at", "missing"),
    [
        ("", "nudged", FOLLOW_UP, ["channel"]),
        ("email", "", FOLLOW_UP, ["note"]),
        ("email", "nudged", None, ["nextFollowUpAt"]),
        (" ", " ", None, ["channel", "note", "nextFollowUpAt"]),
    ],
)
def test_recording_a_follow_up_needs_channel_note_and_next_date(channel, note, next_at, missing):
    with pytest.raises(WaitingIncomplete) as refused:
        check_follow_up("waiting", channel, note, next_at)
    assert refused.value.missing == missing


def test_follow_up_is_only_for_waiting_tasks():
    with pytest.raises(InvalidTransition, match="it must be waiting"):
        check_follow_up("todo", "email", "nudged", FOLLOW_UP)


@pytest.mark.parametrize(
    ("until", "reason", "missing"),
    [
        (None, "author travelling", ["followUpAt"]),
        (FOLLOW_UP, "", ["reason"]),
        (None, "  ", ["followUpAt", "reason"]),
    ],
)
def test_snoozing_needs_a_new_date_and_a_reason(until, reason, missing):
    with pytest.raises(WaitingIncomplete) as refused:
        check_snooze("waiting", until, reason)
    assert refused.value.missing == missing


# --- skip -------------------------------------------------------------------------------

SPONSOR_REASONS = ("not sponsored this week", "sponsor cancelled")


@pytest.mark.parametrize(
    ("reason", "allowed", "refused_with"),
    [
        ("", (), "Give a reason to skip this task."),
        ("   ", (), "Give a reason to skip this task."),
        ("", SPONSOR_REASONS, "Give a reason to skip this task."),
        ("forgot", SPONSOR_REASONS, "'forgot' is not an allowed reason here"),
        ("Not sponsored this week", SPONSOR_REASONS, "is not an allowed reason here"),
    ],
)
def test_skip_needs_a_reason_and_one_of_the_allowed_ones_when_listed(reason, allowed, refused_with):
    with pytest.raises(SkipRefused) as refused:
        check_skip("todo", reason, allowed)
    assert refused_with in refused.value.message
    assert refused.value.details == {"allowed": list(allowed)}
    assert refused.value.code == "skip-refused"


@pytest.mark.parametrize(
    ("reason", "allowed"),
    [
        ("duplicate of another run", ()),
        ("not sponsored this week", SPONSOR_REASONS),
        ("  sponsor cancelled  ", SPONSOR_REASONS),
    ],
)
def test_skip_with_an_acceptable_reason_is_allowed(reason, allowed):
    assert check_skip("waiting", reason, allowed) is None


def test_the_refusal_lists_the_allowed_reasons():
    with pytest.raises(SkipRefused, match="not sponsored this week; sponsor cancelled"):
        check_skip("todo", "forgot", SPONSOR_REASONS)


def test_every_refusal_is_a_domain_error():
    for error in (InvalidTransition, ProofMissing, SkipRefused, WaitingIncomplete):
        assert issubclass(error, DomainError)
