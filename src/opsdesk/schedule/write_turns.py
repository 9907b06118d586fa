"""A long pass of short write transactions leaves other writers a turn between them (SQLite).

SQLite has one write lock. A process waiting for it sleeps and retries (1 ms at first, then up
to every 100 ms, for the 20 s of its timeout); a pass that commits and begins its next
transaction a few microseconds later holds the lock nearly all the time, and the waiter keeps
waking while it is taken: against a loop of 20 ms transactions a waiter measured 3–13 s, and
under load a second `opsdesk tick` gave up with "database is locked". A short pause before each
of the pass's transactions lets a waiter in within a retry or two (0.01 s in the same
measurement) for a few milliseconds per transaction. PostgreSQL locks rows, not the database.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections

PAUSE_SECONDS = 0.005


@contextmanager
def turns_for_other_writers(using: str = "default", pause: float = PAUSE_SECONDS) -> Iterator[None]:
    """Within this block, every write transaction this connection begins waits `pause` first."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return

    def pause_before_begin(execute, sql, params, many, context):
        if sql.startswith("BEGIN"):
            time.sleep(pause)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(pause_before_begin):
        yield
