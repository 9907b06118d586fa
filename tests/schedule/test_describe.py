"""Schedules in words on the recurring page: common shapes read naturally, the rest as written."""

from __future__ import annotations

import pytest

from opsdesk.schedule.describe import describe_cron, describe_lead


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("0 9 * * 1", "Every Monday at 09:00"),
        ("0 9 * * MON", "Every Monday at 09:00"),
        ("0 9 * * 0", "Every Sunday at 09:00"),
        ("0 9 * * 1,3,5", "Every Monday, Wednesday and Friday at 09:00"),
        ("0 9 * * 1-5", "Every weekday (Monday to Friday) at 09:00"),
        ("30 8,17 * * *", "Every day at 08:30 and 17:30"),
        ("0 9 1 * *", "On the 1st of every month at 09:00"),
        ("0 9 22 * *", "On the 22nd of every month at 09:00"),
        ("0 9 31 * *", "On the 31st of every month at 09:00 (months without it are skipped)"),
        ("0 9 L * *", "On the last day of every month at 09:00"),
        ("0 9 1 1,4,7,10 *", "On the 1st of January, April, July and October at 09:00"),
        ("0 9 * * 1#1", "On the first Monday of every month at 09:00"),
        ("0 * * * *", "Every hour on the hour"),
        ("15 * * * *", "Every hour at :15"),
        ("@monthly", "On the 1st of every month at 00:00"),
        ("0 */2 * * *", "Cron: 0 */2 * * *"),
        ("0 9 1-7 * 1", "Cron: 0 9 1-7 * 1"),
        ("nonsense", "Cron: nonsense"),
    ],
)
def test_a_schedule_is_described_in_words_or_shown_as_written(expression, words):
    assert describe_cron(expression) == words


@pytest.mark.parametrize(
    ("lead", "words"),
    [
        (14, "anchored 14 days ahead"),
        (1, "anchored 1 day ahead"),
        (0, "anchored on the day it fires"),
        (-1, "anchored 1 day before"),
    ],
)
def test_lead_days_are_described_from_the_firing_day(lead, words):
    assert describe_lead(lead) == words
