"""`opsdesk workflow move`: a dry run shows the plan, the real run moves and says so."""

from __future__ import annotations

import json

import pytest

from opsdesk.cli import main
from opsdesk.runs.models import Run
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("templates_parsed_once")


def _run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def oss_run(db):
    from opsdesk.runs.services.starting import start_run

    user = make_user("operations-manager", "ops@example.org")
    return start_run(
        user,
        template_type="oss",
        anchor_date="2026-07-22",
        variables={"tool": "ExampleDB", "author": "Pat"},
    )


def test_a_dry_run_lists_the_new_dates_and_changes_nothing(capsys, oss_run):
    code, out, _ = _run(
        capsys,
        "workflow",
        "move",
        str(oss_run.id),
        "--anchor",
        "2026-07-29",
        "--dry-run",
        "--as",
        "ops@example.org",
    )

    assert code == 0
    assert "Would move" in out and "14 task(s)" in out and "2026-07-08" in out
    assert "Dry run: nothing changed" in out
    assert Run.objects.get(pk=oss_run.pk).anchor_date.isoformat() == "2026-07-22"


def test_moving_applies_and_answers_json(capsys, oss_run):
    code, out, _ = _run(
        capsys,
        "workflow",
        "move",
        str(oss_run.id),
        "--anchor",
        "2026-07-29",
        "--time",
        "10:00",
        "--json",
        "--as",
        "ops@example.org",
    )

    assert code == 0
    body = json.loads(out)
    assert body["applied"] is True and body["toAnchor"] == {"date": "2026-07-29", "time": "10:00"}
    run = Run.objects.get(pk=oss_run.pk)
    assert (run.anchor_date.isoformat(), run.anchor_time.strftime("%H:%M")) == (
        "2026-07-29",
        "10:00",
    )


def test_a_bad_date_or_an_unknown_run_is_one_line_on_stderr(capsys, oss_run):
    code, _, err = _run(capsys, "workflow", "move", str(oss_run.id), "--anchor", "2026-13-01")
    assert code == 1 and "anchorDate" in err

    code, _, err = _run(capsys, "workflow", "move", "9999", "--anchor", "2026-07-29")
    assert code == 1 and "No workflow run with id 9999" in err


def test_resources_are_listed_set_and_reloaded_from_the_terminal(capsys, db):
    make_user("admin", "admin@example.org")

    code, out, _ = _run(capsys, "resources", "reload")
    assert code == 0 and "added" in out
    code, out, _ = _run(capsys, "resources", "set", "oss-playlist", "https://example.org/list")
    assert code == 0 and "runs started from now on use it" in out
    code, out, _ = _run(capsys, "resources", "list", "--json")
    values = {r["id"]: r["value"] for r in json.loads(out)["resources"]}
    assert values["oss-playlist"] == "https://example.org/list"

    code, _, err = _run(capsys, "resources", "set", "oss-playlist", "ftp://nope")
    assert code == 1 and "http(s) link" in err
