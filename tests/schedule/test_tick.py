"""One pass of `opsdesk tick`: recurring tasks and automatic runs, once each, failures visible."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from opsdesk.runs.models import Run, Task
from opsdesk.schedule.models import Notification, Occurrence, RecurringConfig
from opsdesk.schedule.presenting import configs_json

from .builders import automatic_template, created, make_config, tick, use_templates


def failures() -> list[Notification]:
    return list(Notification.objects.filter(type="automation-failure").order_by("id"))


def test_recurring_work_creates_one_task_per_firing_and_a_second_pass_adds_nothing(operator):
    config = make_config(operator, "Back up the mailing list", "0 8 * * 3", "2026-07-01")

    first = tick("2026-07-01")
    again = tick("2026-07-01")

    task = Task.objects.get()
    assert (task.description, task.source, task.due_date) == (
        "Back up the mailing list",
        "recurring",
        date(2026, 7, 1),
    )
    assert task.assignee == operator
    assert created(first, "recurring") == 1
    assert created(again, "recurring") == 0
    assert Notification.objects.filter(type="recurring-due", config=config).count() == 1
    assert configs_json([config])[0]["duplicatesSkipped"] == 0


def test_a_recurring_task_carries_its_instructions_and_proof_requirement(api, operator):
    make_config(
        operator,
        "Monthly tax numbers to the accountant",
        "0 9 2 * *",
        "2026-07-01",
        leadDays=3,
        proof=[{"type": "url", "label": "Upload link"}],
        instructionsDocId="task-template.tasks.oss",
    )
    tick("2026-07-02")

    task = Task.objects.get()
    status, body = api.get(f"/tasks/{task.id}?asOf=2026-07-05")
    assert status == 200
    assert body["date"] == "2026-07-05"
    assert body["instructions"]["docId"] == "task-template.tasks.oss"
    assert [p["label"] for p in body["proof"]] == ["Upload link"]
    status, refused = api.post(f"/tasks/{task.id}/complete", {})
    assert (status, refused["error"]) == (422, "proof-missing")


def test_a_failing_config_yields_one_automation_failure_while_the_others_still_generate(operator):
    make_config(operator, "Back up the mailing list", "0 8 * * *", "2026-07-01")
    broken = RecurringConfig.objects.create(
        description="Thirtieth of February", cron="0 9 30 2 *", timezone="Europe/Berlin"
    )
    make_config(operator, "Check the inbox", "0 10 * * *", "2026-07-01")

    report = tick("2026-07-01")
    tick("2026-07-02")

    assert sorted(Task.objects.values_list("description", flat=True)) == [
        "Back up the mailing list",
        "Back up the mailing list",
        "Check the inbox",
        "Check the inbox",
    ]
    [failure] = failures()
    assert failure.config == broken
    assert "Thirtieth of February" in failure.message and "never fires" in failure.message
    assert "0 9 30 2 *" in failure.message and "Recurring page" in failure.message
    assert failure.details["cron"] == "0 9 30 2 *"
    assert len(report.failures) == 1
    broken.refresh_from_db()
    assert "never fires" in broken.last_error


def test_a_pass_catches_up_a_week_and_records_older_firings_as_skipped(operator):
    make_config(operator, "Water the plants", "0 9 * * *", "2026-03-01")
    tick("2026-03-01")

    report = tick("2026-03-20")

    generated = Occurrence.objects.filter(status="generated").values_list("local_at", flat=True)
    skipped = Occurrence.objects.filter(status="skipped").values_list("local_at", flat=True)
    assert [k[:10] for k in generated] == ["2026-03-01"] + [f"2026-03-{d}" for d in range(14, 21)]
    assert [k[:10] for k in skipped] == [f"2026-03-{d:02d}" for d in range(2, 14)]
    step = next(s for s in report.steps if s.step == "recurring")
    assert (step.created, step.skipped) == (7, 12)
    [failure] = failures()
    assert "missed 12 firing(s)" in failure.message
    assert Task.objects.count() == 8


def test_pausing_and_resuming_never_back_fills_the_paused_days(operator, monkeypatch):
    from opsdesk.schedule.configs import update_config

    config = make_config(operator, "Water the plants", "0 9 * * *", "2026-03-01")
    tick("2026-03-01")
    tick("2026-03-02")
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 3, 2, 12, tzinfo=UTC))
    update_config(operator, config.id, {"enabled": False})
    tick("2026-03-03")
    tick("2026-03-04")
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 3, 5, 12, tzinfo=UTC))
    update_config(operator, config.id, {"enabled": True})
    tick("2026-03-05")
    tick("2026-03-06")

    days = sorted(Task.objects.values_list("due_date", flat=True))
    assert days == [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 6)]


@pytest.fixture
def automatic(db):
    use_templates(
        automatic_template(
            "newsletter",
            "0 9 * * 1",
            14,
            title="Weekly email #{number}",
            variables=[{"name": "number", "label": "Issue", "required": True}],
            tasks=[("sponsor-document", -14), ("publish", 0)],
        ),
        automatic_template("social-media", "0 9 * * 5", 3, tasks=[("monday-post", 0)]),
        automatic_template(
            "tax-report",
            "0 9 1 * *",
            -1,
            title="Tax Report {month}",
            variables=[{"name": "month", "label": "Month", "required": True}],
            tasks=[("upload", 1)],
        ),
    )


def runs(type_: str | None = None) -> list[tuple[str, str, date]]:
    found = Run.objects.filter(type=type_) if type_ else Run.objects.all()
    return list(found.order_by("id").values_list("type", "title", "anchor_date"))


def test_newsletter_runs_start_on_mondays_two_weeks_ahead_with_the_next_issue_number(automatic):
    tick("2026-03-23")
    tick("2026-03-30")  # the Monday after the clocks changed
    tick("2026-03-30")

    assert runs("newsletter") == [
        ("newsletter", "Weekly email #15", date(2026, 4, 6)),
        ("newsletter", "Weekly email #16", date(2026, 4, 13)),
    ]
    first = Run.objects.get(anchor_date=date(2026, 4, 6))
    assert sorted(first.tasks.values_list("due_date", flat=True)) == [
        date(2026, 3, 23),
        date(2026, 4, 6),
    ]


def test_social_media_runs_start_on_friday_for_the_following_monday(automatic):
    tick("2026-10-23")

    assert runs() == [("social-media", "Social Media", date(2026, 10, 26))]


def test_tax_report_runs_start_on_the_first_for_the_month_just_ended(automatic):
    tick("2026-03-01")
    tick("2026-04-01")

    assert runs("tax-report") == [
        ("tax-report", "Tax Report February 2026", date(2026, 2, 28)),
        ("tax-report", "Tax Report March 2026", date(2026, 3, 31)),
    ]


def test_a_template_that_cannot_start_becomes_a_failure_and_is_retried_once_fixed(db):
    guest = automatic_template(
        "webinar",
        "0 9 * * 1",
        7,
        title="{guest}",
        variables=[{"name": "guest", "label": "Guest", "required": True}],
    )
    use_templates(guest, automatic_template("social-media", "0 9 * * 1", 0))

    tick("2026-03-02")
    tick("2026-03-02")

    assert [r[0] for r in runs()] == ["social-media"]
    [failure] = failures()
    assert "Webinar run for 2026-03-09 was not started" in failure.message
    assert "guest" in failure.message and "webinar.yaml" in failure.message

    guest["variables"][0]["required"] = False
    use_templates(guest)
    tick("2026-03-03")

    assert [r[0] for r in runs()] == ["social-media", "webinar"]


def test_a_template_whose_trigger_never_fires_is_reported_and_the_others_still_run(db):
    use_templates(
        automatic_template("broken-report", "0 9 31 2 *", 0),
        automatic_template("social-media", "0 9 * * 5", 3),
    )

    report = tick("2026-10-23")

    assert [r[0] for r in runs()] == ["social-media"]
    [failure] = failures()
    assert "broken-report" in failure.message and "never fires" in failure.message
    assert report.failures == [failure.message]


def test_an_unreadable_template_file_is_a_failure_and_stored_templates_still_run(db, template_dir):
    use_templates(automatic_template("social-media", "0 9 * * 5", 3))
    tick("2026-10-16")
    (template_dir / "newsletter.yaml").write_text("type: [unclosed\n")

    tick("2026-10-23")

    assert [r[2] for r in runs()] == [date(2026, 10, 19), date(2026, 10, 26)]
    [failure] = failures()
    assert "Template files could not be loaded" in failure.message


REAL_AUTOMATIC = {"newsletter", "tax-report"}


def test_the_real_automatic_templates_fire_on_their_days(db, monkeypatch):
    from django.conf import settings

    from .conftest import REAL_TEMPLATES

    files = {p.stem for p in REAL_TEMPLATES.glob("*.yaml")}
    social = next((n for n in ("social-media", "social-media-weekly") if n in files), None)
    if not files >= REAL_AUTOMATIC or social is None:
        pytest.skip(f"real automatic templates not written yet (have: {sorted(files)})")
    monkeypatch.setattr(settings, "TEMPLATES_DIR", REAL_TEMPLATES)

    tick("2026-06-01")  # a Monday and the 1st
    tick("2026-06-05")  # a Friday

    anchors = {t: a for t, _, a in runs()}
    assert anchors == {
        "newsletter": date(2026, 6, 15),
        "tax-report": date(2026, 5, 31),
        social: date(2026, 6, 8),
    }
    assert not failures()


def test_a_preview_of_a_later_day_does_not_stop_earlier_days_from_generating(operator):
    make_config(operator, "Water the plants", "0 9 * * *", "2026-03-01")

    tick("2026-03-20")
    tick("2026-03-10")

    days = [d.day for d in Task.objects.order_by("due_date").values_list("due_date", flat=True)]
    assert days == [10, 20]
