"""The scheduler's reminders read a batch at a time and as values; they must find exactly what
the run summaries and task lists show, whatever the batch size and the day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Q

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import LinkSlot
from opsdesk.runs.queries import active_runs, for_display, open_tasks, run_views, tasks_json
from opsdesk.schedule.reminders import link_candidate_batches, open_task_state_batches

from .conftest import with_every_real_template

SEEDED_ON = date(2026, 7, 1)
DAYS = [SEEDED_ON + timedelta(days=n) for n in (-20, 0, 1, 9, 40)]
pytestmark = pytest.mark.django_db


@pytest.fixture
def history(template_dir):
    with_every_real_template(template_dir)
    seed_demo(40, seed=11, today=SEEDED_ON, past_fraction=0.3)


def _summary_link_items(today: date) -> list[tuple]:
    runs = list(active_runs().defer("snapshot").order_by("id"))
    return [
        (run["id"], item["label"], item["taskId"])
        for run in run_views(runs, today)
        for item in run["summary"]["missingEvidence"]
        if item["type"] == "link"
    ]


def _candidate_items(today: date, size: int) -> list[tuple]:
    return [
        (c["run_id"], c["key"].split(":link:", 1)[1], c["task_id"])
        for batch in link_candidate_batches(today, size=size)
        for c in batch
    ]


def test_link_reminders_are_the_run_summaries_link_items_on_every_day_in_any_batch_size(history):
    # Each slot's own due day too: there the rule also asks whether its producers settled.
    slot_days = LinkSlot.objects.filter(due_date__isnull=False).values_list("due_date", flat=True)
    found_any = False
    for today in sorted(set(DAYS) | set(slot_days)):
        # The summaries are the slow side: read once per day, then every batch size against them.
        expected = _summary_link_items(today)
        for size in (1, 7, 500):
            assert _candidate_items(today, size) == expected, (today, size)
        found_any = found_any or bool(expected)
    assert found_any, "the seeded history should have empty links that are due"


def test_link_reminders_name_the_run_and_the_slot(history):
    runs = {r.id: r.title for r in active_runs()}
    candidates = [
        c for batch in link_candidate_batches(SEEDED_ON + timedelta(days=40)) for c in batch
    ]
    assert candidates
    for candidate in candidates:
        label = candidate["key"].split(":link:", 1)[1]
        assert candidate["type"] == "missing-evidence"
        assert (
            candidate["message"] == f"Link “{label}” of {runs[candidate['run_id']]} is still empty."
        )


@pytest.mark.parametrize("size", [1, 5, 500])
def test_task_reminders_read_in_batches_see_the_task_list_in_due_date_order(history, size):
    for today in DAYS:
        reached = open_tasks(None, "all").filter(
            Q(due_date__lte=today) | Q(follow_up_at__lte=today)
        )
        expected = tasks_json(list(for_display(reached.order_by("due_date", "id"))), today)
        batches = list(open_task_state_batches(today, size=size))
        assert all(0 < len(batch) <= size for batch in batches)
        assert [task for batch in batches for task in batch] == expected, today
