"""On SQLite, a thread in each serve worker copies the write-ahead log back into the database.

Left to SQLite, the commit that happens to push the log past 1,000 pages does the copy, with its
fsync, before its request can answer: about one write in ten (starting a run writes some 90
pages) took 15-30 ms longer than the rest. The thread does it off the request's path; SQLite's
sqlite3 module lets go of the GIL while it works, so requests go on meanwhile. A checkpoint of
this kind (PASSIVE) never waits for readers or writers: what they still need stays in the log
for the next round.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

from django.db import connections
from django.db.backends.signals import connection_created

CHECKPOINT_EVERY_SECONDS = 0.5
# A request's commit still checkpoints once the log holds this many pages (40 MB): a burst of
# writes faster than the thread, or a thread that has stopped, cannot grow the file without end.
REQUEST_CHECKPOINT_PAGES = 10_000

log = logging.getLogger(__name__)


def checkpoint_in_background(using: str = "default") -> WalCheckpointer | None:
    """Called once in each worker before it answers requests; does nothing off SQLite."""
    if connections[using].vendor != "sqlite":
        return None
    connection_created.connect(_leave_checkpoints_to_the_thread, dispatch_uid=__name__)
    checkpointer = WalCheckpointer(str(connections[using].settings_dict["NAME"]))
    checkpointer.start()
    return checkpointer


def _leave_checkpoints_to_the_thread(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {REQUEST_CHECKPOINT_PAGES}")


class WalCheckpointer:
    """A daemon thread: a worker's ends with its process, without being asked."""

    def __init__(self, path: str, every_seconds: float = CHECKPOINT_EVERY_SECONDS):
        self.path, self.every_seconds = path, every_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Commits checkpoint for themselves again; the thread ends after its current round."""
        connection_created.disconnect(dispatch_uid=__name__)
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        database = sqlite3.connect(self.path, timeout=1, check_same_thread=False)
        try:
            while not self._stop.wait(self.every_seconds):
                self._checkpoint(database)
        finally:
            database.close()

    @staticmethod
    def _checkpoint(database: sqlite3.Connection) -> None:
        try:
            database.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:
            # The next round tries again; meanwhile a commit checkpoints past the safety limit.
            log.warning("WAL checkpoint skipped: %s", error)
