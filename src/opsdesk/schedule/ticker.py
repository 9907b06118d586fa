"""The in-process scheduler of `opsdesk serve`: one pass a minute on a background thread.

It runs in gunicorn's master process only (workers come and go). Stopping only sets a flag;
a pass in progress finishes. Each pass closes its database connections, so a worker forked
while the thread sleeps inherits no open connection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import connections

log = logging.getLogger("opsdesk.schedule")


def _default_pass() -> None:
    from .tick import run_tick

    run_tick()


class Ticker:
    def __init__(self, interval: float = 60.0, run_pass: Callable[[], None] = _default_pass):
        self.interval = interval
        self.run_pass = run_pass
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="opsdesk-tick", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to end and wait for a pass in progress to finish."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._once()
            self._stop.wait(self.interval)

    def _once(self) -> None:
        try:
            self.run_pass()
        except Exception:  # a failed pass is retried on the next minute, never fatal
            log.exception("scheduler pass failed")
        finally:
            connections.close_all()
