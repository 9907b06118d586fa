"""The `opsdesk` command as a terminal user meets it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from opsdesk.cli import main


def run(capsys, *args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ops_user(db, capsys, monkeypatch):
    code, out, _ = run(
        capsys,
        "users",
        "add",
        "--email",
        "ops@example.org",
        "--name",
        "Olga Ops",
        "--role",
        "operations-manager",
        "--password-stdin",
        stdin="a-long-passphrase-for-olga\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0, out
    return "ops@example.org"


def test_init_migrates_and_loads_the_templates(db, capsys):
    code, out, _ = run(capsys, "init", "--no-input")

    assert code == 0
    assert "1 workflow template" in out or "workflow template(s) loaded" in out


def test_templates_list_and_show_describe_oss(db, capsys):
    code, out, _ = run(capsys, "templates", "list", "--json")
    assert code == 0
    types = [t["type"] for t in json.loads(out)["templates"]]
    assert "oss" in types

    code, out, _ = run(capsys, "templates", "show", "oss")
    assert code == 0
    assert "reach-out-github-authors" in out and "-21" in out


def test_workflow_start_prints_fourteen_dated_tasks(ops_user, capsys):
    code, out, _ = run(
        capsys,
        "workflow",
        "start",
        "oss",
        "--anchor",
        "2026-07-22",
        "--var",
        "tool=ExampleDB",
        "--var",
        "author=Pat",
        "--as",
        ops_user,
        "--json",
    )

    assert code == 0
    run_json = json.loads(out)
    assert run_json["title"] == "ExampleDB - Pat"
    assert [t["date"] for t in run_json["tasks"]][0] == "2026-07-01"
    assert [t["date"] for t in run_json["tasks"]][-1] == "2026-07-24"


def test_workflow_start_with_an_impossible_date_fails_with_one_line(ops_user, capsys):
    code, out, err = run(
        capsys,
        "workflow",
        "start",
        "oss",
        "--anchor",
        "2026-02-30",
        "--var",
        "tool=X",
        "--var",
        "author=Y",
    )

    assert code == 1
    assert err.startswith("opsdesk: ") and "2026-02-30" in err
    assert err.count("\n") == 1


def test_today_lists_the_first_outreach_task_as_due(ops_user, capsys):
    run(
        capsys,
        "workflow",
        "start",
        "oss",
        "--anchor",
        "2026-07-22",
        "--var",
        "tool=ExampleDB",
        "--var",
        "author=Pat",
        "--as",
        ops_user,
    )

    code, out, _ = run(capsys, "today", "--as-of", "2026-07-01", "--as", ops_user, "--json")

    assert code == 0
    board = json.loads(out)
    assert [t["templateTaskRef"] for t in board["today"]] == ["reach-out-github-authors"]
    code, text, _ = run(capsys, "today", "--as-of", "2026-07-03", "--as", ops_user)
    assert "Overdue" in text and "Find the tool's maintainers" in text


def test_today_before_any_admin_says_whose_work_to_show_instead_of_failing(db, capsys):
    code, _, err = run(capsys, "today")

    assert code == 1
    assert "--as EMAIL" in err and "--all" in err and "Traceback" not in err
    code, out, _ = run(capsys, "today", "--all", "--json")
    assert code == 0 and json.loads(out)["scope"] == "all"


def test_tokens_create_prints_the_token_last_and_it_authenticates(ops_user, capsys, client):
    code, out, _ = run(capsys, "tokens", "create", "--email", ops_user)

    token = out.split()[-1]
    assert code == 0 and token.startswith("ods_")
    response = client.get("/api/dashboard", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_users_add_refuses_a_weak_password(db, capsys, monkeypatch):
    code, _, err = run(
        capsys,
        "users",
        "add",
        "--email",
        "weak@example.org",
        "--name",
        "Weak",
        "--role",
        "viewer",
        "--password-stdin",
        stdin="123\n",
        monkeypatch=monkeypatch,
    )

    assert code == 1 and "too short" in err


def test_a_command_before_init_says_to_run_init(tmp_path):
    env = {**os.environ, "OPSDESK_DATA_DIR": str(tmp_path)}
    env.pop("OPSDESK_DATABASE_URL", None)

    done = subprocess.run(
        [sys.executable, "-m", "opsdesk.cli", "templates", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 1
    assert "run `opsdesk init` first" in done.stderr and "Traceback" not in done.stderr


def test_set_password_lets_an_imported_user_log_in(ops_user, capsys, monkeypatch, client):
    code, out, _ = run(
        capsys,
        "users",
        "set-password",
        "--email",
        ops_user,
        stdin="another-long-passphrase\n",
        monkeypatch=monkeypatch,
    )

    assert code == 0 and "Password set" in out
    assert client.login(email=ops_user, password="another-long-passphrase")


def test_set_password_refuses_a_weak_one_and_keeps_the_old(ops_user, capsys, monkeypatch, client):
    code, _, err = run(
        capsys,
        "users",
        "set-password",
        "--email",
        ops_user,
        stdin="123\n",
        monkeypatch=monkeypatch,
    )

    assert code == 1 and "too short" in err
    assert client.login(email=ops_user, password="a-long-passphrase-for-olga")
