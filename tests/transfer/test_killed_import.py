"""`kill -9` during an import's file phase: before its records are committed nothing is left
behind once the next import or start has run; after the commit, the next start finishes putting
the files in place. Either way the database passes its integrity check."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from .builders import (
    REPOSITORY,
    STAGING_DIR_NAME,
    files_under,
    instance_env,
    opsdesk,
    records_of,
    uploaded_bytes,
    with_many_uploads,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Like the report that found it: 20 files, 6.4 MB, on top of the history's own two.
FILES, FILE_SIZE = 20, 320 * 1024
PAUSE_AFTER = 5
READY_POLLS, POLL_INTERVAL = 600, 0.1

# The import, run as its own process with one file step wrapped: after PAUSE_AFTER calls it
# says so (a marker file) and waits to be killed. Test-only; nothing in opsdesk pauses.
PAUSING = """
import sys, time
from pathlib import Path
from opsdesk.transfer import staging
marker, step, after = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
real, calls = getattr(staging, step), []
def pausing(*args, **kwargs):
    result = real(*args, **kwargs)
    calls.append(1)
    if len(calls) == after:
        marker.touch()
        time.sleep(600)
    return result
setattr(staging, step, pausing)
from opsdesk.cli import main
sys.exit(main(sys.argv[4:]))
"""


def _kill_during(step: str, env: dict, export: Path, marker: Path) -> None:
    command = [sys.executable, "-c", PAUSING, str(marker), step, str(PAUSE_AFTER)]
    process = subprocess.Popen(
        [*command, "import", str(export)],
        env=env,
        cwd=REPOSITORY,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(READY_POLLS):
            if marker.exists():
                break
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(POLL_INTERVAL)
        assert marker.exists(), f"the import never reached {step}"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        process.stderr.close()


def _database_facts(data_dir: Path) -> tuple[str, int, int]:
    """SQLite's integrity check, and how many runs and task files the database holds."""
    with closing(sqlite3.connect(data_dir / "opsdesk.sqlite3")) as db:
        (integrity,) = db.execute("PRAGMA integrity_check").fetchone()
        (runs,) = db.execute("SELECT count(*) FROM runs_run").fetchone()
        (task_files,) = db.execute("SELECT count(*) FROM runs_taskfile").fetchone()
    return integrity, runs, task_files


@pytest.fixture
def big_export(history, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(history["plain"].directory, folder)
    with_many_uploads(folder, FILES, FILE_SIZE)
    return folder


@pytest.fixture
def instance(tmp_path):
    data_dir = tmp_path / "instance"
    env = instance_env(data_dir)
    assert opsdesk(env, "init", "--no-input").returncode == 0
    return data_dir, env


def _assert_same_as(export: Path, env: dict, tmp_path: Path) -> None:
    again = opsdesk(env, "export", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    assert records_of(tmp_path / "again") == records_of(export)
    assert uploaded_bytes(tmp_path / "again") == uploaded_bytes(export)


def test_an_import_killed_while_copying_files_leaves_no_record_and_the_next_import_cleans_up(
    big_export, instance, tmp_path
):
    data_dir, env = instance

    _kill_during("stage_file", env, big_export, tmp_path / "paused")

    assert _database_facts(data_dir) == ("ok", 0, 0)
    assert files_under(data_dir / "uploads") == []
    assert len(files_under(data_dir / STAGING_DIR_NAME)) >= PAUSE_AFTER
    done = opsdesk(env, "import", str(big_export))
    assert done.returncode == 0, done.stderr
    assert files_under(data_dir / STAGING_DIR_NAME) == []
    assert len(files_under(data_dir / "uploads")) == FILES + 2
    _assert_same_as(big_export, env, tmp_path)


def test_an_import_killed_while_moving_files_in_is_finished_by_the_next_start(
    big_export, instance, tmp_path
):
    data_dir, env = instance

    _kill_during("move_into_place", env, big_export, tmp_path / "paused")

    assert _database_facts(data_dir) == ("ok", 2, FILES + 2)
    assert len(files_under(data_dir / "uploads")) == PAUSE_AFTER
    assert opsdesk(env, "init", "--no-input").returncode == 0
    assert files_under(data_dir / STAGING_DIR_NAME) == []
    assert len(files_under(data_dir / "uploads")) == FILES + 2
    _assert_same_as(big_export, env, tmp_path)
