"""The end-of-day rule as pure functions: which tasks are unfinished, and when all is clear."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.domain.review import (
    ReviewTask,
    all_clear,
    is_unfinished,
    unfinished_today,
    unfinished_window,
)
from opsdesk.domain.task_rules import STATUSES

TODAY = date(2026, 7, 15)
YESTERDAY, TOMORROW = date(2026, 7, 14), date(2026, 7, 16)


@pytest.mark.parametrize(
    ("status", "due", "unfinished"),
    [
        ("todo", TODAY, True),
        ("todo", YESTERDAY, True),
        ("todo", date(2026, 1, 1), True),
        ("todo", TOMORROW, False),
        ("waiting", YESTERDAY, False),
        ("waiting", TODAY, False),
        ("done", YESTERDAY, False),
        ("skipped", TODAY, False),
    ],
)
def test_a_task_is_unfinished_only_when_due_by_today_and_still_to_do(status, due, unfinished):
    assert is_unfinished(status, due, TODAY) is unfinished


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("due", [date(2026, 6, 1), YESTERDAY, TODAY, TOMORROW])
def test_the_database_window_selects_exactly_the_unfinished_tasks(status, due):
    window = unfinished_window(TODAY)
    in_window = (
        status in window.statuses
        and (window.after is None or due > window.after)
        and (window.until is None or due <= window.until)
    )
    assert in_window is is_unfinished(status, due, TODAY)


def test_all_clear_is_said_only_when_nothing_is_left():
    assert all_clear(0) is True
    assert all_clear(1) is False


def test_unfinished_today_keeps_the_order_it_was_given():
    tasks = [
        ReviewTask(3, YESTERDAY, "todo"),
        ReviewTask(1, TODAY, "waiting"),
        ReviewTask(2, TODAY, "todo"),
        ReviewTask(4, TOMORROW, "todo"),
    ]
    assert [t.id for t in unfinished_today(tasks, TODAY)] == [3, 2]
