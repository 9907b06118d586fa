"""A worker of `opsdesk serve` answers request after request on the database connection it
opened first, and the master, which forks the workers, holds none to hand down to them.

Opening a connection is what every request used to pay: PostgreSQL forks a backend for it and
SQLite opens the file and runs its PRAGMAs again.
"""

from __future__ import annotations

import http.client
import os
from pathlib import Path

import pytest

from opsdesk.bench.processes import workers
from opsdesk.bench.servers import start_serve

from .conftest import on_postgres, query, sqlite_file, wait_for

pytestmark = pytest.mark.slow

REQUESTS = 6


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def open_database_files(pid: int, env: dict) -> set[str]:
    """The descriptors (their numbers) `pid` holds open on the instance's SQLite file."""
    database = str(sqlite_file(env).resolve())
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd) == database:
                found.add(fd.name)
        except OSError:  # closed meanwhile
            continue
    return found


def database_connections(pid: int, env: dict) -> set[str]:
    """What identifies the database connections a server process holds: PostgreSQL backends
    (by their pid) or SQLite file descriptors."""
    if on_postgres():
        rows = query(
            env,
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        return {str(row[0]) for row in rows}
    return open_database_files(pid, env)


def checkpoint_connections() -> int:
    """On SQLite a worker's checkpoint thread holds the file open for good (wal_checkpoints.py)."""
    return 0 if on_postgres() else 1


def test_a_worker_answers_every_request_on_the_connection_it_opened_first(instance, tmp_path):
    env = instance | {"OPSDESK_TICK_IN_SERVE": "0"}
    server = start_serve(env, tmp_path / "serve.log", workers=1, threads=1)
    try:
        server.wait_until_listening()
        assert get(server.port, "/api/health") == 200
        [worker] = workers(server.process.pid)
        first = database_connections(worker, env)
        for _ in range(REQUESTS):
            assert get(server.port, "/api/health") == 200
        assert len(first) == 1 + checkpoint_connections()
        assert database_connections(worker, env) == first
        if not on_postgres():
            assert open_database_files(server.process.pid, env) == set()
    finally:
        server.stop()


def test_a_server_started_with_no_kept_connections_opens_one_per_request(instance, tmp_path):
    env = instance | {"OPSDESK_TICK_IN_SERVE": "0", "OPSDESK_DB_CONN_MAX_AGE": "0"}
    server = start_serve(env, tmp_path / "serve.log", workers=1, threads=1)
    try:
        server.wait_until_listening()
        assert get(server.port, "/api/health") == 200
        [worker] = workers(server.process.pid)
        # The connection closes once the answer has gone out, a moment after it arrives here.
        wait_for(
            lambda: len(database_connections(worker, env)) == checkpoint_connections(),
            "the connection to close",
        )
    finally:
        server.stop()
