"""Two `opsdesk deliver --once` processes at the same moment, on SQLite and on PostgreSQL, as two
app instances would run them: every queued email and webhook call arrives exactly once.

Each database is made for the test and removed afterwards. Both processes set Django up, say
"ready" and wait on stdin; the test releases them together, so their passes really overlap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.schedule.conftest import child_env

from .receivers import HttpReceiver, SmtpReceiver

# Each test makes the database it names, whichever database the pass uses.
pytestmark = pytest.mark.one_pass
CALLS, EMAILS = 40, 15
SERVER = os.environ.get("OPSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")

PREPARE = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from opsdesk.delivery.compose import queue_email
from opsdesk.delivery.outbox import enqueue
from opsdesk.delivery.webhooks import create_webhook
call_command("migrate", verbosity=0)
users = get_user_model().objects
admin = users.create_user(email="admin@example.org", name="Admin", role="admin")
hook = create_webhook(admin, url=sys.argv[1], events=["run.done"], secret="s" * 20)
for n in range({calls}):
    enqueue(f"webhook:{{hook.id}}:run.done:{{n}}", "webhook", "run.done", {{"text": str(n)}},
            endpoint=hook)
for n in range({emails}):
    queue_email(admin, "assigned", f"email:{{n}}", f"Email {{n}}", "immediate",
                {{"headline": "Hello", "body": str(n), "url": None}})
"""

DELIVER_WHEN_RELEASED = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
django.setup()
from opsdesk.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(["deliver", "--once", "--json"]))
"""


def python(code: str, env: dict, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True, **popen)


def two_passes_at_once(tmp_path: Path, database_url: str, bytecode: Path) -> None:
    with HttpReceiver() as http, SmtpReceiver() as smtp:
        env = child_env(
            tmp_path / "data",
            database_url,
            bytecode,
            smtp_url=f"smtp://127.0.0.1:{smtp.port}",
            webhook_allow_private="1",
        )
        prepare = python(PREPARE.format(calls=CALLS, emails=EMAILS), env, http.url)
        assert prepare.wait(timeout=120) == 0
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
        passes = [python(DELIVER_WHEN_RELEASED, env, **pipes) for _ in range(2)]
        try:
            for process in passes:
                assert process.stdout.readline().strip() == "ready"
            for process in passes:
                process.stdin.write("go\n")
                process.stdin.close()
            outputs = []
            for process in passes:
                outputs.append(process.stdout.read())
                process.stdout.close()
            reports = [json.loads(out) for out in outputs]
            assert [p.wait(timeout=120) for p in passes] == [0, 0]
        finally:
            for process in passes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        calls = [r.headers["X-Opsdesk-Delivery"] for r in http.received]
        mails = [m["X-Opsdesk-Delivery"] for m in smtp.messages]

    assert sum(r["sent"] for r in reports) == CALLS + EMAILS
    assert len(calls) == len(set(calls)) == CALLS
    assert len(mails) == len(set(mails)) == EMAILS


def test_two_delivery_passes_at_once_on_sqlite_send_each_message_once(tmp_path, bytecode):
    two_passes_at_once(tmp_path, f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}", bytecode)


@pytest.mark.postgres
def test_two_delivery_passes_at_once_on_postgresql_send_each_message_once(tmp_path, bytecode):
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(SERVER, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server at {SERVER}: {str(exc).strip().splitlines()[0]}")
    name = f"opsdesk_deliver_{uuid.uuid4().hex[:10]}"
    url = SERVER.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        two_passes_at_once(tmp_path, url, bytecode)
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def bytecode(tmp_path_factory) -> Path:
    """One bytecode cache for the child processes, so only the first compiles Django."""
    return tmp_path_factory.mktemp("pycache")
