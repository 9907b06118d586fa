"""Derived task states for a given day: buckets, lateness and missing evidence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.domain.buckets import UPCOMING_DAYS
from opsdesk.domain.proof import Evidence
from opsdesk.domain.states import severity, task_state

from .builders import make_task, url

TODAY = date(2026, 7, 22)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("due", "bucket", "days_late", "severity_"),
    [
        (days(0), "today", 0, None),
        (days(-1), "overdue", 1, "late"),
        (days(-2), "overdue", 2, "late"),
        (days(-3), "overdue", 3, "serious"),
        (days(-6), "overdue", 6, "serious"),
        (days(-7), "overdue", 7, "critical"),
        (days(-30), "overdue", 30, "critical"),
        (days(1), "upcoming", 0, None),
        (days(UPCOMING_DAYS), "upcoming", 0, None),
        (days(UPCOMING_DAYS + 1), "later", 0, None),
        (days(60), "later", 0, None),
    ],
)
def test_an_open_task_is_bucketed_by_its_due_date(due, bucket, days_late, severity_):
    state = task_state(make_task(due=due), TODAY)
    assert (state.bucket, state.days_late, state.severity) == (bucket, days_late, severity_)


def test_upcoming_means_within_seven_days():
    assert UPCOMING_DAYS == 7


@pytest.mark.parametrize(
    ("days_late", "expected"),
    [(-3, None), (0, None), (1, "late"), (2, "late"), (3, "serious"), (6, "serious")]
    + [(7, "critical"), (8, "critical"), (365, "critical")],
)
def test_severity_steps_up_after_1_3_and_7_days(days_late, expected):
    assert severity(days_late) == expected


@pytest.mark.parametrize(
    ("due", "follow_up_at", "bucket"),
    [
        # Not listed as overdue while its follow-up date is ahead.
        (days(-5), days(2), "waiting"),
        (days(0), days(1), "waiting"),
        (days(10), days(3), "waiting"),
        # Comes back on its follow-up date, even if the due date is still ahead.
        (days(10), days(0), "follow-up-due"),
        (days(3), days(-2), "follow-up-due"),
        # Overdue and its follow-up has arrived: follow-up due, not merely overdue.
        (days(-5), days(0), "follow-up-due"),
        (days(-5), days(-1), "follow-up-due"),
    ],
)
def test_a_waiting_task_is_judged_by_its_follow_up_date(due, follow_up_at, bucket):
    state = task_state(make_task(due=due, status="waiting", follow_up_at=follow_up_at), TODAY)
    assert state.bucket == bucket
    assert (state.days_late, state.severity) == (0, None)


def test_waiting_task_comes_back_as_follow_up_due_on_its_date():
    task = make_task(due=days(5), status="waiting", follow_up_at=days(2))
    assert task_state(task, days(1)).bucket == "waiting"
    assert task_state(task, days(2)).bucket == "follow-up-due"
    assert task_state(task, days(3)).bucket == "follow-up-due"


@pytest.mark.parametrize("status", ["done", "skipped"])
@pytest.mark.parametrize("due", [days(-10), days(0), days(10)])
def test_a_settled_task_is_settled_whatever_its_dates(status, due):
    state = task_state(make_task(due=due, status=status, follow_up_at=days(-1)), TODAY)
    assert (state.bucket, state.days_late, state.severity) == ("settled", 0, None)
    assert (state.unmet, state.missing_evidence) == ((), False)


YOUTUBE = (url("YouTube"),)
LINK = Evidence(link="https://youtu.be/abc")


@pytest.mark.parametrize(
    ("due", "status", "evidence", "missing"),
    [
        (days(0), "todo", Evidence(), True),
        (days(-1), "todo", Evidence(), True),
        (days(-3), "todo", Evidence(), True),
        (days(1), "todo", Evidence(), False),
        (days(0), "todo", LINK, False),
        (days(-3), "todo", LINK, False),
        (days(-3), "waiting", Evidence(), True),
        (days(3), "waiting", Evidence(), False),
        (days(-3), "done", LINK, False),
        (days(-3), "skipped", Evidence(), False),
    ],
)
def test_evidence_is_missing_only_when_due_or_past_due_and_proof_absent(
    due, status, evidence, missing
):
    task = make_task(due=due, status=status, follow_up_at=days(5), proof=YOUTUBE, evidence=evidence)
    assert task_state(task, TODAY).missing_evidence is missing


def test_a_task_without_proof_rules_never_misses_evidence():
    assert task_state(make_task(due=days(-3)), TODAY).missing_evidence is False


def test_unmet_rules_are_reported_even_before_the_due_date():
    state = task_state(make_task(due=days(3), proof=YOUTUBE), TODAY)
    assert state.unmet == YOUTUBE
    assert state.missing_evidence is False
