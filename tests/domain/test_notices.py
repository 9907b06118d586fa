"""A notification tells the truth only while the task is in the state it announced."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.domain.notices import (
    Notice,
    link_notice_applies,
    notice_applies,
    notice_still_true,
)
from opsdesk.domain.proof import Evidence

from .builders import make_task, url

TODAY = date(2026, 7, 22)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


YOUTUBE = (url("YouTube"),)


@pytest.mark.parametrize("kind", ["task-due", "task-overdue", "missing-evidence", "follow-up-due"])
@pytest.mark.parametrize("status", ["done", "skipped"])
def test_a_settled_task_clears_every_notice_about_it(kind, status):
    task = make_task(due=days(0), status=status, proof=YOUTUBE)
    assert notice_still_true(Notice(kind, days(0)), task) is False


def test_a_notice_about_a_deleted_task_no_longer_applies():
    assert notice_still_true(Notice("task-due", days(0)), None) is False


def test_a_moved_due_date_clears_the_notices_about_the_old_date():
    task = make_task(due=days(3), proof=YOUTUBE)
    assert notice_still_true(Notice("task-due", days(0)), task) is False
    assert notice_still_true(Notice("missing-evidence", days(-1)), task) is False


def test_proof_added_clears_the_missing_evidence_notice_even_before_completion():
    proved = make_task(due=days(-1), proof=YOUTUBE, evidence=Evidence(link="https://youtu.be/x"))
    unproved = make_task(due=days(-1), proof=YOUTUBE)
    assert notice_still_true(Notice("missing-evidence", days(-1)), proved) is False
    assert notice_still_true(Notice("missing-evidence", days(-1)), unproved) is True


def test_a_follow_up_notice_ends_when_the_response_came_or_the_date_moved():
    waiting = make_task(due=days(5), status="waiting", follow_up_at=days(0))
    answered = make_task(due=days(5), status="todo")
    snoozed = make_task(due=days(5), status="waiting", follow_up_at=days(2))
    notice = Notice("follow-up-due", days(0))
    assert notice_still_true(notice, waiting) is True
    assert notice_still_true(notice, answered) is False
    assert notice_still_true(notice, snoozed) is False


def test_due_today_ends_with_its_day_and_an_overdue_notice_with_its_severity():
    task = make_task(due=days(-1))
    assert notice_applies(Notice("task-due", days(-1)), task, days(-1)) is True
    assert notice_applies(Notice("task-due", days(-1)), task, TODAY) is False
    assert notice_applies(Notice("task-overdue", days(-1), "late"), task, TODAY) is True
    assert notice_applies(Notice("task-overdue", days(-1), "late"), task, days(2)) is False


def test_notices_not_about_a_task_state_stay_until_dismissed():
    assert notice_applies(Notice("stage-change"), None, TODAY) is True
    assert notice_applies(Notice("automation-failure"), None, TODAY) is True


@pytest.mark.parametrize(
    ("url_now", "active", "applies"),
    [
        ("", True, True),
        ("https://youtu.be/x", True, False),
        ("", False, False),
        (None, True, False),
    ],
)
def test_an_empty_link_notice_holds_while_the_slot_is_empty_and_the_run_runs(
    url_now, active, applies
):
    assert link_notice_applies(url_now, active) is applies
