"""A real opsdesk instance for `opsdesk serve` processes to start on: SQLite in the ordinary
pass, a PostgreSQL database of its own when the suite runs on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.transfer.builders import fresh_postgres, instance_env, opsdesk

PASSWORD = "a-long-passphrase-for-olga"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: starts other opsdesk processes (several seconds each)"
    )


def on_postgres() -> bool:
    return (os.environ.get("OPSDESK_DATABASE_URL") or "").startswith("postgres")


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """The environment of a migrated instance with its templates, the scheduler on."""
    data_dir = tmp_path_factory.mktemp("instance")
    if on_postgres():
        with fresh_postgres("serve") as url:
            yield _initialised(instance_env(data_dir, url))
    else:
        yield _initialised(instance_env(data_dir))


def _initialised(env: dict) -> dict:
    env = env | {"OPSDESK_TICK_IN_SERVE": "1"}
    done = opsdesk(env, "init", "--no-input")
    assert done.returncode == 0, done.stderr
    return env


def api_token(env: dict) -> str:
    """A person who may write, and an API token for them."""
    added = opsdesk(
        env, "users", "add", "--email", "ops@example.org", "--name", "Olga Ops",
        "--role", "operations-manager", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    created = opsdesk(env, "tokens", "create", "--email", "ops@example.org")
    assert created.returncode == 0, created.stderr
    return created.stdout.split()[-1]


def sqlite_file(env: dict) -> Path:
    return Path(env["OPSDESK_DATA_DIR"]) / "opsdesk.sqlite3"


def query(env: dict, sql: str) -> list[tuple]:
    """Rows straight from the instance's database (not the test database)."""
    url = env.get("OPSDESK_DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute(sql).fetchall()
    with closing(sqlite3.connect(sqlite_file(env))) as connection:
        return connection.execute(sql).fetchall()


def wait_for(condition, what: str, timeout: float = 60.0):
    """Poll another process's doing until `condition()` is truthy; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)  # another process is working: nothing to join or wait on
    raise AssertionError(f"gave up after {timeout} s waiting for {what}")
