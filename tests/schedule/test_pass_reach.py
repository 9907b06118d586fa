"""The scheduler's later rounds of a day read only the runs changed since the previous round;
what they leave must be exactly what a pass over every run would leave."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Task
from opsdesk.runs.services.editing import patch_task
from opsdesk.runs.services.links import set_link
from opsdesk.runs.services.waiting import mark_waiting
from opsdesk.schedule.models import Notification, TickState
from opsdesk.schedule.reach import STATE_NAME, read_every_run_next
from opsdesk.schedule.tick import run_tick

from .conftest import with_every_real_template

SEEDED_ON = date(2026, 7, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def history(template_dir):
    with_every_real_template(template_dir)
    seed_demo(30, seed=5, today=SEEDED_ON, past_fraction=0.2)


def _notices() -> tuple[set[str], set[str]]:
    """(unread keys, cleared keys)."""
    unread = Notification.objects.filter(dismissed_at__isnull=True, cleared_at__isnull=True)
    cleared = Notification.objects.filter(cleared_at__isnull=False)
    return set(unread.values_list("key", flat=True)), set(cleared.values_list("key", flat=True))


def _open(**where):
    return Task.objects.filter(status="todo", run__archived_at__isnull=True, **where).order_by("id")


def _reminder_step(report) -> dict:
    return next(s.json() for s in report.steps if s.step == "reminders")


def _write_through_the_services(operator) -> None:
    """One change of each kind a reminder follows: a date moved off and onto today, a task
    set waiting until today, and a required link filled."""
    late = _open(due_date__lt=SEEDED_ON).first()
    patch_task(operator, task_id=late.id, version=None, changes={"date": "2026-07-20"})
    coming = _open(due_date__gt=SEEDED_ON + timedelta(days=3)).first()
    patch_task(operator, task_id=coming.id, version=None, changes={"date": SEEDED_ON.isoformat()})
    waiting = _open(due_date__gt=SEEDED_ON + timedelta(days=3)).exclude(id=coming.id).first()
    mark_waiting(
        operator,
        task_id=waiting.id,
        waiting_for="the author",
        follow_up_at=SEEDED_ON,
        note="asked for a quote",
    )
    empty = Notification.objects.filter(key__contains=":link:", cleared_at__isnull=True).first()
    name = empty.key.split(":link:", 1)[1]
    set_link(operator, run_id=empty.run_id, name=name, url="https://example.org/filled")


def test_a_later_round_leaves_nothing_for_a_pass_over_every_run(history, operator):
    run_tick(as_of=SEEDED_ON, only_changes=True)  # the day's first round reads every run
    before = _notices()

    _write_through_the_services(operator)
    later = run_tick(as_of=SEEDED_ON, only_changes=True)
    after = _notices()

    assert after != before  # the writes were noticed: new reminders and cleared ones
    assert _reminder_step(later)["created"] >= 2  # due today, follow-up due
    assert len(after[1]) >= len(before[1]) + 2  # the moved late task's, the filled link's
    full = run_tick(as_of=SEEDED_ON, only_changes=False)
    now = _notices()
    assert (now[0] ^ after[0], now[1] ^ after[1]) == (set(), set())
    assert _reminder_step(full)["created"] == 0


def test_a_later_round_skips_the_runs_nobody_changed(history):
    run_tick(as_of=SEEDED_ON, only_changes=True)
    # Written around the services, so no audit event says this run changed.
    unnoticed = _open(due_date__gt=SEEDED_ON + timedelta(days=3)).first()
    Task.objects.filter(pk=unnoticed.pk).update(due_date=SEEDED_ON)
    due_key = f"task-due:{unnoticed.id}:{SEEDED_ON.isoformat()}"

    run_tick(as_of=SEEDED_ON, only_changes=True)
    assert due_key not in _notices()[0]

    run_tick(as_of=SEEDED_ON + timedelta(days=1), only_changes=True)  # a new day: every run
    assert any(k.startswith(f"task-overdue:{unnoticed.id}:") for k in _notices()[0])


def test_demo_data_and_imports_make_the_next_round_read_every_run(history):
    run_tick(as_of=SEEDED_ON, only_changes=True)
    assert TickState.objects.filter(name=STATE_NAME).exists()
    seed_demo(8, seed=9, today=SEEDED_ON, past_fraction=0.0)
    assert not TickState.objects.filter(name=STATE_NAME).exists()

    assert _reminder_step(run_tick(as_of=SEEDED_ON, only_changes=True))["created"] > 0
    assert _reminder_step(run_tick(as_of=SEEDED_ON, only_changes=False))["created"] == 0

    read_every_run_next()
    assert not TickState.objects.filter(name=STATE_NAME).exists()
