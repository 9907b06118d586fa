"""Two `opsdesk tick` processes at the same moment, on SQLite and on PostgreSQL: no duplicates.

Each database is made for the test and removed afterwards. Both processes set Django up, say
"ready", and wait on stdin; the test releases them together, so their passes really overlap.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from .builders import automatic_template, write_templates
from .conftest import child_env

# Each test makes the database it names, whichever database the pass uses.
pytestmark = pytest.mark.one_pass
DAY = "2026-06-01"  # a Monday and the 1st: newsletter, tax report and a Monday post all fire
CONFIGS = 3  # hourly recurring work: 24 firings each that day
DUE_THAT_DAY = CONFIGS * 24 + 3  # the newsletter's second task is due on its anchor
SERVER = os.environ.get("OPSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")

PREPARE = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from opsdesk.runs.services.templates import sync_templates
from opsdesk.schedule.configs import create_config
call_command("migrate", verbosity=0)
sync_templates()
owner = get_user_model().objects.create_user(email="ops@example.org", name="Ops",
                                             role="operations-manager")
for n in range({configs}):
    create_config(owner, {{"description": f"Hourly check {{n}}", "cron": "0 * * * *",
                           "startsOn": "{day}"}})
"""

TICK_WHEN_RELEASED = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
django.setup()
from opsdesk.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(sys.argv[1:]))
"""

CHECKS = {
    "tasks": "SELECT COUNT(*) FROM runs_task",
    "runs": "SELECT COUNT(*) FROM runs_run",
    "task-due": "SELECT COUNT(*) FROM schedule_notification WHERE type = 'task-due'",
    "recurring-due": "SELECT COUNT(*) FROM schedule_notification WHERE type = 'recurring-due'",
    "failures": "SELECT COUNT(*) FROM schedule_notification WHERE type = 'automation-failure'",
    "same task twice": "SELECT COUNT(*) FROM (SELECT description, due_date FROM runs_task "
    "WHERE source = 'recurring' GROUP BY description, due_date HAVING COUNT(*) > 24) AS d",
    "same run twice": "SELECT COUNT(*) FROM (SELECT type, anchor_date FROM runs_run "
    "GROUP BY type, anchor_date HAVING COUNT(*) > 1) AS d",
    "same notice twice": "SELECT COUNT(*) FROM (SELECT task_id, type FROM schedule_notification "
    "WHERE task_id IS NOT NULL GROUP BY task_id, type HAVING COUNT(*) > 1) AS d",
}
EXPECTED = {
    "tasks": DUE_THAT_DAY + 1,
    "runs": 3,
    "task-due": DUE_THAT_DAY,
    "recurring-due": CONFIGS * 24,
    "failures": 0,
    "same task twice": 0,
    "same run twice": 0,
    "same notice twice": 0,
}


def environment(tmp_path: Path, database_url: str, bytecode: Path) -> dict:
    content = tmp_path / "content"
    write_templates(
        content / "tasks" / "templates",
        automatic_template(
            "newsletter",
            "0 9 * * 1",
            14,
            title="Weekly email #{number}",
            variables=[{"name": "number", "label": "Issue", "required": True}],
            tasks=[("sponsor-document", -14), ("publish", 0)],
        ),
        automatic_template("social-media", "0 9 * * 1", 0, tasks=[("monday-post", 0)]),
        automatic_template("tax-report", "0 9 1 * *", -1, tasks=[("upload", 1)]),
    )
    return child_env(tmp_path / "data", database_url, bytecode, content_dir=str(content))


def python(code: str, env: dict, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True, **popen)


def two_ticks_at_once(env: dict) -> list[dict]:
    prepare = python(PREPARE.format(configs=CONFIGS, day=DAY), env)
    assert prepare.wait(timeout=120) == 0
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    ticks = [
        python(TICK_WHEN_RELEASED, env, "tick", "--as-of", DAY, "--json", **pipes) for _ in range(2)
    ]
    try:
        for process in ticks:
            assert process.stdout.readline().strip() == "ready"
        for process in ticks:
            process.stdin.write("go\n")
            process.stdin.close()
        outputs = []
        for process in ticks:
            outputs.append(process.stdout.read())
            process.stdout.close()
        assert [p.wait(timeout=180) for p in ticks] == [0, 0], outputs
    finally:
        for process in ticks:
            if process.poll() is None:
                process.kill()
                process.wait()
    return [json.loads(out) for out in outputs]


def assert_no_duplicates(reports: list[dict], count) -> None:
    assert {name: count(sql) for name, sql in CHECKS.items()} == EXPECTED
    created = {
        step: sum(s["created"] for r in reports for s in r["steps"] if s["step"] == step)
        for step in ("recurring", "automatic-runs")
    }
    # Every task and run was created by exactly one of the two processes.
    assert created == {"recurring": CONFIGS * 24, "automatic-runs": 3}
    starts = [r["startedAt"] for r in reports]
    ends = [r["finishedAt"] for r in reports]
    assert max(starts) < min(ends), "the two passes did not overlap"


def test_two_ticks_at_once_on_sqlite_create_everything_exactly_once(tmp_path, bytecode):
    database = tmp_path / "opsdesk.sqlite3"
    reports = two_ticks_at_once(environment(tmp_path, f"sqlite:///{database}", bytecode))

    with closing(sqlite3.connect(database)) as connection:
        assert_no_duplicates(reports, lambda sql: connection.execute(sql).fetchone()[0])


def _postgres_or_skip():
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(SERVER, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server at {SERVER}: {str(exc).strip().splitlines()[0]}")
    return psycopg


@pytest.mark.postgres
def test_two_ticks_at_once_on_postgresql_create_everything_exactly_once(tmp_path, bytecode):
    psycopg = _postgres_or_skip()
    name = f"opsdesk_tick_{uuid.uuid4().hex[:10]}"
    url = SERVER.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        reports = two_ticks_at_once(environment(tmp_path, url, bytecode))
        with psycopg.connect(url) as connection:
            assert_no_duplicates(reports, lambda sql: connection.execute(sql).fetchone()[0])
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
