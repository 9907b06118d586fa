"""A realistic run history made through the services, and helpers to run other instances."""

from __future__ import annotations

import hashlib
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
from tests.web.builders import oss_run

# A real PNG signature, so the upload is sniffed as an image rather than opaque bytes.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
NOTES = b"Recording handed over by Pat on 8 July; raw files in the shared drive.\n"
AS_OF = date(2026, 7, 10)
POSTGRES = os.environ.get("OPSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
# Where an import keeps uploaded files until its records are committed.
STAGING_DIR_NAME = "import-staging"
CLI = "import sys; from opsdesk.cli import main; sys.exit(main())"
REPOSITORY = Path(__file__).resolve().parents[2]


def _tasks(run) -> dict:
    return {t.template_ref: t for t in run.tasks.all()}


def _waiting_work(ops, host, tasks) -> None:
    from opsdesk.runs.services import waiting

    author = tasks["reach-out-tool-author"].id
    waiting.mark_waiting(
        ops,
        task_id=author,
        waiting_for="Pat",
        follow_up_at="2026-07-05",
        note="Invite sent by email",
    )
    waiting.record_follow_up(
        ops, task_id=author, channel="email", note="Nudged Pat", next_follow_up_at="2026-07-07"
    )
    waiting.snooze(host, task_id=author, until="2026-07-09", reason="Pat is travelling this week")
    calendly = tasks["find-time-calendly"].id
    waiting.mark_waiting(
        host,
        task_id=calendly,
        waiting_for="Pat",
        follow_up_at="2026-07-06",
        note="Sent the Calendly link",
    )
    waiting.response_received(host, task_id=calendly, note="Pat picked Thursday")


def _proof_and_files(ops, host, run, tasks) -> None:
    from opsdesk.runs.services import completion, editing, files, links

    completion.complete_task(
        ops,
        task_id=tasks["reach-out-github-authors"].id,
        link="https://github.com/example/exampledb",
        comment="Opened a discussion on GitHub",
    )
    completion.complete_task(
        host, task_id=tasks["editing-video"].id, external_status="Edit passed review"
    )
    demo = tasks["record-demo"].id
    files.attach_file(
        ops, task_id=demo, upload=SimpleUploadedFile("recording notes.txt", NOTES, "text/plain")
    )
    files.attach_file(
        host, task_id=demo, upload=SimpleUploadedFile("thumbnail.png", PNG, "image/png")
    )
    review = tasks["ask-authors-review-codes"]
    editing.patch_task(
        host,
        task_id=review.id,
        version=review.version,
        changes={"comment": "Draft ready", "assigneeId": host.id},
    )
    completion.skip_task(
        ops, task_id=tasks["add-to-oss-playlist"].id, reason="Playlist not sponsored this week"
    )
    links.set_link(
        ops, run_id=run.id, name="Recording source", url="https://drive.example.org/raw/exampledb"
    )
    editing.create_adhoc_task(
        ops, description="Send Pat a thank-you mug", date="2026-07-30", bundle_id=run.id
    )
    editing.create_adhoc_task(
        host, description="Renew the podcast domain", date="2026-08-01", comment="Yearly"
    )


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


def _team_resources(ops) -> None:
    """The file's resources, one edited in the app: an import must keep both and the edit."""
    from opsdesk.resources.services import sync_resources, update_resource

    sync_resources()
    update_resource(
        ops, key="oss-calendly", value="https://calendly.com/ops/oss-recording", version=1
    )


def build_history() -> dict:
    """Two OSS runs with proof, waiting, follow-ups, files, a skip, edits and ad-hoc work."""
    from opsdesk.accounts.tokens import issue_token
    from opsdesk.runs.services import runs, starting

    ops = make_user("operations-manager", "ops@example.org")
    host = make_user("host", "host@example.org")
    token = issue_token(ops, "laptop")
    _team_resources(ops)
    run = oss_run(ops)
    tasks = _tasks(run)
    _waiting_work(ops, host, tasks)
    _proof_and_files(ops, host, run, tasks)
    _process_gap(host, tasks)
    later = starting.start_run(
        ops,
        template_type="oss",
        anchor_date="2026-09-16",
        anchor_time="10:30",
        variables={"tool": "Rye", "author": "Ana"},
    )
    runs.change_stage(
        ops, run_id=later.id, stage="after-event", comment="Published early by the author"
    )
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
        name: _json_lines(directory / entry["file"]) for name, entry in manifest["entities"].items()
    }


