"""`opsdesk scheduler`: the passes in a loop that survives failures, hands over on a stop request,
and shares the work with other instances through a lease.

The loop closes its database connections after every round, as a long-lived process must, so
these tests run outside a test transaction (`transaction=True`), as the real process does.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from opsdesk.schedule.lease import claim_lease, current_holder, release_lease
from opsdesk.schedule.scheduler import PASSES, Scheduler, SchedulerPass

NOW = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def looping(passes, *, rounds=3) -> Scheduler:
    """A scheduler without pauses between rounds, which asks itself to stop after `rounds`."""
    done = []

    def count_round():
        done.append(1)
        if len(done) == rounds:
            scheduler.request_stop()

    counted = (*passes, SchedulerPass("count", count_round))
    scheduler = Scheduler(counted, interval=0, holder="one", now=lambda: NOW)
    return scheduler


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_its_passes_every_round_and_survives_a_failing_one():
    calls = []

    def flaky():
        calls.append("flaky")
        if len(calls) == 1:
            raise RuntimeError("database went away")

    scheduler = looping((SchedulerPass("flaky", flaky), SchedulerPass("next", lambda: None)))
    scheduler.run()

    assert calls == ["flaky", "flaky", "flaky"]


@pytest.mark.django_db(transaction=True)
def test_a_stop_request_lets_the_pass_in_progress_finish_and_skips_the_rest_of_the_round():
    done = []

    def interrupted():
        scheduler.request_stop()  # as SIGTERM's handler would, in the middle of the pass
        done.append("interrupted finished")

    scheduler = looping((SchedulerPass("interrupted", interrupted),))
    scheduler.run()

    assert done == ["interrupted finished"]
    assert current_holder(now=NOW) is None  # the lease is handed back on the way out


@pytest.mark.django_db(transaction=True)
def test_a_stop_request_during_the_pause_between_rounds_ends_the_loop_at_once():
    first_round = threading.Event()
    scheduler = Scheduler(
        (SchedulerPass("tick", first_round.set),), interval=3600, holder="one", now=lambda: NOW
    )
    loop = threading.Thread(target=scheduler.run)
    loop.start()
    assert first_round.wait(timeout=30)

    scheduler.request_stop()
    loop.join(timeout=10)

    assert not loop.is_alive()
    assert current_holder(now=NOW) is None


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_stops_when_it_is_told_its_parent_is_gone():
    rounds = []
    scheduler = Scheduler(
        (SchedulerPass("tick", lambda: rounds.append(1)),),
        interval=3600,
        keep_running=lambda: not rounds,  # the parent dies during the first round
        now=lambda: NOW,
    )

    scheduler.run()  # returns instead of pausing for an hour

    assert rounds == [1]


@pytest.mark.django_db(transaction=True)
def test_only_the_scheduler_holding_the_lease_runs_the_passes():
    ran = []
    first = Scheduler((SchedulerPass("tick", lambda: ran.append("first")),), holder="first")
    second = Scheduler((SchedulerPass("tick", lambda: ran.append("second")),), holder="second")
    for scheduler in (first, second):
        scheduler.now = lambda: NOW

    assert first.run_round() == ["tick"]
    assert second.run_round() == []
    assert first.run_round() == ["tick"]  # renewed, not lost
    assert ran == ["first", "first"]


@pytest.mark.django_db(transaction=True)
def test_a_lease_expires_when_its_holder_stops_renewing_it():
    lease = 180

    assert claim_lease("first", now=NOW, seconds=lease)
    assert not claim_lease("second", now=NOW + timedelta(seconds=lease - 1), seconds=lease)
    assert claim_lease("second", now=NOW + timedelta(seconds=lease), seconds=lease)
    assert current_holder(now=NOW + timedelta(seconds=lease)) == "second"
    assert not claim_lease("first", now=NOW + timedelta(seconds=lease + 1), seconds=lease)


@pytest.mark.django_db(transaction=True)
def test_a_released_lease_can_be_taken_at_once_and_only_by_its_holder_released():
    assert claim_lease("first", now=NOW, seconds=180)

    assert not release_lease("second", now=NOW)
    assert release_lease("first", now=NOW)
    assert claim_lease("second", now=NOW, seconds=180)


@pytest.mark.django_db(transaction=True)
def test_a_round_of_the_default_passes_runs_the_tick_then_refreshes_statistics():
    from opsdesk.schedule.models import TickState

    assert [p.name for p in PASSES] == ["tick", "statistics"]
    assert Scheduler(holder="only").run_round() == ["tick", "statistics"]
    # The tick moved its cursor and recorded that its first pass today read every run.
    assert set(TickState.objects.values_list("name", flat=True)) == {"tick", "every-run"}


@pytest.mark.django_db(transaction=True)
def test_of_schedulers_claiming_a_free_lease_at_the_same_moment_exactly_one_gets_it():
    from django.db import connection

    contenders = 6
    barrier = threading.Barrier(contenders)

    def contend(n: int) -> bool:
        try:
            barrier.wait(timeout=30)
            return claim_lease(f"scheduler-{n}", now=NOW, seconds=180)
        finally:
            connection.close()

    with ThreadPoolExecutor(contenders) as pool:
        won = list(pool.map(contend, range(contenders)))

    assert won.count(True) == 1
    assert current_holder(now=NOW) == f"scheduler-{won.index(True)}"
