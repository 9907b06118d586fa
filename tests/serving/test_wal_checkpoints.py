"""Serve's workers leave SQLite's checkpoints to a thread, and the write-ahead log stays small."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection, connections

from opsdesk.serving.wal_checkpoints import (
    REQUEST_CHECKPOINT_PAGES,
    WalCheckpointer,
    checkpoint_in_background,
)

WRITES = 40
PAGES_PER_WRITE = 64
PAGE = 4096


def wal_bytes_after_writes(path: Path, checkpointer: WalCheckpointer | None) -> int:
    """The log's size after WRITES commits by a connection that never checkpoints itself."""
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("CREATE TABLE IF NOT EXISTS filler (body BLOB)")
        if checkpointer:
            checkpointer.start()
        try:
            for _ in range(WRITES):
                writer.execute("DELETE FROM filler")
                writer.execute("INSERT INTO filler VALUES (zeroblob(?))", [PAGES_PER_WRITE * PAGE])
                time.sleep(0.02)  # requests come one after another, not in one burst
        finally:
            if checkpointer:
                checkpointer.stop()
        return Path(f"{path}-wal").stat().st_size


@pytest.mark.one_pass
def test_the_thread_keeps_the_log_small_where_commits_no_longer_checkpoint(tmp_path):
    unchecked = wal_bytes_after_writes(tmp_path / "alone.sqlite3", None)
    path = tmp_path / "served.sqlite3"
    checked = wal_bytes_after_writes(path, WalCheckpointer(str(path), every_seconds=0.01))

    everything_written = WRITES * PAGES_PER_WRITE * PAGE
    assert unchecked >= everything_written
    # The log restarts after each checkpoint the thread gets in; on a loaded machine (the whole
    # suite on two cores) it has missed a dozen writes in a row, so a half is the bound: without
    # the thread the log holds every write, twice over.
    assert checked < everything_written / 2, (checked, unchecked)


@pytest.mark.one_pass
def test_a_checkpoint_that_fails_is_tried_again_on_the_next_round(tmp_path, caplog):
    path = tmp_path / "not-a-database.sqlite3"
    path.write_bytes(b"this is no SQLite file" * 100)
    checkpointer = WalCheckpointer(str(path), every_seconds=0.01)
    checkpointer.start()
    time.sleep(0.1)
    checkpointer.stop()

    skipped = [r for r in caplog.records if "WAL checkpoint skipped" in r.getMessage()]
    assert len(skipped) >= 2


def autocheckpoint_of_a_new_connection() -> int:
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            return cursor.fetchone()[0]
    finally:
        fresh.close()


def test_a_workers_connections_checkpoint_only_past_the_safety_limit(db):
    if connection.vendor != "sqlite":
        assert checkpoint_in_background() is None
        return
    checkpointer = checkpoint_in_background()
    try:
        assert autocheckpoint_of_a_new_connection() == REQUEST_CHECKPOINT_PAGES
    finally:
        checkpointer.stop()
    assert autocheckpoint_of_a_new_connection() == 1000  # SQLite's own, once the thread is gone