def _json_lines(path: Path) -> list[dict]:
    # Split on line feeds only: str.splitlines() would also cut at U+2028 inside a string.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def lines_of(folder: Path, entity: str) -> list[dict]:
    return _json_lines(folder / f"{entity}.jsonl")


def change_record(folder: Path, entity: str, line: int, **changes) -> None:
    """Change fields of the record on `line` (from 1), resealing the manifest as a careful
    forger would."""
    records = lines_of(folder, entity)
    records[line - 1].update(changes)
    rewrite(folder, entity, records)


def rewrite(folder: Path, entity: str, records: list[dict], reseal: bool = True, count=True):
    """Write records back; a careful forger also fixes the manifest's checksum and count."""
    path = folder / f"{entity}.jsonl"
    path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in records))
    if reseal:
        reseal_entity(folder, entity, len(records) if count else None)


def reseal_entity(folder: Path, entity: str, count: int | None = None) -> None:
    """Give the manifest the entity file's current checksum (and a count, when given)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    path = folder / f"{entity}.jsonl"
    manifest["entities"][entity]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    if count is not None:
        manifest["entities"][entity]["count"] = count
    (folder / "manifest.json").write_text(json.dumps(manifest))


def replace_upload(folder: Path, content: bytes | None = None, link_to: Path | None = None) -> str:
    """Swap the first uploaded file for other bytes (or a symlink), resealing the manifest and
    its task file record so that only opsdesk's own rules can tell."""
    target = sorted((folder / "files").iterdir())[0]
    target.unlink()
    if link_to is not None:
        target.symlink_to(link_to)
        content = link_to.read_bytes()
    else:
        target.write_bytes(content)
    digest, size = hashlib.sha256(content).hexdigest(), len(content)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][f"files/{target.name}"] = {"sha256": digest, "size": size}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    records = lines_of(folder, "task_files")
    for record in records:
        if record["stored_name"] == target.name:
            record.update(sha256=digest, size=size)
    rewrite(folder, "task_files", records)
    return target.name


def stored_counts() -> dict[str, int]:
    """Records per entity this instance holds (entities it holds none of are left out)."""
    from opsdesk.transfer import entities

    return {
        e.name: e.model.objects.count() for e in entities.installed() if e.model.objects.exists()
    }


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if not p.is_dir()) if folder.exists() else []


def upload_and_staged_files() -> list[Path]:
    """Files in the uploads folder and in the import staging folder of this instance."""
    from django.conf import settings

    data_dir = Path(settings.DATA_DIR)
    return files_under(Path(settings.UPLOAD_DIR)) + files_under(data_dir / STAGING_DIR_NAME)


def assert_refused_and_nothing_written(folder: Path, complaint: str, capsys) -> str:
    """`import --dry-run` and `import` both refuse with `complaint`, and nothing is written:
    no record, no uploaded or staged file. Returns what the refusal printed."""
    from opsdesk.cli import main

    files_before = upload_and_staged_files()
    for dry_run in (["--dry-run"], []):
        code = main(["import", str(folder), *dry_run])
        _, err = capsys.readouterr()
        assert code == 1
        assert "refused and nothing was written" in err
        assert complaint in err
    assert stored_counts() == {}
    assert upload_and_staged_files() == files_before
    return err


def with_many_uploads(folder: Path, count: int, size: int) -> list[str]:
    """Give the export `count` more uploaded files of `size` bytes on one task, sealed as
    opsdesk would have written them; returns their stored names."""
    records = lines_of(folder, "task_files")
    manifest = json.loads((folder / "manifest.json").read_text())
    names = []
    for n in range(count):
        content = (f"take {n:04d} of the raw recording; ".encode() * (size // 32 + 1))[:size]
        name, digest = f"bulk{n:04d}", hashlib.sha256(content).hexdigest()
        (folder / "files" / name).write_bytes(content)
        manifest["files"][f"files/{name}"] = {"sha256": digest, "size": size}
        record = dict(records[0], id=10_000 + n, stored_name=name, sha256=digest, size=size)
        records.append(record | {"original_name": f"take {n}.txt"})
        names.append(name)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    rewrite(folder, "task_files", records)
    return names


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


def _python(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=REPOSITORY,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def opsdesk(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the `opsdesk` command as its own process against the instance `env` describes."""
    return _python(env, "-c", CLI, *args, stdin=stdin)


def store_text(env: dict, kind: str) -> None:
    """Store `kind` text (see stored_text.py) in the instance `env` describes."""
    done = _python(env, "-m", "tests.transfer.stored_text", kind)
    assert done.returncode == 0, done.stderr


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
