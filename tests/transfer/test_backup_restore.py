"""`opsdesk backup` copies the SQLite database while it is written to; `opsdesk restore` puts a
copy back, and never over a live database unless told to."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from opsdesk.domain.errors import InvalidInput
from opsdesk.transfer.backup import DATABASE_FILE, backup_to, copy_database
from opsdesk.transfer.export import export_to
from opsdesk.transfer.restore import restore_from
from tests.conftest import make_user

from .builders import build_history, instance_env, opsdesk, records_of, uploaded_bytes

TASKS_PER_RUN = 14
WRITER_ROUNDS = 40


@pytest.fixture
def sqlite_instance():
    if connection.vendor != "sqlite":
        pytest.skip("backup is SQLite's online backup; PostgreSQL uses pg_dump (see README)")


def _keep_writing(actor, stop: threading.Event, started: threading.Event) -> None:
    """Start runs and edit one task of each, until told to stop."""
    from opsdesk.runs.services.editing import patch_task
    from opsdesk.runs.services.starting import start_run

    try:
        for round_number in range(WRITER_ROUNDS):
            run = start_run(
                actor,
                template_type="oss",
                anchor_date="2026-07-22",
                anchor_time=None,
                variables={"tool": f"T{round_number}", "author": "A"},
            )
            task = run.tasks.order_by("position").first()
            for edit in range(3):
                patch_task(
                    actor,
                    task_id=task.id,
                    version=task.version + edit,
                    changes={"comment": f"edit {edit}"},
                )
            started.set()
            if stop.is_set():
                return
    finally:
        started.set()
        connection.close()


def _consistency(path) -> dict:
    """What a person would check in a restored copy: every run whole, every edit audited."""
    with closing(sqlite3.connect(path)) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "integrity": one("PRAGMA integrity_check"),
            "runs": one("SELECT COUNT(*) FROM runs_run"),
            "tasks": one("SELECT COUNT(*) FROM runs_task"),
            "orphan tasks": one(
                "SELECT COUNT(*) FROM runs_task t LEFT JOIN runs_run r ON r.id = t.run_id "
                "WHERE t.run_id IS NOT NULL AND r.id IS NULL"
            ),
            "runs without a start event": one(
                "SELECT COUNT(*) FROM runs_run r WHERE NOT EXISTS (SELECT 1 FROM runs_auditevent "
                "e WHERE e.run_id = r.id AND e.action = 'run-started')"
            ),
            "edits without an audit event": one(
                "SELECT COUNT(*) FROM runs_task t WHERE t.version - 1 != (SELECT COUNT(*) FROM "
                "runs_auditevent e WHERE e.task_id = t.id AND e.action = 'task-edited')"
            ),
        }


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_tasks_are_written_restores_to_a_consistent_state(
    sqlite_instance, tmp_path
):
    actor = make_user("operations-manager")
    stop, started = threading.Event(), threading.Event()
    writer = threading.Thread(target=_keep_writing, args=(actor, stop, started))
    writer.start()
    try:
        assert started.wait(timeout=60)
        reports = [backup_to(tmp_path / f"backup-{n}") for n in range(3)]
    finally:
        stop.set()
        writer.join(timeout=120)

    for report in reports:
        found = _consistency(report.path / DATABASE_FILE)
        assert found["integrity"] == "ok"
        assert found["runs"] >= 1 and found["tasks"] == TASKS_PER_RUN * found["runs"]
        assert found["orphan tasks"] == found["runs without a start event"] == 0
        assert found["edits without an audit event"] == 0
        assert report.counts["tasks"] == found["tasks"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_the_same_history_and_files(sqlite_instance, tmp_path):
    build_history()
    backup = backup_to(tmp_path / "backup")
    original = export_to(tmp_path / "original-export")
    env = instance_env(tmp_path / "restored")

    restored = opsdesk(env, "restore", str(backup.path))
    again = opsdesk(env, "export", str(tmp_path / "restored-export"))

    assert restored.returncode == 0, restored.stderr
    assert again.returncode == 0, again.stderr
    assert records_of(tmp_path / "restored-export") == records_of(original.directory)
    assert uploaded_bytes(tmp_path / "restored-export") == uploaded_bytes(original.directory)


def _emails(database) -> list[str]:
    with closing(sqlite3.connect(database)) as db:
        return [row[0] for row in db.execute("SELECT email FROM accounts_user ORDER BY id")]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_replace_a_live_database_unless_forced(sqlite_instance, tmp_path):
    make_user("operations-manager", "from-backup@example.org")
    backup = backup_to(tmp_path / "backup")
    live = tmp_path / "live" / "opsdesk.sqlite3"
    live.parent.mkdir()
    copy_database(backup.path / DATABASE_FILE, live)
    with closing(sqlite3.connect(live)) as db, db:
        db.execute("UPDATE accounts_user SET email = 'live@example.org'")
    env = instance_env(live.parent)

    refused = opsdesk(env, "restore", str(backup.path))
    after_refusal = _emails(live)
    forced = opsdesk(env, "restore", str(backup.path), "--force")

    assert refused.returncode == 1
    assert "holds data (1 users, 0 runs, 0 tasks)" in refused.stderr
    assert "--force" in refused.stderr
    assert after_refusal == ["live@example.org"]
    assert forced.returncode == 0, forced.stderr
    assert _emails(live) == ["from-backup@example.org"]
    saved = sorted(live.parent.glob("opsdesk.sqlite3.before-restore-*"))
    assert len(saved) == 1 and f"saved as {saved[0]}" in forced.stdout
    assert _emails(saved[0]) == ["live@example.org"]


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_replaced(sqlite_instance, tmp_path):
    make_user("operations-manager")
    backup = backup_to(tmp_path / "backup")
    with (backup.path / DATABASE_FILE).open("r+b") as db:
        db.seek(5000)
        db.write(b"\xff" * 64)
    env = instance_env(tmp_path / "target")

    refused = opsdesk(env, "restore", str(backup.path))

    assert refused.returncode == 1 and "differs from the backup's checksum" in refused.stderr
    assert not (tmp_path / "target" / "opsdesk.sqlite3").exists()


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    env = instance_env(tmp_path / "pg", "postgresql://nobody@127.0.0.1:9/never-contacted")

    answer = opsdesk(env, "backup", str(tmp_path / "b"))

    assert answer.returncode == 1
    assert "pg_dump" in answer.stderr and "Traceback" not in answer.stderr
    assert not (tmp_path / "b").exists()


@pytest.mark.django_db
def test_restore_on_postgresql_points_to_pg_dump_and_touches_nothing(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs this pass's database to be PostgreSQL (python -m tests.postgres_suite)")
    make_user("operations-manager")

    with pytest.raises(InvalidInput, match="pg_dump"):
        restore_from(tmp_path)
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_backup_will_not_write_over_an_existing_path(sqlite_instance, tmp_path):
    (tmp_path / "taken").mkdir()

    with pytest.raises(InvalidInput, match="already exists"):
        backup_to(tmp_path / "taken")
