"""`opsdesk scheduler`: the scheduler's passes in a loop, in a process of its own.

It never runs as a thread of a process that forks (a worker forked while the thread held an
import lock hung on its first request). Each round takes or renews the lease, so among several
instances one scheduler runs the passes; the others wait their turn. A stop request (SIGTERM,
SIGINT, the parent gone) only sets a flag: the pass in progress finishes, the rest of the round
is left for the next start, and the lease is handed back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError, connections
from django.utils import timezone

from .lease import claim_lease, new_holder_name, release_lease

log = logging.getLogger("opsdesk.schedule")
DEFAULT_INTERVAL_SECONDS = 60.0
# Stop requests are noticed within this long while the loop waits for the next round.
WAKE_SECONDS = 0.5


@dataclass(frozen=True)
class SchedulerPass:
    name: str
    run: Callable[[], object]


def _tick_pass() -> None:
    from .tick import run_tick

    run_tick(only_changes=True)  # every run on the day's first pass only (see reach.py)


def _statistics_pass() -> None:
    from opsdesk.serving.statistics import optimize

    # On the tick's connection, closed after the round: PostgreSQL analyzes what it changed
    # much, SQLite looks at what its queries used.
    optimize()


# Every round runs these in order; a new kind of background work is one more entry here.
PASSES: tuple[SchedulerPass, ...] = (
    SchedulerPass("tick", _tick_pass),
    SchedulerPass("statistics", _statistics_pass),
)


class Scheduler:
    def __init__(
        self,
        passes: tuple[SchedulerPass, ...] = PASSES,
        *,
        interval: float = DEFAULT_INTERVAL_SECONDS,
        holder: str | None = None,
        keep_running: Callable[[], bool] = lambda: True,
        now: Callable[[], datetime] = timezone.now,
    ):
        self.passes = passes
        self.interval = interval
        # Long enough to outlast a slow round; a dead holder blocks the others no longer.
        self.lease_seconds = max(3 * interval, 1.0)
        self.holder = holder or new_holder_name()
        self.keep_running = keep_running
        self.now = now
        self.stop_requested = False

    def request_stop(self, *_signal_args: object) -> None:
        """Safe as a signal handler: it only sets a flag the loop reads."""
        self.stop_requested = True

    def should_stop(self) -> bool:
        return self.stop_requested or not self.keep_running()

    def run(self) -> None:
        """Rounds every `interval` seconds until a stop is requested; then give the lease up."""
        try:
            while not self.should_stop():
                self.run_round()
                self._wait(self.interval)
        finally:
            self._release()

    def run_round(self) -> list[str]:
        """Each pass in turn while this scheduler holds the lease; the names of those that ran."""
        ran: list[str] = []
        try:
            for scheduled in self.passes:
                if self.should_stop() or not self._holds_lease():
                    break
                self._run_pass(scheduled)
                ran.append(scheduled.name)
        finally:
            # A long-lived process must not keep connections between rounds.
            connections.close_all()
        return ran

    def _holds_lease(self) -> bool:
        try:
            return claim_lease(self.holder, now=self.now(), seconds=self.lease_seconds)
        except DatabaseError:  # the database is away: try again next round
            log.exception("scheduler could not claim its lease")
            return False

    def _run_pass(self, scheduled: SchedulerPass) -> None:
        try:
            scheduled.run()
        except Exception:  # a failed pass is retried next round, never fatal
            log.exception("scheduler pass %s failed", scheduled.name)

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.should_stop():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(WAKE_SECONDS, left))

    def _release(self) -> None:
        try:
            release_lease(self.holder, now=self.now())
        except DatabaseError:  # it expires by itself
            log.warning("scheduler could not hand its lease back; it expires by itself")
        finally:
            connections.close_all()
