"""`opsdesk templates history` and `opsdesk workflow upgrade` from a terminal."""

from __future__ import annotations

import json

import pytest

from opsdesk.cli import main
from opsdesk.runs.models import Run, Task
from tests.api.template_changes import oss_v2, reload_oss
from tests.conftest import make_user


@pytest.fixture
def ops_user(db):
    return make_user("operations-manager", "ops@example.org")


def _start(capsys) -> int:
    assert (
        main(
            [
                "workflow",
                "start",
                "oss",
                "--anchor",
                "2026-07-22",
                "--var",
                "tool=X",
                "--var",
                "author=Y",
                "--json",
            ]
        )
        == 0
    )
    return json.loads(capsys.readouterr().out)["id"]


def test_history_lists_versions_newest_first(ops_user, capsys, tmp_path):
    _start(capsys)
    reload_oss(tmp_path, oss_v2())
    assert main(["templates", "history", "oss"]) == 0
    out = capsys.readouterr().out
    assert out.index("v2 (current)") < out.index("v1")


def test_upgrade_dry_run_shows_the_changes_and_writes_nothing(ops_user, capsys, tmp_path):
    run_id = _start(capsys)
    reload_oss(tmp_path, oss_v2())
    assert main(["workflow", "upgrade", str(run_id), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "v1 → v2" in out and "thank-author" in out
    assert not Task.objects.filter(run_id=run_id, template_ref="thank-author").exists()


def test_upgrade_applies_one_run(ops_user, capsys, tmp_path):
    run_id = _start(capsys)
    reload_oss(tmp_path, oss_v2())
    assert main(["workflow", "upgrade", str(run_id), "--as", "ops@example.org"]) == 0
    assert "Applied" in capsys.readouterr().out
    assert Task.objects.filter(run_id=run_id, template_ref="thank-author").exists()


def test_upgrade_all_brings_every_running_run_of_the_type_up_to_date(ops_user, capsys, tmp_path):
    ids = [_start(capsys), _start(capsys)]
    reload_oss(tmp_path, oss_v2())
    assert main(["workflow", "upgrade", "--type", "oss", "--all", "--dry-run"]) == 0
    assert "2 running oss run(s) on an older version" in capsys.readouterr().out
    assert main(["workflow", "upgrade", "--type", "oss", "--all"]) == 0
    current = {
        r.template_version == r.template.content_hash for r in Run.objects.filter(id__in=ids)
    }
    assert current == {True}


def test_upgrade_without_a_run_or_all_says_what_to_give(ops_user, capsys):
    assert main(["workflow", "upgrade", "--type", "oss"]) == 1
    assert "--type TYPE --all" in capsys.readouterr().err
