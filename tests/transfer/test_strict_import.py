"""What an import trusts and what it does not: upload sizes, the size of a refusal, admin flags,
and rules only the target database knows, which the dry run must meet as the import would."""

from __future__ import annotations

import shutil

from django.db import connection

from opsdesk.cli import main
from opsdesk.transfer.importing import import_from

from .builders import assert_refused_and_nothing_written, lines_of, replace_upload, rewrite

MB = 1024 * 1024


def _copy(history, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(history["plain"].directory, folder)
    return folder


def test_an_upload_over_the_size_limit_is_refused(db, history, tmp_path, capsys, settings):
    settings.MAX_UPLOAD_MB = 1
    folder = _copy(history, tmp_path)
    name = replace_upload(folder, content=b"\x00" * (MB + 1))

    err = assert_refused_and_nothing_written(folder, "over the 1 MB upload limit", capsys)

    assert f"files/{name}" in err


def test_a_refusal_quotes_at_most_100_characters_of_a_huge_field(db, history, tmp_path, capsys):
    folder = _copy(history, tmp_path)
    tasks = lines_of(folder, "tasks")
    tasks[0]["due_date"] = "2026-07-01" + "x" * 5_000_000
    tasks[1]["p" * 1_000_000] = "priority"
    rewrite(folder, "tasks", tasks)

    err = assert_refused_and_nothing_written(folder, "tasks.jsonl line 1: due_date '2026", capsys)

    assert "tasks.jsonl line 2: unknown field 'ppp" in err
    assert len(err) < 2000


def test_admin_flags_follow_the_role_never_the_file(db, history, tmp_path, capsys):
    from opsdesk.accounts.models import User

    folder = _copy(history, tmp_path)
    users = lines_of(folder, "users")
    for user in users:
        admin = user["email"] == history["ops"]
        user.update(role="admin" if admin else "viewer", is_staff=not admin)
        user.update(is_superuser=not admin)
    rewrite(folder, "users", users)

    assert main(["import", str(folder)]) == 0

    flags = {u.email: (u.role, u.is_staff, u.is_superuser) for u in User.objects.all()}
    assert flags == {
        history["ops"]: ("admin", True, True),
        "host@example.org": ("viewer", False, False),
    }
    assert "admin flags follow their role" in capsys.readouterr().out


def _a_rule_only_the_database_knows() -> None:
    """A trigger refusing one comment: a constraint opsdesk's own checks cannot foresee."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_secret() RETURNS trigger AS $$ BEGIN "
                "IF NEW.comment = 'secret' THEN RAISE EXCEPTION 'no secrets in comments'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_secret BEFORE INSERT ON runs_task "
                "FOR EACH ROW EXECUTE FUNCTION refuse_secret()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_secret BEFORE INSERT ON runs_task "
                "WHEN NEW.comment = 'secret' "
                "BEGIN SELECT RAISE(ABORT, 'no secrets in comments'); END"
            )


def test_the_dry_run_meets_the_target_databases_own_rules_and_names_the_line(
    db, history, tmp_path, capsys
):
    folder = _copy(history, tmp_path)
    tasks = lines_of(folder, "tasks")
    tasks[4]["comment"] = "secret"
    rewrite(folder, "tasks", tasks)
    _a_rule_only_the_database_knows()

    err = assert_refused_and_nothing_written(folder, "tasks.jsonl line 5: the database", capsys)

    assert "no secrets in comments" in err


def test_a_dry_run_writes_nothing_and_the_import_after_it_succeeds(db, history):
    from opsdesk.runs.models import Run

    checked = import_from(history["plain"].directory, dry_run=True)

    assert checked.dry_run and checked.counts == history["plain"].counts
    assert not Run.objects.exists()
    assert import_from(history["plain"].directory).counts == checked.counts


def test_an_export_from_before_runs_stored_risk_dates_gets_them_computed(db, history, tmp_path):
    from opsdesk.runs.models import Run

    folder = _copy(history, tmp_path)
    runs = lines_of(folder, "runs")
    exported = {r["id"]: (r.pop("evidence_due"), r.pop("at_risk_from")) for r in runs}
    rewrite(folder, "runs", runs)

    assert main(["import", str(folder)]) == 0

    imported = {
        r.id: tuple(d and d.isoformat() for d in (r.evidence_due, r.at_risk_from))
        for r in Run.objects.all()
    }
    assert imported == exported
    assert any(dates != (None, None) for dates in exported.values())


def test_after_an_import_the_scheduler_s_next_round_reads_every_run(db, history, tmp_path):
    from opsdesk.schedule.models import TickState
    from opsdesk.schedule.reach import STATE_NAME

    folder = _copy(history, tmp_path)
    # An export made where the scheduler had read every run today: its imported events keep
    # their own times, so the next round must not look only at the latest changes.
    read_all = {"id": 99, "name": STATE_NAME, "first_pass_from": "2026-06-30T22:00:00+00:00"}
    read_all |= {
        "through": "2026-07-01T09:00:00+00:00",
        "last_pass_at": "2026-07-01T09:00:00+00:00",
    }
    rewrite(folder, "tick_state", lines_of(folder, "tick_state") + [read_all])

    assert main(["import", str(folder)]) == 0

    assert not TickState.objects.filter(name=STATE_NAME).exists()
