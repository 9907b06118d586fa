"""A tick pass pauses before each of its write transactions on SQLite, so a request or another
tick waiting for the write lock gets a turn (see opsdesk.schedule.write_turns)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from opsdesk.runs.models import Run
from opsdesk.schedule import write_turns
from opsdesk.schedule.tick import run_tick
from opsdesk.schedule.write_turns import turns_for_other_writers


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    taken: list[float] = []
    monkeypatch.setattr(write_turns.time, "sleep", taken.append)
    return taken


def _begin_statements(captured) -> int:
    return sum(1 for q in captured if q["sql"].startswith("BEGIN"))


@pytest.mark.django_db(transaction=True)
def test_each_write_transaction_in_the_block_waits_its_turn_first(pauses):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured, turns_for_other_writers(pause=0.005):
        for _ in range(3):
            with transaction.atomic():
                Run.objects.exists()
    with transaction.atomic():  # outside the block: no pause
        Run.objects.exists()
    if connection.vendor == "sqlite":
        assert pauses == [0.005] * 3 == [0.005] * _begin_statements(captured)
    else:
        assert pauses == []  # PostgreSQL locks rows, not the database


@pytest.mark.django_db(transaction=True)
def test_a_tick_pass_takes_its_writes_in_turns(pauses, fast_setup):
    run_tick()
    assert (len(pauses) > 0) == (connection.vendor == "sqlite")
