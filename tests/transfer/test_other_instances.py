"""An export moves into a new instance of its own, on SQLite or PostgreSQL, and comes back out
of it unchanged; the new instance then carries on with the work."""

from __future__ import annotations

import json

import pytest

from opsdesk.transfer.writing import REPLACEABLE

from .builders import (
    fresh_postgres,
    instance_env,
    opsdesk,
    records_of,
    store_text,
    uploaded_bytes,
)

# The history is built in the test database, rolled back once exported.
pytestmark = pytest.mark.django_db


def _move_and_compare(env: dict, history: dict, tmp_path) -> None:
    source = history["plain"].directory
    assert opsdesk(env, "init", "--no-input").returncode == 0

    done = opsdesk(env, "import", str(source), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"] == history["plain"].counts
    again = opsdesk(env, "export", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr

    assert records_of(tmp_path / "again") == records_of(source)
    assert uploaded_bytes(tmp_path / "again") == uploaded_bytes(source)


def _carry_on(env: dict, history: dict) -> None:
    """New work gets new ids after the imported ones (PostgreSQL's sequences were moved on)."""
    started = opsdesk(
        env, "workflow", "start", "oss", "--anchor", "2026-10-14", "--var", "tool=Zed",
        "--var", "author=Kim", "--as", history["ops"], "--json",
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["id"] == history["later_run"] + 1


@pytest.mark.slow
def test_an_export_moves_to_a_new_sqlite_instance_and_comes_back_out_unchanged(history, tmp_path):
    _move_and_compare(instance_env(tmp_path / "new-instance"), history, tmp_path)


@pytest.mark.slow
@pytest.mark.postgres
def test_an_export_moves_to_postgresql_comes_back_out_unchanged_and_new_work_follows(
    history, tmp_path
):
    with fresh_postgres("import") as url:
        env = instance_env(tmp_path / "pg-instance", url)
        _move_and_compare(env, history, tmp_path)
        _carry_on(env, history)


def _new_instance(data_dir, database_url: str | None = None) -> dict:
    env = instance_env(data_dir, database_url)
    assert opsdesk(env, "init", "--no-input").returncode == 0
    return env


def _sqlite_export_of(kind: str, tmp_path):
    """An export of a SQLite instance holding `kind` text (see stored_text.py)."""
    source = _new_instance(tmp_path / f"sqlite-{kind}")
    store_text(source, kind)
    exported = opsdesk(source, "export", str(tmp_path / kind))
    assert exported.returncode == 0, exported.stderr
    return tmp_path / kind


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.one_pass
def test_hostile_text_stored_on_sqlite_moves_to_postgresql_unchanged(tmp_path):
    source = _sqlite_export_of("hostile", tmp_path)
    with fresh_postgres("hostile") as url:
        env = _new_instance(tmp_path / "pg-instance", url)
        for dry_run in (["--dry-run"], []):
            done = opsdesk(env, "import", str(source), *dry_run)
            assert done.returncode == 0, done.stderr
        again = opsdesk(env, "export", str(tmp_path / "again"))

    assert again.returncode == 0, again.stderr
    assert records_of(tmp_path / "again") == records_of(source)
    assert uploaded_bytes(tmp_path / "again") == uploaded_bytes(source)
    assert "DROP TABLE" in records_of(source)["runs"][0]["variables"]["notes"]


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.one_pass
def test_a_nul_stored_on_sqlite_is_refused_before_postgresql_is_written_naming_the_field(
    tmp_path,
):
    source = _sqlite_export_of("nul", tmp_path)
    with fresh_postgres("nul") as url:
        env = _new_instance(tmp_path / "pg-instance", url)
        before = opsdesk(env, "export", str(tmp_path / "before"))
        for dry_run in (["--dry-run"], []):
            refused = opsdesk(env, "import", str(source), *dry_run)
            assert refused.returncode == 1
            assert "refused and nothing was written" in refused.stderr
            assert 'runs.jsonl line 1: variables["tool"] holds the control character U+0000' in (
                refused.stderr
            )
        after = opsdesk(env, "export", str(tmp_path / "after"))

    assert before.returncode == 0 and after.returncode == 0, after.stderr
    assert records_of(tmp_path / "after") == records_of(tmp_path / "before")
    held = {name for name, rows in records_of(tmp_path / "after").items() if rows}
    assert held <= set(REPLACEABLE)
    assert list((tmp_path / "after" / "files").iterdir()) == []
