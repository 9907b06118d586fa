"""A realistic run history made through the services, and helpers to run other instances."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_user

# A real PNG signature, so the upload is sniffed as an image rather than opaque bytes.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
NOTES = b"Recording handed over by Pat on 8 July; raw files in the shared drive.\n"
AS_OF = date(2026, 7, 10)
POSTGRES = os.environ.get("OPSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
CLI = "import sys; from opsdesk.cli import main; sys.exit(main())"


def _tasks(run) -> dict:
    return {t.template_ref: t for t in run.tasks.all()}


def _waiting_work(ops, host, tasks) -> None:
    from opsdesk.runs.services import waiting

    author = tasks["reach-out-tool-author"].id
    waiting.mark_waiting(ops, author, "Pat", "2026-07-05", "Invite sent by email")
    waiting.record_follow_up(ops, author, "email", "Nudged Pat", "2026-07-07")
    waiting.snooze(host, author, "2026-07-09", "Pat is travelling this week")
    calendly = tasks["find-time-calendly"].id
    waiting.mark_waiting(host, calendly, "Pat", "2026-07-06", "Sent the Calendly link")
    waiting.response_received(host, calendly, "Pat picked Thursday")


def _proof_and_files(ops, host, run, tasks) -> None:
    from opsdesk.runs.services import completion, editing, files, links

    completion.complete_task(
        ops,
        tasks["reach-out-github-authors"].id,
        link="https://github.com/example/exampledb",
        comment="Opened a discussion on GitHub",
    )
    completion.complete_task(host, tasks["editing-video"].id, external_status="Edit passed review")
    demo = tasks["record-demo"].id
    files.attach_file(ops, demo, SimpleUploadedFile("recording notes.txt", NOTES, "text/plain"))
    files.attach_file(host, demo, SimpleUploadedFile("thumbnail.png", PNG, "image/png"))
    review = tasks["ask-authors-review-codes"]
    editing.patch_task(
        host, review.id, review.version, {"comment": "Draft ready", "assigneeId": host.id}
    )
    completion.skip_task(ops, tasks["add-to-oss-playlist"].id, "Playlist not sponsored this week")
    links.set_link(ops, run.id, "Recording source", "https://drive.example.org/raw/exampledb")
    editing.create_adhoc_task(ops, "Send Pat a thank-you mug", "2026-07-30", bundle_id=run.id)
    editing.create_adhoc_task(host, "Renew the podcast domain", "2026-08-01", comment="Yearly")


def _schedule(ops, run, tasks) -> bool:
    """Recurring work, a firing and a notification, when the schedule app has its models."""
    try:
        from opsdesk.schedule.claims import claim_occurrence, notify
        from opsdesk.schedule.models import RecurringConfig
    except ImportError:
        return False
    config = RecurringConfig.objects.create(
        description="Reconcile the sponsorship invoices",
        cron="0 9 * * 1",
        timezone="Europe/Berlin",
        owner=ops,
        created_by=ops,
    )
    fired = datetime(2026, 7, 6, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    claim_occurrence(
        f"recurring:{config.id}:2026-07-06T09:00",
        source="recurring",
        config=config,
        local_at="2026-07-06T09:00",
        fired_at=fired,
    )
    task = tasks["reach-out-tool-author"]
    notify(f"follow-up-due:{task.id}:2026-07-09", "follow-up-due", "Follow up with Pat", task=task)
    return True


def _process_gap(host, tasks) -> None:
    try:
        from opsdesk.gaps.services import report_from_task
    except ImportError:
        return
    report_from_task(host, tasks["record-demo"].id, "The SOP does not say where raw files go")


def build_history() -> dict:
    """Two OSS runs with proof, waiting, follow-ups, files, a skip, edits and ad-hoc work."""
    from opsdesk.accounts.tokens import issue_token
    from opsdesk.runs.services import runs, starting

    ops = make_user("operations-manager", "ops@example.org")
    host = make_user("host", "host@example.org")
    token = issue_token(ops, "laptop")
    run = starting.start_run(ops, "oss", "2026-07-22", None, {"tool": "ExampleDB", "author": "Pat"})
    tasks = _tasks(run)
    _waiting_work(ops, host, tasks)
    _proof_and_files(ops, host, run, tasks)
    _process_gap(host, tasks)
    later = starting.start_run(ops, "oss", "2026-09-16", "10:30", {"tool": "Rye", "author": "Ana"})
    runs.change_stage(ops, later.id, "after-event", "Published early by the author")
    return {
        "run": run.id,
        "later_run": later.id,
        "ops": ops.email,
        "token": token,
        "waiting_task": tasks["reach-out-tool-author"].id,
        "files_task": tasks["record-demo"].id,
        "schedule": _schedule(ops, run, tasks),
    }


def records_of(directory: Path) -> dict[str, list[dict]]:
    """Every entity's records in an export, parsed."""
    manifest = json.loads((directory / "manifest.json").read_text())
    return {
        name: [json.loads(line) for line in (directory / entry["file"]).read_text().splitlines()]
        for name, entry in manifest["entities"].items()
    }


def uploaded_bytes(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((directory / "files").iterdir())}


def instance_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of another opsdesk instance: its own data dir, and SQLite unless told."""
    # An admin made by `init` from the developer's environment would make the instance non-empty.
    left_out = ("OPSDESK_DATABASE_URL", "OPSDESK_ADMIN_EMAIL", "OPSDESK_ADMIN_PASSWORD")
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env.update(OPSDESK_DATA_DIR=str(data_dir), OPSDESK_TICK_IN_SERVE="0")
    if database_url:
        env["OPSDESK_DATABASE_URL"] = database_url
    return env


def opsdesk(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the `opsdesk` command as its own process against the instance `env` describes."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def postgres_problem() -> str | None:
    from tests.postgres_suite import server_reachable

    return server_reachable()


@contextmanager
def fresh_postgres(purpose: str):
    """A database of our own on the PostgreSQL server, dropped afterwards; skipped (not in CI)
    when there is no server."""
    from opsdesk.bench.databases import throwaway_postgres

    problem = postgres_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the PostgreSQL server at {POSTGRES}: {problem}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES} ({problem})")
    with throwaway_postgres(POSTGRES, purpose) as url:
        yield url
