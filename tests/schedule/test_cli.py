"""`opsdesk tick` and `opsdesk recurring list` as a terminal (or cron) meets them."""

from __future__ import annotations

import json

from opsdesk.cli import main

from .builders import make_config


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_tick_reports_each_step_as_json(operator, capsys):
    make_config(operator, "Back up the mailing list", "0 8 * * 3", "2026-07-01")

    code, out, _ = run(capsys, "tick", "--as-of", "2026-07-01", "--json")

    report = json.loads(out)
    assert code == 0
    assert report["asOf"] == "2026-07-01"
    steps = {s["step"]: s for s in report["steps"]}
    assert list(steps) == [
        "recurring",
        "automatic-runs",
        "reminders",
        "stage-changes",
        "risk-dates",
    ]
    assert steps["recurring"]["created"] == 1
    assert steps["reminders"]["created"] == 1  # the backup is due today


def test_tick_prints_a_table_and_the_failures_for_people(operator, capsys):
    from opsdesk.schedule.models import RecurringConfig

    RecurringConfig.objects.create(description="Broken", cron="0 9 30 2 *", timezone="UTC")

    code, out, _ = run(capsys, "tick", "--as-of", "2026-07-01")

    assert code == 0
    assert out.splitlines()[0] == "opsdesk tick — 2026-07-01"
    assert "Duplicates skipped" in out
    assert "failure: Recurring work #" in out and "never fires" in out


def test_tick_refuses_a_bad_date_and_does_nothing(db, capsys):
    from opsdesk.schedule.models import TickState

    code, out, err = run(capsys, "tick", "--as-of", "2026-02-30")

    assert code == 1
    assert err.startswith("opsdesk: --as-of '2026-02-30' is not a real calendar date")
    assert not TickState.objects.exists()


def test_recurring_list_shows_schedules_in_words(operator, capsys):
    make_config(operator, "Back up the mailing list", "0 8 * * 3", "2026-07-01")

    code, out, _ = run(capsys, "recurring", "list")
    assert code == 0
    assert "Every Wednesday at 08:00" in out and "Back up the mailing list" in out

    code, out, _ = run(capsys, "recurring", "list", "--json")
    [item] = json.loads(out)["recurring"]
    assert (item["cron"], item["enabled"]) == ("0 8 * * 3", True)


def test_the_scheduler_refuses_a_niceness_outside_0_to_19(db, capsys):
    code, _, err = run(capsys, "scheduler", "--nice", "25")
    assert code != 0 and "--nice must be from 0 to 19" in err
