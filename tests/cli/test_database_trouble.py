"""A command that meets a database error says which trouble it is: a database kept busy by
another process is not one that needs `opsdesk init`."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import OperationalError

from opsdesk.cli import schedule

from .test_commands import run


def _failing_with(message: str):
    def tick(args):
        raise OperationalError(message)

    return tick


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("database is locked", "the database is busy (database is locked)"),
        ("no such table: runs_run", "the database is not ready (no such table: runs_run)"),
    ],
)
def test_a_database_error_is_named_for_what_it_is(db, capsys, monkeypatch, message, said):
    monkeypatch.setattr(schedule, "run_tick_command", _failing_with(message))
    code, out, err = run(capsys, "tick")
    assert code == 1 and out == ""
    assert err.startswith(f"opsdesk: {said}")
    assert ("opsdesk init" in err) == (message != "database is locked")


def test_sqlite_says_locked_when_another_connection_keeps_the_write_lock(tmp_path):
    """The words the busy case looks for are SQLite's own."""
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="^database is locked$"):
        waiter.execute("INSERT INTO t VALUES (1)")
    holder.execute("ROLLBACK")
