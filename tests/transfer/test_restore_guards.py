"""`opsdesk restore` knows its place: it refuses a backup whose uploads are not all there, and
refuses to pull the database from under a running server or scheduler, even with --force."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

from opsdesk.bench.servers import start_serve
from opsdesk.serving.data_lock import LOCK_FILE, lock_holders
from opsdesk.transfer.backup import DATABASE_FILE, INFO_FILE, UPLOADS, backup_to
from tests.conftest import make_user
from tests.serving.conftest import wait_for

from .builders import CLI, build_history, instance_env, opsdesk


@pytest.fixture
def sqlite_instance():
    if connection.vendor != "sqlite":
        pytest.skip("restore replaces the SQLite file; PostgreSQL uses pg_restore (see README)")


def _drop_listing(backup: Path, name: str) -> None:
    info = json.loads((backup / INFO_FILE).read_text())
    del info["uploads"][name]
    (backup / INFO_FILE).write_text(json.dumps(info))


@pytest.mark.parametrize("tampering", ["file removed", "file and its listing removed"])
@pytest.mark.django_db(transaction=True)
def test_a_backup_missing_an_uploaded_file_is_refused_before_anything_is_replaced(
    sqlite_instance, tmp_path, tampering
):
    build_history()
    backup = backup_to(tmp_path / "backup").path
    missing = sorted((backup / UPLOADS).iterdir())[0]
    missing.unlink()
    if tampering == "file and its listing removed":
        _drop_listing(backup, missing.name)
    target = tmp_path / "target"

    refused = opsdesk(instance_env(target), "restore", str(backup))

    assert refused.returncode == 1
    assert missing.name in refused.stderr and "Traceback" not in refused.stderr
    assert not (target / DATABASE_FILE).exists()
    assert not (target / "uploads").exists() or not any((target / "uploads").iterdir())


def _live_instance(tmp_path: Path) -> tuple[dict, Path]:
    """An instance that holds data (Olga), and a backup from another one (from-backup@)."""
    make_user("operations-manager", "from-backup@example.org")
    backup = backup_to(tmp_path / "backup").path
    env = instance_env(tmp_path / "live") | {"OPSDESK_TICK_IN_SERVE": "1"}
    assert opsdesk(env, "init", "--no-input").returncode == 0
    added = opsdesk(
        env, "users", "add", "--email", "olga@example.org", "--name", "Olga",
        "--role", "operations-manager",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return env, backup


def _emails(env: dict) -> list[str]:
    database = Path(env["OPSDESK_DATA_DIR"]) / DATABASE_FILE
    with closing(sqlite3.connect(database)) as db:
        return [row[0] for row in db.execute("SELECT email FROM accounts_user ORDER BY id")]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_while_serve_uses_the_data_dir_even_with_force(sqlite_instance, tmp_path):
    env, backup = _live_instance(tmp_path)
    server = start_serve(env, tmp_path / "serve.log")
    try:
        server.wait_until_listening()
        refused = opsdesk(env, "restore", str(backup), "--force")
        while_serving = _emails(env)
        saved_copies = list((tmp_path / "live").glob("*.before-restore-*"))
    finally:
        server.stop()
    after_stopping = opsdesk(env, "restore", str(backup), "--force")

    assert refused.returncode == 1
    assert "in use by a running `opsdesk serve`" in refused.stderr
    assert f"kill {server.process.pid}" in refused.stderr  # how to stop it
    assert while_serving == ["olga@example.org"]
    assert saved_copies == []  # refused before anything was touched
    assert after_stopping.returncode == 0, after_stopping.stderr
    assert _emails(env) == ["from-backup@example.org"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_while_a_scheduler_uses_the_data_dir(sqlite_instance, tmp_path):
    env, backup = _live_instance(tmp_path)
    command = [sys.executable, "-c", CLI, "scheduler", "--interval", "3600"]
    scheduler = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for(lambda: lock_holders(tmp_path / "live" / LOCK_FILE), "the scheduler's lock")
        refused = opsdesk(env, "restore", str(backup), "--force")
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=60)

    assert refused.returncode == 1
    assert f"(process {scheduler.pid})" in refused.stderr
    assert _emails(env) == ["olga@example.org"]
